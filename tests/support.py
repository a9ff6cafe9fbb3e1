"""Helpers the tests share: real trackers, a good lesson, the portal's log-in.

Test modules import from here (or use the fixtures in conftest.py), never from each other.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker

from assistant.bank.db import Database
from assistant.bank.models import Conversation

PAGE = {"Accept": "text/html"}


def run_action(
    action: Any, tracker: Tracker, domain: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Run a custom action on a real tracker: the messages it sent, the events it returned."""
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain or {}))
    return dispatcher.messages, events


def slot_values(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The slots the events set, by name."""
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def bind(db: Database, sender_id: str, customer_id: str | None) -> None:
    with db.session() as session:
        session.add(Conversation(sender_id=sender_id, customer_id=customer_id, channel="test"))


def make_tracker(
    sender_id: str,
    text: str = "",
    intent: str = "inform",
    *,
    confidence: float = 0.99,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    requested_slot: str | None = None,
) -> Tracker:
    """A real rasa-sdk Tracker whose latest message is `text`."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": intent, "confidence": confidence}],
        "entities": entities or [],
    }
    all_slots = {"requested_slot": requested_slot, **(slots or {})}
    history = (
        events if events is not None else [{"event": "user", "text": text, "parse_data": latest}]
    )
    return Tracker(sender_id, all_slots, latest, history, False, None, {}, "action_listen")


_BOT_DATA = ("elements", "quick_replies", "buttons", "attachment", "image", "custom")


def bot_events(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The bot events Rasa makes of what an action sent: its text, its data (buttons)
    and every other key as metadata, as rasa's `create_bot_utterance` does."""
    events = []
    for message in messages:
        rest = {k: v for k, v in message.items() if k != "text" and k not in _BOT_DATA}
        data = {k: message.get(k) for k in _BOT_DATA}
        events.append({"event": "bot", "text": message.get("text"), "data": data, "metadata": rest})
    return events


def answering(
    sender_id: str,
    asked: str,
    messages: list[dict[str, Any]],
    text: str,
    intent: str = "affirm",
    *,
    confidence: float = 0.99,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
) -> Tracker:
    """A tracker whose latest message `text` answers the assistant's last turn: the
    customer said `asked`, and the assistant sent `messages`."""
    events = [
        {"event": "user", "text": asked},
        {"event": "action", "name": "action_under_test"},
        *bot_events(messages),
        {"event": "action", "name": "action_listen"},
    ]
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
    }
    events.append({"event": "user", "text": text, "parse_data": latest})
    return make_tracker(
        sender_id, text, intent, confidence=confidence, entities=entities, slots=slots,
        events=events,
    )  # fmt: skip


def say_yes(
    sender_id: str, asked: str, messages: list[dict[str, Any]], text: str = "yes"
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The customer says yes to the assistant's last turn: the yes action's messages and
    events."""
    from actions.money.confirm import ActionHandleAffirm

    return run_action(ActionHandleAffirm(), answering(sender_id, asked, messages, text))


def after_read_back(
    sender_id: str,
    text: str,
    intent: str,
    request_id: str,
    confidence: float = 0.99,
    asked: str = "send 50 dollars to my daughter",
) -> Tracker:
    """A tracker whose latest message `text` came right after the read-back of the
    payment `request_id` (asked for as `asked`)."""
    events = [
        {"event": "user", "text": asked},
        {"event": "action", "name": "action_prepare_transfer"},
        {"event": "bot", "text": "Shall I send it?"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text},
    ]
    return make_tracker(
        sender_id, text, intent, confidence=confidence,
        slots={"pending_request": request_id}, events=events,
    )  # fmt: skip


# A lesson that passes every check of the authoring format.
GOOD = """---
slug: test-lesson
title: A test lesson
summary: A short lesson used by the tests.
tags: [test]
minutes: 1
quiz:
  - question: Is this a test?
    choices: [Yes, No]
    answer: A
    explanation: It is a test.
  - question: Pick the second.
    choices: [First, Second, Third]
    answer: B
    explanation: The second is right.
---
## One
Call the bank on the number on your card.

## Two
Never tell anyone your PIN.

## Three
Hang up if you feel rushed.
"""


def csrf(client, path: str) -> str:
    page = client.get(path, headers=PAGE).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def portal_login(client, user="teacher", password="lessons-for-all"):  # noqa: S107 (demo staff)
    token = csrf(client, "/educator/login")
    return client.post(
        "/educator/login",
        data={"user": user, "password": password, "csrf_token": token},
        headers=PAGE,
    )
