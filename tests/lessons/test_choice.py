"""A reply right after the lesson list, read against the lessons it showed."""

import pytest

from lessons import render
from lessons.choice import Listed, ListReply, clearly_picks, listed_lessons, read_list_reply

FIRST_PAGE = [
    Listed("deposit-insurance-basics", "How your savings are protected"),
    Listed("first-hour-after-a-scam", "The first hour after a scam"),
    Listed("health-and-pension-scams", "Health products and pension offers"),
    Listed("keep-pins-secret", "Your PIN and codes are only for you"),
]
THIRD_PAGE = [
    Listed("romance-scams", "Friends you meet online"),
    Listed("safe-account-calls", 'The "safe account" phone call'),
    Listed("spotting-fake-banknotes", "Telling real banknotes from fake ones"),
    Listed("too-good-investments", "Investments that sound too good"),
]


@pytest.mark.parametrize(
    ("said", "intent", "slug"),
    [
        ("B", "affirm", "first-hour-after-a-scam"),
        ("b", None, "first-hour-after-a-scam"),
        ("the second one", "inform", "first-hour-after-a-scam"),
        ("number two", "nlu_fallback", "first-hour-after-a-scam"),
        ("the last one", None, "keep-pins-secret"),
        ("Your PIN and codes are only for you", "change_pin", "keep-pins-secret"),
        ("your pin and codes are only for you.", "change_pin", "keep-pins-secret"),
        ("the pin one", None, "keep-pins-secret"),
        ("health products and pension offer", None, "health-and-pension-scams"),
        ("the first hour one", None, "first-hour-after-a-scam"),
    ],
)
def test_a_lesson_on_the_list_is_chosen_however_it_is_named(said, intent, slug):
    assert read_list_reply(said, intent, FIRST_PAGE) == ListReply("choose", slug)


def test_a_listed_lesson_named_by_its_words_is_chosen():
    assert read_list_reply("the safe account one", "inform", THIRD_PAGE) == ListReply(
        "choose", "safe-account-calls"
    )


@pytest.mark.parametrize("said", ["the safe account one", "the fifth one"])
def test_a_lesson_named_the_x_one_but_not_on_this_page_is_still_a_choice(said):
    # Which one is left to the action, which knows every published lesson.
    assert read_list_reply(said, "inform", FIRST_PAGE) == ListReply("choose")


@pytest.mark.parametrize(
    ("said", "intent", "kind"),
    [
        ("next", "lesson_next", "next"),
        ("more", "inform", "next"),
        ("more lessons please", None, "next"),
        ("show me more", None, "next"),
        ("back", "lesson_back", "back"),
        ("go back", None, "back"),
    ],
)
def test_next_more_and_back_turn_the_page(said, intent, kind):
    assert read_list_reply(said, intent, FIRST_PAGE) == ListReply(kind)


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("the bank called and told me to move my money to a safe account", "scam_story"),
        ("someone wants me to move my savings to a safe account", "scam_story"),
        ("i lost my card", "report_lost_card"),
        ("my card", "freeze_card"),  # "gift cards" is a title's word, but this is a request
        ("my phone", None),
        ("what is my balance", "check_balance"),
        ("repeat that", "repeat"),
        ("yes", "affirm"),
        ("how?", None),
        ("/start_lesson", "start_lesson"),  # a button press carries its own choice
        ("", None),
    ],
)
def test_what_is_not_about_the_list_is_left_alone(said, intent):
    assert read_list_reply(said, intent, FIRST_PAGE + THIRD_PAGE[:0]) is None
    assert read_list_reply(said, intent, THIRD_PAGE) is None


def test_nothing_is_read_against_a_list_that_was_not_shown():
    assert read_list_reply("B", "affirm", []) is None


def list_buttons(items):
    return [
        {"title": item.title + (" (finished)" if i == 0 else ""),
         "payload": render.start_payload(item.slug)}
        for i, item in enumerate(items)
    ] + [{"title": "More lessons", "payload": "/list_lessons"}]  # fmt: skip


def test_the_list_is_read_from_its_buttons_and_finished_marks_are_dropped():
    assert listed_lessons(list_buttons(FIRST_PAGE)) == FIRST_PAGE


def test_a_score_offering_the_lesson_again_is_no_list():
    score = [
        {"title": render.ANOTHER_LESSON, "payload": "/list_lessons"},
        {"title": render.TAKE_IT_AGAIN, "payload": render.start_payload("keep-pins-secret")},
    ]
    assert listed_lessons(score) == []


FIRST_HOUR = [
    "Wait a few days to be sure",
    "Call your bank at once",
    "Send more money to get it back",
]


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("B", 1),
        ("the second one", 1),
        ("I think its the one about calling the bank", 1),
        ("call the bank", 1),
        ("send more money to get it back", 2),
    ],
)
def test_a_choice_plainly_named_in_other_words(text, index):
    assert clearly_picks(FIRST_HOUR, text) == index


@pytest.mark.parametrize(
    "text", ["what bills do I have", "freeze my card", "I lost my purse with my cards", "send 20"]
)
def test_a_request_of_its_own_names_no_choice(text):
    assert clearly_picks(FIRST_HOUR, text) is None


@pytest.mark.parametrize(
    ("said", "slug"),
    [
        ("the PIN one, I always forget mine", "keep-pins-secret"),
        ("the second one. my neighbour lost money", "first-hour-after-a-scam"),
        ("pension offers, my friend got one of those", "health-and-pension-scams"),
    ],
)
def test_the_first_thought_of_a_longer_reply_chooses(said, slug):
    assert read_list_reply(said, "inform", FIRST_PAGE) == ListReply("choose", slug)


def test_a_longer_reply_whose_first_thought_names_nothing_chooses_nothing():
    assert read_list_reply("I see. what is a pension offer anyway?", "inform", FIRST_PAGE) is None
