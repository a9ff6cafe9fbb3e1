"""Who can be paid: only saved payees, added at a branch or by phone; nothing abroad."""

from __future__ import annotations

import functools
import re
from typing import Any

from babel import Locale
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import CustomerAction
from actions.replies import BANK_PHONE
from actions.services import services

ADD_A_PAYEE = (
    "To add someone new, please visit a branch with your ID, or call us on "
    f"{BANK_PHONE}. For your safety, new payees cannot be added in this chat."
)
ABROAD = (
    "I am sorry, I cannot send money abroad. For a payment to another country, "
    f"please visit a branch or call us on {BANK_PHONE}, and we will help you."
)
_ABROAD_WORDS = re.compile(
    r"\b(?:abroad|overseas|international(?:ly)?|another country|foreign|other country)\b", re.I
)
_HOME = {"united states", "us", "usa", "america", "united states of america"}


@functools.cache
def _countries() -> set[str]:
    names = {n.lower() for n in Locale("en").territories.values() if n.isascii()}
    return {n for n in names if len(n) > 3} - _HOME


def goes_abroad(text: str) -> bool:
    """ "my cousin in Mexico", "send money overseas"."""
    if _ABROAD_WORDS.search(text):
        return True
    lowered = text.lower()
    return any(re.search(rf"\b(?:in|to)\s+{re.escape(c)}\b", lowered) for c in _countries())


# "send 20 dollars to my neighbour bob": who the money is for, in the customer's words.
_TO_SOMEONE = re.compile(
    r"\bto\s+(?:my\s+)?(?!(?:send|transfer|pay|give|move|put|you|me|do|make|him|her|them)\b)"
    r"([a-z]+(?:\s+[a-z]+)?)",
    re.IGNORECASE,
)


def named_payee(text: str) -> str | None:
    """The words after "to" in a request to send money, if any."""
    if not re.search(r"\b(?:send|transfer|pay|give|wire)\b", text, re.I):
        return None
    match = _TO_SOMEONE.search(text)
    return match.group(1) if match else None


def say_who_can_be_paid(customer_id: str, dispatcher: CollectingDispatcher) -> None:
    names = ", ".join(p.name for p in services().payees.payees(customer_id))
    dispatcher.utter_message(
        text=f"I can only send money to your saved payees: {names}.\n{ADD_A_PAYEE}"
    )


class ActionAddPayee(CustomerAction):
    def name(self) -> str:
        return "action_add_payee"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        if goes_abroad(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(text=ABROAD)
            return []
        say_who_can_be_paid(customer_id, dispatcher)
        return []
