"""An amount heard by speech recognition that sounds like another is asked, never taken:
every teen and its ten (13/30 ... 19/90), alone, with cents, in the cents, after a
hundred, in thousands and said the short way ("fourteen hundred"). Run the way Rasa
runs the component: process() on Messages with the channel's metadata."""

from __future__ import annotations

import pytest

from tests.spoken_amounts import PAIRS, TEENS, VOICE, heard, written


@pytest.mark.parametrize(("one", "other"), PAIRS + [(b, a) for a, b in PAIRS])
def test_a_spoken_amount_that_sounds_like_another_offers_both(one, other):
    (entity,) = heard(f"Send {written(one)} to Carlos.", VOICE)
    assert entity["entity"] == "amount_unclear"
    info = entity["additional_info"]
    assert info["doubt"] == "soundalike" and info["currency"] == "USD"
    assert info["readings"][0] == one, "the amount heard comes first"
    assert other in info["readings"]


@pytest.mark.parametrize("teen", TEENS)
def test_said_in_words_too(teen):
    from num2words import num2words

    ten = (teen - 10) * 10
    for said, first, second in (
        (num2words(teen), teen, ten),
        (num2words(ten), ten, teen),
        (f"{num2words(teen)} hundred", teen * 100, ten * 100),
    ):
        (entity,) = heard(f"send {said} dollars to carlos", VOICE)
        assert entity["entity"] == "amount_unclear", said
        assert entity["additional_info"]["readings"][:2] == [str(first), str(second)], said


@pytest.mark.parametrize(("one", "other"), PAIRS)
def test_the_same_amount_typed_is_taken_as_it_is(one, other):
    (typed,) = heard(f"Send {written(one)} to Carlos.", None)
    assert typed["entity"] == "amount" and typed["additional_info"]["amount"] == one
    (spoken,) = heard(f"Send {written(one)} to Carlos.", VOICE)
    assert spoken["entity"] == "amount_unclear"


# A spoken amount with no teen or lone ten in it, beside the nearest one with.
CLEAR_BESIDE_ALIKE = [
    ("25", "15"),
    ("100", "40"),
    ("12", "13"),
    ("20", "30"),
    ("45", "40"),  # forty-five: "fourteen five" is no amount
    ("1000", "1300"),  # "one thousand"; "thirteen hundred" is asked
    ("1200", "1300"),  # "twelve hundred"; "thirteen hundred" is asked
    ("2.25", "2.30"),
    ("99.99", "90.99"),
]


@pytest.mark.parametrize(("clear", "alike"), CLEAR_BESIDE_ALIKE)
def test_a_spoken_amount_with_no_sound_alike_is_taken(clear, alike):
    (entity,) = heard(f"Send {written(clear)} to Carlos.", VOICE)
    assert entity["entity"] == "amount" and entity["additional_info"]["amount"] == clear
    (asked,) = heard(f"Send {written(alike)} to Carlos.", VOICE)
    assert asked["entity"] == "amount_unclear"


def test_one_word_is_misheard_at_a_time():
    for said, offered in (
        ("$14.14", ["14.14", "40.14", "14.40"]),
        ("$1,414", ["1414", "1440", "4014"]),  # one thousand ... fourteen; fourteen hundred
    ):
        (entity,) = heard(f"Send {said} to Carlos.", VOICE)
        assert entity["additional_info"]["readings"] == offered


def test_an_amount_in_another_currency_is_left_as_heard():
    """It cannot be sent anyway, and the assistant says so in the home currency's words."""
    (euros,) = heard("Send 14 euros to Carlos.", VOICE)
    assert euros["entity"] == "amount" and euros["currency"] == "EUR"
    (dollars,) = heard("Send 14 dollars to Carlos.", VOICE)
    assert dollars["entity"] == "amount_unclear"
