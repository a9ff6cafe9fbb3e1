"""What customers answer to a scam warning (lessons/scam_stories.yml `already_done` and
`seems_real`), read by ScamStories: sentences built from templates, and look-alikes that
must not read as harm done or as proof that the caller is real."""

from __future__ import annotations

import itertools

import pytest

from lessons.scam_stories import ScamStories

# "I already clicked it": who did it, how long ago, and what they did.
ALREADY_DONE = [
    f"{who}{when} {what}"
    for who, when, what in itertools.product(
        ["I", "we", "oh no I"],
        [" already", " just", " have already", "'ve just", ""],
        [
            "clicked it",
            "clicked on the link",
            "pressed it",
            "tapped the link",
            "opened it",
            "moved some",
            "moved the money",
            "moved my savings",
            "sent it",
            "sent him 200",
            "paid him",
            "paid the fee",
            "transferred it",
            "gave him my card",
            "handed it over",
            "told him",
            "told the man",
            "gave them my details",
            "did it",
            "did what he said",
            "typed them in",
            "put it in",
            "let him in",
            "bought the gift cards",
        ],
    )
] + ["it's too late", "it is already done"]

NOT_DONE = [
    "I already told you",
    "i told him to go away",
    "I told her no",
    "I did not do it",
    "i moved house last year",
    "what should I do",
    "I'm scared",
    "he is at the door",
    "I will not pay him",
    "should I click it",
    "can I send it",
]

# "He knew my name, so he must be real": what the caller knew, and why it seemed real.
SEEMS_REAL = [
    f"but {who} {knew} my {what}"
    for who, knew, what in itertools.product(
        ["he", "she", "they", "the man", "the caller"],
        ["knew", "had", "knows", "said"],
        ["name", "full name", "address", "date of birth", "account number", "card number"],
    )
] + [
    "he knew my name and my address, so he must be real",
    "it has to be the bank",
    "he must be genuine",
    "the number on my phone was the bank's",
    "the caller id showed my bank",
]

NOT_SEEMS_REAL = [
    "what is my account number",
    "I know my card number",
    "is it real",
    "my name is Mary",
    "he is at the door",
    "I already clicked it",
]


@pytest.fixture(scope="module")
def stories() -> ScamStories:
    return ScamStories.load()


@pytest.mark.parametrize(
    ("text", "done"),
    [(text, True) for text in ALREADY_DONE] + [(text, False) for text in NOT_DONE],
)
def test_harm_already_done_is_read_however_it_is_said(stories, text, done):
    assert stories.already_done(text) is done, text


@pytest.mark.parametrize(
    ("text", "real"),
    [(text, True) for text in SEEMS_REAL] + [(text, False) for text in NOT_SEEMS_REAL],
)
def test_why_the_caller_seems_real_is_read_however_it_is_said(stories, text, real):
    assert stories.seems_real(text) is real, text


def test_every_family_says_what_to_do_now_in_one_short_line(stories):
    for family in stories.families:
        assert family.now and len(family.now) <= 80 and family.now.count(". ") == 0, family.name
