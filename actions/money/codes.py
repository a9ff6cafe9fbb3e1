"""payment_code: show the current payment QR code reference, or a new one; and the
follow-ups right after a code: "another one", "what is that for", "it's not working"."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import consent
from actions.consent import Question, consent_button
from actions.context import CustomerAction
from actions.money.already_done import TALK_TO_A_PERSON, after_a_code
from actions.replies import latest_entity
from actions.services import services
from assistant.bank.codes import CodeView

RENEW_WORDS = re.compile(r"\b(new|renew|another|refresh|change|replace)\b", re.IGNORECASE)
# "another one", "a different one please", "new one": said right after a code.
_ANOTHER = re.compile(r"\b(?:another|new|different|fresh|other)\b|^\W*again\W*$", re.I)
# "what is that for", "what's it for", "what do i do with it", "how does it work".
_WHAT_FOR = re.compile(
    r"\bwhat\b.*\b(?:for|mean|means|do i do|does (?:it|that|this) do)\b"
    r"|\bhow (?:do(?:es)?|can) (?:i|it|that|this|you) (?:use|work)\b",
    re.I,
)
# "its not working", "the shop says it doesnt work", "it won't scan", "it was declined".
_NOT_WORKING = re.compile(
    r"\b(?:not|isn'?t|doesn'?t|doesnt|don'?t|dont|won'?t|wont|didn'?t|didnt|can'?t|cant)\s+"
    r"(?:work|working|worked|scan|scanning|go through|accept|take|taking)\b"
    r"|\b(?:declined|rejected|refused|failed|broken)\b",
    re.I,
)
NEW_CODE = consent_button("Get a new code", "payment_code", renew="yes")
NEW_CODE_QUESTION = Question(
    "payment_code",
    "Shall I make you a new payment code now? Any code you have now will stop working.",
    yes="Yes, a new code",
    declined="Okay. I have not made a new code.",
)


def new_code(
    customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    """A new code on the button that says so; otherwise its question first (never
    during a scam pause: the customer hears why instead)."""
    services().codes.refuse_if_paused(customer_id)
    if consent.pressed(tracker):
        say_code(dispatcher, services().codes.renew(customer_id), new=True)
        return []
    return consent.ask(dispatcher, NEW_CODE_QUESTION)


async def issue_now(
    customer_id: str, question: Question, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    say_code(dispatcher, services().codes.renew(customer_id), new=True)
    return []


def say_code(dispatcher: CollectingDispatcher, code: CodeView, new: bool = False) -> None:
    minutes = services().settings.payment_code_minutes
    dispatcher.utter_message(
        text=f"Your {'new ' if new else ''}payment code is {code.reference}. "
        f"It pays from your account ending {code.account_last4}.\n"
        f"Show the QR code to the shop. It works for {minutes} minutes. "
        "Never send a photo of it to anyone.",
        buttons=[NEW_CODE],
    )


def code_follow_up(
    customer_id: str, tracker: Tracker, dispatcher: CollectingDispatcher
) -> list[dict[str, Any]] | None:
    """A follow-up of the till code just given; None when the message is none."""
    text = tracker.latest_message.get("text") or ""
    if not after_a_code(tracker):
        return None
    codes = services().codes
    if _NOT_WORKING.search(text):
        minutes = services().settings.payment_code_minutes
        dispatcher.utter_message(
            text=f"I am sorry the payment code did not work. It works for {minutes} minutes only.\n"
            "I can give you a new code. Or a person from our team can help.",
            buttons=[NEW_CODE, TALK_TO_A_PERSON],
        )
        return []
    if _WHAT_FOR.search(text):
        code = codes.current(customer_id)
        account = f"your account ending {code.account_last4}" if code else "your account"
        dispatcher.utter_message(
            text="A payment code lets you pay in a shop without your card. "
            f"The shop's till scans its QR code and takes the payment from {account}.",
            buttons=[NEW_CODE],
        )
        return []
    if _ANOTHER.search(text):
        return new_code(customer_id, dispatcher, tracker)
    return None


class ActionPaymentCode(CustomerAction):
    def name(self) -> str:
        return "action_payment_code"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        codes = services().codes
        text = tracker.latest_message.get("text") or ""
        renew = latest_entity(tracker, "renew") or RENEW_WORDS.search(text)
        code = None if renew else codes.current(customer_id)
        if code is None:
            return new_code(customer_id, dispatcher, tracker)
        say_code(dispatcher, code)
        return []
