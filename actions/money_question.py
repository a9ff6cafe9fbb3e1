""" "Do you want to send money?": asked when a request to send money was below the
money bar (nlu.components.MoneyIntentGuard), and what its yes keeps.

The request before the question ("send 40 to alice anyway") already said an amount
and a payee; a yes to the question (typed or the button) starts the payment form
with them, so the customer is not asked again what they just said.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation_state import (
    previous_bot_action,
    previous_bot_buttons,
    previous_user_message,
)

SEND_MONEY = "/transfer_money"
# A yes to the question: typed, or its button.
YES_INTENTS = {"affirm", "transfer_money"}


def ask_about_money_guess(tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """Not sure enough to move money, but money was the best guess ("send 500 to him
    anyway"): one clear question instead of "say it another way"."""
    ranking = [i.get("name") for i in tracker.latest_message.get("intent_ranking") or []]
    guess = ranking[1] if len(ranking) > 1 else None
    if guess == "proceed_anyway" and tracker.get_slot("pending_request"):
        question = "Do you want to send the paused payment anyway?"
        choices = [("Send it anyway", "/proceed_anyway"), ("Cancel the payment", "/cancel")]
    elif guess in ("proceed_anyway", "transfer_money"):
        question = "Do you want to send money?"
        choices = [("Yes, send money", SEND_MONEY), ("No", "/deny")]
    else:
        return False
    dispatcher.utter_message(
        text=question, buttons=[{"title": title, "payload": said} for title, said in choices]
    )
    return True


def asked_to_send_money(tracker: Tracker) -> bool:
    """The last answer was "Do you want to send money?"."""
    return previous_bot_action(
        tracker
    ) == "action_answer_without_question" and SEND_MONEY in previous_bot_buttons(tracker)


def request_before_yes(tracker: Tracker) -> dict[str, Any] | None:
    """The request the question was about, when the latest message is its yes; else None.

    Parsed as the NLU heard it (text and entities), so the payment form can take the
    amount and payee from it.
    """
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if intent not in YES_INTENTS or not asked_to_send_money(tracker):
        return None
    return previous_user_message(tracker)
