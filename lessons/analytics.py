"""Figures for educators: per lesson, starts, completions, scores and interceptions, and
where learners stop; per campaign, how many it reached, started and finished, as a dict
for a page and as CSV rows for a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.bank.db import Database
from lessons.campaigns.errors import CampaignNotFound
from lessons.campaigns.models import Campaign, CampaignReach
from lessons.errors import LessonNotFound
from lessons.models import Interception, Lesson, LessonEvent, LessonProgress, LessonVersion
from lessons.rehearsals.analytics import rehearsal_analytics


def lesson_analytics(db: Database, slug: str) -> dict[str, Any]:
    """Counts over every version of the lesson.

    `scores` maps "right answers/questions" to how many learners finished
    with that score; `interceptions` counts payments paused with this lesson
    offered, and how many of those led to the lesson being started.
    """
    with db.session() as session:
        lesson_id = session.scalar(select(Lesson.id).where(Lesson.slug == slug))
        if lesson_id is None:
            raise LessonNotFound(f"There is no lesson called {slug}.")
        events = session.execute(
            select(LessonEvent.kind, LessonEvent.score, LessonEvent.out_of).where(
                LessonEvent.lesson_id == lesson_id
            )
        ).all()
        offered = session.scalar(
            select(func.count()).select_from(Interception).where(Interception.lesson_slug == slug)
        )
        taken = session.scalar(
            select(func.count())
            .select_from(Interception)
            .where(Interception.lesson_slug == slug, Interception.lesson_started.is_(True))
        )
    scores = Counter(f"{s}/{o}" for kind, s, o in events if kind == "completed")
    return {
        "slug": slug,
        "starts": sum(1 for kind, _, _ in events if kind == "started"),
        "completions": sum(1 for kind, _, _ in events if kind == "completed"),
        "scores": dict(sorted(scores.items())),
        "interceptions": {"offered": offered or 0, "led_to_lesson": taken or 0},
    }


# -- where learners stop, and the campaigns ---------------------------------------------

CAMPAIGN_CSV_COLUMNS = [
    "campaign", "kind", "item", "group", "starts_on", "ends_on", "cancelled", "reached",
    "started", "finished", "mean_score", "scores", "stopped_at",
]  # fmt: skip


def stops(
    session: Session, lesson_id: int, learners: Collection[str] | None = None
) -> list[tuple[str, int]]:
    """Where learners who began the lesson and have not finished it are now, step by step
    ("Step 2", "Quiz question 1"), in the lesson's order; only `learners` when given."""
    query = (
        select(LessonProgress.step, LessonProgress.question, LessonVersion.content)
        .join(LessonVersion, LessonVersion.id == LessonProgress.version_id)
        .where(LessonProgress.lesson_id == lesson_id, LessonProgress.status == "in_progress")
    )
    if learners is not None:
        query = query.where(LessonProgress.learner.in_(list(learners)))
    places: Counter[tuple[int, int]] = Counter()
    for step, question, content in session.execute(query).all():
        steps = len(json.loads(content)["steps"])
        places[(step, question) if step >= steps else (step, -1)] += 1
    return [
        (f"Quiz question {question + 1}" if question >= 0 else f"Step {step + 1}", count)
        for (step, question), count in sorted(places.items())
    ]


def lesson_stops(db: Database, slug: str) -> list[tuple[str, int]]:
    """Where every learner who began the lesson and has not finished it is now."""
    with db.session() as session:
        lesson_id = session.scalar(select(Lesson.id).where(Lesson.slug == slug))
        if lesson_id is None:
            raise LessonNotFound(f"There is no lesson called {slug}.")
        return stops(session, lesson_id)


def campaign_analytics(db: Database, campaign_id: int) -> dict[str, Any]:
    """Reached, started, finished for one campaign: customers it offered its item to, and
    what they did after that offer.

    For a lesson, `scores` maps "right answers/questions" to how many of them finished with
    it (their first finish after the offer) and `stops` is where those who began and did
    not finish are now, step by step. For a practice call, started and finished come from
    the dialogue's calls (lessons/campaigns/dialogue.py), and `practice` is the practice
    call's own figures (lessons/rehearsals/analytics.py): its scores and each step's safe
    and risky share, over everyone who played it, since its events name nobody.
    """
    with db.session() as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise CampaignNotFound(f"There is no campaign number {campaign_id}.")
        reach = session.execute(
            select(
                CampaignReach.customer_id, CampaignReach.reached_at,
                CampaignReach.started_at, CampaignReach.finished_at,
            ).where(CampaignReach.campaign_id == campaign_id)
        ).all()  # fmt: skip
        figures: dict[str, Any] = {
            "campaign": campaign_id, "kind": campaign.kind, "slug": campaign.slug,
            "audience": campaign.audience, "starts_on": campaign.starts_on.isoformat(),
            "ends_on": campaign.ends_on.isoformat() if campaign.ends_on else None,
            "cancelled": campaign.cancelled_at is not None, "reached": len(reach),
        }  # fmt: skip
        if campaign.kind == "lesson":
            figures.update(_lesson_after_reach(session, campaign.slug, reach))
            return figures
    figures.update(
        started=sum(1 for *_, started, _f in reach if started is not None),
        finished=sum(1 for *_, finished in reach if finished is not None),
        mean_score=None, scores={}, stops=[],
        practice=rehearsal_analytics(db, campaign.slug),
    )  # fmt: skip
    return figures


def _lesson_after_reach(session: Session, slug: str, reach: Sequence[Any]) -> dict[str, Any]:
    lesson_id = session.scalar(select(Lesson.id).where(Lesson.slug == slug))
    reached_at = {customer: at for customer, at, *_ in reach}
    events = (
        session.execute(
            select(LessonEvent.learner, LessonEvent.kind, LessonEvent.score,
                   LessonEvent.out_of, LessonEvent.at)
            .where(LessonEvent.lesson_id == lesson_id,
                   LessonEvent.learner.in_(list(reached_at)))
            .order_by(LessonEvent.at, LessonEvent.id)
        ).all()
        if reached_at and lesson_id is not None
        else []
    )  # fmt: skip
    started: set[str] = set()
    finished: dict[str, tuple[int, int]] = {}
    for learner, kind, score, out_of, at in events:
        if at < reached_at[learner]:
            continue  # taken before the campaign offered it
        if kind == "started":
            started.add(learner)
        elif kind == "completed" and learner not in finished:
            finished[learner] = (score, out_of)
    scores = Counter(f"{s}/{o}" for s, o in finished.values())
    shares = [s / o for s, o in finished.values() if o]
    still = started - set(finished)
    return {
        "started": len(started | set(finished)),
        "finished": len(finished),
        "mean_score": round(sum(shares) / len(shares), 2) if shares else None,
        "scores": dict(sorted(scores.items())),
        "stops": stops(session, lesson_id, still) if still and lesson_id is not None else [],
        "practice": None,
    }


def all_campaign_analytics(db: Database) -> list[dict[str, Any]]:
    """The figures of every campaign, the newest first."""
    with db.session() as session:
        ids = session.scalars(select(Campaign.id).order_by(Campaign.id.desc())).all()
    return [campaign_analytics(db, campaign_id) for campaign_id in ids]


def campaigns_csv(figures: list[dict[str, Any]]) -> str:
    """One row per campaign; the scores and where learners stopped as "label: count" lists.
    A practice call's steps are in the practice calls' own CSV. Every text is a slug, a
    group's name or a date, so none can start like a spreadsheet formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CAMPAIGN_CSV_COLUMNS)
    for f in figures:
        writer.writerow(
            [
                f["campaign"], f["kind"], f["slug"], f["audience"], f["starts_on"],
                f["ends_on"] or "", "yes" if f["cancelled"] else "no", f["reached"],
                f["started"], f["finished"], "" if f["mean_score"] is None else f["mean_score"],
                ", ".join(f"{k}: {v}" for k, v in f["scores"].items()),
                ", ".join(f"{label}: {count}" for label, count in f["stops"]),
            ]
        )  # fmt: skip
    return out.getvalue()
