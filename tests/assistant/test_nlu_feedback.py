"""Harvesting misunderstood messages from Rasa's own SQL tracker store."""

import asyncio

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.nlu_feedback import (
    CORRECTED,
    NOT_UNDERSTOOD,
    NluFeedbackStore,
    UnknownIntent,
    is_correction,
    training_yaml,
)


def _say(tracker, text, intent):
    tracker.update(UserUttered(text, {"name": intent, "confidence": 0.9}))


@pytest.fixture
def conversations(bank_settings, db):
    """Two conversations written by Rasa's SQLTrackerStore into the bank's database."""
    path = bank_settings.database_url.removeprefix("sqlite:///")
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=path)
    first = DialogueStateTracker("s-1", [])
    _say(first, "shift my dosh to the rainy day pot", "nlu_fallback")
    _say(first, "move money to savings", "move_money")
    _say(first, "my pin is 4321 and it does not work", "nlu_fallback")
    _say(first, "/affirm", "affirm")
    asyncio.run(store.save(first))
    second = DialogueStateTracker("s-2", [])
    _say(second, "pay the gas people", "transfer_money")
    _say(second, "no, I meant pay my gas bill", "pay_bill")
    _say(second, "what is my balance", "check_balance")
    asyncio.run(store.save(second))
    store.engine.dispose()
    return NluFeedbackStore(db)


def test_harvest_keeps_not_understood_and_corrected_messages_once_and_redacted(conversations):
    assert conversations.harvest() == 3
    assert conversations.harvest() == 0, "a message is kept once"
    found = {
        (i.text, i.reason, i.predicted_intent, i.reached_intent) for i in conversations.waiting()
    }
    assert found == {
        ("shift my dosh to the rainy day pot", NOT_UNDERSTOOD, "nlu_fallback", "move_money"),
        ("my pin is **** and it does not work", NOT_UNDERSTOOD, "nlu_fallback", None),
        ("pay the gas people", CORRECTED, "transfer_money", "pay_bill"),
    }


def test_reviewed_messages_become_training_data(conversations):
    conversations.harvest()
    items = {i.text: i.id for i in conversations.waiting()}
    known = ["move_money", "pay_bill"]
    assert (
        conversations.review(
            "tina", [items["shift my dosh to the rainy day pot"]], "move_money", known
        )
        == 1
    )
    conversations.review(
        "tina", [items["my pin is **** and it does not work"]], "out_of_scope", known
    )
    with pytest.raises(UnknownIntent):
        conversations.review("tina", [items["pay the gas people"]], "make_tea", known)
    assert [i.text for i in conversations.waiting()] == ["pay the gas people"]
    yaml_text = training_yaml(conversations.examples_by_intent())
    assert "  - intent: move_money\n    examples: |\n      - shift my dosh" in yaml_text
    assert "  - intent: out_of_scope\n    examples: |\n      - my pin is ****" in yaml_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no, I meant pay my gas bill", True),
        ("I meant savings", True),
        ("that's not what I said", True),
        ("no thanks", False),
        ("pay my gas bill", False),
    ],
)
def test_corrections_are_recognised(text, expected):
    assert is_correction(text) is expected
