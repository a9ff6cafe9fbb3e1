"""The amount slot of the payment forms: found in what was said, checked, asked for."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import CustomerAction
from actions.replies import button, latest_entity, money
from actions.services import services
from assistant.bank.money import to_minor
from assistant.errors import PaymentRefused


def _amount_entity(tracker: Tracker) -> tuple[str, str] | None:
    """The amount said in the latest message: an exact decimal string and its currency."""
    return amount_said(tracker.latest_message)


def amount_said(message: dict[str, Any]) -> tuple[str, str] | None:
    entities = [e for e in message.get("entities") or [] if e.get("entity") == "amount"]
    entity = entities[-1] if entities else None
    if not entity:
        return None
    info = entity.get("additional_info") or {}
    amount = info.get("amount") or str(entity.get("value"))
    currency = entity.get("currency") or info.get("currency") or services().settings.home_currency
    return amount, currency


def amount_in_message(tracker: Tracker, message: dict[str, Any] | None = None) -> str | None:
    """The amount said in the latest message (or the one given), if it is clear and in
    the home currency."""
    found = amount_said(message if message is not None else tracker.latest_message)
    if found and found[1] == services().settings.home_currency:
        return found[0]
    return None


# Why no amount was taken from what was said (`doubt` of an amount_unclear, nlu/money.py),
# said before the question again.
_DOUBTS = {
    "negative": "An amount must be more than zero.",
    "decimals": "An amount can have at most two decimal places, for the cents.",
    "range": "I need the exact amount.",
    "unreadable": "I could not read that amount for sure.",
}


def ask_which_amount(
    tracker: Tracker,
    dispatcher: CollectingDispatcher,
    question: str = "How much do you want to send?",
) -> bool:
    """ "two fifty": ask which amount was meant, with a button for each; "-50", "a few
    hundred": say why no amount was taken and ask `question`. True if asked."""
    unclear = latest_entity(tracker, "amount_unclear")
    if not unclear or latest_entity(tracker, "amount"):
        return False
    info = unclear.get("additional_info") or {}
    home = services().settings.home_currency
    readings = info.get("readings") or []
    if not readings:
        doubt = _DOUBTS.get(info.get("doubt") or "", _DOUBTS["unreadable"])
        dispatcher.utter_message(text=f"{doubt} {question}")
        return True
    if info.get("currency", home) != home:
        return False
    said = [money(to_minor(r, home), home) for r in readings]
    asked = f"Did you mean {' or '.join(said)}?" if len(said) > 1 else f"Did you mean {said[0]}?"
    dispatcher.utter_message(
        text=asked + " Or say the amount again, please.",
        buttons=[button(s, "inform", amount=r) for s, r in zip(said, readings, strict=True)],
    )
    return True


def extract_amount(tracker: Tracker) -> dict[str, Any]:
    found = _amount_entity(tracker)
    return {"amount": found[0]} if found else {}


def validate_amount(
    value: Any, tracker: Tracker, dispatcher: CollectingDispatcher
) -> dict[str, Any]:
    """Accept an amount in the home currency only: the slot holds home-currency decimals."""
    home = services().settings.home_currency
    if value is None:
        return {"amount": None}
    found = _amount_entity(tracker)
    if found and found[1] != home:
        dispatcher.utter_message(
            text=f"I can only send money in {home} here. Please say the amount in {home}."
        )
        return {"amount": None}
    try:
        minor = to_minor(value, home)
    except PaymentRefused as refused:
        dispatcher.utter_message(text=str(refused))
        return {"amount": None}
    if minor <= 0:
        dispatcher.utter_message(text="The amount must be more than zero.")
        return {"amount": None}
    return {"amount": str(value)}


class _AskAmount(CustomerAction):
    question = ""

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        if ask_which_amount(tracker, dispatcher, self.question):
            return []
        kind = tracker.get_slot("from_account") or "current"
        accounts = services().ledger.accounts(customer_id, kind=kind)
        hint = ""
        if accounts:
            account = accounts[0]
            hint = f" Your {account.name} has {money(account.balance_minor, account.currency)}."
        dispatcher.utter_message(text=self.question + hint)
        return []


class ActionAskTransferAmount(_AskAmount):
    question = "How much would you like to send?"

    def name(self) -> str:
        return "action_ask_transfer_form_amount"


class ActionAskDepositAmount(_AskAmount):
    question = "How much would you like to put in the deposit?"

    def name(self) -> str:
        return "action_ask_deposit_form_amount"
