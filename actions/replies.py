"""Small helpers that make replies short, plain and readable aloud."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from babel.dates import format_date

from actions.context import services
from assistant.bank.money import format_money


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


def button(title: str, intent: str, **entities: Any) -> dict[str, str]:
    return {"title": title, "payload": payload(intent, **entities)}


YES_NO = [button("Yes", "affirm"), button("No", "deny")]


def latest_entity(tracker: Any, name: str) -> dict[str, Any] | None:
    """The last entity of that name in the latest message, with all its keys."""
    found = [e for e in tracker.latest_message.get("entities", []) if e.get("entity") == name]
    return found[-1] if found else None
