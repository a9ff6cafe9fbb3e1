"""transfer_money: a form for payee, amount and account, then a read-back.

Money is only sent to saved payees. The payee is found in the customer's own
words ("my daughter", "Alice", "alice wang"); the source account defaults to
the current account unless the customer names another.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import CustomerAction
from actions.conversation_state import previous_bot_buttons
from actions.money.amounts import amount_in_message, extract_amount, validate_amount
from actions.money.money_question import request_before_yes
from actions.money.payees import ABROAD, goes_abroad, named_payee, say_who_can_be_paid
from actions.money.read_back import PreparePayment, reset
from actions.money.source_account import SourceAccountSlot, source_account_id
from actions.money.two_payments import ask_which_first, payments_said
from actions.protection.scams import answer_doubt
from actions.replies import button, latest_entity, payload
from actions.said import conversation_text
from actions.services import bound_customer, services
from assistant.bank.money import to_minor
from assistant.bank.payees import PayeeView, match_payees
from assistant.bank.payments import PaymentPreview
from assistant.errors import LimitExceeded, NotFound
from nlu.replies import nth_offered

FORM_SLOTS = ["transfer_payee", "amount", "from_account"]
# Intents of a message that answers the form's question rather than changing topic.
ANSWER_INTENTS = {"inform", "transfer_money", "nlu_fallback"}


def offered_payees(tracker: Tracker, payees: list[PayeeView]) -> list[str]:
    """The payees the assistant's last answer offered as buttons, in their order."""
    offered = previous_bot_buttons(tracker)
    return [p.name for p in payees if payload("inform", transfer_payee=p.name) in offered]


class ValidateTransferForm(SourceAccountSlot, FormValidationAction):
    def name(self) -> str:
        return "validate_transfer_form"

    async def extract_transfer_payee(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        customer_id = bound_customer(tracker)
        if customer_id is None or payments_said(customer_id, tracker.latest_message):
            return {}  # two payments in one message: which first (`ActionAskTransferPayee`)
        before = request_before_yes(tracker)
        if before is not None:
            # "send 40 to alice anyway", "Do you want to send money?", "yes": Alice.
            found = match_payees(before["text"], services().payees.payees(customer_id))
            return {"transfer_payee": found[0].name} if len(found) == 1 else {}
        entity = latest_entity(tracker, "transfer_payee")
        text = str(entity["value"]) if entity else tracker.latest_message.get("text") or ""
        payees = services().payees.payees(customer_id)
        found = match_payees(text, payees)
        if len(found) == 1:
            return {"transfer_payee": found[0].name}
        offered = offered_payees(tracker, payees)
        place = nth_offered(text, len(offered)) if not found else None
        if place is not None:
            return {"transfer_payee": offered[place]}  # "to the first one" of the buttons
        if not found and not text.startswith("/") and goes_abroad(text):
            dispatcher.utter_message(text=ABROAD)
            return {}
        if not found and not text.startswith("/") and named_payee(text):
            return {"transfer_payee": named_payee(text)}  # validation says who can be paid
        if len(found) > 1 and tracker.get_slot("requested_slot") == "transfer_payee":
            names = " or ".join(p.name for p in found)
            dispatcher.utter_message(text=f"Did you mean {names}?")
        elif (
            not found
            and tracker.get_slot("requested_slot") == "transfer_payee"
            and tracker.get_intent_of_latest_message() in ANSWER_INTENTS
            and not text.startswith("/")
        ):
            return {"transfer_payee": text}  # validation says who can be paid
        return {}

    async def extract_amount(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        before = request_before_yes(tracker)
        if before is not None:
            # The amount of the request before "Do you want to send money?" (home currency).
            amount = amount_in_message(tracker, before)
            return {"amount": amount} if amount else {}
        customer_id = bound_customer(tracker)
        if customer_id and payments_said(customer_id, tracker.latest_message):
            return {}  # two payments in one message: neither amount is this one's yet
        return extract_amount(tracker)

    async def validate_transfer_payee(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        customer_id = bound_customer(tracker)
        if customer_id is None:
            return {"transfer_payee": None}
        payees = services().payees.payees(customer_id)
        if any(p.name == value for p in payees):
            return {"transfer_payee": value}
        say_who_can_be_paid(customer_id, dispatcher)
        return {"transfer_payee": None}

    async def validate_amount(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        checked = validate_amount(value, tracker, dispatcher)
        if checked["amount"]:
            svc = services()
            try:
                svc.payments.check_one_payment_limit(
                    to_minor(checked["amount"], svc.settings.home_currency)
                )
            except LimitExceeded as over:
                # Over the limit for one payment: said now, and only the amount asked
                # again; the payee stays ("oh, well 4000 then").
                dispatcher.utter_message(text=str(over))
                return {"amount": None}
        return checked


class ActionAskTransferPayee(CustomerAction):
    def name(self) -> str:
        return "action_ask_transfer_payee"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        if answer_doubt(tracker, dispatcher):
            # "should I send it?" right after a scam warning, read as a request to send
            # money: the warning's firm no, and no payment started.
            return [ActiveLoop(None), *reset(FORM_SLOTS)]
        payments = payments_said(customer_id, tracker.latest_message)
        if payments:
            ask_which_first(dispatcher, payments)
            return [ActiveLoop(None), *reset(FORM_SLOTS)]
        text = tracker.latest_message.get("text") or ""
        unsaved = named_payee(text) and not match_payees(
            text, services().payees.payees(customer_id)
        )
        if not text.startswith("/") and (goes_abroad(text) or unsaved):
            # Already told who can be paid (or that nothing goes abroad): no trap, no loop.
            return [ActiveLoop(None), *reset(FORM_SLOTS)]
        payees = services().payees.payees(customer_id, kind="person")
        dispatcher.utter_message(
            text="Who would you like to send money to?",
            buttons=[button(p.name, "inform", transfer_payee=p.name) for p in payees],
        )
        return []


class ActionPrepareTransfer(PreparePayment):
    """Store the transfer as a pending request and read it back."""

    form_slots = FORM_SLOTS

    def name(self) -> str:
        return "action_prepare_transfer"

    def prepare(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> PaymentPreview | None:
        svc = services()
        name = tracker.get_slot("transfer_payee")
        if name is None:
            # The form was left after saying who can be paid (a name not saved, or abroad),
            # or after asking which of two payments comes first.
            if not payments_said(customer_id, tracker.latest_message):
                dispatcher.utter_message(text="Nothing was sent.")
            return None
        payee = next((p for p in svc.payees.payees(customer_id) if p.name == name), None)
        if payee is None:
            raise NotFound(f"I cannot find {name} among your payees now. Nothing was sent.")
        currency = svc.settings.home_currency
        return svc.payments.prepare_transfer(
            customer_id,
            payee_id=payee.id,
            amount_minor=to_minor(tracker.get_slot("amount"), currency),
            currency=currency,
            from_account_id=source_account_id(customer_id, tracker.get_slot("from_account")),
            said=conversation_text(tracker),
        )
