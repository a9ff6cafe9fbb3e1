"""A payment the customer did not make: "a payment to amazon for 89 dollars wasn't me".

A payment the customer says they did not make, named by whom it went to or how much,
is looked for in their history; they hear whether it is there. Found, it is reported
with one yes (the fraud first hour's own question, actions/protection/scams.py), or a person
calls; not found, a call from the fraud team is offered. Each is a question
(actions/consent.py): looking changes nothing. "There is a payment I did not make",
naming none, is a fraud report as it stands (actions/protection/scams.py).
"""

from __future__ import annotations

import datetime as dt
import re

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import consent
from actions.consent import Question
from actions.protection.lockdown import protect_question
from actions.replies import BANK_PHONE, button, day, money
from actions.services import services
from assistant.bank.ledger import Entry
from nlu.money import Amount, find_amounts

LOOK_BACK_DAYS = 90
# "wasn't me", "I didn't make it", "I don't recognise", "never bought", "not mine".
_NOT_MINE = re.compile(
    r"\b(?:was ?n'?t me|was not me|not me|not mine|(?:did ?n'?t|did not|never)\s+"
    r"(?:make|made|buy|bought|order\w*|spend|spent|pay|paid|do|did|authori[sz]e\w*|agree\w*|"
    r"sign\w* up)|(?:do ?n'?t|do not)\s+(?:recogni[sz]e|know (?:what|who|this|that|the|about))|"
    r"unrecogni[sz]ed|no idea what|never heard of)\b",
    re.IGNORECASE,
)
_PAYMENT = re.compile(
    r"\b(?:payments?|charges?|charged|transactions?|debits?|debited|purchases?|paid|taken|"
    r"took|came out|went out|gone out|withdraw\w*|\d+(?:[.,]\d+)?|dollars?|pounds?|bucks)\b",
    re.IGNORECASE,
)
# The name after "to", "from", "at", "by": "a payment to amazon", "a charge from Netflix";
# never a word that names nobody ("to some shop", "from them", "at any time").
_NAME = re.compile(
    r"\b(?:to|from|at|by)\s+"
    r"(?!(?:my|me|the|a|an|it|some|someone|somebody|something|somewhere|any|anyone|this|"
    r"that|these|those|one|him|her|them|us|our|his|their|your|what|which|who)\b)"
    r"([a-z][\w&'.-]{2,})",
    re.I,
)
_COMMON = {"the", "and", "for", "was", "wasnt", "with", "that", "this", "payment", "card"}


def names_unknown_payment(text: str) -> bool:
    """A payment the customer says they did not make, named by payee or amount."""
    if not (_NOT_MINE.search(text) and _PAYMENT.search(text)):
        return False
    currency = services().settings.home_currency
    return bool(
        _name_said(text) or any(isinstance(a, Amount) for a in find_amounts(text, currency))
    )


def _name_said(text: str) -> str:
    named = _NAME.search(text)
    name = named.group(1) if named else ""
    return "" if not name or name[0].isdigit() or name.lower() in _COMMON else name


def _minor(amount: Amount) -> int:
    return int((amount.value * 100).to_integral_value())


def _matches(entry: Entry, words: set[str], amount_minor: int | None) -> bool:
    name = f"{entry.merchant or ''} {entry.description}".lower()
    by_name = any(w in name for w in words)
    by_amount = amount_minor is not None and -entry.amount_minor == amount_minor
    if words and amount_minor is not None:
        return by_name and by_amount
    return by_name or by_amount


def find_payment(customer_id: str, text: str) -> tuple[list[Entry], str, int | None]:
    """The payments out that fit what was said (newest first), the name said, the amount."""
    currency = services().settings.home_currency
    amounts = [a for a in find_amounts(text, currency) if isinstance(a, Amount)]
    amount_minor = _minor(amounts[0]) if amounts else None
    name = _name_said(text)
    words = {name.lower()} if name else set()
    end = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time.min)
    history = services().ledger.history(
        customer_id, end - dt.timedelta(days=LOOK_BACK_DAYS + 1), end, direction="out"
    )
    found = [e for e in history.entries if _matches(e, words, amount_minor)]
    return found, name, amount_minor


def call_question() -> Question:
    return Question(
        "callback",
        "Shall I ask our fraud team to call you about it today?",
        yes="Yes, call me",
        declined=f"Okay. If you are worried, call us on {BANK_PHONE}.",
        detail={"topic": "fraud"},
    )


def answer_unknown_payment(
    customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker
) -> None:
    text = tracker.latest_message.get("text") or ""
    found, name, amount_minor = find_payment(customer_id, text)
    currency = services().settings.home_currency
    if found:
        _report_found(found, dispatcher)
        return
    described = " ".join(
        part
        for part in (
            f"to {name.title()}" if name else "",
            f"for {money(amount_minor, currency)}" if amount_minor is not None else "",
        )
        if part
    )
    said = (
        f"I cannot find a payment {described or 'like that'} in the last "
        f"{LOOK_BACK_DAYS} days. A card payment can take a few days to show."
    )
    consent.ask(dispatcher, call_question(), before=said)


def _report_found(found: list[Entry], dispatcher: CollectingDispatcher) -> None:
    """The payment found, and the fraud first hour's question (its yes reports it), with
    a person as the other way."""
    entry = found[0]
    what = entry.merchant or entry.description
    currency = services().settings.home_currency
    said = (
        f"I found it: {day(entry.booked_at)}, {what}, "
        f"{money(-entry.amount_minor, currency)} out of your account ending "
        f"{entry.account_last4}."
    )
    if len(found) > 1:
        said += f" There are {len(found)} payments like it; that is the latest."
    question = protect_question()
    asked = consent.message(question, before=said)
    asked["buttons"] = [*question.buttons(), button("Talk to a person", "human_handoff")]
    dispatcher.utter_message(**asked)
