"""Reading a customer's own answer in a practice call: stop, a move, or unclear.

DEV holds the phrasings the patterns were written from; heldout_answers.yml holds
others, written before the patterns and never used to write them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lessons.rehearsals.moves import MOVES, RISKY, SAFE
from lessons.rehearsals.words import MOVE, STOP, UNCLEAR, is_stop, read_answer

DEV = {
    "hang_up": ["I'd hang up", "hang up the phone", "I would hang the phone up",
                "put the phone down", "end the call now and goodbye", "bye bye",
                "I hung up on him"],
    "refuse": ["no", "No way", "I won't do that", "I'm not giving you my code",
               "I will never send you money", "stop calling me", "leave me alone",
               "I don't want to move anything, no", "not interested thank you",
               "I won't install anything",
               "I dont send money to people I have never met", "I wont give him the code"],
    "verify_with_bank": ["I'd call my bank", "I'll ring the bank on the number on my card",
                         "let me phone my branch", "I will check myself first",
                         "I'll call him back on his own number"],
    "tell_someone": ["I'll talk to my daughter", "let me ask my son",
                     "I'd tell my husband first", "I'll report it to the police",
                     "I want to speak to my family"],
    "ask_questions": ["who is this?", "What's your name?", "how do I know you're real?",
                      "which bank are you from"],
    "give_code": ["the code is 123456", "ok I'll read you the code", "it's 4 4 1 2",
                  "here is the one-time code"],
    "give_details": ["my card number is 4111 1111 1111 1111", "my PIN is 4321",
                     "I'll give you my password", "my sort code is 12-34-56"],
    "move_money": ["ok I'll move the money", "I'll transfer my savings",
                   "I'll send you the money", "I'll buy the gift cards",
                   "fine I'll pay the fee", "I'll put it in the safe account"],
    "install_app": ["I'll install it", "ok I'm downloading AnyDesk",
                    "I'll let you in to my computer", "I clicked on the link"],
    "keep_secret": ["I'll keep it a secret", "ok I won't tell anyone",
                    "it stays between us"],
}  # fmt: skip
DEV_STOPS = ["stop", "STOP!", "please stop", "end practice", "I want to stop",
             "stop the rehearsal", "can we stop now", "quit", "that's enough"]  # fmt: skip
DEV_UNCLEAR = ["yes", "ok", "maybe", "hmm", "I'm not sure", "tell me more",
               "I'll hang up and then give you the code"]  # fmt: skip
HELDOUT = yaml.safe_load((Path(__file__).parent / "heldout_answers.yml").read_text())


@pytest.mark.parametrize(
    ("move", "text"), [(move, text) for move, texts in DEV.items() for text in texts]
)
def test_a_move_in_the_customers_words(move, text):
    reading = read_answer(text)
    assert reading.kind == MOVE, (text, reading)
    assert reading.moves[0] == move, (text, reading)


@pytest.mark.parametrize("text", DEV_STOPS)
def test_stop_always_stops(text):
    assert is_stop(text)
    assert read_answer(text).kind == STOP


@pytest.mark.parametrize(
    "text", ["stop calling me", "I'd tell him to stop", "stop it, I'm hanging up on you"]
)
def test_stop_said_to_the_caller_is_no_stop(text):
    assert not is_stop(text)


@pytest.mark.parametrize("text", DEV_UNCLEAR)
def test_a_yes_nothing_or_safe_and_risky_together_is_unclear(text):
    assert read_answer(text).kind == UNCLEAR, read_answer(text)


def test_a_reading_says_why():
    reading = read_answer("you are not getting my card number")
    assert reading.moves == ("refuse",)
    assert any("said with a no" in why for why in reading.because), reading.because


def _heldout_cases():
    for label, texts in HELDOUT.items():
        for text in texts:
            yield label, text


def _read(text):
    reading = read_answer(text)
    return reading.kind if reading.kind != MOVE else reading.moves[0]


def test_heldout_answers_never_swap_safe_and_risky():
    """The one mistake that matters: a risky answer praised, or a safe one scolded."""
    swapped = []
    for label, text in _heldout_cases():
        if label not in MOVES:
            continue
        got = _read(text)
        if got in MOVES and {MOVES[got].kind, MOVES[label].kind} == {SAFE, RISKY}:
            swapped.append(f"{text!r}: {label} read as {got}")
    assert not swapped, swapped


def test_heldout_stops_all_stop():
    missed = [text for text in HELDOUT["stop"] if _read(text) != STOP]
    assert not missed, missed


def test_heldout_unclear_is_never_a_risky_move():
    risky = [t for t in HELDOUT["unclear"] if _read(t) in MOVES and MOVES[_read(t)].kind == RISKY]
    assert not risky, risky


def test_heldout_answers_mostly_read_exactly():
    cases = list(_heldout_cases())
    wrong = [f"{text!r}: {label} read as {_read(text)}" for label, text in cases
             if _read(text) != label]  # fmt: skip
    share = 1 - len(wrong) / len(cases)
    assert share >= 0.85, f"{share:.0%} read exactly; wrong: {wrong}"
