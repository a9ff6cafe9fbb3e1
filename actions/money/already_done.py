""" "undo that", "cancel it", "move it back": the truth about what already happened.

A cancel stops only what still waits: a form, a read-back, a card change. Right
after a payment or a move was carried out, or after a till code, nothing waits;
the customer hears what is done and what can still be done:

- a move between their own accounts: moving it back, a new move that is read
  back and needs its own yes (`move_back`, or the "Move it back" button);
- a payment or a deposit: a person from the team;
- a till code: it cannot be cancelled and stops working by itself.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation_state import (
    last_request,
    previous_bot_action,
    previous_bot_button_list,
    previous_bot_texts,
)
from actions.money.payment_kinds import said_as
from actions.money.read_back import read_back
from actions.money.source_account import kind_named, paid_from_kind, source_account_id
from actions.protection.pause import asks_about_pause, explain_pause
from actions.replies import button
from actions.said import conversation_text
from actions.services import services
from assistant.bank.money import from_minor
from assistant.bank.payments import PaymentPreview
from assistant.errors import BankError
from nlu.payment_words import asks_to_move_it_back, asks_to_undo

# The answers that carried a request out (actions/money/confirm.py), this module's own
# answer, and "what have you done", after which "move it back" still follows the move.
_DONE_ACTIONS = {"action_handle_affirm", "action_cancel", "action_what_have_you_done"}
NOTHING_IN_PROGRESS = "There is nothing in progress to stop."
MOVE_IT_BACK = "Move it back"
TALK_TO_A_PERSON = button("Talk to a person", "human_handoff")
CODE_SAID = "payment code"


def just_done(customer_id: str, tracker: Tracker) -> PaymentPreview | None:
    """The payment or move carried out by the assistant's last answer (or that its last
    answer offered to move back), or None."""
    offered_back = any(b.get("title") == MOVE_IT_BACK for b in previous_bot_button_list(tracker))
    if tracker.get_slot("pending_request") or not (
        previous_bot_action(tracker) in _DONE_ACTIONS or offered_back
    ):
        return None
    request_id = last_request(tracker)
    return services().payments.done(customer_id, request_id) if request_id else None


def after_a_code(tracker: Tracker) -> bool:
    """The assistant's last answer was about the customer's till payment code."""
    return previous_bot_action(tracker) == "action_payment_code" or any(
        CODE_SAID in text.lower() for text in previous_bot_texts(tracker)
    )


def say_what_is_done(
    customer_id: str | None, tracker: Tracker, dispatcher: CollectingDispatcher
) -> None:
    """A cancel with nothing in progress: what already happened, and what can be done."""
    if customer_id is None:
        dispatcher.utter_message(text=NOTHING_IN_PROGRESS)
        return
    done = just_done(customer_id, tracker)
    if done is None and asks_about_pause(tracker):
        explain_pause(customer_id, dispatcher, tracker)  # "undo it" after payments were paused
    elif after_a_code(tracker) and done is None:
        minutes = services().settings.payment_code_minutes
        dispatcher.utter_message(
            text="A payment code cannot be cancelled. "
            f"It stops working by itself {minutes} minutes after it was made.\n"
            "If no shop scans it, nothing is paid."
        )
    elif done is not None and said_as(done.kind).moved_back:
        dispatcher.utter_message(
            text=f"That {said_as(done.kind).already}. I cannot undo it here.\n"
            "I can move the money back for you. I will read it back first.",
            buttons=[_move_back_button(customer_id, done)],
        )
    elif done is not None:
        dispatcher.utter_message(
            text=f"That {said_as(done.kind).already}. I cannot undo it here.\n"
            "A person from our team can look at it with you.",
            buttons=[TALK_TO_A_PERSON],
        )
    else:
        dispatcher.utter_message(text=NOTHING_IN_PROGRESS)


def answer_undo(
    customer_id: str | None, tracker: Tracker, dispatcher: CollectingDispatcher
) -> bool:
    """ "oh no undo that" right after a payment or a move, whatever the classifier took it
    for ("say that again", not understood): what is done and what can still be done,
    never the "Done" said again. False when the message asks no such thing."""
    text = tracker.latest_message.get("text") or ""
    if customer_id is None or not asks_to_undo(text) or just_done(customer_id, tracker) is None:
        return False
    say_what_is_done(customer_id, tracker, dispatcher)
    return True


def _move_back_button(customer_id: str, done: PaymentPreview) -> dict[str, str]:
    """The button that starts the reverse move, as if the customer had said it all."""
    return button(
        MOVE_IT_BACK,
        "move_money",
        amount=str(from_minor(done.amount_minor, done.currency)),
        from_account=kind_named(customer_id, done.payee_name),
        to_account=paid_from_kind(customer_id, done),
    )


def move_back(
    customer_id: str, tracker: Tracker, dispatcher: CollectingDispatcher
) -> list[dict[str, Any]] | None:
    """ "move it back" right after a move: the reverse move read back, waiting for a yes.

    None when the message asks no such thing or no move was just made.
    """
    if not asks_to_move_it_back(tracker.latest_message.get("text") or ""):
        return None
    done = just_done(customer_id, tracker)
    if done is None or not said_as(done.kind).moved_back:
        return None
    source, target = kind_named(customer_id, done.payee_name), paid_from_kind(customer_id, done)
    try:
        preview = services().payments.prepare_own_transfer(
            customer_id,
            from_account_id=source_account_id(customer_id, source),
            to_account_id=source_account_id(customer_id, target),
            amount_minor=done.amount_minor,
            currency=done.currency,
            said=conversation_text(tracker),
        )
    except BankError as error:  # spent meanwhile: not enough left to move back
        dispatcher.utter_message(text=f"{error}\nI have not moved anything.")
        return []
    read_back(dispatcher, preview)
    return [SlotSet("pending_request", preview.request_id)]
