"""Requests read by their kind wherever the classifier put them
(actions/conversation/topics.py), and the plain yes a lock-down needs (actions/consent.py)."""

from __future__ import annotations

import pytest

from actions.consent import plain_yes
from actions.money.bills import asks_if_paid
from nlu.card_words import card_found, kept_by_machine
from nlu.payment_words import asks_how_much_it_is
from nlu.replies import wants_the_lesson
from nlu.worries import (
    asks_hours_of_the_bank,
    asks_if_really_the_bank,
    asks_what_to_do_now,
    asks_what_to_say,
    detail_not_known,
)

# Each reader, the sentences it must know, and look-alikes it must leave alone.
READERS = {
    kept_by_machine: (
        [
            "the cash machine ate my card",
            "the ATM kept my card this morning",
            "my card got stuck in the machine and it would not give it back",
            "the hole in the wall swallowed my bank card",
        ],
        ["is the cash machine open", "I lost my card", "the machine took my money"],
    ),
    asks_if_really_the_bank: (
        [
            "Is that you, the bank? how do I know this is real",
            "how can I tell if this is really my bank talking",
            "are you really the bank",
            "how would I know you are genuine",
        ],
        ["is my card frozen", "how do I know my balance"],
    ),
    detail_not_known: (
        [
            "I don't know his account number",
            "I haven't got her sort code",
            "i forgot the account details of my grandson",
        ],
        ["I know his account number", "what is my account number"],
    ),
    asks_hours_of_the_bank: (
        [
            "what time do you close today",
            "are you open on sunday",
            "when does the branch open in the morning",
        ],
        ["can you close my account", "when did I pay the water bill", "open a savings deposit"],
    ),
    asks_if_paid: (
        [
            "Could you tell me if the water bill has been paid",
            "did my gas bill get paid yet",
            "is the electricity bill paid",
            "do I still owe anything for the phone",
        ],
        [
            "pay the water bill",
            "what bills do I have",
            "i have a car payment that needs to be paid",
            "there's a gas bill that has to be paid",
        ],
    ),
    asks_what_to_do_now: (
        ["what do i do now", "what should I say to him", "what now?", "so what happens now"],
        ["what can you do", "what did I do last month", "i don't know what to say"],
    ),
    asks_what_to_say: (
        ["what should i say to him", "what do i tell him when he comes"],
        ["what do i do now", "what now"],
    ),
    asks_how_much_it_is: (
        ["how much is it", "how much was that again", "what's the amount", "how much is the bill"],
        ["how much is in my savings", "how much do i have", "how much can i send"],
    ),
    card_found: (
        ["i found my card, it was under the sofa", "oh i found it", "it turned up in my coat"],
        ["I have not found my card", "I haven't found it yet", "I can't find my card"],
    ),
    wants_the_lesson: (
        ["take the lesson", "yes the lesson please", "ok i'll do the class"],
        ["stop the lesson", "no more lesson", "the lesson later", "I don't want the lesson"],
    ),
    plain_yes: (
        [
            "yes",
            "yes please",
            "Yes, protect my accounts",
            "ok protect my accounts",
            "/affirm",
            "ok yes do that",
        ],
        ["ok", "okay", "hmm ok", "alright", "yes i guess", "right ok then", "no"],
    ),
}
CASES = [
    (reader, text, expected)
    for reader, (known, look_alikes) in READERS.items()
    for expected, texts in ((True, known), (False, look_alikes))
    for text in texts
]


@pytest.mark.parametrize(
    ("reader", "text", "expected"), CASES, ids=[f"{r.__name__}:{t}" for r, t, _ in CASES]
)
def test_each_kind_is_read_from_its_words(reader, text, expected):
    assert reader(text) is expected
