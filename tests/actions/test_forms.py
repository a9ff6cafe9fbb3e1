"""domain.yml's forms are the ones the actions know: none can be added and forgotten."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
import yaml

from actions.forms import QUIZ_FORM, domain_forms, task_form_slots, task_forms
from actions.money import bills, deposits, own_transfer, transfer
from assistant.errors import ConfigurationError
from tools import make_form_rules

ROOT = Path(__file__).resolve().parents[2]


def _domain_forms() -> dict[str, list[str]]:
    """Read here without actions/forms.py, so that a mistake there cannot hide itself."""
    forms = yaml.safe_load((ROOT / "domain.yml").read_text())["forms"]
    return {name: form["required_slots"] for name, form in forms.items()}


@pytest.mark.parametrize("form", sorted(set(_domain_forms()) - {QUIZ_FORM}))
def test_every_form_of_the_domain_is_known_to_the_actions(form: str) -> None:
    slots = _domain_forms()[form]
    # "repeat" says nothing while the form waits: the form asks its question again.
    assert form in task_forms()
    # A cancel, or a lesson asked for, empties every slot of the form.
    assert set(slots) <= set(task_form_slots())
    # ... and the form has its rules for interruptions.
    assert f"rule: repeat during {form}" in "\n".join(make_form_rules.rules())


def test_the_quiz_answer_is_not_emptied_with_the_task_forms() -> None:
    assert QUIZ_FORM in _domain_forms()
    assert QUIZ_FORM not in task_forms()
    assert "quiz_answer" not in task_form_slots()


def test_a_form_added_to_a_domain_is_known_with_its_slots(tmp_path: Path) -> None:
    domain = tmp_path / "domain.yml"
    domain.write_text(
        "forms:\n"
        "  transfer_form: {required_slots: [transfer_payee, amount]}\n"
        "  card_form: {required_slots: [card_choice, amount]}\n"
        f"  {QUIZ_FORM}: {{required_slots: [quiz_answer]}}\n"
    )
    assert list(task_forms(domain)) == ["transfer_form", "card_form"]
    assert task_form_slots(domain) == ["transfer_payee", "amount", "card_choice"]


def test_a_domain_without_forms_says_how_to_fix_it(tmp_path: Path) -> None:
    domain = tmp_path / "domain.yml"
    domain.write_text("intents: [greet]\n")
    with pytest.raises(ConfigurationError, match="forms:"):
        domain_forms(domain)


def test_every_form_a_new_task_switches_to_is_a_task_form() -> None:
    assert set(make_form_rules.SWITCHES.values()) <= set(task_forms())


@pytest.mark.parametrize(
    ("form", "module"),
    [
        ("transfer_form", transfer),
        ("pay_bill_form", bills),
        ("deposit_form", deposits),
        ("move_form", own_transfer),
    ],
)
def test_each_validator_empties_the_slots_its_form_asks_for(form: str, module: ModuleType) -> None:
    assert list(module.FORM_SLOTS) == _domain_forms()[form]
