"""Amounts written with a slip are asked about with the amount meant, never read as sure
and never left unread; real words and clear amounts are left alone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.bank.english_words import common_english
from nlu.money_spelling import AMOUNT_WORDS, mended_word, misspelt_amounts


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("sned alcie fiffty dolars", Decimal(50)),
        ("fourty to alice please", Decimal(40)),
        ("send 5O dollars to alice", Decimal(50)),
        ("twnty dollars to my son", Decimal(20)),
        ("a hundered dollars to wei", Decimal(100)),
    ],
)
def test_a_slip_in_an_amount_is_asked_with_the_amount_meant(text, meant):
    found = misspelt_amounts(text, "USD", "en_US")
    assert [a.readings for a in found] == [(meant,)]
    assert found[0].doubt == "spelling"


@pytest.mark.parametrize(
    "text",
    [
        "send 50 to alice",
        "fifty dollars to alice",
        "the tenth of may",
        "send it to alcie",
        "pls",
        "send 20 dollers to my dauhgter",
    ],
)
def test_clear_amounts_and_other_words_are_left_to_the_plain_reader(text):
    assert misspelt_amounts(text, "USD", "en_US") == []


@pytest.mark.parametrize("word", ["the", "fine", "seven", "often", "hundreds", "eleventh"])
def test_real_words_are_never_put_right(word):
    assert mended_word(word) is None


@given(
    word=st.sampled_from([w for w in AMOUNT_WORDS if len(w) >= 5 and w.isalpha()]),
    at=st.integers(min_value=1, max_value=10),
)
def test_a_letter_doubled_in_a_long_amount_word_is_put_right(word, at):
    place = at % (len(word) - 1) + 1
    slip = word[:place] + word[place - 1] + word[place:]
    if slip in common_english():
        return  # doubling made a real word: it is meant as written
    assert mended_word(slip) == word


def test_the_reading_takes_the_words_around_the_slip():
    found = misspelt_amounts("fiffty five dollars", "USD", "en_US")
    assert found[0].readings == (Decimal(55),)
