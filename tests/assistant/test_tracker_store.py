"""CachingSQLTrackerStore: the saved tracker is reused only while the database agrees with it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from assistant.engine import rasa_speedups
from assistant.engine.tracker_store import CachingSQLTrackerStore
from assistant.errors import ConfigurationError
from assistant.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


def store(path: Path, domain: Domain, **kwargs) -> CachingSQLTrackerStore:
    return CachingSQLTrackerStore(domain=domain, dialect="sqlite", db=str(path), **kwargs)


def conversation(sender_id: str, domain: Domain, *texts: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender_id, domain.slots)
    for text in texts:
        tracker.update(UserUttered(text))
        tracker.update(ActionExecuted("action_listen"))
    return tracker


def texts(tracker: DialogueStateTracker) -> list[str]:
    return [e.text for e in tracker.events if isinstance(e, UserUttered)]


def test_the_saved_tracker_is_reused_while_nothing_else_wrote(tmp_path, domain) -> None:
    one = store(tmp_path / "t.db", domain)
    tracker = conversation("mary", domain, "hello", "what is my balance")
    asyncio.run(one.save(tracker))
    assert asyncio.run(one.retrieve("mary")) is tracker


def test_a_turn_saved_by_another_process_is_read_from_the_database(tmp_path, domain) -> None:
    one, two = store(tmp_path / "t.db", domain), store(tmp_path / "t.db", domain)
    asyncio.run(one.save(conversation("mary", domain, "hello")))
    elsewhere = asyncio.run(two.retrieve("mary"))
    elsewhere.update(UserUttered("send 5 dollars to alice"))
    asyncio.run(two.save(elsewhere))
    assert texts(asyncio.run(one.retrieve("mary"))) == ["hello", "send 5 dollars to alice"]


def test_a_tracker_changed_but_not_saved_is_read_again(tmp_path, domain) -> None:
    one = store(tmp_path / "t.db", domain)
    tracker = conversation("mary", domain, "hello")
    asyncio.run(one.save(tracker))
    tracker.update(SlotSet("transfer_payee", "Alice Wong"))  # a turn that failed half-way
    again = asyncio.run(one.retrieve("mary"))
    assert again is not tracker
    assert again.get_slot("transfer_payee") is None
    assert texts(again) == ["hello"]


def test_a_new_model_drops_the_cached_trackers(tmp_path, domain) -> None:
    one = store(tmp_path / "t.db", domain)
    tracker = conversation("mary", domain, "hello")
    asyncio.run(one.save(tracker))
    one.domain = domain
    assert asyncio.run(one.retrieve("mary")) is not tracker


def test_the_cache_keeps_the_most_recent_conversations(tmp_path, domain) -> None:
    one = store(tmp_path / "t.db", domain, cache_size=2)
    trackers = {name: conversation(name, domain, "hello") for name in ("li", "mary", "robert")}
    for tracker in trackers.values():
        asyncio.run(one.save(tracker))
    assert asyncio.run(one.retrieve("li")) is not trackers["li"]
    assert asyncio.run(one.retrieve("robert")) is trackers["robert"]


def test_action_replies_are_validated_as_strictly_with_the_compiled_schema() -> None:
    rasa_speedups.apply()
    action = RemoteAction("action_check_balance", EndpointConfig("http://127.0.0.1:1/webhook"))
    assert action._validate_action_result({"events": [], "responses": [{"text": "Hi"}]})
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": [{"event": "slot"}], "responses": "Hi"})


def test_the_action_server_is_sent_the_recent_events_and_every_slot(domain) -> None:
    rasa_speedups.apply({"ACTION_EVENT_WINDOW": "50"})
    tracker = conversation("mary", domain, *[f"message {n}" for n in range(40)])
    tracker.update(SlotSet("transfer_payee", "Alice Wong"))
    action = RemoteAction("action_check_balance", EndpointConfig("http://127.0.0.1:1/webhook"))
    sent = action._action_call_format(tracker, domain)["tracker"]
    assert len(tracker.events) > 50
    assert sent["events"] == [e.as_dict() for e in list(tracker.events)[-50:]]
    assert sent["slots"]["transfer_payee"] == "Alice Wong"
    assert sent["latest_message"]["text"] == "message 39"
    short = conversation("li", domain, "hello")
    assert action._action_call_format(short, domain)["tracker"]["events"] == [
        e.as_dict() for e in short.events
    ]


def stored_texts(path: Path) -> list[str]:
    import json
    import sqlite3

    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT data FROM events WHERE type_name = 'user' ORDER BY id").fetchall()
    return [json.loads(data)["text"] for (data,) in rows]


def test_each_event_is_stored_once_across_a_new_session(tmp_path, domain) -> None:
    """A customer back after the session expired: the cached tracker holds both sessions."""
    one = store(tmp_path / "t.db", domain)
    tracker = conversation("mary", domain, "hello", "what is my balance")
    asyncio.run(one.save(tracker))
    tracker = asyncio.run(one.retrieve("mary"))
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    for event in conversation("mary", domain, "back again").events:
        tracker.update(event)
    asyncio.run(one.save(tracker))
    tracker = asyncio.run(one.retrieve("mary"))
    for event in conversation("mary", domain, "and my bills").events:
        tracker.update(event)
    asyncio.run(one.save(tracker))
    assert stored_texts(tmp_path / "t.db") == [
        "hello",
        "what is my balance",
        "back again",
        "and my bills",
    ]


def test_a_turn_saved_elsewhere_in_between_is_not_stored_twice(tmp_path, domain) -> None:
    one, two = store(tmp_path / "t.db", domain), store(tmp_path / "t.db", domain)
    mine = conversation("mary", domain, "hello")
    asyncio.run(one.save(mine))
    theirs = asyncio.run(two.retrieve("mary"))
    theirs.update(UserUttered("from the other process"))
    asyncio.run(two.save(theirs))
    mine = asyncio.run(one.retrieve("mary"))
    mine.update(UserUttered("and back here"))
    asyncio.run(one.save(mine))
    assert stored_texts(tmp_path / "t.db") == ["hello", "from the other process", "and back here"]


def test_another_rasa_version_is_refused_before_anything_is_patched() -> None:
    import rasa

    rasa_speedups.check_rasa_version(rasa.__version__)
    with pytest.raises(ConfigurationError, match="Rasa 3.7.0 is installed.*make install"):
        rasa_speedups.check_rasa_version("3.7.0")
