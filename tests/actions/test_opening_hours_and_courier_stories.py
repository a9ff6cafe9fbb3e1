"""Opening hours of the place asked about, "what?" after a reply that said nothing, and a
courier story told apart from a card really lost. No Rasa."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from actions.conversation.conversation import GENERIC_RESPONSES, generic_replies
from actions.places.opening_hours import day_asked, hours_answer, open_on
from lessons.scam_stories import ScamStories

DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("is it open saterday", "saturday"),
        ("is it open on sunday", "sunday"),
        ("open on tuesdays?", "tuesday"),
        ("wensday", "wednesday"),
        ("what time does it open", None),
        ("is it open today", None),
    ],
)
def test_the_day_asked_about_tolerates_a_misspelling(said, day):
    assert day_asked(said) == day


def test_open_on_reads_day_ranges_and_lists():
    hours = "Mon-Fri 9am-5pm, Sat 9am-12 noon"
    assert open_on(hours, "wednesday") == "9am-5pm"
    assert open_on(hours, "saturday") == "9am-12 noon"
    assert open_on(hours, "sunday") == ""
    assert open_on("Tue and Thu 10am-2pm", "thursday") == "10am-2pm"
    assert open_on("Tue and Thu 10am-2pm", "wednesday") == ""
    assert open_on("open all day, every day", "sunday") is None


def test_hours_answers_are_one_short_sentence_said_in_full_words():
    hours = "Mon-Fri 9am-5pm, Sat 9am-12 noon"
    assert hours_answer("Main Street Branch", hours, "saturday") == (
        "Yes. On Saturday, Main Street Branch is open 9am-12 noon."
    )
    assert hours_answer("Main Street Branch", hours, "sunday").startswith(
        "Main Street Branch is closed on Sunday. It is open Monday to Friday 9am-5pm"
    )
    assert hours_answer("The cash machine", "open all day, every day", "sunday") == (
        "The cash machine is open all day, every day."
    )


def test_the_generic_replies_of_the_domain_are_known_as_generic():
    responses = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]
    for name in GENERIC_RESPONSES:
        assert responses[name][0]["text"] in generic_replies(), name


@pytest.mark.parametrize(
    ("said", "lost"),
    [
        ("the bank is sending a courier to pick up my card", False),
        ("an officer will come round to collect my card", False),
        ("i lost my card and someone might pick it up", True),
        ("my card was stolen, can someone collect the new one", True),
        ("i left my card at the shop, can they collect it", True),
    ],
)
def test_a_card_really_lost_is_told_from_a_courier_story(said, lost):
    stories = ScamStories.load()
    assert [f.name for f in stories.recognise(said)] == ["courier"]
    assert stories.card_lost(said) is lost
