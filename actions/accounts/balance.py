"""check_balance: one account or all of them, and "and the savings one?" after it."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import CustomerAction
from actions.money.bills import answer_bill_amount
from actions.money.read_back import say_waiting_again
from actions.replies import account_phrase, money
from actions.services import services
from actions.words import account_kind
from nlu.payment_words import asks_how_much_it_is
from nlu.replies import starts_follow_up

# "and my other account", "the other one": the accounts the last answer did not name.
_OTHER = re.compile(r"\b(?:other|another|second)\b", re.I)


class ActionCheckBalance(CustomerAction):
    def name(self) -> str:
        return "action_check_balance"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        kind = account_kind(text)
        if kind is None and answer_bill_amount(customer_id, tracker, dispatcher):
            return []  # "how much is it" about the bill just offered: not a balance
        if kind is None and asks_how_much_it_is(text) and say_waiting_again(dispatcher, tracker):
            return []  # "how much is it" at a read-back: the read-back says it
        say_balances(customer_id, dispatcher, kind)
        return []


def say_balances(
    customer_id: str, dispatcher: CollectingDispatcher, kind: str | None, other_than: str = ""
) -> None:
    """The balance of each account of `kind` (every account when None), or of the
    accounts that are not of kind `other_than`."""
    accounts = services().ledger.accounts(customer_id)
    if other_than:
        chosen = [a for a in accounts if a.kind != other_than]
    else:
        chosen = [a for a in accounts if a.kind == kind] if kind else accounts
    if not chosen:
        dispatcher.utter_message(text="I could not find an account like that.")
        chosen = accounts
    for account in chosen:
        dispatcher.utter_message(
            text=f"Your {account_phrase(account.name, account.last4)} has "
            f"{money(account.balance_minor, account.currency)}."
        )


def balance_follow_up(
    customer_id: str, dispatcher: CollectingDispatcher, text: str, last_balance_text: str | None
) -> bool:
    """ "and the savings one?" or "and my other account" keeps the subject of a balance
    answer (`last_balance_text` is what the customer asked then, None when the previous
    answer was not a balance). A short "what about savings" with no subject before asks
    for that balance too. False when the message is no such follow-up."""
    kind = account_kind(text)
    other = bool(_OTHER.search(text))
    if last_balance_text is None and not (kind and starts_follow_up(text)):
        return False
    if kind:
        say_balances(customer_id, dispatcher, kind)
        return True
    if other:  # after an answer about every account, "the other one" gets them all again
        say_balances(
            customer_id, dispatcher, None, other_than=account_kind(last_balance_text or "") or ""
        )
        return True
    return False
