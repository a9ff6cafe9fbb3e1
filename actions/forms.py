"""The domain's forms and the slots they ask for, read from domain.yml when first needed.

domain.yml `forms:` is the one list: the actions (repeat, cancel, leaving a form for a
lesson) and tools/make_form_rules.py take theirs from here, so a new form cannot be
forgotten by one of them. Only standard files are read: no Rasa, no import-time work.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from assistant.errors import ConfigurationError
from assistant.settings import PROJECT_ROOT

DOMAIN = PROJECT_ROOT / "domain.yml"
# A lesson's quiz is no task: it has its own rules, and its answer is no part of a payment.
QUIZ_FORM = "lesson_quiz_form"


@functools.cache
def domain_forms(path: Path = DOMAIN) -> dict[str, tuple[str, ...]]:
    """Every form of the domain file with its required slots, in the file's order."""
    try:
        forms = yaml.safe_load(path.read_text())["forms"]
        return {name: tuple(form["required_slots"]) for name, form in forms.items()}
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as error:
        raise ConfigurationError(
            f"The forms cannot be read from {path} ({error!r}). Run the action server "
            "from the project folder, where domain.yml has a `forms:` section whose "
            "forms each list `required_slots`."
        ) from error


def task_forms(path: Path = DOMAIN) -> dict[str, tuple[str, ...]]:
    """The forms that gather a task (a payment, a branch search), all but the quiz.

    Each asks its question again by itself after an interruption (data/rules_forms.yml).
    """
    return {name: slots for name, slots in domain_forms(path).items() if name != QUIZ_FORM}


def task_form_slots(path: Path = DOMAIN) -> list[str]:
    """Every slot a task form asks for, once each, in the domain file's order."""
    return list(dict.fromkeys(slot for slots in task_forms(path).values() for slot in slots))
