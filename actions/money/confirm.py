"""Yes, no and cancel: the only way money moves is a fresh, clear yes.

A "yes" executes the pending request only when the assistant's previous turn
was its read-back; a yes given later, or with low confidence, gets the
read-back again instead. After execution the pending slot is cleared, and the
ledger refuses a second execution of the same request anyway.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import consent
from actions.classroom.lessons import STAGE, ActionLessonStop, start_offered_lesson
from actions.context import CustomerAction
from actions.conversation.clarify import request_after_yes
from actions.conversation.conversation import (
    ANYTHING_ELSE,
    MAIN_CHOICES,
    NOTHING_WAITING,
    WHAT_I_CAN_DO,
    asks_to_hear_again,
    say_again,
    wanted_to_hear_again,
)
from actions.conversation.followups import (
    follow_up,
    pay_the_bill,
)
from actions.conversation_state import (
    previous_bot_action,
    previous_bot_button_list,
    previous_bot_buttons,
    previous_bot_texts,
    previous_user_message,
)
from actions.forms import task_form_slots
from actions.money.already_done import say_what_is_done
from actions.money.amend import amend_pending
from actions.money.changed_mind import NOT_SENT, offer_again
from actions.money.money_question import asked_to_send_money
from actions.money.payment_kinds import said_as
from actions.money.read_back import ONLY_NOW, read_back, reset
from actions.money.two_payments import offer_the_other
from actions.protection.holds import warn_about_hold
from actions.protection.scams import answer_after_warning, answer_doubt
from actions.replies import account_phrase, money
from actions.said import heard_clearly
from actions.services import bound_customer, services
from assistant.errors import BankError, PaymentHeld, StepUpRequired
from nlu import skills
from nlu.payment_words import asks_for_later
from nlu.replies import acknowledges, goes_on, says_yes_to_last_question

READ_BACK_ACTIONS = skills.read_back_actions()
WHICH_AMOUNT = "Which amount did you mean? Please press one, or say the amount again."


def _is_amount(offered: dict[str, Any]) -> bool:
    """A button that gives an amount ("$40.00" for "Did you mean $40.00 or $14.00?")."""
    return str(offered.get("payload") or "").startswith('/inform{"amount"')


# Actions that may say the read-back (a correction, actions/money/amend.py; the last answer
# again after "what?" or "huh?"); only when they did.
CORRECTING_ACTIONS = skills.read_back_again_actions()
# The one button of an answer that a yes takes up ("City Water is a bill").
PAY_BILL = "/pay_bill"
STEP_UP_STILL_NEEDED = "I still need your PIN on the screen first."
# An affirm below this NLU confidence is asked again ("yes" typed or spoken is
# usually far above it; a button press is 1.0).
CONFIRM_THRESHOLD = 0.85


def _confidence(tracker: Tracker) -> float:
    intent = tracker.latest_message.get("intent") or {}
    return float(intent.get("confidence") or 0.0)


def _read_back_just_said(tracker: Tracker) -> bool:
    """The assistant's last turn was the read-back: by a read-back action, or by another
    that said it (a correction; the last answer again after "what?")."""
    previous = previous_bot_action(tracker)
    if previous == "action_handle_affirm" and wanted_to_hear_again(previous_user_message(tracker)):
        previous = "action_repeat"  # "huh?" read as a yes said the last answer again
    return previous in READ_BACK_ACTIONS or (
        previous in CORRECTING_ACTIONS and "/affirm" in previous_bot_buttons(tracker)
    )


def _asked(tracker: Tracker) -> bool:
    """A yes said as a question ("yes?", "ok?") is not a clear yes."""
    return (tracker.latest_message.get("text") or "").strip().endswith("?")


def _echoes_question(tracker: Tracker) -> bool:
    """A yes that says the change asked about ("yes, freeze it", "yes, send it to
    Alice"), which the classifier may take for a new request or a "stop"."""
    text = tracker.latest_message.get("text") or ""
    question, fresh = consent.last_question(tracker)
    if question is not None and fresh:
        return consent.echoed(question, text)
    return says_yes_to_last_question(text, tracker.events)


def _clear_yes(tracker: Tracker) -> bool:
    """Sure enough to act on: confident (or the question's own change said with the
    yes), not said as a question, heard clearly."""
    text = tracker.latest_message.get("text") or ""
    return (
        (_confidence(tracker) >= CONFIRM_THRESHOLD or _echoes_question(tracker) or goes_on(text))
        and not _asked(tracker)
        and heard_clearly(tracker)
    )


class ActionHandleAffirm(CustomerAction):
    def name(self) -> str:
        return "action_handle_affirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if bound_customer(tracker) is None and not asks_to_hear_again(tracker):
            # A call offered to anyone ("Shall I ask them to call you?") needs no log-in.
            question, fresh = consent.last_question(tracker)
            if question is not None and fresh and question.kind in consent.ANYONE:
                answered = await consent.answer_yes("", dispatcher, tracker, _clear_yes(tracker))
                return answered or []
        return await super().run(dispatcher, tracker, domain)

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        svc = services()
        if asks_to_hear_again(tracker):
            say_again(dispatcher, tracker)  # "huh?" is no yes: say the read-back again
            return []
        answered = await consent.answer_yes(customer_id, dispatcher, tracker, _clear_yes(tracker))
        if answered is not None:
            return answered  # the question asked last: its change, or asked again

        amended = amend_pending(tracker, dispatcher)
        if amended is not None:
            return amended  # "yes but make it forty": read back again, never send
        request_id = tracker.get_slot("pending_request")
        said = previous_bot_texts(tracker)
        text = tracker.latest_message.get("text") or ""
        if not request_id and said and not any("?" in s for s in said) and acknowledges(text):
            # "ok" to a statement ("You have one bill to pay: City Water") only says it was
            # heard: it starts nothing, even where the statement offered a button.
            dispatcher.utter_message(text=ANYTHING_ELSE)
            return []
        if not request_id:
            again = offer_again(customer_id, tracker, dispatcher)
            if again is not None:
                return again  # "oh sorry, yes pay it" after a "no": read back afresh
            followed = follow_up(tracker, dispatcher)  # "pay it" after the bills list
            if followed is not None:
                return followed
            if asked_to_send_money(tracker):
                return [ActiveLoop("transfer_form")]  # as the button would; the form asks
            offered = previous_bot_buttons(tracker)
            if len(offered) == 1 and offered[0].startswith(PAY_BILL):
                # "City Water is a bill" with its one button: a yes reads that bill back.
                entities = json.loads(offered[0][len(PAY_BILL) :] or "{}")
                bill = str(entities.get("bill") or "")
                return pay_the_bill(
                    customer_id, tracker, dispatcher, int(bill) if bill.isdigit() else None
                )
            if answer_after_warning(tracker, dispatcher):
                return []  # "I already did it", "he's here" read as a yes after a scam warning
            asked = request_after_yes(tracker) or start_offered_lesson(dispatcher, tracker)
            if asked is not None:
                return asked  # "actually yes please call me"; a yes to "Today's lesson is"
            if consent.answer_stale_yes(dispatcher, tracker):
                return []  # a yes to an older question: that question again
            amounts = [b for b in previous_bot_button_list(tracker) if _is_amount(b)]
            if len(amounts) > 1:
                # "yes please" to "Did you say forty dollars, or fourteen?": which one.
                dispatcher.utter_message(text=WHICH_AMOUNT, buttons=amounts)
                return []
            if any(ANYTHING_ELSE in s for s in said):
                # "yes" to "Is there anything else I can help with?": what there is.
                dispatcher.utter_message(text=WHAT_I_CAN_DO, buttons=MAIN_CHOICES)
                return []
            dispatcher.utter_message(text=NOTHING_WAITING)
            return []
        preview = svc.payments.pending(customer_id, request_id)
        if preview is None:
            dispatcher.utter_message(
                text="That payment is no longer waiting, so I did not send it. "
                "Please start again if you still want it."
            )
            return [SlotSet("pending_request", None)]
        fresh = _read_back_just_said(tracker)
        if asks_for_later(text):
            # "yes but tomorrow, not today": never sent today on that yes.
            dispatcher.utter_message(text=f"{ONLY_NOW}\nNothing has been sent.")
            read_back(dispatcher, preview)
            return []
        if not fresh or not _clear_yes(tracker):
            if fresh:
                dispatcher.utter_message(text="I want to be sure.")
            read_back(dispatcher, preview)
            return []
        try:
            receipt = svc.payments.confirm(customer_id, request_id)
        except PaymentHeld as held:
            warn_about_hold(dispatcher, held.hold)
            return []
        except StepUpRequired:
            # Not approved on the screen yet: the payment again, with its own Yes and
            # No, so a "what?" after this hears the payment and not only the PIN line.
            dispatcher.utter_message(text=STEP_UP_STILL_NEEDED)
            read_back(dispatcher, preview)
            return []
        except BankError as error:
            dispatcher.utter_message(text=str(error))
            return [SlotSet("pending_request", None)]
        amount = money(receipt.amount_minor, receipt.currency)
        done = said_as(receipt.kind).done(amount, receipt.payee_name)
        source = account_phrase(preview.from_account_name, receipt.from_last4)
        dispatcher.utter_message(
            text=f"{done}\nYour {source} now has "
            f"{money(receipt.new_balance_minor, receipt.currency)}."
        )
        offer_the_other(tracker, dispatcher)  # the second of two payments asked together
        return [SlotSet("pending_request", None)]


class ActionHandleDeny(CustomerAction):
    def name(self) -> str:
        return "action_handle_deny"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        if answer_doubt(tracker, dispatcher):
            return []  # "is that normal" (read as a no) right after a scam warning
        if consent.answer_no(dispatcher, tracker):
            return []  # a no to the question asked last: what was not done
        amended = amend_pending(tracker, dispatcher)
        if amended is not None:
            return amended  # "no, 40": a correction, read back again
        events: list[dict[str, Any]] = []
        request_id = tracker.get_slot("pending_request")
        if request_id:
            _cancel_quietly(customer_id, request_id)
            dispatcher.utter_message(text=NOT_SENT)
            offer_the_other(tracker, dispatcher)  # the second of two payments asked together
            events.append(SlotSet("pending_request", None))
        else:
            dispatcher.utter_message(text=ANYTHING_ELSE)
        return events


class ActionCancel(Action):
    """Stop whatever is in progress: a form, a pending payment, a card change.

    Works for every conversation, with or without a customer bound.
    """

    def name(self) -> str:
        return "action_cancel"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        request_id = tracker.get_slot("pending_request")
        customer_id = bound_customer(tracker)
        if request_id and customer_id:
            _cancel_quietly(customer_id, request_id)
        question, fresh = consent.last_question(tracker)
        if question is not None and fresh and not request_id:
            dispatcher.utter_message(text=question.declined)  # "stop" answers it as a no
        elif request_id or tracker.active_loop_name:
            dispatcher.utter_message(text="Okay, I have stopped that. Nothing was sent or changed.")
        elif tracker.get_slot(STAGE) in ("step", "quiz"):
            # "stop" between a lesson's steps: the lesson is what is in progress.
            return await ActionLessonStop().run(dispatcher, tracker, domain)
        else:
            # Nothing waits: "undo that" after a move, "cancel it" after a till code.
            say_what_is_done(customer_id, tracker, dispatcher)
        return [
            ActiveLoop(None),
            *reset(task_form_slots()),
            SlotSet("pending_request", None),
        ]


def _cancel_quietly(customer_id: str, request_id: str) -> None:
    # Already done, expired or cancelled: then there is nothing left to stop.
    with contextlib.suppress(BankError):
        services().payments.cancel(customer_id, request_id)
