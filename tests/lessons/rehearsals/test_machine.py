"""The practice call as a state machine: marked as practice, stop at once, kind feedback,
an unclear answer asked about and never scored, and the score at the end."""

from __future__ import annotations

import json

import pytest

from lessons.rehearsals import machine
from lessons.rehearsals.format import parse_rehearsal
from lessons.rehearsals.machine import PRACTICE_MARK, State
from lessons.rehearsals.store import CONTENT_DIR


@pytest.fixture
def call():
    path = CONTENT_DIR / "safe-account-call.yml"
    return parse_rehearsal(path.name, path.read_text())


def texts(turn):
    return [m["text"] for m in turn.messages]


def walk(content, *said):
    turn = machine.begin(content, "0123abcd", 1)
    turns = [turn]
    for text in said:
        state = State.from_json(json.loads(json.dumps(turn.state.to_json())))  # as a slot
        turn = machine.respond(content, state, text)
        turns.append(turn)
    return turns


def test_the_start_says_it_is_practice_and_marks_the_callers_line(call):
    turn = machine.begin(call, "0123abcd", 1)
    intro, line = texts(turn)
    assert "This is only practice" in intro and "Say stop at any time" in intro
    assert line.startswith(PRACTICE_MARK + ' "Hello, this is Mark')
    titles = [b["title"] for b in turn.messages[1]["buttons"]]
    assert titles == ["Hang up and call my bank", "Ask how he can prove it",
                      "Give my card number to check", "Stop practice"]  # fmt: skip
    assert turn.state.to_json() == {
        "v": 1, "rehearsal": "safe-account-call", "version": 1, "step": "the-call",
        "run": "0123abcd", "safe": 0, "answers": 0, "unclear": 0,
    }  # fmt: skip


def test_every_line_of_the_caller_is_marked_as_practice(call):
    for step in call.steps:
        assert machine.caller_line(call, step)["text"].startswith(PRACTICE_MARK)


def test_buttons_and_words_branch_and_the_end_has_the_score_and_the_one_thing(call):
    start, questions, details, secret = walk(
        call,
        machine.answer_payload("the-call", 2),  # Ask how he can prove it: neutral
        "I'll move the money now",  # risky
        "I'd tell my daughter about it",  # safe
    )
    assert questions.state.step == "proof"
    assert texts(questions)[0].startswith("Asking is fair.")
    assert texts(details)[0].startswith("Risky choice. That is what the scammer wants.")
    assert details.decision.move == "move_money" and details.decision.typed
    assert texts(secret)[0].startswith("Safe choice. Well done.")
    assert secret.state is None and secret.ended == "finished"
    assert texts(secret)[1] == (
        "The practice call is over. You made 1 safe choice out of 3.\n"
        "The one thing to remember: Real bank staff never ask you to move your money. "
        "Hang up and call the number on your card."
    )
    assert secret.score == (1, 3)


def test_all_safe_is_praised(call):
    *_, last = walk(call, "hang up and ring my bank on the number on my card")
    assert "You made 1 safe choice out of 1. Well done!" in texts(last)[1]


@pytest.mark.parametrize("said", ["stop", "I want to stop", "end practice", "/rehearsal_stop"])
def test_stop_ends_at_once_at_any_step(call, said):
    *_, stopped = walk(call, machine.answer_payload("the-call", 3), said)
    assert stopped.state is None and stopped.ended == "stopped"
    assert texts(stopped)[0].startswith("The practice call has ended. It was only practice")
    assert stopped.decision is None


def test_an_unclear_answer_is_asked_about_with_the_buttons_and_never_scored(call):
    _, first, second = walk(call, "yes", "ok then")
    assert texts(first)[0].startswith("I did not catch what you would do.")
    assert [b["title"] for b in first.messages[0]["buttons"]][-1] == "Stop practice"
    assert texts(second)[0].startswith("I still did not catch it.")
    assert second.state.answers == 0 and second.decision is None
    assert second.state.step == "the-call"


def test_safe_and_risky_in_one_answer_is_asked_about(call):
    _, turn = walk(call, "I'll hang up, then give him my card number")
    assert texts(turn)[0].startswith("I heard a safe move and a risky one.")


def test_a_move_the_step_has_no_answer_for_gets_the_moves_own_feedback(call):
    _, turn = walk(call, "I'll install the app he wants")  # the first step has no install
    assert texts(turn)[0].startswith("Risky choice. An app from a caller")
    assert turn.state.step == "safe-account"  # where the step's risky answer goes
    _, hung = walk(call, "I'd talk to my neighbour")  # tell_someone: the call ends
    assert hung.ended == "finished"


def test_an_old_button_shows_the_step_again(call):
    _, _, turn = walk(call, machine.answer_payload("the-call", 3),
                      machine.answer_payload("the-call", 1))  # fmt: skip
    assert texts(turn)[0].startswith("That button was from earlier in the call.")
    assert turn.state.step == "safe-account" and turn.state.answers == 1


def test_the_buttons_words_or_place_are_that_answer(call):
    _, turn = walk(call, "give my card number to check")
    assert turn.decision.move == "give_details" and not turn.decision.typed
    _, turn = walk(call, "the first one")
    assert turn.decision.move == "verify_with_bank"


def test_respond_leaves_the_state_it_was_given(call):
    turn = machine.begin(call, "0123abcd", 1)
    before = turn.state.to_json()
    machine.respond(call, turn.state, "hang up")
    assert turn.state.to_json() == before


@pytest.mark.parametrize(
    "slot", [None, {}, {"v": 2}, {"v": 1, "rehearsal": "x"}, {"v": 1, "rehearsal": "x",
             "version": 1, "step": "a", "run": "not-hex!", "safe": 0, "answers": 0}],
)  # fmt: skip
def test_a_slot_that_is_not_a_practice_call_is_none(slot):
    assert State.from_json(slot) is None


def _library():
    for path in sorted(CONTENT_DIR.glob("*.yml")):
        content = parse_rehearsal(path.name, path.read_text())
        for step in content.steps:
            for answer in step.answers:
                yield content, step, answer


@pytest.mark.parametrize(
    ("content", "step", "answer"),
    list(_library()),
    ids=lambda x: getattr(x, "answer", None) or getattr(x, "id", None) or x.slug,
)
def test_a_buttons_words_said_in_a_sentence_take_that_answer_or_ask(content, step, answer):
    """'I would hang up and call my bank' at a step takes its answer; at worst it is asked
    about, never taken as a move of the other kind."""
    state = State(content.slug, 1, step.id, "0123abcd")
    said = "I would " + answer.answer[0].lower() + answer.answer[1:]
    turn = machine.respond(content, state, said)
    if turn.decision is None:
        assert turn.messages[0]["card"]["kind"] == "rehearsal_question", said
    else:
        assert turn.decision.move == answer.move, said
