"""Reading a prepared payment back before the yes, and the slots that carry it."""

from __future__ import annotations

import abc
import contextlib
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import CustomerAction
from actions.forms import QUIZ_FORM, task_form_slots
from actions.money.payment_kinds import said_as
from actions.replies import account_phrase, button, money
from actions.services import bound_customer, services
from assistant.bank.payments import STEP_UP_MESSAGE, PaymentPreview
from assistant.errors import BankError
from nlu.payment_words import asks_for_later


def read_back(dispatcher: CollectingDispatcher, preview: PaymentPreview) -> None:
    """Say exactly what will happen and ask for a yes."""
    if preview.held:
        # The reason for the pause comes before any yes.
        from actions.protection.scams import read_back_held

        read_back_held(dispatcher, preview)
        return
    said = said_as(preview.kind)
    amount = money(preview.amount_minor, preview.currency)
    source = account_phrase(preview.from_account_name, preview.from_last4)
    dispatcher.utter_message(
        text="\n".join(said.read_back(preview, amount, source)),
        buttons=[button(said.yes, "affirm"), button("No, stop", "deny")],
    )
    if preview.needs_step_up:
        ask_for_step_up(dispatcher, preview.request_id)


def ask_for_step_up(dispatcher: CollectingDispatcher, request_id: str) -> None:
    """Ask for the PIN on the screen; the web page shows a PIN box for this request."""
    dispatcher.utter_message(text=STEP_UP_MESSAGE)
    dispatcher.utter_message(json_message={"step_up": {"request_id": request_id}})


def pending_set(
    preview: PaymentPreview, form_slots: list[str], tracker: Tracker | None = None
) -> list[dict[str, Any]]:
    """Remember the new request; one that waited before it can no longer be confirmed."""
    earlier = tracker.get_slot("pending_request") if tracker else None
    customer_id = bound_customer(tracker) if earlier and tracker else None
    if earlier and customer_id and earlier != preview.request_id:
        with contextlib.suppress(BankError):
            services().payments.cancel(customer_id, earlier, replaced=True)
    return [SlotSet("pending_request", preview.request_id)] + reset(form_slots)


def reset(slots: list[str]) -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in slots] + [SlotSet("requested_slot", None)]


# Payments go when they are confirmed; none is kept for a later day.
ONLY_NOW = (
    "I can only send money now, when you say yes. I cannot set it for another day.\n"
    "If you want it to go later, say no now, and ask me again on that day."
)


class PreparePayment(CustomerAction, abc.ABC):
    """A payment-preparing action: prepare from the form's slots, read it back, keep it pending.

    Subclasses name their `form_slots` (emptied afterwards, and on any error) and
    implement `prepare`.
    """

    form_slots: list[str]

    def on_error(self) -> list[dict[str, Any]]:
        return reset(self.form_slots)

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        preview = self.prepare(customer_id, dispatcher, tracker)
        if preview is None:
            return reset(self.form_slots)
        if asks_for_later(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(text=ONLY_NOW)  # "a payment to go tomorrow"
        read_back(dispatcher, preview)
        return pending_set(preview, self.form_slots, tracker)

    @abc.abstractmethod
    def prepare(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> PaymentPreview | None:
        """The prepared payment, or None when there is nothing to prepare (and the customer
        has been told why)."""


def drop_waiting_payment(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    """Another request (a lesson, a lost card) came while a read-back waited for a yes.

    The payment is cancelled and the customer is told so in one sentence, so that a
    later stray yes cannot send it and nothing is dropped without a word. A paused
    (held) payment is left as it is: its warning offered the lesson, and its own
    buttons still answer for it.
    """
    request_id = tracker.get_slot("pending_request")
    customer_id = bound_customer(tracker) if request_id else None
    if not (request_id and customer_id):
        return []
    payments = services().payments
    preview = payments.pending(customer_id, request_id)
    if preview is None:
        return [SlotSet("pending_request", None)]
    if preview.held:
        return []
    with contextlib.suppress(BankError):
        payments.cancel(customer_id, request_id)
    amount = money(preview.amount_minor, preview.currency)
    done = said_as(preview.kind).not_done(amount, preview.payee_name)
    dispatcher.utter_message(text=f"{done} You can ask for it again later.")
    return [SlotSet("pending_request", None)]


def say_waiting_again(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    opening: str = "Nothing has been sent. The payment is still waiting.",
) -> bool:
    """ "go back" or "hmm" while a read-back waits: the same read-back after `opening`,
    nothing changed. False when no payment waits for a yes."""
    request_id = tracker.get_slot("pending_request")
    customer_id = bound_customer(tracker) if request_id else None
    preview = services().payments.pending(customer_id, request_id) if customer_id else None
    if preview is None:
        return False
    dispatcher.utter_message(text=opening)
    read_back(dispatcher, preview)
    return True


def leave_form(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """A lesson asked for while a form waits for an answer ("How much?"): the form stops
    and says so, instead of asking its question again under the lesson."""
    form = tracker.active_loop_name
    if not form or form == QUIZ_FORM:
        return []
    dispatcher.utter_message(text="Okay, I have stopped that. Nothing was sent or changed.")
    return [ActiveLoop(None), *reset(task_form_slots())]
