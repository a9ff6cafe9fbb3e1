"""Small helpers that make replies short, plain and readable aloud."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from babel.dates import format_date

from actions.services import services
from assistant.bank.money import format_money

# The bank's telephone number, said wherever a customer is told to call.
BANK_PHONE = "555 0100 000"


def money(minor: int, currency: str) -> str:
    return format_money(minor, currency, services().settings.locale)


def day(value: dt.date | dt.datetime) -> str:
    """A date as words: "Tuesday 3 November"."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, "EEEE d MMMM", locale=services().settings.locale)


def account_phrase(name: str, last4: str) -> str:
    return f"{name} ending {last4}"


def payload(intent: str, **entities: Any) -> str:
    """A button payload that sends an intent with entities: /intent{"k": "v"}."""
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


def read_payload(text: str) -> tuple[str, dict[str, Any]]:
    """The intent and entities of a button payload (`payload`'s inverse); entities that
    are not a JSON object read as none."""
    intent, _, entities = text.lstrip("/").partition("{")
    try:
        found = json.loads("{" + entities) if entities else {}
    except ValueError:
        found = {}
    return intent, found if isinstance(found, dict) else {}


def button(title: str, intent: str, **entities: Any) -> dict[str, str]:
    return {"title": title, "payload": payload(intent, **entities)}


YES_NO = [button("Yes", "affirm"), button("No", "deny")]


def latest_entity(tracker: Any, name: str) -> dict[str, Any] | None:
    """The last entity of that name in the latest message, with all its keys."""
    found = [e for e in tracker.latest_message.get("entities", []) if e.get("entity") == name]
    return found[-1] if found else None


def rate_words(rate_bp: int) -> str:
    return f"{rate_bp / 100:.2f}".rstrip("0").rstrip(".") + "%"


def term_words(months: int | None) -> str:
    if not months:
        return "no fixed term"
    if months % 12 == 0:
        years = months // 12
        return "1 year" if years == 1 else f"{years} years"
    return f"{months} months"
