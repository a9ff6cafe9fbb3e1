"""transaction_history: by period, category, merchant, money in or out."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import CustomerAction
from actions.money.bills import answer_if_paid
from actions.replies import day, latest_entity, money
from actions.services import services
from actions.words import CATEGORY_WORDS, category, direction
from assistant.bank.ledger import Entry

MAX_LISTED = 5
DEFAULT_DAYS = 30


def period_from(entity: dict[str, Any] | None) -> tuple[dt.date, dt.date, str] | None:
    """A `period` entity's dates and words ("last month"); None when it has none."""
    value = (entity or {}).get("value")
    if not isinstance(value, dict):
        return None
    try:
        start = dt.date.fromisoformat(value["start"])
        end = dt.date.fromisoformat(value["end"])
    except (KeyError, ValueError):
        return None
    return start, end, str(value.get("text") or "in that time")


def _period(tracker: Tracker) -> tuple[dt.date, dt.date, str]:
    return period_from(latest_entity(tracker, "period")) or last_days()


def last_days(days: int = DEFAULT_DAYS) -> tuple[dt.date, dt.date, str]:
    """The period when the customer names none: the last 30 days up to today."""
    today = dt.date.today()
    return today - dt.timedelta(days=days), today + dt.timedelta(days=1), f"in the last {days} days"


# Words too common in shop and biller names to pick one out ("the city", "my bank").
_PLAIN_NAME_WORDS = {"the", "and", "city", "bank", "shop", "store", "company", "services"}


def _merchant_named(text: str, entries: list[Entry]) -> str | None:
    """The shop or biller the customer named: the whole name, or a telling word of it
    ("the water bill" is City Water, "northern" is Northern Power)."""
    lowered = text.lower()
    said = set(re.findall(r"[a-z']+", lowered))
    merchants = sorted({e.merchant for e in entries if e.merchant})
    for merchant in merchants:
        if merchant.lower() in lowered:
            return merchant
    for merchant in merchants:
        telling = {w for w in re.findall(r"[a-z']+", merchant.lower()) if len(w) > 2}
        if telling - _PLAIN_NAME_WORDS & said:
            return merchant
    return None


# "spend at Safeway", "spent on petrol last week": what the customer asked about.
_SUBJECT = re.compile(
    r"\b(?:spen[dt]|paid|pay|payments?|bought|buy)\b.*?\b(?:at|on|in|for|to)\s+(?:the\s+)?"
    r"([a-z][a-z'&-]*(?:\s+[a-z][a-z'&-]*)?)",
    re.IGNORECASE,
)
_NOT_A_SUBJECT = {
    "last", "this", "past", "my", "total", "all", "everything", "the", "a", "each", "week",
    "month", "year", "today", "yesterday", "since", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "january", "february",
}  # fmt: skip
_PERIOD_WORDS = {"last", "this", "past", "week", "month", "year", "today", "yesterday", "since"}


def unknown_subject(text: str, merchants: set[str]) -> str | None:
    """A shop or kind of spending the customer named that the bank knows nothing of."""
    match = _SUBJECT.search(text)
    if not match:
        return None
    words = [w for w in match.group(1).lower().split()]
    if words[0] in _NOT_A_SUBJECT or category(match.group(1)):
        return None
    subject = words[0] if len(words) == 1 or words[1] in _PERIOD_WORDS else " ".join(words)
    if subject in CATEGORY_WORDS or any(subject in m.lower() for m in merchants):
        return None
    return subject


def period_before(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same length just before: a calendar month before a month."""
    if start.day == 1 and end.day == 1 and (end.month - start.month) % 12 == 1:
        previous = (start - dt.timedelta(days=1)).replace(day=1)
        return previous, start
    return start - (end - start), start


def _line(entry: Entry, currency: str) -> str:
    what = entry.merchant or entry.description
    sign = "in" if entry.amount_minor > 0 else "out"
    return f"{day(entry.booked_at)}: {what}, {money(abs(entry.amount_minor), currency)} {sign}."


class ActionTransactionHistory(CustomerAction):
    def name(self) -> str:
        return "action_transaction_history"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        if answer_if_paid(customer_id, text, dispatcher):
            return []  # "has the water bill been paid" while it is due: not yet, and when
        start, end, label = _period(tracker)
        answer_history(customer_id, dispatcher, text, (start, end, label))
        return []


def answer_history(
    customer_id: str,
    dispatcher: CollectingDispatcher,
    text: str,
    period: tuple[dt.date, dt.date, str],
) -> None:
    """Say what came in and went out in the period, for what the customer named."""
    svc = services()
    start, end, label = period
    start_at = dt.datetime.combine(start, dt.time.min)
    end_at = dt.datetime.combine(end, dt.time.min)
    flow = direction(text)
    kind = category(text)
    history = svc.ledger.history(customer_id, start_at, end_at, direction=flow, category=kind)
    merchant = _merchant_named(text, history.entries)
    asked = (
        None
        if merchant
        else unknown_subject(text, {e.merchant for e in history.entries if e.merchant})
    )
    if asked:
        shops = sorted({e.merchant for e in history.entries if e.merchant and e.amount_minor < 0})
        found = f" You did pay at: {', '.join(shops[:MAX_LISTED])}." if shops else ""
        dispatcher.utter_message(text=f"I found no payments for {asked} {label}.{found}")
        return
    if merchant:
        history = svc.ledger.history(
            customer_id, start_at, end_at, direction=flow, merchant=merchant
        )
    currency = svc.settings.home_currency
    entries = history.entries
    subject = merchant or kind
    if not entries:
        about = f" for {subject}" if subject else ""
        dispatcher.utter_message(text=f"I found no payments{about} {label}.")
        return
    count = len(entries)
    plural = "payment" if count == 1 else "payments"
    if flow == "in":
        dispatcher.utter_message(
            text=f"{label.capitalize()}, {money(history.money_in_minor, currency)} came in. "
            f"That was {count} {plural}."
        )
    elif flow == "out" or subject:
        on = f" on {subject}" if subject else ""
        dispatcher.utter_message(
            text=f"{label.capitalize()}, you spent {money(history.money_out_minor, currency)}"
            f"{on}. That was {count} {plural}."
        )
    else:
        dispatcher.utter_message(
            text=f"{label.capitalize()}, {money(history.money_in_minor, currency)} came in and "
            f"{money(history.money_out_minor, currency)} went out."
        )
    shown = entries[:MAX_LISTED]
    heading = "The most recent one:" if len(shown) == 1 else f"The {len(shown)} most recent:"
    dispatcher.utter_message(text=heading + "\n" + "\n".join(_line(e, currency) for e in shown))
