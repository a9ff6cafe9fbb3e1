"""deposit_products and open_deposit: rates from the product table, opening needs a yes."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.money.amounts import extract_amount, validate_amount
from actions.money.read_back import PreparePayment
from actions.money.source_account import SourceAccountSlot, source_account_id
from actions.replies import button, latest_entity, money, rate_words, term_words
from actions.services import bound_customer, services
from actions.two_requests import answer_the_second
from assistant.bank.directory import ProductView
from assistant.bank.money import to_minor
from assistant.bank.payments import PaymentPreview
from assistant.errors import NotFound
from nlu.money import normalise

FORM_SLOTS = ["deposit_product", "amount", "from_account"]


def term_in(text: str) -> int | None:
    """Months of a term said as "6 months", "a year", "two years"."""
    lowered = normalise(text.lower())
    match = re.search(r"\b(\d+)\s*-?\s*(month|year)s?\b", lowered)
    if match:
        count = int(match.group(1))
        return count * 12 if match.group(2) == "year" else count
    if re.search(r"\b(?:a|one)\s+year\b", lowered):
        return 12
    return None


def _time_deposits() -> list[ProductView]:
    return services().directory.products("time_deposit")


class ActionDepositProducts(Action):
    """Public facts: no log-in needed."""

    def name(self) -> str:
        return "action_deposit_products"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        lines = [
            f"{term_words(p.term_months)}: {rate_words(p.rate_bp)} a year, "
            f"from {money(p.min_amount_minor, p.currency)}."
            for p in _time_deposits()
        ]
        savings = services().directory.products("savings")
        dispatcher.utter_message(text="Our time deposits pay a fixed rate:\n" + "\n".join(lines))
        if savings:
            product = savings[0]
            dispatcher.utter_message(
                text=f"{product.name} pays {rate_words(product.rate_bp)} a year. {product.facts}"
            )
        dispatcher.utter_message(
            text="Deposits are protected by the deposit insurance scheme up to its limit.",
            buttons=[button("Open a time deposit", "open_deposit")],
        )
        return await answer_the_second(self.name(), dispatcher, tracker, domain)


class ValidateDepositForm(SourceAccountSlot, FormValidationAction):
    def name(self) -> str:
        return "validate_deposit_form"

    async def extract_deposit_product(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        entity = latest_entity(tracker, "deposit_product")
        if entity:
            return {"deposit_product": str(entity["value"])}
        months = term_in(tracker.latest_message.get("text") or "")
        product = next((p for p in _time_deposits() if p.term_months == months), None)
        return {"deposit_product": product.code} if product else {}

    async def extract_amount(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return extract_amount(tracker)

    async def validate_deposit_product(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if any(p.code == value for p in _time_deposits()):
            return {"deposit_product": value}
        dispatcher.utter_message(text="I could not find a deposit for that length of time.")
        return {"deposit_product": None}

    async def validate_amount(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        checked = validate_amount(value, tracker, dispatcher)
        account = tracker.get_slot("from_account")
        if (
            checked.get("amount")
            and account
            and not self._enough(checked["amount"], account, tracker, dispatcher)
        ):
            return {**checked, "from_account": None}
        return checked

    async def validate_from_account(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """An account without enough money: offer the other account or a smaller amount."""
        checked = await super().validate_from_account(value, dispatcher, tracker, domain)
        amount = tracker.get_slot("amount")
        kind = checked.get("from_account")
        if kind and amount and not self._enough(amount, kind, tracker, dispatcher):
            return {"from_account": None}
        return checked

    @staticmethod
    def _enough(amount: str, kind: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
        """True if the account can pay it; if not, say so and what can be done instead."""
        customer_id = bound_customer(tracker)
        if not customer_id:
            return True
        currency = services().settings.home_currency
        wanted = to_minor(amount, currency)
        accounts = services().ledger.accounts(customer_id, kind=kind)
        if not accounts or accounts[0].balance_minor >= wanted:
            return True
        account = accounts[0]
        dispatcher.utter_message(
            text=f"Your {account.name} has only {money(account.balance_minor, currency)}, "
            f"not enough for {money(wanted, currency)}.\n"
            "The money can come from your other account, or you can say a smaller amount."
        )
        return False


class ActionAskDepositProduct(Action):
    def name(self) -> str:
        return "action_ask_deposit_product"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text="For how long would you like to fix your money?",
            buttons=[
                button(
                    f"{term_words(p.term_months)} at {rate_words(p.rate_bp)}",
                    "inform",
                    deposit_product=p.code,
                )
                for p in _time_deposits()
            ],
        )
        return []


class ActionPrepareDeposit(PreparePayment):
    form_slots = FORM_SLOTS

    def name(self) -> str:
        return "action_prepare_deposit"

    def prepare(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> PaymentPreview:
        svc = services()
        code = tracker.get_slot("deposit_product")
        product = next((p for p in _time_deposits() if p.code == code), None)
        if product is None:
            raise NotFound("That deposit is not offered any more. Nothing was opened.")
        currency = svc.settings.home_currency
        return svc.payments.prepare_time_deposit(
            customer_id,
            product_id=product.id,
            amount_minor=to_minor(tracker.get_slot("amount"), currency),
            from_account_id=source_account_id(customer_id, tracker.get_slot("from_account")),
        )
