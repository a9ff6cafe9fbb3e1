"""Spoken-style text as the intent classifier reads it (nlu/spoken.py, nlu/soundalike.py)."""

import pytest

from nlu.soundalike import SoundAlike
from nlu.spoken import plain, second_request, two_requests


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("um show me my my balance", "show me my balance"),
        ("please send money to my to my daughter", "please send money to my daughter"),
        ("i want to er transfer money to my son", "i want to transfer money to my son"),
        ("Umm, what did I spend", "what did I spend"),
        ("you know I want to pay a bill", "I want to pay a bill"),
        ("I mean how much do I have", "how much do I have"),
        ("show my balance no I mean my statement", "my statement"),
        ("freeze my card sorry I meant unfreeze it", "unfreeze it"),
        ("whats in my saving", "what's in my saving"),
        ("Can you move $60 to Alice?", "Can you move 60 dollars to Alice?"),
        ("pay £20.50 to the plumber", "pay 20.50 pounds to the plumber"),
        ("I'd like a new B.I.N. number", "I'd like a new BIN number"),
        ("Show me my Q.R. code", "Show me my QR code"),
    ],
)
def test_fillers_repeats_and_corrections_are_taken_out(said, read):
    assert plain(said) == read


@pytest.mark.parametrize(
    "said",
    [
        "do you know my balance",  # a question, not a filler
        "I would like to pay the gas bill",  # "like" is a word here
        "what I mean is my card is gone",
        "Send 200 dollars to Alice",
    ],
)
def test_ordinary_sentences_are_left_alone(said):
    assert plain(said) == said


@pytest.mark.parametrize("said", ["um", "uh", "no no"])
def test_a_text_is_never_emptied(said):
    assert plain(said)


@pytest.fixture(scope="module")
def known():
    return SoundAlike.from_texts(
        [
            "show me my statement",
            "cancel that",
            "speak slower please",
            "add a new payee",
            "goodbye",
            "send money to my grandson",
            "can you add my son",
            "I linked my card",
            "unfreeze my card",
            "my grandson is visiting",
            "I'd like to see my balance",
            "see these",
        ]
    )


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("show me my state meant", "show me my statement"),
        ("can sell", "cancel"),
        ("slow her please", "slower please"),
        ("i need to add a new pay ee", "i need to add a new payee"),
        ("sent money to my grand son", "sent money to my grandson"),
        ("on freeze my card", "unfreeze my card"),
    ],
)
def test_one_word_heard_as_two_is_read_as_the_known_word(known, said, read):
    assert known.read(said) == read


@pytest.mark.parametrize(
    "said",
    [
        "can you add my son",  # a pair seen in training stays
        "please link it",  # "linked" is another form, not a mishearing
        "what is my ballots",  # single words are never changed
        "the see",  # "these" is rarer in training than "see": "see" was said
        "Where is the bank?",  # nothing merged: the text comes back as it was
    ],
)
def test_other_words_are_left_alone(known, said):
    assert known.read(said) == said


def test_the_vocabulary_survives_storage(known):
    again = SoundAlike.from_json(known.to_json())
    assert again.read("show me my state meant") == "show me my statement"


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("I can't verify my id", "I can't verify my id"),  # an ID, not "I'd"
        ("if so, where do I go", "if so, where do I go"),
        ("So, what is my balance", "what is my balance"),
    ],
)
def test_words_that_only_look_like_fillers_stay(said, read):
    assert plain(said) == read


@pytest.mark.parametrize(
    ("said", "named"),
    [
        ("send $40 to alice and then freeze my card", "freeze_card"),
        ("send money to alice and also i lost my card", "report_lost_card"),
        ("pay the bill and then tell me my balance", "check_balance"),
        ("transfer 100 and then let me talk to a person", "human_handoff"),
        ("send 20 to bob and where is the nearest branch", "find_branch"),
        ("freeze my card and send 40 to alice", None),  # named before the joining word
        ("send 40 to my son and his card", None),  # a card, no request about it
        ("pay the water bill and the electric bill", None),
        ("send 20 to alice and stop", None),
        ("send 20 to alice", None),
    ],
)
def test_a_second_request_is_read_from_the_words_after_the_joining_word(said, named):
    assert second_request(said) == named


@pytest.mark.parametrize(
    ("said", "named"),
    [
        ("freeze my card and tell me my balance", ("freeze_card", "check_balance")),
        ("check my balance and then pay the electric bill", ("check_balance", "pay_bill")),
        ("pay alice 25 and then freeze my card", ("transfer_money", "freeze_card")),
        ("block my card and send me a new one", None),  # "send me" moves no money
        ("send 20 dollars to carlos and also i lost my card", None),  # urgent: stopped at once
        ("i lost my card and i want to freeze it", None),
        ("show me my balance and my savings", None),  # one request
        ("pay the water bill and the electric bill", None),
    ],
)
def test_two_requests_are_read_from_the_words_on_each_side(said, named):
    assert two_requests(said) == named


def test_each_amount_is_one_word_so_its_and_joins_nothing():
    from nlu.spoken import amounts_as_one_word

    text = "put three hundred and fifteen dollars in savings and tell me my balance"
    amount = {"entity": "amount", "start": 4, "end": 37}
    assert amounts_as_one_word(text, [amount]) == ("put amount in savings and tell me my balance")
    assert amounts_as_one_word(text, [{"entity": "period", "start": 0, "end": 3}]) == text
