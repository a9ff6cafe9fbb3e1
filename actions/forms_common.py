"""Pieces shared by the forms that move money: amount and source account."""

from __future__ import annotations

import contextlib
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import CustomerAction, bound_customer, services
from actions.move_replies import move_read_back
from actions.replies import account_phrase, button, latest_entity, money
from actions.words import account_kind
from assistant.errors import BankError, PaymentRefused
from assistant.money import to_minor
from assistant.own_transfers import OWN_TRANSFER
from assistant.payments import STEP_UP_MESSAGE, PaymentPreview

PAYING_KINDS = ("current", "savings")


def _amount_entity(tracker: Tracker) -> tuple[str, str] | None:
    """The amount said in the latest message: an exact decimal string and its currency."""
    entity = latest_entity(tracker, "amount")
    if not entity:
        return None
    info = entity.get("additional_info") or {}
    amount = info.get("amount") or str(entity.get("value"))
    currency = entity.get("currency") or info.get("currency") or services().settings.home_currency
    return amount, currency


def amount_in_message(tracker: Tracker) -> str | None:
    """The amount said in the latest message, if it is clear and in the home currency."""
    found = _amount_entity(tracker)
    if found and found[1] == services().settings.home_currency:
        return found[0]
    return None


def ask_which_amount(tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """ "two fifty": ask which amount was meant, with a button for each; True if asked."""
    unclear = latest_entity(tracker, "amount_unclear")
    if not unclear or latest_entity(tracker, "amount"):
        return False
    info = unclear.get("additional_info") or {}
    home = services().settings.home_currency
    readings = [r for r in info.get("readings", []) if info.get("currency", home) == home]
    if not readings:
        return False
    said = [money(to_minor(r, home), home) for r in readings]
    question = f"Did you mean {' or '.join(said)}?" if len(said) > 1 else f"Did you mean {said[0]}?"
    dispatcher.utter_message(
        text=question + " Or say the amount again, please.",
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


# Asking for a lesson about police scams is no sign of one: these turns are
# left out of what the risk rules read.
LESSON_INTENTS = {
    "list_lessons", "start_lesson", "lesson_of_the_day", "lesson_next", "lesson_back",
    "lesson_stop",
}  # fmt: skip


# How a request for a lesson is worded: "teach me about ...", "tell me how ...",
# "how do I spot ...". Scam words in such a turn are the topic, not a warning sign.
_ASKS_FOR_A_LESSON = re.compile(
    r"\b(lessons?|teach|learn\w*|classroom|quiz|tell me|show me|explain"
    r"|how (do|can|should) i|what (do|should|is|are) )",
    re.IGNORECASE,
)


def asks_for_a_lesson(text: str, intent: str | None) -> bool:
    """True when a turn is a request for a lesson, both by intent and by its words.

    The intent alone is not enough: "a man on the phone said I get a guaranteed
    return" may be read as start_lesson, and it is exactly what the risk rules
    must see.
    """
    return intent in LESSON_INTENTS and bool(_ASKS_FOR_A_LESSON.search(text))


def conversation_text(tracker: Tracker, turns: int = 30) -> str:
    """What the customer said in this session (the risk rules look for scam words).

    Button presses and requests for a lesson are left out.
    """
    said: list[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "session_started" or len(said) >= turns:
            break
        if event.get("event") != "user":
            continue
        text = event.get("text") or ""
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if text and not text.startswith("/") and not asks_for_a_lesson(text, intent):
            said.append(text)
    return " \n ".join(reversed(said))


def read_back(dispatcher: CollectingDispatcher, preview: PaymentPreview) -> None:
    """Say exactly what will happen and ask for a yes."""
    if preview.kind == OWN_TRANSFER:
        text, buttons = move_read_back(preview)
        dispatcher.utter_message(text=text, buttons=buttons)
        return
    if preview.held:
        # Issue 16: the reason for the pause comes before any yes. Imported here
        # because actions.scams uses this module.
        from actions.scams import read_back_held

        read_back_held(dispatcher, preview)
        return
    amount = money(preview.amount_minor, preview.currency)
    source = account_phrase(preview.from_account_name, preview.from_last4)
    if preview.kind == "time_deposit":
        rate = f"{preview.rate_bp / 100:.2f}".rstrip("0").rstrip(".")
        lines = [
            "Please check this.",
            f"Put {amount} into a {preview.payee_name} at {rate}% a year.",
            f"The money comes from your {source}.",
            "Shall I open it?",
        ]
        yes = "Yes, open it"
    else:
        what = f"Pay {amount} to {preview.payee_name}"
        if preview.kind == "bill" and preview.reference:
            what += f" for bill {preview.reference}"
        lines = [
            "Please check this payment.",
            what + ".",
            f"The money comes from your {source}.",
            "Shall I send it?",
        ]
        yes = "Yes, send it"
    dispatcher.utter_message(
        text="\n".join(lines),
        buttons=[button(yes, "affirm"), button("No, stop", "deny")],
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
            services().payments.cancel(customer_id, earlier)
    return [SlotSet("pending_request", preview.request_id)] + reset(form_slots)


def reset(slots: list[str]) -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in slots] + [SlotSet("requested_slot", None)]


class _AskAmount(CustomerAction):
    question = ""

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        if ask_which_amount(tracker, dispatcher):
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
