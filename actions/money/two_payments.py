"""Two payments in one message ("send 20 to carlos and 30 to city water").

The payment form takes one payee and one amount; reading such a message as one payment
would drop the other, or pair an amount with the wrong person. So the assistant asks
which to do first, both as buttons that carry their payee and amount, and when the first
has been sent or turned down it offers the other: "You also asked me to pay $30.00 to
City Water. Shall I do that now?" Each is still read back for its own yes.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import consent
from actions.consent import Question
from actions.replies import button, money, read_payload
from actions.services import services
from assistant.bank.money import to_minor
from assistant.bank.payees import match_payees
from nlu.replies import QUESTION_RECORD
from nlu.spoken import JOINED

# How many of the customer's messages back the question of which first is still open.
REACH = 4
_TRANSFER = "/transfer_money"


def payments_said(customer_id: str, message: dict[str, Any]) -> list[tuple[str, str]]:
    """(payee, amount) of each side of "and" when both sides name one saved payee and one
    amount in the home currency; [] for anything else."""
    text = str(message.get("text") or "")
    joined = JOINED.search(text)
    if joined is None or text.startswith("/"):
        return []
    home = services().settings.home_currency
    amounts = [e for e in message.get("entities") or [] if e.get("entity") == "amount"]
    if len(amounts) != 2 or any((e.get("currency") or home) != home for e in amounts):
        return []
    payees = services().payees.payees(customer_id)
    sides = [(0, joined.start()), (joined.end(), len(text))]
    found = []
    for start, end in sides:
        named = match_payees(text[start:end], payees)
        here = [e for e in amounts if start <= int(e.get("start") or 0) < end]
        if len(named) != 1 or len(here) != 1:
            return []
        info = here[0].get("additional_info") or {}
        found.append((named[0].name, str(info.get("amount") or here[0].get("value"))))
    return found if found[0] != found[1] else []


def _title(payee: str, amount: str, verb: str = "Pay") -> str:
    home = services().settings.home_currency
    return f"{verb} {money(to_minor(amount, home), home)} to {payee}"


def ask_which_first(dispatcher: CollectingDispatcher, payments: list[tuple[str, str]]) -> None:
    consent.ask(
        dispatcher,
        Question(
            "choose",
            "You asked for two payments. I do one at a time. Which shall I do first?",
            declined="Okay. I have not sent anything.",
            choices=[
                button(_title(payee, amount), "transfer_money", transfer_payee=payee, amount=amount)
                for payee, amount in payments
            ],
        ),
    )


def offer_the_other(tracker: Tracker, dispatcher: CollectingDispatcher) -> None:
    """After one of two payments asked for together was sent or turned down: the other,
    as a question whose yes starts it (and reads it back)."""
    left = _payment_left(tracker)
    if left is None:
        return
    payee, amount = left
    consent.ask(
        dispatcher,
        Question(
            "start_request",
            f"You also asked me to {_title(payee, amount, 'pay')}. Shall I do that now?",
            yes="Yes, do that now",
            declined="Okay. I have not sent anything.",
            detail={"intent": "transfer_money", "transfer_payee": payee, "amount": amount},
        ),
    )


def _payee_of(payload: str) -> str:
    return str(read_payload(payload)[1].get("transfer_payee") or "")


def _chosen(payload: str, said: list[str]) -> bool:
    """Its button pressed, or its payee named ("carlos first")."""
    words = set(_payee_of(payload).lower().split())
    return payload in said or any(
        words & set(s.lower().split()) for s in said if not s.startswith("/")
    )


def _payment_left(tracker: Tracker) -> tuple[str, str] | None:
    """The payment of the last which-first question not yet started, when one was."""
    pressed: list[str] = []
    users = 0
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "session_started":
            return None
        if kind == "user":
            users += 1
            if users > REACH:
                return None
            pressed.append(str(event.get("text") or ""))
        elif kind == "bot":
            record = (event.get("metadata") or {}).get(QUESTION_RECORD) or {}
            question = Question.from_record(record) if record else None
            if question is None:
                continue
            if question.kind == "start_request" and question.detail.get("amount"):
                return None  # the other one was offered already
            choices = [c["payload"] for c in question.choices]
            if question.kind != "choose" or not all(c.startswith(_TRANSFER) for c in choices):
                continue
            started = [c for c in choices if _chosen(c, pressed)]
            left = [c for c in choices if not _chosen(c, pressed)]
            if len(started) != 1 or len(left) != 1:
                return None
            entities = read_payload(left[0])[1]
            return str(entities.get("transfer_payee")), str(entities.get("amount"))
    return None
