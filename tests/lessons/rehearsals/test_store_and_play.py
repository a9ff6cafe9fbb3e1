"""Rehearsals on a real database: the workflow (only published text reaches customers),
the function API the dialogue calls, and the analytics each call leaves."""

from __future__ import annotations

import csv
import io
import json

import pytest

from assistant.bank.staff import Actor
from lessons.errors import NotAllowed, WorkflowError
from lessons.rehearsals import machine, play
from lessons.rehearsals.analytics import all_analytics, csv_text, rehearsal_analytics
from lessons.rehearsals.errors import InvalidRehearsal, RehearsalNotFound
from tests.lessons.rehearsals.support import GOOD

TEACHER = Actor("teacher", "educator")
EDITOR = Actor("editor", "reviewer")


@pytest.fixture
def store(services):
    return services.rehearsals


def as_slot(reply):
    """The state as a Rasa slot keeps it: JSON and back."""
    return json.loads(json.dumps(reply.state))


def test_the_library_is_published_and_importing_again_changes_nothing(store):
    slugs = [c.slug for c in store.catalogue()]
    assert {"safe-account-call", "grandchild-emergency", "tech-support-call", "online-friend",
            "prize-fee"} <= set(slugs)  # fmt: skip
    assert store.import_dir().added == []


def test_a_bad_file_stops_the_whole_import(store, tmp_path):
    (tmp_path / "a.yml").write_text(GOOD)
    (tmp_path / "b.yml").write_text(GOOD.replace("test-call", "other-call").replace(
        "next: again", "next: nowhere"))  # fmt: skip
    with pytest.raises(InvalidRehearsal):
        store.import_dir(tmp_path)
    with pytest.raises(RehearsalNotFound):
        store.versions("test-call")


def test_draft_review_publish_and_only_published_text_is_played(store):
    store.create(TEACHER, GOOD)
    with pytest.raises(RehearsalNotFound):
        play.start("test-call", store)
    store.submit(TEACHER, "test-call", 1)
    with pytest.raises(NotAllowed):
        store.publish(TEACHER, "test-call", 1)
    with pytest.raises(WorkflowError):
        store.submit(TEACHER, "test-call", 1)
    store.publish(EDITOR, "test-call", 1)
    reply = play.start("test-call", store)
    assert reply.messages[1]["text"].startswith(machine.PRACTICE_MARK)


def test_editing_a_published_rehearsal_makes_a_new_draft_and_a_call_keeps_its_version(store):
    reply = play.start("prize-fee", store)
    _, source = store.content("prize-fee", 1)
    changed = source.replace("prize draw", "big prize draw")
    draft = store.edit(TEACHER, "prize-fee", changed)
    assert (draft.number, draft.status) == (2, "draft")
    store.submit(TEACHER, "prize-fee", 2)
    store.publish(EDITOR, "prize-fee", 2)
    later = play.answer(as_slot(reply), "who is this?", store)  # still version 1's call
    assert later.state["version"] == 1
    assert "big prize draw" in play.start("prize-fee", store).messages[1]["text"]


def test_a_slot_pointing_at_a_draft_plays_the_published_text(store):
    reply = play.start("prize-fee", store)
    _, source = store.content("prize-fee", 1)
    store.edit(TEACHER, "prize-fee", source.replace("Good news.", "Secret draft words."))
    slot = {**as_slot(reply), "step": "the-fee", "version": 2}
    turn = play.answer(slot, "who are you", store)
    assert "Secret draft words" not in json.dumps(turn.messages)


def test_unpublished_mid_call_ends_the_call_kindly(store):
    reply = play.start("online-friend", store)
    store.unpublish(EDITOR, "online-friend", 1)
    ended = play.answer(as_slot(reply), "no", store)
    assert ended.state is None and "nothing happened to your money" in ended.messages[0]["text"]


def test_answer_and_stop_with_no_call_going_on(store):
    assert play.answer(None, "hang up", store).messages[0]["text"] == play.NOTHING_ON
    assert play.stop({"v": 1}, store).state is None


def test_a_whole_call_by_buttons_and_words_and_its_analytics(store, db):
    reply = play.start("grandchild-emergency", store)
    reply = play.answer(as_slot(reply), machine.answer_payload("the-call", 3), store)  # risky
    reply = play.answer(as_slot(reply), "I'd ring his mum and dad first", store)  # safe
    assert reply.state is None
    assert "You made 1 safe choice out of 2." in reply.messages[-1]["text"]
    stopped = play.start("grandchild-emergency", store)
    assert play.stop(as_slot(stopped), store).state is None
    figures = rehearsal_analytics(db, "grandchild-emergency")
    assert (figures["started"], figures["finished"], figures["stopped"]) == (2, 1, 1)
    assert figures["scores"] == {"1/2": 1}
    assert figures["steps"] == [
        {"step": "the-call", "answers": 1, "safe": 0, "risky": 1, "neutral": 0,
         "safe_share": 0.0, "risky_share": 1.0, "typed_share": 0.0},
        {"step": "lawyer", "answers": 1, "safe": 1, "risky": 0, "neutral": 0,
         "safe_share": 1.0, "risky_share": 0.0, "typed_share": 1.0},
    ]  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(csv_text(all_analytics(db)))))
    mine = [r for r in rows if r["rehearsal"] == "grandchild-emergency"]
    assert [(r["step"], r["safe_share"], r["started"]) for r in mine] == [
        ("the-call", "0.0", "2"), ("lawyer", "1.0", "2")
    ]  # fmt: skip
    assert any(r["rehearsal"] == "prize-fee" and r["step"] == "" for r in rows)


def test_unclear_answers_are_not_recorded_as_decisions(store, db):
    reply = play.start("tech-support-call", store)
    reply = play.answer(as_slot(reply), "hmm", store)
    assert reply.state["unclear"] == 1
    assert rehearsal_analytics(db, "tech-support-call")["steps"] == []


def test_the_menu_find_and_the_offer_after_a_lesson(store):
    menu = play.menu(store)
    assert len(menu.messages[0]["buttons"]) >= 5 and menu.state is None
    assert play.find("let me practise the grandchild call", store) == "grandchild-emergency"
    assert play.find("can I practise the prize one", store) == "prize-fee"
    assert play.find("let me practise", store) is None
    assert play.offer_after_lesson("romance-scams", store) == {
        "title": "Practise this call",
        "payload": '/start_rehearsal{"rehearsal": "online-friend"}',
    }
    assert play.offer_after_lesson("spotting-fake-banknotes", store) is None


def test_export_writes_the_files_that_import_reads_back_unchanged(store, tmp_path):
    written = store.export_dir(tmp_path)
    assert len(written) >= 5
    assert store.import_dir(tmp_path).added == []


def test_csv_cells_that_look_like_formulas_are_quoted():
    text = csv_text([{"slug": "=cmd", "started": 0, "finished": 0, "stopped": 0,
                      "mean_score": None, "steps": []}])  # fmt: skip
    assert "'=cmd" in text


def test_a_start_button_during_a_call_starts_that_one_and_the_menu_shows(store, db):
    reply = play.start("prize-fee", store)
    other = play.answer(as_slot(reply), machine.start_payload("online-friend"), store)
    assert other.state["rehearsal"] == "online-friend"
    assert rehearsal_analytics(db, "prize-fee")["stopped"] == 1
    listed = play.answer(as_slot(other), machine.LIST_PAYLOAD, store)
    assert listed.state is None and len(listed.messages[0]["buttons"]) >= 5
    with pytest.raises(RehearsalNotFound):
        play.answer(None, machine.start_payload("no-such-call"), store)


def test_the_matching_lesson_must_be_a_lesson(store):
    with pytest.raises(InvalidRehearsal) as raised:
        store.create(TEACHER, GOOD.replace("keywords:", "lesson: no-such-lesson\nkeywords:"))
    assert [(p.field, p.text[:40]) for p in raised.value.details] == [
        ("lesson", "There is no lesson called no-such-lesson")
    ]
    made = store.create(TEACHER, GOOD.replace("keywords:", "lesson: keep-pins-secret\nkeywords:"))
    assert made.status == "draft"
