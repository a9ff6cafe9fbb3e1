"""Reading the conversation's recent past from the tracker."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


def previous_bot_action(tracker: Tracker) -> str | None:
    """The last action the assistant ran before the latest user message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "action":
            name = event.get("name")
            if name and name != "action_listen":
                return name
    return None


def previous_bot_buttons(tracker: Tracker) -> list[str]:
    """Payloads of the buttons the assistant offered in its last turn."""
    payloads: list[str] = []
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                break
            seen_user = True
        elif seen_user and event.get("event") == "bot":
            buttons = (event.get("data") or {}).get("buttons") or []
            payloads.extend(str(b.get("payload")) for b in buttons)
    return payloads


def previous_user_message(tracker: Tracker) -> dict[str, Any] | None:
    """The customer's message before the latest one, as parsed (text, intent, ranking)."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    if len(users) < 2:
        return None
    earlier = users[-2]
    return {**(earlier.get("parse_data") or {}), "text": earlier.get("text") or ""}
