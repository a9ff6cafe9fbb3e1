"""Conversations written by Rasa's own SQLTrackerStore, as a running assistant writes them."""

from __future__ import annotations

import asyncio

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

# Two conversations: things not understood, a button, and a correction.
CONVERSATIONS = {
    "s-1": [
        ("shift my dosh to the rainy day pot", "nlu_fallback"),
        ("move money to savings", "move_money"),
        ("my pin is 4321 and it does not work", "nlu_fallback"),
        ("/affirm", "affirm"),
    ],
    "s-2": [
        ("pay the gas people", "transfer_money"),
        ("no, I meant pay my gas bill", "pay_bill"),
        ("what is my balance", "check_balance"),
    ],
}


def write_conversations(
    sqlite_url: str, conversations: dict[str, list[tuple[str, str]]] = CONVERSATIONS
) -> None:
    path = sqlite_url.removeprefix("sqlite:///")
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=path)
    for sender_id, turns in conversations.items():
        tracker = DialogueStateTracker(sender_id, [])
        for text, intent in turns:
            tracker.update(UserUttered(text, {"name": intent, "confidence": 0.9}))
        asyncio.run(store.save(tracker))
    store.engine.dispose()
