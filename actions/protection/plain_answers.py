"""Plain answers to worries that are no fraud report and change nothing.

"is this really the bank? how do I know this is real" hears how to check that a caller
or a message is the bank; "I don't know his account number" hears what can be done
without it. The classifier may take either for a fraud report: a guess at a fraud never
leads to the lock-down (actions/protection/scams.py).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import BANK_PHONE, button

HOW_TO_CHECK = (
    "You are right to check. Here is how to be sure it is us:\n"
    "We never ask for your PIN, a code sent to your phone, or your full card number.\n"
    "We never ask you to move money to keep it safe.\n"
    f"If anyone calls or writes to you saying they are the bank, hang up and call the "
    f"number on the back of your card: {BANK_PHONE}.\n"
    "In this chat you logged in yourself, on our website, so you are talking to the bank."
)

DETAIL_NOT_KNOWN = (
    "That is all right. I can send money to people you have paid before without their "
    "account number.\n"
    "To pay someone new, we need their account number. Please ask them for it, on a number "
    "you already have for them. Then visit a branch, or call us on "
    f"{BANK_PHONE}, to add them: for your safety, new payees are not added in this chat."
)


def answer_is_it_the_bank(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(
        text=HOW_TO_CHECK,
        buttons=[
            button("Talk to a person", "human_handoff"),
            button("Safety lessons", "list_lessons"),
        ],
    )


class ActionAskIsItTheBank(Action):
    """ "how do I know you are really the bank": how to check, for anyone, logged in or
    not; it changes nothing."""

    def name(self) -> str:
        return "action_ask_is_it_the_bank"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        answer_is_it_the_bank(dispatcher)
        return []


def answer_detail_not_known(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(
        text=DETAIL_NOT_KNOWN,
        buttons=[
            button("Send money", "transfer_money"),
            button("Talk to a person", "human_handoff"),
        ],
    )
