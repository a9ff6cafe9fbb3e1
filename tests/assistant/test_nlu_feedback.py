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


def test_each_message_comes_with_what_the_assistant_said_just_before(conversations):
    conversations.harvest()
    asked = {i.text: i.asked for i in conversations.waiting()}
    assert asked == {
        "shift my dosh to the rainy day pot": "Hello Robert. What would you like to do?",
        "my pin is **** and it does not work": "How much would you like to move?",
        "pay the gas people": "",  # the customer spoke first
    }


def test_the_assistants_buttons_and_a_long_turns_end_are_kept_redacted(bank_settings, db):
    from assistant.nlu_feedback import ASKED_CHARS
    from tests.tracker_events import Bot

    card = "4111 1111 1111 1111"
    long_turn = Bot("Here is a long story. " * 60 + f"Which card, the one ending {card}?")
    write_conversations(
        bank_settings.database_url,
        {
            "s-1": [
                Bot("Shall I send it?", ["Yes", "No"]),
                ("blorp", "nlu_fallback"),
                long_turn,
                ("zonk", "nlu_fallback"),
            ]
        },
    )
    store = NluFeedbackStore(db)
    store.harvest()
    asked = {i.text: i.asked for i in store.waiting()}
    assert asked["blorp"] == "Shall I send it?\nButtons: Yes | No"
    assert len(asked["zonk"]) <= ASKED_CHARS and asked["zonk"].startswith("...")
    assert asked["zonk"].endswith("Which card, the one ending ****1111?")


def test_a_message_kept_before_the_assistants_words_were_gets_them(conversations, db):
    conversations.harvest()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE nlu_feedback SET asked = NULL")
    assert {i.asked for i in conversations.waiting()} == {""}
    assert conversations.harvest() == 0
    assert "How much would you like to move?" in {i.asked for i in conversations.waiting()}


def test_a_trainer_takes_back_their_own_label_until_a_second_trainer_approves(conversations):
    conversations.harvest()
    items = {i.text: i.id for i in conversations.waiting()}
    known = ["move_money", "pay_bill", "affirm"]
    dosh = items["shift my dosh to the rainy day pot"]
    pin = items["my pin is **** and it does not work"]
    gas = items["pay the gas people"]
    conversations.review("tina", [dosh], "move_money", known, TWO_TRAINERS)
    conversations.review("tina", [pin], OOS, known, TWO_TRAINERS)
    conversations.review("tina", [gas], "pay_bill", known, TWO_TRAINERS)
    conversations.approve("tom", [gas])

    assert conversations.take_back("tom", [dosh, pin], TWO_TRAINERS) == 0, "not another's label"
    assert conversations.take_back("tina", [gas], TWO_TRAINERS) == 0, "approved: it stays"
    assert conversations.take_back("tina", [dosh, pin], TWO_TRAINERS) == 2
    waiting = conversations.waiting()
    assert {i.id for i in waiting} == {dosh, pin}
    assert {(i.intent, i.reviewed_by, i.status) for i in waiting} == {(None, None, "new")}
    assert conversations.take_back("tina", [dosh], TWO_TRAINERS) == 0, "once"
    assert conversations.examples_by_intent() == {"pay_bill": ["pay the gas people"]}
