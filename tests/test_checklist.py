"""The checklist for a new money skill (docs/architecture.md, "A money skill"), walked for
the money skills there are: each place it names holds the skill.

The places are read from the doc, so a place added there without a check here fails,
and each check is shown to fail for a skill that is nowhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from rasa_sdk import FormValidationAction
from rasa_sdk.executor import ActionExecutor

from actions.money.amend import PREPARE_AGAIN
from actions.money.payment_kinds import SAID
from actions.money.read_back import PreparePayment
from assistant.bank.payment_kinds import KINDS
from nlu import skills
from nlu.skills import Skill

ROOT = Path(__file__).resolve().parent.parent
SECTION = re.compile(r"^### A money skill\n(.*?)(?=^#{1,3} )", re.MULTILINE | re.DOTALL)
PLACE = re.compile(r"^\d+\. \*\*(.+?)\*\*", re.MULTILINE)
# The most places a new money skill may need: more is a sign that a table is missing.
MOST_PLACES = 8
# The fewest training sentences of an intent worth the name.
FEWEST_EXAMPLES = 10


def places() -> list[str]:
    found = SECTION.search((ROOT / "docs" / "architecture.md").read_text())
    assert found, 'docs/architecture.md has no section "### A money skill"'
    return PLACE.findall(found.group(1))


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _examples(path: Path, intent: str) -> list[str]:
    blocks = [b for b in _yaml(path).get("nlu") or [] if b.get("intent") == intent]
    return [line for b in blocks for line in b["examples"].splitlines() if line.strip()]


def _steps_together(paths: list[Path], key: str) -> list[set[str]]:
    """The intents, actions and forms named in each rule or story of the files."""
    found = []
    for path in paths:
        for block in _yaml(path).get(key) or []:
            names = set()
            for step in block.get("steps") or []:
                names |= {str(step[k]) for k in ("intent", "action", "active_loop") if k in step}
            found.append(names)
    return found


def in_the_skills_table(skill: Skill) -> None:
    row = skills.SKILLS.get(skill.intent)
    assert row is not None and row.moves_money and row.label
    assert row.form and row.read_back and row.payment_kind


def in_the_domain(skill: Skill) -> None:
    domain = _yaml(ROOT / "domain.yml")
    assert skill.intent in domain["intents"]
    assert skill.form in domain["forms"]
    assert set(domain["forms"][skill.form]["required_slots"]) <= set(domain["slots"])
    assert {skill.read_back, f"validate_{skill.form}"} <= set(domain["actions"])


def in_the_training_data(skill: Skill) -> None:
    found = [
        e for p in sorted((ROOT / "data" / "nlu").glob("*.yml")) for e in _examples(p, skill.intent)
    ]
    assert len(found) >= FEWEST_EXAMPLES


def in_the_held_out_examples(skill: Skill) -> None:
    assert _examples(ROOT / "tests" / "nlu" / "heldout.yml", skill.intent)


def in_the_rules(skill: Skill) -> None:
    together = _steps_together(sorted((ROOT / "data").glob("*.yml")), "rules")
    together += _steps_together(sorted((ROOT / "data").glob("*.yml")), "stories")
    assert any({skill.intent, skill.form} <= names for names in together)
    assert any({skill.form, skill.read_back} <= names for names in together)


def among_the_actions(skill: Skill) -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    validate = executor.actions.get(f"validate_{skill.form}")
    prepare = executor.actions.get(skill.read_back)
    assert validate is not None and prepare is not None
    owners = {type(getattr(a, "__self__", None)) for a in (validate, prepare)}
    assert any(issubclass(o, FormValidationAction) for o in owners)
    assert any(issubclass(o, PreparePayment) for o in owners)


def among_the_payment_kinds(skill: Skill) -> None:
    assert skill.payment_kind in KINDS
    assert skill.payment_kind in SAID
    assert skill.payment_kind in PREPARE_AGAIN


def in_a_conversation_test(skill: Skill) -> None:
    stories = _steps_together([ROOT / "tests" / "test_stories.yml"], "stories")
    assert any({skill.intent, skill.read_back} <= names for names in stories)


CHECKS: dict[str, Callable[[Skill], None]] = {
    "The skills table": in_the_skills_table,
    "The domain": in_the_domain,
    "Training examples": in_the_training_data,
    "Held-out examples": in_the_held_out_examples,
    "The rules": in_the_rules,
    "The actions": among_the_actions,
    "The payment kind": among_the_payment_kinds,
    "The conversation test": in_a_conversation_test,
}
MONEY_SKILLS = [s for s in skills.SKILLS.values() if s.payment_kind]


def test_the_checklist_is_short_and_each_place_has_its_check() -> None:
    assert len(places()) <= MOST_PLACES
    assert places() == list(CHECKS)


@pytest.mark.parametrize("place", list(CHECKS))
@pytest.mark.parametrize("skill", MONEY_SKILLS, ids=lambda s: s.intent)
def test_each_money_skill_is_in_each_place(skill: Skill, place: str) -> None:
    CHECKS[place](skill)


@pytest.mark.parametrize("place", list(CHECKS))
def test_each_check_fails_for_a_skill_that_is_nowhere(place: str) -> None:
    nowhere = Skill(
        "send_flowers",
        "Send flowers",
        moves_money=True,
        form="flowers_form",
        read_back="action_prepare_flowers",
        payment_kind="flowers",
    )
    with pytest.raises(AssertionError):
        CHECKS[place](nowhere)
