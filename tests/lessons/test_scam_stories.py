"""lessons/scam_stories.yml read by ScamStories: families, money gone, look-alikes."""

import itertools
from pathlib import Path

import pytest

from assistant.errors import ConfigurationError
from lessons.scam_stories import ScamStories


@pytest.fixture(scope="module")
def stories() -> ScamStories:
    return ScamStories.load()


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("a man from the police told me to move my savings to a safe account", "safe_account"),
        ("Microsoft says my computer has a virus", "tech_support"),
        ("he wants me to download anydesk", "remote_access"),
        ("my grandson rang from a new number, he needs bail money", "family_emergency"),
        ("a man I met online needs money for a plane ticket", "romance"),
        ("my boyfriend is stuck at the airport and needs money", "romance"),
        ("my girlfriend from facebook asked me to send her money", "romance"),
        ("they say I won a prize but must pay a release fee", "prize_fee"),
        ("an investment that cannot lose, he says", "investment"),
        ("the tax office wants me to pay in gift cards", "gift_cards"),
        ("a courier is coming round to collect my card", "courier"),
        ("a man called asking for my pin", "code_request"),
        ("a text says confirm my details or my account will be closed", "phishing"),
    ],
)
def test_each_family_is_recognised(stories, text, family):
    assert family in [f.name for f in stories.recognise(text)]


def test_a_caller_from_the_bank_who_wants_a_code_gets_the_code_warning_not_the_safe_account():
    """The warning said is the story's own: a code asked for, not money to move."""
    told = ScamStories.load().recognise(
        "someone on the phone says theyre from the bank and want the code they sent me"
    )
    assert [f.name for f in told] == ["code_request"]
    assert told[0].warning.startswith("No one from the bank will ever ask for your PIN")


@pytest.mark.parametrize(
    "text",
    [
        "my grandson helps me with this",
        "I won at bingo last week, put it in savings",
        "send 50 dollars to my daughter",
        "the police station is next to the branch, is it open on Sunday",
        "I want to buy a gift card for my niece's birthday",
        # A boyfriend in ordinary talk, then a payment (the risk rules read
        # the whole conversation as one text).
        "my neighbour's boyfriend fixed my fence send 40 to Bob for the fence",
        "my granddaughter's boyfriend is lovely, send 20 to her for the cake",
        # A code with nobody asking for it.
        "the bank texted me a code, do i need it",
        "they asked for the code at the checkout",
        "i need a code to pay at the till",
        "what is my pin",
    ],
)
def test_ordinary_look_alikes_are_not_stories(stories, text):
    assert stories.recognise(text) == []


def test_money_gone_and_asking_for_a_case(stories):
    assert stories.money_gone("I've been scammed")
    assert stories.money_gone("I sent them 500 dollars")
    assert not stories.money_gone("a man from the bank says my money is not safe")
    assert stories.asks_for_case("I want to report a scam")
    assert not stories.asks_for_case("my grandson needs bail")


def test_curly_apostrophes_count(stories):
    assert stories.money_gone("I\u2019ve been scammed")


def test_a_broken_file_says_how_to_fix_it(tmp_path: Path):
    bad = tmp_path / "stories.yml"
    bad.write_text("families:\n  - name: x\n    ways: [[ '(' ]]\n    lesson: a\n    warning: b\n")
    with pytest.raises(ConfigurationError, match="Compare the file with lessons/scam_stories.yml"):
        ScamStories.load(bad)


def test_every_warning_is_two_short_sentences(stories):
    for family in stories.families:
        assert len(family.warning.split(". ")) == 2, family.name
        assert len(family.warning) <= 120, family.name


# "Confirm your details or your account closes", in the words customers use: where it
# came from, what it asks, what it threatens, in either order.
PHISHING = [
    f"{came} {ask} {threat}"
    for came, ask, threat in itertools.product(
        [
            "a message saying",
            "I got an email saying",
            "the bank texted me to",
            "a text from the bank says",
            "there is a website that says",
            "a whatsapp said I must",
        ],
        [
            "confirm my details",
            "verify your details",
            "update my bank details",
            "re-enter my card details",
            "verify my identity",
            "confirm my account information",
        ],
        [
            "or my account will be closed",
            "or your account will be suspended",
            "unless I do it my account will be locked tonight",
            "or they will close my account",
            "or my card will be blocked",
        ],
    )
] + [
    "my account will be closed tonight unless I confirm my details on a website",
    "an email said my account is suspended until I verify my details at the link",
    "they sent a link, if I don't update my details they'll suspend my account",
]
# Details and accounts in ordinary talk: nothing sent that threatens the account.
NOT_PHISHING = [
    "I need to update my details, I moved house",
    "will my account be closed if I do not use it",
    "can I update my details on the website so my account is not closed",
    "the bank sent a letter that my account will be closed because it is dormant",
    "I got a text saying my payment went through, can I check my details",
    "how do I update my phone number on the app",
    "my card will be blocked when it expires, how do I update my details at the branch",
    "please close my old savings account",
]


@pytest.mark.parametrize(
    ("text", "told"),
    [(text, ["phishing"]) for text in PHISHING] + [(text, []) for text in NOT_PHISHING],
)
def test_confirm_your_details_or_lose_the_account_is_phishing(stories, text, told):
    assert [f.name for f in stories.recognise(text)] == told, text
