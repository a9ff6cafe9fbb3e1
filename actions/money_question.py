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
from actions.payees import named_payee, say_who_can_be_paid
from actions.services import bound_customer, services
from assistant.bank.payees import match_payees

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
    elif guess in ("proceed_anyway", "transfer_money") and names_no_saved_payee(tracker):
        # "no wait, send it to alice" with no Alice saved: asking "Do you want to send
        # money?" would only lead back here; who can be paid is the answer.
        say_who_can_be_paid(str(bound_customer(tracker)), dispatcher)
        return True
    elif guess in ("proceed_anyway", "transfer_money"):
        question = "Do you want to send money?"
        choices = [("Yes, send money", SEND_MONEY), ("No", "/deny")]
    else:
        return False
    dispatcher.utter_message(
        text=question, buttons=[{"title": title, "payload": said} for title, said in choices]
    )
    return True


def names_no_saved_payee(tracker: Tracker) -> bool:
    """The message sends money to someone by name ("send it to bob") who is none of
    the customer's saved payees."""
    customer_id = bound_customer(tracker)
    text = tracker.latest_message.get("text") or ""
    if customer_id is None or text.startswith("/") or not named_payee(text):
        return False
    return not match_payees(text, services().payees.payees(customer_id))


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
