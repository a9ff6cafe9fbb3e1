"""The rehearsals' figures for educators: how many started, finished and stopped, the
scores, and for each step the share of safe and risky answers; as a dict for a page
and as CSV rows for a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import select

from assistant.bank.db import Database
from lessons.rehearsals.errors import RehearsalNotFound
from lessons.rehearsals.models import Rehearsal, RehearsalEvent

CSV_COLUMNS = [
    "rehearsal", "started", "finished", "stopped", "mean_score", "step", "answers",
    "safe", "risky", "neutral", "safe_share", "risky_share", "typed_share",
]  # fmt: skip


def rehearsal_analytics(db: Database, slug: str) -> dict[str, Any]:
    """Counts over every version of one rehearsal.

    `scores` maps "safe/answers" to how many practice calls finished with it; `steps`
    has one entry per step answered, in the order first answered.
    """
    with db.session() as session:
        rehearsal_id = session.scalar(select(Rehearsal.id).where(Rehearsal.slug == slug))
        if rehearsal_id is None:
            raise RehearsalNotFound(f"There is no rehearsal called {slug}.")
        events = session.scalars(
            select(RehearsalEvent)
            .where(RehearsalEvent.rehearsal_id == rehearsal_id)
            .order_by(RehearsalEvent.id)
        ).all()
        return _figures(slug, events)


def all_analytics(db: Database) -> list[dict[str, Any]]:
    """The figures of every rehearsal, in slug order."""
    with db.session() as session:
        rows = session.execute(select(Rehearsal.id, Rehearsal.slug).order_by(Rehearsal.slug))
        found = []
        for rehearsal_id, slug in rows.all():
            events = session.scalars(
                select(RehearsalEvent)
                .where(RehearsalEvent.rehearsal_id == rehearsal_id)
                .order_by(RehearsalEvent.id)
            ).all()
            found.append(_figures(slug, events))
        return found


def _figures(slug: str, events: Any) -> dict[str, Any]:
    kinds = Counter(e.kind for e in events)
    finished = [e for e in events if e.kind == "finished"]
    scores = Counter(f"{e.score}/{e.out_of}" for e in finished)
    shares = [e.score / e.out_of for e in finished if e.out_of]
    steps: dict[str, Counter[str]] = defaultdict(Counter)
    for e in events:
        if e.kind == "answer" and e.step:
            steps[e.step][e.move_kind or "neutral"] += 1
            steps[e.step]["typed"] += bool(e.typed)
    return {
        "slug": slug,
        "started": kinds["started"],
        "finished": kinds["finished"],
        "stopped": kinds["stopped"],
        "mean_score": round(sum(shares) / len(shares), 2) if shares else None,
        "scores": dict(sorted(scores.items())),
        "steps": [_step(step, counts) for step, counts in steps.items()],
    }


def _step(step: str, counts: Counter[str]) -> dict[str, Any]:
    answers = counts["safe"] + counts["risky"] + counts["neutral"]
    return {
        "step": step,
        "answers": answers,
        "safe": counts["safe"],
        "risky": counts["risky"],
        "neutral": counts["neutral"],
        "safe_share": round(counts["safe"] / answers, 2) if answers else None,
        "risky_share": round(counts["risky"] / answers, 2) if answers else None,
        "typed_share": round(counts["typed"] / answers, 2) if answers else None,
    }


def csv_text(figures: list[dict[str, Any]]) -> str:
    """One row per rehearsal and step (a rehearsal not yet answered has one row with no
    step), the rehearsal's own figures repeated on each of its rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for rehearsal in figures:
        whole = [rehearsal[k] for k in ("slug", "started", "finished", "stopped", "mean_score")]
        steps = rehearsal["steps"] or [dict.fromkeys(CSV_COLUMNS[5:])]
        for step in steps:
            writer.writerow([_cell(v) for v in [*whole, *(step[k] for k in CSV_COLUMNS[5:])]])
    return out.getvalue()


def _cell(value: object) -> object:
    """A value a spreadsheet shows as itself: text that starts like a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
