""" "Do you want to send money?": asked when a request to send money was below the
money bar (nlu.components.MoneyIntentGuard), and what its yes keeps.

The request before the question ("send 40 to alice anyway") already said an amount
and a payee; a yes to the question (typed or the button) starts the payment form
with them, so the customer is not asked again what they just said.

A request that says to whom (a saved person, or the customer's own account) and how
much is not asked about at all (`start_named_payment`): its form starts at once and
the read-back asks for the yes.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation_state import (
    previous_bot_action,
    previous_bot_buttons,
    previous_user_message,
)
from actions.money.own_transfer import accounts_named
from actions.money.payees import named_payee, say_who_can_be_paid
from actions.services import bound_customer, services
from assistant.bank.payees import match_payees
from assistant.bank.payments import PaymentPreview
from nlu import skills
from nlu.payment_words import money_to_the_customer, tells_money_sent

SEND_MONEY = "/transfer_money"
TRANSFER, MOVE = "transfer_money", "move_money"
# Below this the likeliest request is no request at all.
LIKELY_AT_LEAST = 0.1
AMOUNTS = ("amount", "amount_unclear")
# A yes to the question: typed, or its button.
YES_INTENTS = {"affirm", "transfer_money"}


def ask_about_money_guess(tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """Not sure enough to move money, but money was the best guess ("send 500 to him
    anyway"): one clear question instead of "say it another way"."""
    ranking = [i.get("name") for i in tracker.latest_message.get("intent_ranking") or []]
    guess = ranking[1] if len(ranking) > 1 else None
    if tells_money_sent(tracker.latest_message.get("text") or ""):
        return False  # "i already sent 200 to a man": a report, never "send money?"
    waiting = _waiting_payment(tracker)
    if waiting is not None and not waiting.held:
        # "ok send it then", not understood at a read-back: no new question; the
        # caller reads the waiting payment back for a clear yes (say_waiting_again).
        return False
    if guess == "proceed_anyway" and waiting is not None:
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


def _waiting_payment(tracker: Tracker) -> PaymentPreview | None:
    """The payment waiting for the customer's yes (held or not), or None."""
    request_id = tracker.get_slot("pending_request")
    customer_id = bound_customer(tracker) if request_id else None
    return services().payments.pending(customer_id, request_id) if customer_id else None


def start_named_payment(tracker: Tracker) -> list[dict[str, Any]] | None:
    """A request to move money that says to whom and how much is clear, even when the
    classifier was below the money bar: one of the customer's saved people and one
    amount ("give Alice Wong 383.78 dollars", "please pay carlos a grand"), or one of
    their own accounts and one amount ("put 360 dollars into my savings"). Its form
    takes both and reads the payment back, which waits for its yes (an unsure amount
    is asked about first). None when the message is not such a request."""
    customer_id = bound_customer(tracker)
    text = tracker.latest_message.get("text") or ""
    if customer_id is None or text.startswith("/") or money_to_the_customer(text):
        return None
    if tells_money_sent(text):
        return None  # "i sent 50 to the wrong person by mistake": a report, not a request
    if tracker.get_slot("pending_request"):
        return None  # "send 500 to alice anyway" with a payment held: that one is meant
    amounts = [
        e for e in tracker.latest_message.get("entities") or [] if e.get("entity") in AMOUNTS
    ]
    if len(amounts) != 1:
        return None
    likeliest = _likeliest_request(tracker)
    if likeliest == TRANSFER:
        people = services().payees.payees(customer_id, kind="person")
        named = len(match_payees(text, people)) == 1
    elif likeliest == MOVE:
        named = any(accounts_named(text))
    else:
        return None
    return [ActiveLoop(skills.SKILLS[likeliest].form)] if named else None


def _likeliest_request(tracker: Tracker) -> str | None:
    """The request the classifier ranked first, if likely at all (not understood, an
    answer or small talk are no requests)."""
    requests = set(skills.requests())
    for guess in tracker.latest_message.get("intent_ranking") or []:
        if guess.get("name") in requests:
            confident = float(guess.get("confidence") or 0) >= LIKELY_AT_LEAST
            return str(guess["name"]) if confident else None
    return None


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
