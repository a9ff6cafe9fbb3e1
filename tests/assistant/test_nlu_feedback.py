"""Harvesting misunderstood messages from Rasa's own SQL tracker store."""

import pytest

from assistant.bank.db import Database
from assistant.nlu_feedback import (
    CORRECTED,
    NOT_UNDERSTOOD,
    NluFeedbackStore,
    UnknownIntent,
    is_correction,
    training_yaml,
)
from tests.tracker_events import write_conversations

TWO_TRAINERS = {"affirm", "deny", "pay_bill", "move_money"}
OOS = "out_of_scope"


@pytest.fixture
def conversations(bank_settings, db):
    write_conversations(bank_settings.database_url)
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
    dosh = items["shift my dosh to the rainy day pot"]
    assert conversations.review("tina", [dosh], "move_money", known, TWO_TRAINERS) == 1
    conversations.review(
        "tina", [items["my pin is **** and it does not work"]], "out_of_scope", known, TWO_TRAINERS
    )
    for wrong in ("make_tea", ""):
        with pytest.raises(UnknownIntent):
            conversations.review("tina", [items["pay the gas people"]], wrong, known, TWO_TRAINERS)
    assert [i.text for i in conversations.waiting()] == ["pay the gas people"]
    assert "move_money" not in conversations.examples_by_intent()
    assert conversations.approve("tina", [dosh]) == 0, "not one's own label"
    assert conversations.approve("tom", [dosh]) == 1
    yaml_text = training_yaml(conversations.examples_by_intent())
    assert "- intent: move_money\n  examples: |\n    - shift my dosh" in yaml_text
    assert "- intent: out_of_scope\n  examples: |\n    - my pin is ****" in yaml_text


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


def test_assistant_nlu_export_writes_the_reviewed_examples(conversations, bank_settings, tmp_path):
    import os
    import subprocess
    import sys

    conversations.harvest()
    corrected = next(i for i in conversations.waiting() if i.reason == CORRECTED)
    conversations.review("tina", [corrected.id], "pay_bill", ["pay_bill"], TWO_TRAINERS)
    conversations.approve("tom", [corrected.id])
    out = tmp_path / "reviewed.yml"
    env = {**os.environ, "DATABASE_URL": bank_settings.database_url}
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "nlu", "export", "--out", str(out)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Wrote 1 reviewed examples" in done.stdout
    assert "- intent: pay_bill\n  examples: |\n    - pay the gas people\n" in out.read_text()


def test_a_yes_labelled_by_one_trainer_before_the_rule_waits_for_a_second(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'before.db'}")
    db.upgrade("0010_contact_verification")
    with db.engine.begin() as connection:
        for event_id, text, intent in ((1, "no stop", "affirm"), (2, "is it raining", OOS)):
            connection.exec_driver_sql(
                "INSERT INTO nlu_feedback (event_id, text, reason, status, intent, reviewed_by,"
                " created_at) VALUES (?, ?, 'not_understood', 'reviewed', ?, 'tina',"
                " '2026-12-01 09:00:00')",
                (event_id, text, intent),
            )
    db.upgrade()
    store = NluFeedbackStore(db)
    assert store.examples_by_intent() == {"out_of_scope": ["is it raining"]}
    assert [(i.text, i.intent) for i in store.awaiting_second()] == [("no stop", "affirm")]
    db.dispose()
