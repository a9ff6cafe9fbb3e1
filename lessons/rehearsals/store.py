"""The rehearsals' publishing workflow, as the lessons' (lessons/store.py): draft -> in
review -> published -> archived.

Educators create and edit drafts and submit them; reviewers also publish and unpublish.
Editing a version that is no longer a draft makes a new draft, so every published text
stays on record; only the one published version reaches customers. The library in
lessons/rehearsals/content/ is imported and published as it is (it is reviewed in git).
The analytics events are written here too (`record`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.bank import audit
from assistant.bank.db import Database
from assistant.bank.models import utcnow
from assistant.bank.staff import EDUCATOR, REVIEWER, Actor
from lessons.errors import NotAllowed, Problem, WorkflowError
from lessons.models import Lesson
from lessons.rehearsals.errors import InvalidRehearsal, RehearsalNotFound
from lessons.rehearsals.format import RehearsalContent, parse_rehearsal
from lessons.rehearsals.models import Rehearsal, RehearsalEvent, RehearsalVersion
from lessons.settings import LESSONS_DIR, LessonSettings

LIBRARY = Actor("library", REVIEWER)
CONTENT_DIR = LESSONS_DIR / "rehearsals" / "content"


@dataclass(frozen=True)
class VersionInfo:
    slug: str
    number: int
    status: str
    title: str
    reading_grade: float
    author: str
    created_at: str
    updated_at: str
    published_at: str | None

    @classmethod
    def of(cls, version: RehearsalVersion) -> VersionInfo:
        return cls(
            slug=version.rehearsal.slug,
            number=version.number,
            status=version.status,
            title=version.title,
            reading_grade=version.reading_grade,
            author=version.author,
            created_at=version.created_at.isoformat(),
            updated_at=version.updated_at.isoformat(),
            published_at=version.published_at.isoformat() if version.published_at else None,
        )


@dataclass(frozen=True)
class ImportReport:
    added: list[str]
    unchanged: list[str]


class RehearsalStore:
    def __init__(
        self,
        db: Database,
        settings: LessonSettings,
        clock: Callable = utcnow,
        content_dir: Path = CONTENT_DIR,
    ) -> None:
        self._db = db
        self._settings = settings
        self._clock = clock
        self._content_dir = content_dir

    def parse(self, source: str, text: str) -> RehearsalContent:
        return parse_rehearsal(source, text, max_grade=self._settings.max_grade)

    def _checked(self, session: Session, source: str, text: str) -> RehearsalContent:
        """Parsed, and its matching lesson there: a lesson named wrongly would never offer it."""
        content = self.parse(source, text)
        if (
            content.lesson
            and session.scalar(select(Lesson.id).where(Lesson.slug == content.lesson)) is None
        ):
            raise InvalidRehearsal(source, [Problem(
                f"There is no lesson called {content.lesson}. Give the web name of a lesson "
                "from the lesson list, or leave the matching lesson empty.", "lesson",
            )])  # fmt: skip
        return content

    # -- authoring ---------------------------------------------------------

    def import_dir(self, folder: Path | None = None, actor: Actor = LIBRARY) -> ImportReport:
        """Import and publish every `*.yml` rehearsal whose text is new; all are checked
        before anything is written, so one bad file leaves the database as it was."""
        folder = folder or self._content_dir
        files = sorted(folder.glob("*.yml"))
        if not files:
            raise RehearsalNotFound(f"There are no rehearsal files (*.yml) in {folder}.")
        parsed = [(f.read_text(encoding="utf-8"), f.name) for f in files]
        added, unchanged = [], []
        with self._db.session() as session:
            checked = [(text, self._checked(session, name, text)) for text, name in parsed]
            for text, content in checked:
                rehearsal = self._rehearsal_or_new(session, content.slug)
                newest = rehearsal.versions[-1] if rehearsal.versions else None
                if newest is not None and newest.source == text:
                    unchanged.append(content.slug)
                    continue
                version = self._new_version(session, rehearsal, actor, text, content)
                self._publish(session, version, actor)
                added.append(content.slug)
        return ImportReport(added, unchanged)

    def export_dir(self, folder: Path | None = None) -> list[str]:
        """Write each published rehearsal's text to `<slug>.yml`, as `import_dir` reads it."""
        folder = folder or self._content_dir
        folder.mkdir(parents=True, exist_ok=True)
        with self._db.session() as session:
            sources = {v.rehearsal.slug: v.source for v in _published(session)}
        for slug, source in sources.items():
            (folder / f"{slug}.yml").write_text(source, encoding="utf-8")
        return list(sources)

    def create(self, actor: Actor, text: str) -> VersionInfo:
        _require(actor, EDUCATOR, REVIEWER)
        with self._db.session() as session:
            content = self._checked(session, "draft", text)
            if self._rehearsal(session, content.slug) is not None:
                raise WorkflowError(
                    f"A rehearsal called {content.slug} already exists. "
                    "Edit it, or choose another slug."
                )
            rehearsal = self._rehearsal_or_new(session, content.slug)
            return VersionInfo.of(self._new_version(session, rehearsal, actor, text, content))

    def edit(self, actor: Actor, slug: str, text: str) -> VersionInfo:
        """Change the newest draft, or start a new draft from a submitted or published one."""
        _require(actor, EDUCATOR, REVIEWER)
        with self._db.session() as session:
            content = self._checked(session, "draft", text)
            if content.slug != slug:
                raise WorkflowError(f"The slug in the text must stay {slug}.")
            rehearsal = self._existing(session, slug)
            newest = rehearsal.versions[-1]
            if newest.status == "draft":
                _fill(newest, actor, text, content)
                newest.updated_at = self._clock()
                return VersionInfo.of(newest)
            return VersionInfo.of(self._new_version(session, rehearsal, actor, text, content))

    def submit(self, actor: Actor, slug: str, number: int) -> VersionInfo:
        _require(actor, EDUCATOR, REVIEWER)
        return self._move(actor, slug, number, {"draft"}, "in_review")

    @staticmethod
    def require_reviewer(actor: Actor) -> None:
        _require(actor, REVIEWER)

    def publish(self, actor: Actor, slug: str, number: int) -> VersionInfo:
        _require(actor, REVIEWER)
        with self._db.session() as session:
            version = self._version(session, slug, number)
            if version.status != "in_review":
                raise WorkflowError(
                    f"Version {number} is {_said(version.status)}; submit it for review first."
                )
            self._publish(session, version, actor)
            return VersionInfo.of(version)

    def unpublish(self, actor: Actor, slug: str, number: int) -> VersionInfo:
        _require(actor, REVIEWER)
        return self._move(actor, slug, number, {"published"}, "archived", "rehearsal_unpublished")

    # -- reading -----------------------------------------------------------

    def versions(self, slug: str) -> list[VersionInfo]:
        with self._db.session() as session:
            return [VersionInfo.of(v) for v in self._existing(session, slug).versions]

    def rehearsals(self) -> list[dict[str, Any]]:
        """One row per rehearsal for the portal: newest version and published version."""
        with self._db.session() as session:
            rows = []
            for rehearsal in session.scalars(select(Rehearsal).order_by(Rehearsal.slug)):
                if not rehearsal.versions:
                    continue
                newest = rehearsal.versions[-1]
                live = next((v for v in rehearsal.versions if v.status == "published"), None)
                rows.append(
                    {
                        "slug": rehearsal.slug,
                        "title": newest.title,
                        "newest": VersionInfo.of(newest).__dict__,
                        "published_version": live.number if live else None,
                    }
                )
            return rows

    def version(self, slug: str, number: int) -> VersionInfo:
        with self._db.session() as session:
            return VersionInfo.of(self._version(session, slug, number))

    def content(self, slug: str, number: int) -> tuple[RehearsalContent, str]:
        """A version's content and its file, whatever its status (for staff)."""
        with self._db.session() as session:
            version = self._version(session, slug, number)
            return _content(version), version.source

    def published(self, slug: str) -> tuple[int, RehearsalContent]:
        """The published version's number and content: the only text customers get."""
        with self._db.session() as session:
            version = session.scalar(
                select(RehearsalVersion)
                .join(Rehearsal)
                .where(Rehearsal.slug == slug, RehearsalVersion.status == "published")
            )
            if version is None:
                raise RehearsalNotFound("That practice call is not available right now.")
            return version.number, _content(version)

    def playable(self, slug: str, number: int) -> RehearsalContent:
        """The version a practice call began with, while the rehearsal is published; a
        version never published (a draft) is never played, the published one is instead.

        Raises:
            RehearsalNotFound: the rehearsal is not published any more.
        """
        live, content = self.published(slug)
        if number == live:
            return content
        with self._db.session() as session:
            version = self._version(session, slug, number)
            return content if version.published_at is None else _content(version)

    def catalogue(self) -> list[RehearsalContent]:
        """Every published rehearsal, in slug order."""
        with self._db.session() as session:
            return [_content(v) for v in _published(session)]

    # -- analytics ---------------------------------------------------------

    def record(self, slug: str, version: int, run: str, kind: str, **facts: Any) -> None:
        """One analytics event: started, answer (step, move, move_kind, typed), finished
        (score, out_of) or stopped."""
        with self._db.session() as session:
            rehearsal = self._existing(session, slug)
            session.add(
                RehearsalEvent(
                    rehearsal_id=rehearsal.id,
                    version_number=version,
                    run=run,
                    kind=kind,
                    at=self._clock(),
                    **facts,
                )
            )

    # -- internals ---------------------------------------------------------

    def _move(
        self,
        actor: Actor,
        slug: str,
        number: int,
        allowed: set[str],
        target: str,
        audit_action: str | None = None,
    ) -> VersionInfo:
        with self._db.session() as session:
            version = self._version(session, slug, number)
            if version.status not in allowed:
                raise WorkflowError(
                    f"Version {number} is {_said(version.status)}, so it cannot be "
                    f"{_said(target)} now."
                )
            version.status = target
            version.updated_at = self._clock()
            if target == "in_review":
                version.submitted_at = self._clock()
            if audit_action:
                audit.record(session, None, audit_action, slug=slug, version=number, by=actor.id)
            return VersionInfo.of(version)

    def _publish(self, session: Session, version: RehearsalVersion, actor: Actor) -> None:
        now = self._clock()
        for other in version.rehearsal.versions:
            if other.status == "published" and other is not version:
                other.status = "archived"
                other.updated_at = now
        version.status = "published"
        version.published_at = now
        version.published_by = actor.id
        version.updated_at = now
        audit.record(
            session, None, "rehearsal_published",
            slug=version.rehearsal.slug, version=version.number, by=actor.id,
        )  # fmt: skip

    def _new_version(
        self,
        session: Session,
        rehearsal: Rehearsal,
        actor: Actor,
        text: str,
        content: RehearsalContent,
    ) -> RehearsalVersion:
        now = self._clock()
        version = RehearsalVersion(
            rehearsal=rehearsal,
            number=(rehearsal.versions[-1].number + 1) if rehearsal.versions else 1,
            status="draft",
            created_at=now,
            updated_at=now,
        )
        _fill(version, actor, text, content)
        session.add(version)
        session.flush()
        return version

    @staticmethod
    def _rehearsal(session: Session, slug: str) -> Rehearsal | None:
        return session.scalar(select(Rehearsal).where(Rehearsal.slug == slug))

    def _rehearsal_or_new(self, session: Session, slug: str) -> Rehearsal:
        rehearsal = self._rehearsal(session, slug)
        if rehearsal is None:
            rehearsal = Rehearsal(slug=slug, created_at=self._clock())
            session.add(rehearsal)
            session.flush()
        return rehearsal

    def _existing(self, session: Session, slug: str) -> Rehearsal:
        rehearsal = self._rehearsal(session, slug)
        if rehearsal is None or not rehearsal.versions:
            raise RehearsalNotFound(f"There is no rehearsal called {slug}.")
        return rehearsal

    def _version(self, session: Session, slug: str, number: int) -> RehearsalVersion:
        rehearsal = self._existing(session, slug)
        version = next((v for v in rehearsal.versions if v.number == number), None)
        if version is None:
            raise RehearsalNotFound(f"Rehearsal {slug} has no version {number}.")
        return version


def _fill(version: RehearsalVersion, actor: Actor, text: str, content: RehearsalContent) -> None:
    version.title = content.title
    version.language = content.language
    version.reading_grade = content.reading_grade
    version.content = json.dumps(content.to_json())
    version.source = text
    version.author = actor.id


def _published(session: Session) -> list[RehearsalVersion]:
    return list(
        session.scalars(
            select(RehearsalVersion)
            .join(Rehearsal)
            .where(RehearsalVersion.status == "published")
            .order_by(Rehearsal.slug)
        )
    )


def _content(version: RehearsalVersion) -> RehearsalContent:
    return RehearsalContent.from_json(json.loads(version.content))


def _require(actor: Actor, *roles: str) -> None:
    if actor.role not in roles:
        raise NotAllowed("Only a reviewer can do that. Ask a reviewer to publish the rehearsal.")


def _said(status: str) -> str:
    return {"in_review": "in review"}.get(status, status)
