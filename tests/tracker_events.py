"""Conversations written by Rasa's own SQLTrackerStore, as a running assistant writes them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker


@dataclass(frozen=True)
class Bot:
    """What the assistant says in a conversation: its words and the buttons' titles."""

    text: str
    buttons: list[str] = field(default_factory=list)


# Two conversations: things not understood, a button, and a correction; the assistant's
# words before them.
CONVERSATIONS: dict[str, list[tuple[str, str] | Bot]] = {
    "s-1": [
        Bot("Hello Robert. What would you like to do?"),
        ("shift my dosh to the rainy day pot", "nlu_fallback"),
        Bot("Sorry, I did not understand that.", ["Send money", "My balance"]),
        ("move money to savings", "move_money"),
        Bot("How much would you like to move?"),
        ("my pin is 4321 and it does not work", "nlu_fallback"),
        Bot("Shall I move 50 dollars to your savings?", ["Yes", "No"]),
        ("/affirm", "affirm"),
    ],
    "s-2": [
        ("pay the gas people", "transfer_money"),
        Bot("Who would you like to send money to?"),
        ("no, I meant pay my gas bill", "pay_bill"),
        ("what is my balance", "check_balance"),
    ],
}


def write_conversations(
    sqlite_url: str, conversations: dict[str, list[tuple[str, str] | Bot]] = CONVERSATIONS
) -> None:
    path = sqlite_url.removeprefix("sqlite:///")
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=path)
    for sender_id, turns in conversations.items():
        tracker = DialogueStateTracker(sender_id, [])
        for turn in turns:
            if isinstance(turn, Bot):
                buttons = [{"title": t, "payload": f"/{t.lower()}"} for t in turn.buttons]
                tracker.update(BotUttered(turn.text, {"buttons": buttons} if buttons else {}))
            else:
                text, intent = turn
                tracker.update(UserUttered(text, {"name": intent, "confidence": 0.9}))
        asyncio.run(store.save(tracker))
    store.engine.dispose()
