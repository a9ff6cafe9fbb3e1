"""The Matrix daily lesson follows the campaigns, on a real database: a subscriber linked to
a customer gets the item of a campaign due for them, once, and the lesson of the day
otherwise; a retried send sends the same item. No homeserver is needed: the client points
at a closed port on loopback, so every send fails and the deliveries stay as planned."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from assistant.bank.models import Conversation, utcnow
from assistant.bank.staff import EDUCATOR, REVIEWER, Actor
from assistant.channels.matrix.client import MatrixClient
from assistant.channels.matrix.daily import DailyLessons
from assistant.channels.matrix.links import LinkCodes, link_user
from assistant.channels.matrix.models import LessonDelivery, MatrixUser
from lessons.campaigns.dialogue import offer_at_greeting
from lessons.campaigns.models import EVERYONE
from tests.helpers import free_port

NOW = utcnow().replace(hour=10, minute=0, second=0, microsecond=0)
TODAY = NOW.date()


def _subscriber(db, user_id: str, sender_id: str, customer_id: str | None) -> None:
    with db.session() as session:
        session.add(Conversation(sender_id=sender_id, customer_id=None, channel="matrix"))
        session.add(
            MatrixUser(user_id=user_id, sender_id=sender_id, room_id=f"!{sender_id}",
                       subscribed=True)
        )  # fmt: skip
    if customer_id:
        codes = LinkCodes(db)
        with db.session() as session:
            user = session.get(MatrixUser, user_id)
        reply = link_user(db, codes, user, codes.issue(customer_id, user_id), NOW)
        assert "linked" in reply.lower(), reply


@pytest.fixture
def daily(services, db) -> DailyLessons:
    _subscriber(db, "@mary:localhost", "matrix-mary", "demo")
    _subscriber(db, "@guest:localhost", "matrix-guest", None)
    closed = MatrixClient(f"http://127.0.0.1:{free_port()}", access_token="t", timeout=2)
    return DailyLessons(db, closed, services.tutor, 9, lambda: NOW, services.campaigns)


def _planned(db, day: dt.date) -> dict[str, int | None]:
    with db.session() as session:
        rows = session.execute(
            select(LessonDelivery.user_id, LessonDelivery.campaign_id).where(
                LessonDelivery.day == day.isoformat()
            )
        ).all()
    return dict(rows)


def test_a_linked_subscriber_gets_the_campaigns_item_once(daily, services, db):
    campaign = services.campaigns.create(
        Actor("teacher", EDUCATOR), "rehearsal", "prize-fee", EVERYONE, TODAY, None
    )
    daily.plan(TODAY)
    assert _planned(db, TODAY) == {"@mary:localhost": campaign.id, "@guest:localhost": None}
    message = daily.message(campaign.id, TODAY)
    assert message is not None
    assert message["text"].startswith("Today's practice call: The prize with a fee.\n")
    assert message["buttons"] == [
        {
            "title": "Start the practice call",
            "payload": '/start_rehearsal{"rehearsal": "prize-fee"}',
        }
    ]
    of_the_day = services.tutor.lesson_of_the_day(TODAY)
    assert daily.message(None, TODAY)["text"].startswith(
        f"Today's safety lesson: {of_the_day.title}."
    )
    assert offer_at_greeting(services.campaigns, "demo", TODAY) is None, "reached on Matrix"

    tomorrow = TODAY + dt.timedelta(days=1)
    daily.plan(tomorrow)
    assert _planned(db, tomorrow) == {"@mary:localhost": None, "@guest:localhost": None}


def test_planning_again_or_a_failed_send_keeps_what_was_planned(daily, services, db):
    campaign = services.campaigns.create(
        Actor("teacher", EDUCATOR), "lesson", "keep-pins-secret", EVERYONE, TODAY, None
    )
    assert daily.send_due() == 0  # the homeserver cannot be reached
    daily.plan(TODAY)
    assert _planned(db, TODAY) == {"@mary:localhost": campaign.id, "@guest:localhost": None}
    with db.session() as session:
        attempts = session.scalars(select(LessonDelivery.attempts)).all()
    assert attempts == [1, 1]
    assert services.campaigns.campaigns()[0].reached == 1
    assert daily.message(campaign.id, TODAY)["text"].startswith(
        "Today's safety lesson: Your PIN and codes are only for you."
    )


def test_an_item_unpublished_after_planning_leaves_the_lesson_of_the_day(daily, services):
    campaign = services.campaigns.create(
        Actor("teacher", EDUCATOR), "lesson", "keep-pins-secret", EVERYONE, TODAY, None
    )
    daily.plan(TODAY)
    services.campaigns.cancel(Actor("teacher", EDUCATOR), campaign.id)  # cancelling: item stays
    assert "Your PIN and codes" in daily.message(campaign.id, TODAY)["text"]
    number = services.lessons.versions("keep-pins-secret")[-1].number
    services.lessons.unpublish(Actor("editor", REVIEWER), "keep-pins-secret", number)
    of_the_day = services.tutor.lesson_of_the_day(TODAY)
    assert daily.message(campaign.id, TODAY)["text"].startswith(
        f"Today's safety lesson: {of_the_day.title}."
    )
