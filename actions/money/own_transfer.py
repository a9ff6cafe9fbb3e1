"""move_money: move money between the customer's own accounts.

A form for amount, source and destination, then a read-back that needs a yes
(the same yes as any payment, actions/money/confirm.py). "Put 100 from checking
into savings" fills all three; "put 75 in savings" names one account and the
other is the customer's other everyday account. No saved payee is involved:
the bank's rules for paying other people do not apply
(assistant/bank/own_transfers.py).
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import CustomerAction
from actions.money.amounts import _AskAmount, extract_amount, validate_amount
from actions.money.read_back import PreparePayment
from actions.money.source_account import source_account_id
from actions.replies import account_phrase, button, latest_entity, money
from actions.said import conversation_text
from actions.services import bound_customer, services
from actions.words import ACCOUNT_WORDS
from assistant.bank.money import from_minor, to_minor
from assistant.bank.own_transfers import MOVABLE_KINDS, OWN_TRANSFER
from assistant.bank.payments import PaymentPreview
from nlu.money import masked_last4

FORM_SLOTS = ["amount", "from_account", "to_account"]
_PHRASES = "|".join(
    re.escape(p)
    for p in sorted(ACCOUNT_WORDS, key=len, reverse=True)
    if ACCOUNT_WORDS[p] in MOVABLE_KINDS
)
_NAMED = re.compile(
    rf"\b(?:(from|out of)|(to|into|in|onto|over to))?\s*(?:(?:my|the|our)\s+)?({_PHRASES})\b"
)


def move_accounts_again(customer_id: str, text: str, source: str, target: str) -> tuple[str, str]:
    """(source, destination) of a move waiting for its yes after a correction such as
    "no, from savings to checking" or "into savings": what the words name, the rest
    from the customer's other account or the move as it was."""
    said_source, said_target = accounts_named(text)
    if said_source and not said_target:
        said_target = target if said_source != target else other_kind(customer_id, said_source)
    elif said_target and not said_source:
        said_source = source if said_target != source else other_kind(customer_id, said_target)
    return said_source or source, said_target or target


def accounts_named(text: str) -> tuple[str | None, str | None]:
    """(source kind, destination kind) as far as the words say: "from checking into savings".

    An account with no "from" or "to" before it is the one the other is not.
    """
    source = target = None
    loose: list[str] = []
    for match in _NAMED.finditer(text.lower()):
        kind = ACCOUNT_WORDS[match.group(3)]
        if match.group(1):
            source = source or kind
        elif match.group(2):
            target = target or kind
        else:
            loose.append(kind)
    for kind in loose:
        if source is None and kind != target:
            source = kind
        elif target is None and kind != source:
            target = kind
    return source, target


def other_kind(customer_id: str, kind: str) -> str | None:
    """The customer's one other movable account kind, when there is exactly one."""
    kinds = {a.kind for a in services().ledger.accounts(customer_id) if a.kind in MOVABLE_KINDS}
    others = kinds - {kind}
    return others.pop() if len(others) == 1 else None


def names_another_account(customer_id: str, text: str) -> bool:
    """The message names an account number (masked before the assistant reads it:
    "****5678") that is none of the customer's own."""
    own = {a.last4 for a in services().ledger.accounts(customer_id)}
    return any(last4 not in own for last4 in masked_last4(text))


def _amount_of_waiting_move(tracker: Tracker) -> dict[str, Any]:
    """The amount of a move still waiting for its yes, when a new move names no amount.

    "Move 100 from checking to savings", then "no, I meant from savings to checking":
    the second is the same move the other way, so its amount is kept. It is read
    back in full before anything moves, and the earlier move is cancelled then.
    """
    customer_id = bound_customer(tracker)
    request_id = tracker.get_slot("pending_request")
    if tracker.get_slot("amount") or not customer_id or not request_id:
        return {}
    waiting = services().payments.pending(customer_id, request_id)
    if waiting is None or waiting.kind != OWN_TRANSFER:
        return {}
    return {"amount": str(from_minor(waiting.amount_minor, waiting.currency))}


class ValidateMoveForm(FormValidationAction):
    def name(self) -> str:
        return "validate_move_form"

    async def extract_amount(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return extract_amount(tracker) or _amount_of_waiting_move(tracker)

    async def extract_from_account(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        found = self._accounts(tracker)
        return {"from_account": found["from_account"]} if "from_account" in found else {}

    async def extract_to_account(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        found = self._accounts(tracker)
        return {"to_account": found["to_account"]} if "to_account" in found else {}

    @staticmethod
    def _accounts(tracker: Tracker) -> dict[str, str]:
        """Slots the latest message fills; one named account implies the other."""
        customer_id = bound_customer(tracker)
        text = tracker.latest_message.get("text") or ""
        if customer_id is None:
            return {}
        pressed = {
            slot: str(entity["value"])
            for slot in ("from_account", "to_account")
            if (entity := latest_entity(tracker, slot))
        }
        if pressed or text.startswith("/"):  # a button says exactly which account
            return pressed
        source, target = accounts_named(text)
        asked = tracker.get_slot("requested_slot")
        if source is None and target is None:
            return {}
        if source is None and target is not None and asked == "from_account":
            source, target = target, None  # "to savings" answering "from which account?"
        said_from = re.search(r"\b(from|out of)\b", text.lower())
        if target is None and source is not None and asked == "to_account" and not said_from:
            source, target = None, source  # "savings" answering "to which account?"
        source = source or tracker.get_slot("from_account")
        target = target or tracker.get_slot("to_account")
        if source and not target and not names_another_account(customer_id, text):
            # "from savings" alone means into checking; "from savings to account 1234..."
            # means someone else's account, which is asked about, never taken for checking.
            target = other_kind(customer_id, source)
        elif target and not source:
            source = other_kind(customer_id, target)
        found = {}
        if source:
            found["from_account"] = source
        if target:
            found["to_account"] = target
        return found

    async def validate_amount(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return validate_amount(value, tracker, dispatcher)

    async def validate_from_account(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"from_account": self._own(value, tracker, dispatcher)}

    async def validate_to_account(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        kind = self._own(value, tracker, dispatcher)
        if kind and kind == tracker.get_slot("from_account"):
            dispatcher.utter_message(text="The money would go back to the same account.")
            return {"to_account": None}
        return {"to_account": kind}

    @staticmethod
    def _own(value: Any, tracker: Tracker, dispatcher: CollectingDispatcher) -> str | None:
        customer_id = bound_customer(tracker)
        if customer_id is None or value not in MOVABLE_KINDS:
            return None
        if not services().ledger.accounts(customer_id, kind=value):
            dispatcher.utter_message(text=f"You do not have a {value} account.")
            return None
        return value


def _account_buttons(customer_id: str, slot: str, question: str) -> dict[str, Any]:
    accounts = [a for a in services().ledger.accounts(customer_id) if a.kind in MOVABLE_KINDS]
    return {
        "text": question,
        "buttons": [
            button(
                f"{account_phrase(a.name, a.last4)} ({money(a.balance_minor, a.currency)})",
                "inform",
                **{slot: a.kind},
            )
            for a in accounts
        ],
    }


class _AskMoveAccount(CustomerAction):
    """Ask for one of the move's two accounts, each a button with its balance."""

    slot = ""
    question = ""

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(**_account_buttons(customer_id, self.slot, self.question))
        return []


class ActionAskMoveFromAccount(_AskMoveAccount):
    slot = "from_account"
    question = "Which account should the money come from?"

    def name(self) -> str:
        return "action_ask_move_form_from_account"


class ActionAskMoveToAccount(_AskMoveAccount):
    slot = "to_account"
    question = "Which account should the money go to?"

    def name(self) -> str:
        return "action_ask_to_account"


class ActionAskMoveAmount(_AskAmount):
    question = "How much would you like to move?"

    def name(self) -> str:
        return "action_ask_move_form_amount"


class ActionPrepareMove(PreparePayment):
    """Store the move as a pending request and read it back."""

    form_slots = FORM_SLOTS

    def name(self) -> str:
        return "action_prepare_move"

    def prepare(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> PaymentPreview:
        svc = services()
        currency = svc.settings.home_currency
        return svc.payments.prepare_own_transfer(
            customer_id,
            from_account_id=source_account_id(customer_id, tracker.get_slot("from_account")),
            to_account_id=source_account_id(customer_id, tracker.get_slot("to_account")),
            amount_minor=to_minor(tracker.get_slot("amount"), currency),
            currency=currency,
            said=conversation_text(tracker),
        )
