"""Campaigns through the real stack: a lesson or practice call an educator scheduled is
offered once at the greeting, and its button starts it in the chat."""

import pytest

from assistant.bank.models import utcnow
from assistant.bank.staff import EDUCATOR, Actor
from lessons.campaigns.models import EVERYONE
from lessons.campaigns.store import CampaignStore

pytestmark = pytest.mark.e2e

TEACHER = Actor("teacher", EDUCATOR)


@pytest.fixture
def campaigns(assistant):
    store = CampaignStore(assistant.db)
    scheduled = []
    yield lambda kind, slug: scheduled.append(
        store.create(TEACHER, kind, slug, EVERYONE, utcnow().date(), None)
    )
    for info in scheduled:  # the other tests' greetings offer nothing
        store.cancel(TEACHER, info.id)


def test_a_scheduled_practice_call_is_offered_once_at_the_greeting(campaigns, login):
    campaigns("rehearsal", "prize-fee")
    robert = login("robert", "2468")
    robert.say("hello")
    assert "There is a practice call for you today: The prize with a fee." in robert.text()
    robert.press("Start the practice call")
    assert "Practice call. The caller says" in robert.text()
    robert.say("stop")
    assert "The practice call has ended" in robert.text()

    again = login("robert", "2468")
    again.say("hello")
    assert "How can I help you today?" in again.text()
    assert "practice call for you" not in again.text()


def test_a_scheduled_lesson_is_offered_to_whoever_greets(campaigns, login):
    campaigns("lesson", "qr-code-scams")
    li = login("li", "1357")
    li.say("hi there")
    assert "There is a short safety lesson for you today" in li.text()
