"""Per-lesson figures for educators: starts, completions, scores, interceptions."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select

from assistant.bank.db import Database
from lessons.errors import LessonNotFound
from lessons.models import Interception, Lesson, LessonEvent


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
