"""Taking a lesson: start or resume, next, back, the quiz and its score.

Progress is stored per learner and lesson, so a customer who leaves in the
middle comes back to the same step. A learner is the customer id when the
conversation is bound to a customer, else `sender:<sender id>`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.bank.db import Database
from assistant.bank.models import utcnow
from lessons import render
from lessons.choice import FILLER as _FILLER
from lessons.choice import WORD as _WORD
from lessons.choice import pick
from lessons.errors import LessonNotFound
from lessons.format import LessonContent, Question
from lessons.models import Interception, Lesson, LessonEvent, LessonProgress, LessonVersion
from lessons.store import LessonStore


def learner_for(customer_id: str | None, sender_id: str) -> str:
    return customer_id if customer_id else f"sender:{sender_id}"


@dataclass
class Turn:
    """What the tutor says, and where the learner is now."""

    messages: list[render.Message] = field(default_factory=list)
    stage: str = "step"  # step, quiz, done, none


def match_choice(item: Question, text: str) -> int | None:
    """Which choice the learner meant: "B", "the first one", "2", or the choice's words."""
    return pick(item.choices, text)


class Tutor:
    def __init__(self, db: Database, store: LessonStore, clock: Callable = utcnow) -> None:
        self._db = db
        self._store = store
        self._clock = clock

    # -- finding lessons ---------------------------------------------------

    def catalogue(self, learner: str) -> list[tuple[LessonContent, str]]:
        """Published lessons with this learner's status: new, in_progress or completed."""
        with self._db.session() as session:
            status = {
                slug: state
                for slug, state in session.execute(
                    select(Lesson.slug, LessonProgress.status)
                    .join(Lesson, Lesson.id == LessonProgress.lesson_id)
                    .where(LessonProgress.learner == learner)
                )
            }
        return [(c, status.get(c.slug, "new")) for c in self._store.catalogue()]

    def find(self, text: str) -> str | None:
        """The published lesson that best matches "teach me about phone scams"."""
        said = {w.rstrip("s") for w in _WORD.findall(text.lower()) if w not in _FILLER}
        best, best_slug = 0.0, None
        for content in self._store.catalogue():
            words = {
                w.rstrip("s")
                for phrase in [*content.tags, *content.keywords, content.title, content.slug]
                for w in _WORD.findall(phrase.lower().replace("-", " "))
                if w not in _FILLER and len(w) > 2
            }
            phrases = [p for p in content.keywords if " " in p and p in text.lower()]
            score = len(said & words) + 2 * len(phrases)
            if score > best:
                best, best_slug = score, content.slug
        return best_slug

    def lesson_of_the_day(self, day: dt.date | None = None) -> LessonContent | None:
        """The lesson for `day`, by default today by this tutor's clock (UTC) on every channel."""
        day = day or self._clock().date()
        catalogue = self._store.catalogue()
        if not catalogue:
            return None
        return catalogue[day.toordinal() % len(catalogue)]

    # -- taking a lesson ---------------------------------------------------

    def start(self, learner: str, slug: str, interception_id: int | None = None) -> Turn:
        """Start a lesson, or resume it where the learner stopped."""
        version_id, content = self._store.published(slug)
        with self._db.session() as session:
            progress = self._progress(session, learner, slug)
            now = self._clock()
            resuming = (
                progress is not None
                and progress.status == "in_progress"
                and progress.version_id == version_id
            )
            if progress is None or not resuming:
                if progress is None:
                    lesson_id = session.scalar(select(Lesson.id).where(Lesson.slug == slug))
                    progress = LessonProgress(learner=learner, lesson_id=lesson_id)
                    session.add(progress)
                progress.version_id = version_id
                progress.step = progress.question = progress.correct = 0
                progress.status = "in_progress"
                session.add(
                    LessonEvent(
                        lesson_id=progress.lesson_id,
                        version_id=version_id,
                        learner=learner,
                        kind="started",
                        interception_id=interception_id,
                        at=now,
                    )
                )
            if interception_id is not None:
                interception = session.get(Interception, interception_id)
                if interception is not None:
                    interception.lesson_started = True
                    interception.updated_at = now
            progress.updated_at = now
            if resuming:
                where = (
                    f"step {progress.step + 1} of {len(content.steps)}"
                    if progress.step < len(content.steps)
                    else f"question {progress.question + 1} of {len(content.quiz)} of the quiz"
                )
                return self._show(content, progress, [{"text": f"You were on {where}."}])
            return self._show(content, progress, [render.intro(content)])

    def current(self, learner: str) -> tuple[LessonContent, int, int] | None:
        """The lesson in progress: content, step and question (None if there is none)."""
        with self._db.session() as session:
            progress = self._active(session, learner)
            if progress is None:
                return None
            return _content_of(progress.version), progress.step, progress.question

    def next(self, learner: str) -> Turn:
        return self._walk(learner, +1)

    def back(self, learner: str) -> Turn:
        return self._walk(learner, -1)

    def question(self, learner: str) -> Turn:
        """The current quiz question again."""
        with self._db.session() as session:
            progress = self._active(session, learner)
            if progress is None:
                return Turn([], "none")
            content = _content_of(progress.version)
            return self._show(content, progress, [])

    def answer(self, learner: str, text: str) -> tuple[bool, Turn]:
        """Score an answer; returns whether it was understood, and what to say."""
        with self._db.session() as session:
            progress = self._active(session, learner)
            if progress is None:
                return False, Turn([], "none")
            content = _content_of(progress.version)
            if progress.step < len(content.steps):
                return False, self._show(content, progress, [])
            item = content.quiz[progress.question]
            chosen = match_choice(item, text)
            if chosen is None:
                letters = ", ".join(render.LETTERS[: len(item.choices) - 1])
                last = render.LETTERS[len(item.choices) - 1]
                # The choices again as buttons, and a way out: not the main menu under it.
                hint = {
                    "text": f"Sorry, I did not catch your answer. Please say {letters} or {last}.",
                    "buttons": [
                        *render.question(content, progress.question)["buttons"],
                        {"title": "Stop the lesson", "payload": "/cancel"},
                    ],
                }
                return False, Turn([hint], "quiz")
            messages = [render.feedback(item, chosen)]
            progress.correct += int(chosen == item.answer)
            progress.question += 1
            progress.updated_at = self._clock()
            if progress.question < len(content.quiz):
                return True, self._show(content, progress, messages)
            progress.status = "completed"
            session.add(
                LessonEvent(
                    lesson_id=progress.lesson_id,
                    version_id=progress.version_id,
                    learner=learner,
                    kind="completed",
                    score=progress.correct,
                    out_of=len(content.quiz),
                    at=self._clock(),
                )
            )
            messages.append(render.score(content, progress.correct))
            return True, Turn(messages, "done")

    # -- internals ---------------------------------------------------------

    def _walk(self, learner: str, delta: int) -> Turn:
        with self._db.session() as session:
            progress = self._active(session, learner)
            if progress is None:
                return Turn([], "none")
            content = _content_of(progress.version)
            last_step = len(content.steps)  # the quiz comes after the last step
            if progress.step >= last_step and delta > 0:
                return self._show(content, progress, [])
            progress.step = min(max(progress.step + delta, 0), last_step)
            if progress.step < last_step:
                progress.question = progress.correct = 0
            progress.updated_at = self._clock()
            lead = []
            if progress.step == last_step and progress.question == 0:
                lead = [{"text": "Now a short quiz. Choose the best answer."}]
            return self._show(content, progress, lead)

    @staticmethod
    def _show(content: LessonContent, progress: LessonProgress, lead: list[render.Message]) -> Turn:
        if progress.step < len(content.steps):
            return Turn([*lead, render.step(content, progress.step)], "step")
        return Turn([*lead, render.question(content, progress.question)], "quiz")

    @staticmethod
    def _progress(session: Session, learner: str, slug: str) -> LessonProgress | None:
        return session.scalar(
            select(LessonProgress)
            .join(Lesson, Lesson.id == LessonProgress.lesson_id)
            .where(LessonProgress.learner == learner, Lesson.slug == slug)
        )

    @staticmethod
    def _active(session: Session, learner: str) -> LessonProgress | None:
        progress = session.scalar(
            select(LessonProgress)
            .where(LessonProgress.learner == learner, LessonProgress.status == "in_progress")
            .order_by(LessonProgress.updated_at.desc(), LessonProgress.id.desc())
            .limit(1)
        )
        # A lesson unpublished since the learner began is not taught any more.
        if progress is not None and progress.version.status != "published":
            live = session.scalar(
                select(LessonVersion).where(
                    LessonVersion.lesson_id == progress.lesson_id,
                    LessonVersion.status == "published",
                )
            )
            if live is None:
                raise LessonNotFound("That lesson is not available right now.")
            progress.version_id, progress.version = live.id, live
            progress.step = progress.question = progress.correct = 0
        return progress


def _content_of(version: LessonVersion) -> LessonContent:
    return LessonContent.from_json(json.loads(version.content))
