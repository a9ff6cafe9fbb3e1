"""Follow-ups that keep their subject: "and the month before that" after a
history answer, "is it open on saturday" after a branch, "pay it please"
after the bills list, "and the savings one?" after a balance, "move it back"
after a move, "another one" after a till code.

Each looks at the assistant's previous answer; a follow-up with nothing to
follow returns False and the caller answers as usual.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.accounts.balance import balance_follow_up
from actions.accounts.history import answer_history, last_days, period_before, period_from
from actions.conversation_state import previous_bot_action, previous_bot_texts
from actions.money.already_done import move_back
from actions.money.bills import answer_bill_amount, bill_follow_up
from actions.money.codes import code_follow_up
from actions.money.read_back import read_back
from actions.money.source_account import source_account_id
from actions.places.branches import (
    ASKS_ACCESS,
    ASKS_PHONE,
    last_town,
    say_about_place,
    say_branches,
)
from actions.places.opening_hours import HOURS_SAID, asks_about_hours
from actions.replies import button, day, money
from actions.said import conversation_text
from actions.services import bound_customer, services
from actions.words import category, direction
from nlu.replies import starts_follow_up

# How many of the customer's messages back a history question may be followed up.
HISTORY_REACH = 2
_BEFORE = re.compile(r"\b(?:before (?:that|then)|the (?:month|week|year|one) before|prior)\b", re.I)
_OPEN_ONE = re.compile(r"\b(?:open|start|set up|take out|get)\b", re.I)
_PAY_IT = re.compile(r"\bpay\b.*\b(?:it|that|them|this|those|one|bill)\b", re.I)
# "did i pay the water bill", "have i paid it", "when did i last pay it": a question
# about what went out, never an order to pay.
PAID_QUESTION = re.compile(
    r"^\W*(?:(?:um|so|and|but|oh|ok|okay)\W+)*"
    r"(?:did|didn'?t|have|haven'?t|has|hasn'?t|was|wasn'?t|were|when)\b.*\bpa(?:y|id)\b"
    r"|\bpaid\b.*\?",
    re.I,
)


def follow_up(tracker: Tracker, dispatcher: CollectingDispatcher) -> list[dict[str, Any]] | None:
    """Answer a follow-up of the previous answer; None when the message is not one."""
    text = tracker.latest_message.get("text") or ""
    previous = previous_bot_action(tracker)
    customer_id = bound_customer(tracker)
    if customer_id:
        # "move it back" after a move; "another one", "what is that for" after a code.
        for answer in (move_back, code_follow_up):
            events = answer(customer_id, tracker, dispatcher)
            if events is not None:
                return events
        if answer_bill_amount(customer_id, tracker, dispatcher):
            return []  # "oh dear, how much is it" after the offer to pay a bill
        events = bill_follow_up(customer_id, tracker, dispatcher)
        if events is not None:
            return events  # "and the electric one too" after a bill
    if previous == "action_transaction_history" and _BEFORE.search(text) and customer_id:
        start, end = _earlier_period(tracker)
        label = f"from {day(start)} to {day(end - dt.timedelta(days=1))}"
        answer_history(customer_id, dispatcher, _last_history_text(tracker), (start, end, label))
        return []
    if customer_id and _after_history(tracker) and starts_follow_up(text):
        subject = text if category(text) or direction(text) else _last_history_text(tracker)
        period = _period_said(tracker)
        if period is not None or subject is text:
            # "and last month?", "and medicine?" after the history: that history again,
            # for the new period or the new subject, the other kept.
            answer_history(customer_id, dispatcher, subject, period or _last_period(tracker))
            return []
    named = services().directory.find_town(text)
    town = named or last_town(tracker)
    after_places = previous in ("action_find_branch", "branch_form") or _said_hours(tracker)
    about_place = asks_about_hours(text) or ASKS_PHONE.search(text) or ASKS_ACCESS.search(text)
    if town and after_places and about_place:
        say_about_place(dispatcher, town, text)
        return _town_said(named)
    if named and after_places:
        # "and is there one in Springfield" after Oakville's places: Springfield's.
        say_branches(dispatcher, named)
        return _town_said(named)
    if previous == "action_deposit_products" and _OPEN_ONE.search(text) and customer_id:
        return [ActiveLoop("deposit_form")]  # "can i open one" after the rates: as the button
    if previous == "action_check_bills" and customer_id:
        if PAID_QUESTION.search(text):
            answer_history(customer_id, dispatcher, text, last_days())
            return []
        if _PAY_IT.search(text):
            return pay_the_bill(customer_id, tracker, dispatcher)
    asked = _last_text_of(tracker, "check_balance") if previous == "action_check_balance" else None
    if customer_id and balance_follow_up(customer_id, dispatcher, text, asked):
        return []
    return None


def _town_said(town: str | None) -> list[dict[str, Any]]:
    """The town answered about stays in the events for the next follow-up (`last_town`),
    and the slot stays empty for the next branch search (as `ActionFindBranch` leaves it)."""
    return [SlotSet("town", town), SlotSet("town", None)] if town else []


def _said_hours(tracker: Tracker) -> bool:
    """The last answer was the hours of a place: a second question about them follows it."""
    return previous_bot_action(tracker) == "action_answer_without_question" and any(
        HOURS_SAID.search(t) for t in previous_bot_texts(tracker)
    )


def _history_events(tracker: Tracker, intent: str = "transaction_history") -> list[dict[str, Any]]:
    return [
        e
        for e in tracker.events
        if e.get("event") == "user"
        and ((e.get("parse_data") or {}).get("intent") or {}).get("name") == intent
    ]


def _last_text_of(tracker: Tracker, intent: str) -> str:
    found = _history_events(tracker, intent)
    return (found[-1].get("text") or "") if found else ""


def _last_history_text(tracker: Tracker) -> str:
    return _last_text_of(tracker, "transaction_history")


def _after_history(tracker: Tracker) -> bool:
    """The last answer was a history, or a follow-up of one ("and last month?")."""
    previous = previous_bot_action(tracker)
    if previous == "action_transaction_history":
        return True
    users = [e for e in tracker.events if e.get("event") == "user"]
    asked = _history_events(tracker)
    return (
        previous == "action_answer_without_question"
        and bool(asked)
        and asked[-1] in users[-HISTORY_REACH - 1 : -1]
    )


def _period_said(tracker: Tracker) -> tuple[dt.date, dt.date, str] | None:
    """The period the latest message names, or None."""
    return _period_of(tracker.latest_message.get("entities") or [])


def _last_period(tracker: Tracker) -> tuple[dt.date, dt.date, str]:
    """The period of the last history question, or the default one."""
    found = _history_events(tracker)
    entities = ((found[-1].get("parse_data") or {}).get("entities") or []) if found else []
    return _period_of(entities) or last_days()


def _period_of(entities: list[dict[str, Any]]) -> tuple[dt.date, dt.date, str] | None:
    """The first period among `entities`, or None."""
    found = next(
        (e for e in entities if e.get("entity") == "period" and isinstance(e.get("value"), dict)),
        None,
    )
    return period_from(found)


def _earlier_period(tracker: Tracker) -> tuple[dt.date, dt.date]:
    """The period just before the one the last history question asked about."""
    start, end, _ = _last_period(tracker)
    return period_before(start, end)


def pay_the_bill(
    customer_id: str,
    tracker: Tracker,
    dispatcher: CollectingDispatcher,
    bill_id: int | None = None,
) -> list[dict[str, Any]]:
    """ "pay it" after the bills list: the one bill (or the one offered, `bill_id`), or a
    choice when there are several."""
    bills = services().payees.due_bills(customer_id)
    bills = [b for b in bills if b.id == bill_id] or bills
    if len(bills) != 1:
        dispatcher.utter_message(
            text="Which bill would you like to pay?",
            buttons=[
                button(
                    f"{b.payee_name}, {money(b.amount_minor, b.currency)}",
                    "pay_bill",
                    bill=str(b.id),
                )
                for b in bills
            ],
        )
        return []
    preview = services().payments.prepare_bill(
        customer_id,
        bill_id=bills[0].id,
        from_account_id=source_account_id(customer_id, "current"),
        said=conversation_text(tracker),
    )
    read_back(dispatcher, preview)
    return [SlotSet("pending_request", preview.request_id)]
