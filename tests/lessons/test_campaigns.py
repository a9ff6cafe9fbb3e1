"""Campaigns on a real database: scheduling and its problems, who is in each group, the
greeting's offer made once per customer and campaign, the practice call's hooks, and the
figures of a campaign (reached, started, finished, scores, where learners stop)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from assistant.bank.models import PaymentPause, utcnow
from assistant.bank.staff import EDUCATOR, REVIEWER, TRAINER, Actor
from lessons.analytics import all_campaign_analytics, campaign_analytics, campaigns_csv
from lessons.campaigns.dialogue import offer_at_greeting, practice_finished, practice_started
from lessons.campaigns.errors import CampaignNotFound, InvalidCampaign
from lessons.campaigns.models import EVERYONE, NEVER_TOOK_A_LESSON, PAUSED_RECENTLY
from lessons.campaigns.store import CampaignStore
from lessons.errors import NotAllowed

TEACHER = Actor("teacher", EDUCATOR)
TODAY = utcnow().date()


@pytest.fixture
def store(services) -> CampaignStore:
    return services.campaigns


def schedule(store, slug="safe-account-calls", kind="lesson", audience=EVERYONE, **days):
    days = {"starts_on": TODAY, "ends_on": None, **days}
    return store.create(TEACHER, kind, slug, audience, days["starts_on"], days["ends_on"])


def test_a_campaign_is_listed_with_its_item_group_and_status(store):
    info = schedule(store, ends_on=TODAY + dt.timedelta(days=6))
    listed = store.campaigns()
    assert [c.id for c in listed] == [info.id]
    assert listed[0].title == 'The "safe account" phone call'
    assert listed[0].group == "All customers"
    assert listed[0].status(TODAY) == "running"
    assert listed[0].status(TODAY + dt.timedelta(days=7)) == "ended"
    assert listed[0].status(TODAY - dt.timedelta(days=1)) == "scheduled"


def test_every_problem_is_said_next_to_its_field(store):
    with pytest.raises(InvalidCampaign) as raised:
        store.create(
            TEACHER, "lesson", "no-such-lesson", "friends", TODAY - dt.timedelta(days=1),
            TODAY - dt.timedelta(days=2),
        )  # fmt: skip
    fields = {p.field: p.text for p in raised.value.details}
    assert set(fields) == {"item", "audience", "starts_on", "ends_on"}
    assert fields["starts_on"] == f"The first day has passed; choose {TODAY.isoformat()} or later."
    assert store.campaigns() == []


def test_a_trainer_may_not_schedule_or_cancel(store):
    with pytest.raises(NotAllowed):
        store.create(Actor("trainer", TRAINER), "lesson", "safe-account-calls", EVERYONE,
                     TODAY, None)  # fmt: skip
    info = schedule(store)
    with pytest.raises(NotAllowed):
        store.cancel(Actor("trainer", TRAINER), info.id)
    assert store.cancel(Actor("editor", REVIEWER), info.id).status(TODAY) == "cancelled"


def test_the_greeting_offers_a_campaign_once_per_customer(store):
    schedule(store)
    offer = offer_at_greeting(store, "demo", TODAY)
    assert offer is not None
    assert offer.item.slug == "safe-account-calls"
    assert offer.messages[0]["text"].startswith("There is a short safety lesson for you today: ")
    assert offer.messages[0]["buttons"] == [
        {"title": "Start the lesson", "payload": '/start_lesson{"lesson": "safe-account-calls"}'}
    ]
    assert offer_at_greeting(store, "demo", TODAY) is None
    assert offer_at_greeting(store, "demo", TODAY + dt.timedelta(days=1)) is None
    assert offer_at_greeting(store, "robert", TODAY) is not None, "each customer once"
    assert offer_at_greeting(store, None, TODAY) is None
    assert store.campaigns()[0].reached == 2


def test_campaigns_are_offered_in_the_order_they_started_and_only_on_their_days(store):
    later = schedule(store, "keep-pins-secret", starts_on=TODAY + dt.timedelta(days=1))
    ended = schedule(store, "qr-code-scams", ends_on=TODAY)
    practice = schedule(store, "prize-fee", kind="rehearsal")
    first = offer_at_greeting(store, "li", TODAY)
    second = offer_at_greeting(store, "li", TODAY)
    assert first and second and (first.item.campaign_id, second.item.campaign_id) == (
        ended.id, practice.id,
    )  # fmt: skip
    assert (
        second.messages[0]["buttons"][0]["payload"] == '/start_rehearsal{"rehearsal": "prize-fee"}'
    )
    assert offer_at_greeting(store, "li", TODAY) is None
    assert offer_at_greeting(store, "li", TODAY + dt.timedelta(days=1)).item.campaign_id == later.id


def test_a_cancelled_campaign_or_an_unpublished_item_is_not_offered(store, services):
    cancelled = schedule(store)
    store.cancel(TEACHER, cancelled.id)
    assert offer_at_greeting(store, "demo", TODAY) is None
    schedule(store, "qr-code-scams")
    number = services.lessons.versions("qr-code-scams")[-1].number
    services.lessons.unpublish(Actor("editor", REVIEWER), "qr-code-scams", number)
    assert offer_at_greeting(store, "demo", TODAY) is None
    assert store.campaigns()[0].title == "qr-code-scams", "no published title any more"


def test_paused_in_the_last_30_days_is_counted_back_from_the_day_of_the_offer(store, db):
    schedule(store, audience=PAUSED_RECENTLY)
    paused_at = dt.datetime.combine(TODAY - dt.timedelta(days=10), dt.time(12))
    with db.session() as session:
        session.add(PaymentPause(customer_id="robert", until=paused_at, reason="scam",
                                 created_at=paused_at))  # fmt: skip
    assert offer_at_greeting(store, "demo", TODAY) is None, "never paused"
    assert offer_at_greeting(store, "robert", TODAY + dt.timedelta(days=21)) is None, "31 days"
    assert offer_at_greeting(store, "robert", TODAY).item.slug == "safe-account-calls"


def test_never_taken_a_lesson_leaves_out_a_customer_who_began_one(store, services):
    schedule(store, audience=NEVER_TOOK_A_LESSON)
    services.tutor.start("robert", "keep-pins-secret")
    assert offer_at_greeting(store, "robert", TODAY) is None
    assert offer_at_greeting(store, "demo", TODAY) is not None


def test_two_channels_at_once_reach_a_customer_once(store, services):
    schedule(store)
    found = []

    def offer(channel: str) -> None:
        found.append(CampaignStore(services.db).offer("demo", TODAY, channel))

    threads = [threading.Thread(target=offer, args=(c,)) for c in ("chat", "matrix") * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(item is not None for item in found) == 1
    assert store.campaigns()[0].reached == 1


def _take(tutor, learner, slug, answers=None):
    tutor.start(learner, slug)
    if answers is None:
        return
    for _ in range(5):
        tutor.next(learner)
    for answer in answers:
        tutor.answer(learner, answer)


def test_a_lesson_campaign_counts_what_the_reached_did_after_the_offer(store, services, db):
    tutor = services.tutor
    _take(tutor, "li", "safe-account-calls", ["A", "A"])  # before the campaign: not counted
    info = schedule(store)
    for customer in ("demo", "robert", "li"):
        offer_at_greeting(store, customer, TODAY)
    _, content = services.lessons.published("safe-account-calls")
    right = [q.answer for q in content.quiz]
    letters = ["ABCD"[i] for i in right]
    _take(tutor, "demo", "safe-account-calls", letters)
    _take(tutor, "robert", "safe-account-calls")
    tutor.next("robert")
    _take(tutor, "li", "safe-account-calls", [])  # again after the offer: stops at the quiz
    _take(tutor, "sender:someone", "safe-account-calls", letters)  # not reached: not counted
    figures = campaign_analytics(db, info.id)
    assert {k: figures[k] for k in ("reached", "started", "finished", "scores", "stops")} == {
        "reached": 3,
        "started": 3,
        "finished": 1,
        "scores": {f"{len(right)}/{len(right)}": 1},
        "stops": [("Step 2", 1), ("Quiz question 1", 1)],
    }
    assert figures["mean_score"] == 1.0 and figures["practice"] is None


def test_a_practice_campaign_counts_the_hooks_and_reuses_the_practice_figures(store, db):
    info = schedule(store, "prize-fee", kind="rehearsal")
    assert practice_started(store, "demo", "prize-fee") is False, "not offered yet"
    offer_at_greeting(store, "demo", TODAY)
    offer_at_greeting(store, "li", TODAY)
    assert practice_started(store, "demo", "prize-fee") is True
    assert practice_finished(store, "demo", "prize-fee") is True
    assert practice_finished(store, "li", "prize-fee") is True
    assert practice_started(store, None, "prize-fee") is False
    figures = campaign_analytics(db, info.id)
    assert (figures["reached"], figures["started"], figures["finished"]) == (2, 2, 2)
    assert figures["practice"]["slug"] == "prize-fee" and "steps" in figures["practice"]


def test_the_csv_has_one_row_per_campaign_and_quotes_formulas(store, db):
    schedule(store)
    schedule(store, "prize-fee", kind="rehearsal", ends_on=TODAY + dt.timedelta(days=3))
    offer_at_greeting(store, "demo", TODAY)
    lines = campaigns_csv(all_campaign_analytics(db)).splitlines()
    assert lines[0] == (
        "campaign,kind,item,group,starts_on,ends_on,cancelled,reached,started,finished,"
        "mean_score,scores,stopped_at"
    )
    assert lines[1].startswith(f"2,rehearsal,prize-fee,everyone,{TODAY},")
    assert lines[2] == f"1,lesson,safe-account-calls,everyone,{TODAY},,no,1,0,0,,,"


def test_an_unknown_campaign_is_not_found(store, db):
    with pytest.raises(CampaignNotFound):
        store.cancel(TEACHER, 99)
    with pytest.raises(CampaignNotFound):
        campaign_analytics(db, 99)
