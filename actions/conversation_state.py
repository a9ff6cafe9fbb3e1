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


def _previous_bot_events(tracker: Tracker) -> list[dict[str, Any]]:
    """The bot messages of the assistant's last turn, in order."""
    said: list[dict[str, Any]] = []
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                break
            seen_user = True
        elif seen_user and event.get("event") == "bot":
            said.insert(0, event)
    return said


def previous_bot_button_list(tracker: Tracker) -> list[dict[str, Any]]:
    """The buttons the assistant offered in its last turn (title and payload)."""
    return [
        b
        for event in _previous_bot_events(tracker)
        for b in (event.get("data") or {}).get("buttons") or []
    ]


def previous_bot_buttons(tracker: Tracker) -> list[str]:
    """Payloads of the buttons the assistant offered in its last turn."""
    return [str(b.get("payload")) for b in previous_bot_button_list(tracker)]


def previous_bot_texts(tracker: Tracker) -> list[str]:
    """What the assistant said in its last turn, message by message."""
    return [event.get("text") or "" for event in _previous_bot_events(tracker)]


def previous_user_message(tracker: Tracker) -> dict[str, Any] | None:
    """The customer's message before the latest one, as parsed (text, intent, ranking)."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    if len(users) < 2:
        return None
    earlier = users[-2]
    return {**(earlier.get("parse_data") or {}), "text": earlier.get("text") or ""}


def last_request(tracker: Tracker) -> str | None:
    """The last payment request this conversation waited on, answered or not."""
    for event in reversed(tracker.events):
        if (
            event.get("event") == "slot"
            and event.get("name") == "pending_request"
            and (event.get("value"))
        ):
            return str(event["value"])
    return None


def answered_this_turn(tracker: Tracker) -> bool:
    """Whether an earlier action already answered the latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot":
            return True
    return False
