"""What a trainer may say a customer wanted: every intent by a plain name, grouped by job.

One table: each intent of domain.yml is offered on the trainer page by the words a
person would use ("Pay a bill", "A yes", "Not for the bank"), under the job it does,
never by its internal name. A name comes from the skills table's button label
(nlu/skills.py) unless the row gives one: a button speaks to a customer, and a few
read better for the one who labels ("Send money to someone" beside "Move money between
my own accounts"). `tests/web/test_trainer_choices.py` fails when an intent of
domain.yml has no row, or a row names no intent.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.nlu_feedback import OUT_OF_SCOPE
from assistant.settings import PROJECT_ROOT
from nlu.skills import labels as skill_labels

# Not something a customer says: what the assistant predicts when it does not understand.
NOT_ASSIGNABLE = frozenset({"nlu_fallback"})

MONEY = "Send, pay or move money"
LOOK = "Look at my money and the bank's offers"
CARDS = "Cards and keeping safe"
HELP = "Help and people"
ANSWERS = "Answers in a conversation"
LESSONS = "Safety lessons"
VOICE = "How the assistant speaks"
MANNERS = "Hello, thanks and goodbye"
OTHER = "Not for the bank"


@dataclass(frozen=True)
class Choice:
    """One intent as a trainer is offered it.

    Attributes:
        intent: the intent's name in domain.yml (what the training data says).
        job: the heading it is offered under.
        name: its plain name, or "" for the skills table's button label.
    """

    intent: str
    job: str
    name: str = ""


CHOICES: tuple[Choice, ...] = (
    Choice("transfer_money", MONEY, "Send money to someone"),
    Choice("pay_bill", MONEY),
    Choice("move_money", MONEY, "Move money between my own accounts"),
    Choice("open_deposit", MONEY),
    Choice("proceed_anyway", MONEY, "Send a held payment anyway"),
    Choice("add_payee", MONEY),
    Choice("payment_code", MONEY),
    Choice("check_balance", LOOK),
    Choice("transaction_history", LOOK),
    Choice("check_bills", LOOK),
    Choice("deposit_products", LOOK),
    Choice("loan_consultation", LOOK),
    Choice("freeze_card", CARDS),
    Choice("unfreeze_card", CARDS),
    Choice("report_lost_card", CARDS),
    Choice("report_fraud", CARDS),
    Choice("scam_story", CARDS, "Tells of a scam going on now"),
    Choice("change_pin", CARDS),
    Choice("ask_about_pause", CARDS),
    Choice("ask_is_it_the_bank", CARDS),
    Choice("ask_trusted_contact", CARDS),
    Choice("what_have_you_done", CARDS),
    Choice("human_handoff", HELP),
    Choice("bank_question", HELP, "A question for the bank's staff"),
    Choice("find_branch", HELP),
    Choice("help", HELP),
    Choice("affirm", ANSWERS, "A yes"),
    Choice("deny", ANSWERS, "A no"),
    Choice("cancel", ANSWERS, "Stop what we are doing"),
    Choice("inform", ANSWERS, "A detail asked for (an amount, a name, an account)"),
    Choice("hesitate", ANSWERS, "Not sure yet, needs time"),
    Choice("repeat", ANSWERS, "Say that again"),
    Choice("list_lessons", LESSONS),
    Choice("lesson_of_the_day", LESSONS),
    Choice("start_lesson", LESSONS, "Start a lesson"),
    Choice("lesson_next", LESSONS, "Next step of a lesson"),
    Choice("lesson_back", LESSONS, "Back a step in a lesson"),
    Choice("lesson_stop", LESSONS, "Stop the lesson"),
    Choice("start_rehearsal", LESSONS, "Practise a scam call"),
    Choice("list_rehearsals", LESSONS, "Which practice calls there are"),
    Choice("rehearsal_answer", LESSONS, "An answer in a practice call"),
    Choice("rehearsal_stop", LESSONS, "Stop the practice call"),
    Choice("speak_slower", VOICE, "Speak slower"),
    Choice("speak_faster", VOICE, "Speak faster"),
    Choice("speak_louder", VOICE, "Speak louder"),
    Choice("speak_softer", VOICE, "Speak softer"),
    Choice("greet", MANNERS, "Hello"),
    Choice("goodbye", MANNERS, "Goodbye"),
    Choice("thank_you", MANNERS, "Thank you"),
    Choice("bot_challenge", MANNERS, "Are you a person or a computer?"),
    Choice(OUT_OF_SCOPE, OTHER, "Not for the bank (the weather, a joke, anything else)"),
)


def plain_names() -> dict[str, str]:
    """Each intent's plain name, in the table's order."""
    buttons = skill_labels()
    return {c.intent: c.name or buttons.get(c.intent, "") for c in CHOICES}


def by_job() -> list[tuple[str, list[tuple[str, str]]]]:
    """The jobs in the table's order, each with its (intent, plain name) pairs."""
    names = plain_names()
    jobs: dict[str, list[tuple[str, str]]] = {}
    for choice in CHOICES:
        jobs.setdefault(choice.job, []).append((choice.intent, names[choice.intent]))
    return list(jobs.items())


def plain(intent: str | None) -> str:
    """An intent's plain name; an intent not in the table keeps its own name."""
    return plain_names().get(intent or "", intent or "")


@lru_cache(maxsize=4)
def domain_intents(domain: Path = PROJECT_ROOT / "domain.yml") -> tuple[str, ...]:
    """The intents a trainer may assign, from the assistant's domain, in its order."""
    listed = yaml.safe_load(domain.read_text())["intents"]
    names = [i if isinstance(i, str) else next(iter(i)) for i in listed]
    return tuple(n for n in names if n not in NOT_ASSIGNABLE)
