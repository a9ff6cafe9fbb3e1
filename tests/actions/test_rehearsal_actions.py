"""The practice-call actions with real trackers and the published library: what they say,
the `rehearsal` slot they keep, and that practice words never reach the risk rules."""

from actions.classroom.lessons import utter
from actions.classroom.rehearsals import (
    ActionListRehearsals,
    ActionRehearsalAnswer,
    ActionStartRehearsal,
)
from actions.said import PRACTICE_ACTIONS, conversation_text
from lessons.rehearsals.machine import PRACTICE_MARK, STOP_PAYLOAD, start_payload
from lessons.rehearsals.policy import SLOT
from tests.support import bind, make_tracker, slot_values
from tests.support import run_action as run


def _guest(db, sender="s-practice"):
    bind(db, sender, None)
    return sender


def test_a_request_that_names_no_call_lists_the_practice_calls(db, services):
    messages, events = run(ActionStartRehearsal(), make_tracker(_guest(db), "let me practise"))
    assert "Which practice call would you like" in messages[0]["text"]
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "The grandchild in trouble" in titles and len(titles) == 5
    assert slot_values(events) == {SLOT: None}


def test_a_call_named_in_words_starts_and_is_kept_in_the_slot(db, services):
    tracker = make_tracker(_guest(db), "can I practise the grandchild call")
    messages, events = run(ActionStartRehearsal(), tracker)
    assert messages[-1]["text"].startswith(PRACTICE_MARK)
    state = slot_values(events)[SLOT]
    assert state["rehearsal"] == "grandchild-emergency"
    assert {"event": "active_loop", "name": None} in [
        {k: e.get(k) for k in ("event", "name")} for e in events
    ]


def test_a_start_button_starts_the_call_it_names(db, services):
    payload = start_payload("prize-fee")
    tracker = make_tracker(
        _guest(db),
        payload,
        "start_rehearsal",
        entities=[{"entity": "rehearsal", "value": "prize-fee"}],
    )
    messages, events = run(ActionStartRehearsal(), tracker)
    assert slot_values(events)[SLOT]["rehearsal"] == "prize-fee"
    assert PRACTICE_MARK in messages[-1]["text"]


def test_an_answer_in_words_is_scored_and_stop_ends_the_call(db, services):
    sender = _guest(db)
    _, events = run(ActionStartRehearsal(), make_tracker(sender, "practise the safe account call"))
    state = slot_values(events)[SLOT]
    tracker = make_tracker(
        sender, "I would hang up and ring the number on my card", slots={SLOT: state}
    )
    messages, events = run(ActionRehearsalAnswer(), tracker)
    assert messages[0]["text"].startswith("Safe choice.")
    assert slot_values(events) == {SLOT: None}  # a safe first answer ends this call
    assert "The practice call is over" in messages[-1]["text"]

    _, events = run(ActionStartRehearsal(), make_tracker(sender, "practise the safe account call"))
    state = slot_values(events)[SLOT]
    stop = make_tracker(sender, STOP_PAYLOAD, "rehearsal_stop", slots={SLOT: state})
    messages, events = run(ActionRehearsalAnswer(), stop)
    assert "The practice call has ended" in messages[0]["text"]
    assert slot_values(events) == {SLOT: None}


def test_a_stop_button_after_the_call_ended_says_there_is_none(db, services):
    tracker = make_tracker(_guest(db), STOP_PAYLOAD, "rehearsal_stop")
    messages, events = run(ActionRehearsalAnswer(), tracker)
    assert "There is no practice call going on" in messages[0]["text"]
    assert slot_values(events) == {SLOT: None}


def test_the_list_action_shows_the_menu(db, services):
    messages, _ = run(ActionListRehearsals(), make_tracker(_guest(db), "/list_rehearsals"))
    assert len(messages[0]["buttons"]) == 5


def test_a_lesson_score_offers_its_practice_call(db, services):
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    score = {
        "text": "You got 2 of 2 right. Well done!",
        "buttons": [{"title": "Another lesson", "payload": "/list_lessons"}],
        "card": {"kind": "score", "lesson": "Safe account calls", "slug": "safe-account-calls"},
    }
    utter(dispatcher, score)
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert titles == ["Practise this call", "Another lesson"]
    dispatcher = CollectingDispatcher()
    utter(dispatcher, {**score, "card": {**score["card"], "slug": "keep-pins-secret"}})
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["Another lesson"]


def _turn(text, answered_by):
    return [
        {"event": "user", "text": text, "parse_data": {"intent": {"name": "inform"}}},
        {"event": "action", "name": answered_by},
        {"event": "bot", "text": "..."},
        {"event": "action", "name": "action_listen"},
    ]


def test_what_is_said_in_a_practice_call_is_not_read_by_the_risk_rules():
    events = (
        _turn("a man rang about my grandson", "action_answer_scam_story")
        + _turn("practise the safe account call", "action_start_rehearsal")
        + _turn("I will move my savings to the safe account", "action_rehearsal_answer")
        + _turn("send 20 to alice", "transfer_form")
    )
    tracker = make_tracker("s-any", "send 20 to alice", events=events)
    said = conversation_text(tracker)
    assert "grandson" in said and "send 20 to alice" in said
    assert "safe account" not in said
    assert {"action_start_rehearsal", "action_rehearsal_answer"} <= PRACTICE_ACTIONS
