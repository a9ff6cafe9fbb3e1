"""The account money is paid from: found in what was said, checked, asked for."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import CustomerAction
from actions.replies import account_phrase, button, latest_entity, money
from actions.services import bound_customer, services
from actions.words import account_kind
from assistant.bank.payments import PaymentPreview
from assistant.errors import BankError

PAYING_KINDS = ("current", "savings")


def extract_from_account(tracker: Tracker) -> dict[str, Any]:
    """ "from my savings": the account kind named in the latest message."""
    entity = latest_entity(tracker, "from_account")
    if entity:
        return {"from_account": str(entity.get("value"))}
    text = tracker.latest_message.get("text") or ""
    kind = account_kind(text)
    asked = tracker.get_slot("requested_slot") == "from_account"
    if kind in PAYING_KINDS and (asked or " from " in f" {text.lower()} "):
        return {"from_account": kind}
    return {}


def default_from_account(customer_id: str) -> str | None:
    """Payments come from the current account unless the customer says otherwise."""
    kinds = {a.kind for a in services().ledger.accounts(customer_id)}
    return "current" if "current" in kinds else None


def validate_from_account(
    value: Any, tracker: Tracker, dispatcher: CollectingDispatcher
) -> dict[str, Any]:
    customer_id = bound_customer(tracker)
    if customer_id is None or value not in PAYING_KINDS:
        return {"from_account": None}
    if not services().ledger.accounts(customer_id, kind=value):
        dispatcher.utter_message(text=f"You do not have a {value} account.")
        return {"from_account": None}
    return {"from_account": value}


class SourceAccountSlot:
    """For forms that pay from an account: fills and checks `from_account`.

    The account defaults to the current account unless the customer names
    another; the read-back says which one.
    """

    async def extract_from_account(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> dict[str, Any]:
        found = extract_from_account(tracker)
        if found or tracker.get_slot("from_account"):
            return found
        customer_id = bound_customer(tracker)
        default = default_from_account(customer_id) if customer_id else None
        return {"from_account": default} if default else {}

    async def validate_from_account(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> dict[str, Any]:
        return validate_from_account(value, tracker, dispatcher)


def source_account_id(customer_id: str, kind: str | None) -> int:
    accounts = services().ledger.accounts(customer_id, kind=kind or "current")
    if not accounts:
        raise BankError("I could not find an account to pay from.")
    return accounts[0].id


def kind_named(customer_id: str, name: str) -> str:
    """The kind of the customer's account called `name` (a move's destination)."""
    for account in services().ledger.accounts(customer_id):
        if account.name == name:
            return account.kind
    return "savings"


def paid_from_kind(customer_id: str, preview: PaymentPreview) -> str:
    """The kind of the account a request is paid from (or a move comes from)."""
    for account in services().ledger.accounts(customer_id):
        if account.last4 == preview.from_last4:
            return account.kind
    return "current"


class ActionAskFromAccount(CustomerAction):
    def name(self) -> str:
        return "action_ask_from_account"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        accounts = [a for a in services().ledger.accounts(customer_id) if a.kind in PAYING_KINDS]
        dispatcher.utter_message(
            text="Which account should the money come from?",
            buttons=[
                button(
                    f"{account_phrase(a.name, a.last4)} ({money(a.balance_minor, a.currency)})",
                    "inform",
                    from_account=a.kind,
                )
                for a in accounts
            ],
        )
        return []
