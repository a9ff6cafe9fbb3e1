"""Scheduling campaigns, and which campaign's item a customer is offered on a day.

Educators and reviewers schedule a published lesson or practice call for a group from a
start date (to an end date, or until cancelled) and may cancel it; trainers may not.
A customer is offered a campaign's item once: the first offer (the chat's greeting or
the Matrix daily lesson) records a `CampaignReach`, and a reached campaign is never
offered to that customer again. Among the campaigns due on a day, the one that started
first is offered first.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.bank.db import Database
from assistant.bank.models import PaymentPause, utcnow
from assistant.bank.staff import EDUCATOR, REVIEWER, Actor
from lessons import render
from lessons.campaigns.errors import CampaignNotFound, InvalidCampaign
from lessons.campaigns.models import (
    EVERYONE,
    GROUPS,
    KINDS,
    NEVER_TOOK_A_LESSON,
    PAUSED_RECENTLY,
    Campaign,
    CampaignReach,
)
from lessons.errors import NotAllowed, Problem
from lessons.models import Lesson, LessonEvent, LessonVersion
from lessons.rehearsals import machine
from lessons.rehearsals.models import Rehearsal, RehearsalVersion

log = logging.getLogger(__name__)

PAUSE_DAYS = 30
GROUP_NAMES = {
    EVERYONE: "All customers",
    PAUSED_RECENTLY: f"Customers whose payments were paused in the last {PAUSE_DAYS} days",
    NEVER_TOOK_A_LESSON: "Customers who have never taken a lesson",
}
SHORT_GROUP_NAMES = {
    EVERYONE: "Everyone",
    PAUSED_RECENTLY: f"Paused in the last {PAUSE_DAYS} days",
    NEVER_TOOK_A_LESSON: "Never took a lesson",
}
KIND_NAMES = {"lesson": "Lesson", "rehearsal": "Practice call"}


@dataclass(frozen=True)
class CampaignItem:
    """What a campaign offers: a published lesson or practice call."""

    campaign_id: int
    kind: str
    """lesson or rehearsal"""
    slug: str
    title: str
    summary: str

    @property
    def start_button(self) -> dict[str, str]:
        """The button that starts it, with the payload the lesson or practice actions read."""
        if self.kind == "lesson":
            return {"title": "Start the lesson", "payload": render.start_payload(self.slug)}
        return {"title": "Start the practice call", "payload": machine.start_payload(self.slug)}


@dataclass(frozen=True)
class CampaignInfo:
    """One campaign as the portal lists it."""

    id: int
    kind: str
    slug: str
    title: str
    """The published title, or the slug when nothing is published now."""
    audience: str
    starts_on: dt.date
    ends_on: dt.date | None
    created_by: str
    cancelled_at: dt.datetime | None
    reached: int

    @property
    def group(self) -> str:
        return GROUP_NAMES[self.audience]

    @property
    def group_short(self) -> str:
        """The group in a few words, for a table's cell."""
        return SHORT_GROUP_NAMES[self.audience]

    def status(self, today: dt.date) -> str:
        """cancelled, scheduled, running or ended."""
        if self.cancelled_at is not None:
            return "cancelled"
        if today < self.starts_on:
            return "scheduled"
        if self.ends_on is not None and today > self.ends_on:
            return "ended"
        return "running"


class CampaignStore:
    def __init__(self, db: Database, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self._db = db
        self._clock = clock

    # -- educators ---------------------------------------------------------

    def items(self) -> list[tuple[str, str, str]]:
        """Every published lesson and practice call: (kind, slug, title), lessons first."""
        with self._db.session() as session:
            return [
                *((k, s, t) for k, s, t, _ in _published(session, "lesson")),
                *((k, s, t) for k, s, t, _ in _published(session, "rehearsal")),
            ]

    def create(
        self,
        actor: Actor,
        kind: str,
        slug: str,
        audience: str,
        starts_on: dt.date | None,
        ends_on: dt.date | None,
    ) -> CampaignInfo:
        """Schedule a campaign; every problem is said at once, next to its form field.

        Raises:
            NotAllowed: the actor is neither an educator nor a reviewer.
            InvalidCampaign: the item is not published, a date is missing or in the past,
                the end is before the start, or the group is not one there is.
        """
        _require_author(actor)
        problems = self.check(kind, slug, audience, starts_on, ends_on)
        if problems:
            raise InvalidCampaign("campaign", problems)
        with self._db.session() as session:
            campaign = Campaign(
                kind=kind, slug=slug, audience=audience, starts_on=starts_on, ends_on=ends_on,
                created_by=actor.id, created_at=self._clock(),
            )  # fmt: skip
            session.add(campaign)
            session.flush()
            log.info("Campaign %d scheduled by %s: %s %s", campaign.id, actor.id, kind, slug)
            return _info(session, campaign)

    def check(
        self,
        kind: str,
        slug: str,
        audience: str,
        starts_on: dt.date | None,
        ends_on: dt.date | None,
    ) -> list[Problem]:
        """What stops this campaign from being scheduled, each with its form field
        (item, audience, starts_on, ends_on); empty when nothing does."""
        today = self._clock().date()
        problems = []
        if kind not in KINDS:
            problems.append(Problem("Choose a lesson or a practice call.", "item"))
        else:
            with self._db.session() as session:
                if _published_one(session, kind, slug) is None:
                    problems.append(
                        Problem("Choose a lesson or practice call that customers get now "
                                "(a published one).", "item")
                    )  # fmt: skip
        if audience not in GROUPS:
            problems.append(Problem("Choose who the campaign is for.", "audience"))
        if starts_on is None:
            problems.append(Problem("Write the first day as a date, like 2027-01-04.", "starts_on"))
        elif starts_on < today:
            problems.append(
                Problem(f"The first day has passed; choose {today.isoformat()} or later.",
                        "starts_on")
            )  # fmt: skip
        if starts_on is not None and ends_on is not None and ends_on < starts_on:
            problems.append(Problem("The last day must be the first day or after it.", "ends_on"))
        return problems

    def cancel(self, actor: Actor, campaign_id: int) -> CampaignInfo:
        """Stop a campaign: nobody is offered its item from now on; what it reached stays."""
        _require_author(actor)
        with self._db.session() as session:
            campaign = _campaign(session, campaign_id)
            if campaign.cancelled_at is None:
                campaign.cancelled_at, campaign.cancelled_by = self._clock(), actor.id
            return _info(session, campaign)

    @staticmethod
    def require_author(actor: Actor) -> None:
        """NotAllowed unless the actor may schedule and cancel (asked before a confirm page)."""
        _require_author(actor)

    def campaigns(self) -> list[CampaignInfo]:
        """Every campaign, the newest first."""
        with self._db.session() as session:
            found = session.scalars(select(Campaign).order_by(Campaign.id.desc())).all()
            return [_info(session, c) for c in found]

    def campaign(self, campaign_id: int) -> CampaignInfo:
        with self._db.session() as session:
            return _info(session, _campaign(session, campaign_id))

    # -- customers ---------------------------------------------------------

    def offer(self, customer_id: str, today: dt.date, channel: str) -> CampaignItem | None:
        """The item of the first campaign due for this customer today and not yet offered
        to them, recorded as reached; None when there is none."""
        for _ in range(3):
            try:
                with self._db.session() as session:
                    return self.offer_in(session, customer_id, today, channel)
            except IntegrityError:
                # Another channel reached this customer with that campaign a moment ago:
                # it is not offered twice, so look for the next one.
                continue
        return None

    def offer_in(
        self, session: Session, customer_id: str, today: dt.date, channel: str
    ) -> CampaignItem | None:
        """As `offer`, in the caller's transaction (the Matrix daily lesson records its
        delivery with the reach). IntegrityError when another channel reached the customer
        with the same campaign first."""
        reached = exists().where(
            CampaignReach.campaign_id == Campaign.id, CampaignReach.customer_id == customer_id
        )
        due = session.scalars(
            select(Campaign)
            .where(
                Campaign.cancelled_at.is_(None),
                Campaign.starts_on <= today,
                or_(Campaign.ends_on.is_(None), Campaign.ends_on >= today),
                ~reached,
            )
            .order_by(Campaign.starts_on, Campaign.id)
        ).all()
        for campaign in due:
            if not _in_group(session, campaign.audience, customer_id, today):
                continue
            item = _item(session, campaign)
            if item is None:  # unpublished since it was scheduled
                continue
            session.add(
                CampaignReach(
                    campaign_id=campaign.id, customer_id=customer_id, channel=channel,
                    reached_at=self._clock(),
                )
            )  # fmt: skip
            session.flush()
            return item
        return None

    def item(self, campaign_id: int) -> CampaignItem | None:
        """A campaign's item as published now; None when it is not published any more."""
        with self._db.session() as session:
            return _item(session, _campaign(session, campaign_id))

    def practice_event(self, customer_id: str, slug: str, event: str) -> bool:
        """Mark a practice call offered to this customer by a campaign as started or
        finished; False when no campaign had offered it to them."""
        if event not in ("started", "finished"):
            raise ValueError("event must be started or finished")
        with self._db.session() as session:
            reach = session.scalar(
                select(CampaignReach)
                .join(Campaign, Campaign.id == CampaignReach.campaign_id)
                .where(
                    CampaignReach.customer_id == customer_id,
                    Campaign.kind == "rehearsal",
                    Campaign.slug == slug,
                )
                .order_by(CampaignReach.reached_at.desc(), CampaignReach.id.desc())
                .limit(1)
            )
            if reach is None:
                return False
            now = self._clock()
            if event == "started" and reach.started_at is None:
                reach.started_at = now
            if event == "finished" and reach.finished_at is None:
                reach.started_at = reach.started_at or now
                reach.finished_at = now
            return True


def _require_author(actor: Actor) -> None:
    if actor.role not in (EDUCATOR, REVIEWER):
        raise NotAllowed("Only educators and reviewers schedule and cancel campaigns.")


def _campaign(session: Session, campaign_id: int) -> Campaign:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise CampaignNotFound(f"There is no campaign number {campaign_id}.")
    return campaign


def _in_group(session: Session, audience: str, customer_id: str, today: dt.date) -> bool:
    if audience == EVERYONE:
        return True
    if audience == PAUSED_RECENTLY:
        since = dt.datetime.combine(today - dt.timedelta(days=PAUSE_DAYS), dt.time())
        until = dt.datetime.combine(today + dt.timedelta(days=1), dt.time())
        return bool(
            session.scalar(
                select(
                    exists().where(
                        PaymentPause.customer_id == customer_id,
                        PaymentPause.created_at >= since,
                        PaymentPause.created_at < until,
                    )
                )
            )
        )
    if audience == NEVER_TOOK_A_LESSON:
        return not session.scalar(select(exists().where(LessonEvent.learner == customer_id)))
    return False


def _published(
    session: Session, kind: str, slug: str | None = None
) -> list[tuple[str, str, str, str]]:
    """(kind, slug, title, summary) of every published lesson or practice call (or of the
    one called `slug`), by slug."""
    item, version = (Lesson, LessonVersion) if kind == "lesson" else (Rehearsal, RehearsalVersion)
    owner = LessonVersion.lesson_id if kind == "lesson" else RehearsalVersion.rehearsal_id
    query = (
        select(item.slug, version.title, version.content)
        .join(item, item.id == owner)
        .where(version.status == "published")
        .order_by(item.slug)
    )
    if slug is not None:
        query = query.where(item.slug == slug)
    rows = session.execute(query).all()
    return [(kind, s, title, json.loads(content)["summary"]) for s, title, content in rows]


def _published_one(session: Session, kind: str, slug: str) -> tuple[str, str] | None:
    """The published title and summary of one item, or None."""
    found = _published(session, kind, slug)
    return (found[0][2], found[0][3]) if found else None


def _item(session: Session, campaign: Campaign) -> CampaignItem | None:
    published = _published_one(session, campaign.kind, campaign.slug)
    if published is None:
        return None
    return CampaignItem(campaign.id, campaign.kind, campaign.slug, *published)


def _info(session: Session, campaign: Campaign) -> CampaignInfo:
    published = _published_one(session, campaign.kind, campaign.slug)
    reached = session.scalar(
        select(func.count())
        .select_from(CampaignReach)
        .where(CampaignReach.campaign_id == campaign.id)
    )
    return CampaignInfo(
        id=campaign.id,
        kind=campaign.kind,
        slug=campaign.slug,
        title=published[0] if published else campaign.slug,
        audience=campaign.audience,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        created_by=campaign.created_by,
        cancelled_at=campaign.cancelled_at,
        reached=reached or 0,
    )
