"""check_balance: one account or all of them."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import CustomerAction, services
from actions.replies import account_phrase, money
from actions.words import account_kind


class ActionCheckBalance(CustomerAction):
    def name(self) -> str:
        return "action_check_balance"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        accounts = services().ledger.accounts(customer_id)
        kind = account_kind(tracker.latest_message.get("text") or "")
        chosen = [a for a in accounts if a.kind == kind] if kind else accounts
        if not chosen:
            dispatcher.utter_message(text="I could not find an account like that.")
            chosen = accounts
        for account in chosen:
            dispatcher.utter_message(
                text=f"Your {account_phrase(account.name, account.last4)} has "
                f"{money(account.balance_minor, account.currency)}."
            )
        return []
