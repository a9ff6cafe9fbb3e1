"""Reading the conversation's recent past from the tracker."""

from __future__ import annotations

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
