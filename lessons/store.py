"""The publishing workflow: draft -> in review -> published -> archived.

Educators create and edit drafts and submit them; reviewers also publish and
unpublish. Editing a version that is no longer a draft makes a new draft
version, so every published text stays on record. Only the one published
version of a lesson reaches customers.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.bank import audit
from assistant.bank.db import Database
from assistant.bank.models import utcnow
from assistant.bank.staff import EDUCATOR, REVIEWER, Actor
from lessons.errors import LessonNotFound, NotAllowed, WorkflowError
from lessons.format import LessonContent, Picture, PictureLookup, parse_lesson
from lessons.models import Lesson, LessonVersion
from lessons.pictures import CleanPicture, LessonPictures, clean_picture, pictures_of
from lessons.settings import LessonSettings

log = logging.getLogger(__name__)

LIBRARY = Actor("library", REVIEWER)


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
    def of(cls, version: LessonVersion) -> VersionInfo:
        return cls(
            slug=version.lesson.slug,
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
    grades: dict[str, float]


class LessonStore:
    def __init__(self, db: Database, settings: LessonSettings, clock: Callable = utcnow) -> None:
        self._db = db
        self._settings = settings
        self._clock = clock
        self.pictures = LessonPictures(db)

    @property
    def max_step_words(self) -> int:
        return self._settings.max_step_words

    @property
    def picture_limits(self) -> tuple[int, int]:
        """The largest picture file taken, in bytes, and the width pictures are made."""
        return self._settings.picture_max_bytes, self._settings.picture_width

    def parse(
        self, source: str, markdown: str, pictures: PictureLookup | None = None
    ) -> LessonContent:
        """Check a lesson; its pictures are looked up among those kept (or with `pictures`)."""
        return parse_lesson(
            source,
            markdown,
            max_grade=self._settings.max_grade,
            max_step_words=self._settings.max_step_words,
            pictures=pictures or self.pictures.find,
        )

    def upload_picture(self, actor: Actor, data: bytes) -> Picture:
        """Check, clean and keep an uploaded picture; it is named by its hash.

        Raises:
            BadPicture: what to upload instead.
        """
        _require(actor, EDUCATOR, REVIEWER)
        picture = clean_picture(data, self._settings)
        return self.pictures.add(picture.upload_name, picture, actor.id)

    # -- authoring ---------------------------------------------------------

    def import_dir(self, folder: Path | None = None, actor: Actor = LIBRARY) -> ImportReport:
        """Import every `*.md` lesson; publish each new text (the library is reviewed in git).

        All files are checked before anything is written, so one bad file
        leaves the database as it was. A step's picture is the file its name gives,
        under the folder (`pictures/phone-call.png`), checked and cleaned as an upload is.
        """
        folder = folder or self._settings.content_dir
        files = sorted(folder.glob("*.md"))
        if not files:
            raise LessonNotFound(f"There are no lesson files (*.md) in {folder}.")
        sources = [(f.name, f.read_text(encoding="utf-8")) for f in files]
        found: dict[str, CleanPicture] = {}
        lookup = self._library_pictures(folder, found)
        parsed = [(markdown, self.parse(name, markdown, lookup)) for name, markdown in sources]
        added, unchanged, grades = [], [], {}
        with self._db.session() as session:
            for name, picture in found.items():
                LessonPictures.add_in(session, name, picture, actor.id)
            for markdown, content in parsed:
                grades[content.slug] = content.reading_grade
                lesson = self._lesson_or_new(session, content.slug)
                newest = lesson.versions[-1] if lesson.versions else None
                if (
                    newest is not None
                    and newest.source == markdown
                    and _hashes(_content(newest)) == _hashes(content)
                ):
                    unchanged.append(content.slug)
                    continue
                version = self._new_version(session, lesson, actor, markdown, content)
                self._publish(session, version, actor)
                added.append(content.slug)
        return ImportReport(added, unchanged, grades)

    def export_dir(self, folder: Path | None = None) -> list[str]:
        """Write each lesson's published text to `<slug>.md`, as it was written: the same
        files `import_dir` reads, so portal edits can go back into the library in git."""
        folder = folder or self._settings.content_dir
        folder.mkdir(parents=True, exist_ok=True)
        with self._db.session() as session:
            published = _published(session)
            sources = {v.lesson.slug: v.source for v in published}
            shown = [p for v in published for p in pictures_of(_content(v).steps)]
        for slug, source in sources.items():
            (folder / f"{slug}.md").write_text(source, encoding="utf-8")
        for picture in shown:
            kept = self.pictures.data(picture.sha256)
            if kept is not None:
                (folder / "pictures").mkdir(exist_ok=True)
                (folder / picture.name).write_bytes(kept[0])
        return list(sources)

    def _library_pictures(self, folder: Path, found: dict[str, CleanPicture]) -> PictureLookup:
        """Looks a picture up as a file under `folder`; what it finds goes into `found`."""

        def lookup(name: str) -> Picture | None:
            path = folder / name
            if not path.is_file():
                return None
            if name not in found:
                data = path.read_bytes()
                kept = self.pictures.by_hash(hashlib.sha256(data).hexdigest())
                # A file exported from here is kept as it is: cleaning a JPEG again would
                # change its bytes, and so make a new version of an unchanged lesson.
                found[name] = (
                    CleanPicture(data, kept.media_type, kept.width, kept.height)
                    if kept is not None
                    else clean_picture(data, self._settings)
                )
            picture = found[name]
            return Picture(
                name, "", picture.sha256, picture.media_type, picture.width, picture.height
            )

        return lookup

    def create(self, actor: Actor, markdown: str) -> VersionInfo:
        _require(actor, EDUCATOR, REVIEWER)
        content = self.parse("draft", markdown)
        with self._db.session() as session:
            if self._lesson(session, content.slug) is not None:
                raise WorkflowError(
                    f"A lesson called {content.slug} already exists. "
                    "Edit it, or choose another slug."
                )
            lesson = self._lesson_or_new(session, content.slug)
            return VersionInfo.of(self._new_version(session, lesson, actor, markdown, content))

    def edit(self, actor: Actor, slug: str, markdown: str) -> VersionInfo:
        """Change the newest draft, or start a new draft from a submitted or published one."""
        _require(actor, EDUCATOR, REVIEWER)
        content = self.parse("draft", markdown)
        if content.slug != slug:
            raise WorkflowError(f"The slug in the text must stay {slug}.")
        with self._db.session() as session:
            lesson = self._existing(session, slug)
            newest = lesson.versions[-1]
            if newest.status == "draft":
                _fill(newest, actor, markdown, content)
                newest.updated_at = self._clock()
                return VersionInfo.of(newest)
            return VersionInfo.of(self._new_version(session, lesson, actor, markdown, content))

    def submit(self, actor: Actor, slug: str, number: int) -> VersionInfo:
        _require(actor, EDUCATOR, REVIEWER)
        return self._move(actor, slug, number, {"draft"}, "in_review")

    @staticmethod
    def require_reviewer(actor: Actor) -> None:
        """NotAllowed unless the actor may publish and unpublish (asked before a confirm page)."""
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
        return self._move(actor, slug, number, {"published"}, "archived", "lesson_unpublished")

    # -- reading -----------------------------------------------------------

    def versions(self, slug: str) -> list[VersionInfo]:
        with self._db.session() as session:
            return [VersionInfo.of(v) for v in self._existing(session, slug).versions]

    def lessons(self) -> list[dict[str, object]]:
        """One row per lesson for the portal: newest version and published version."""
        with self._db.session() as session:
            rows = []
            for lesson in session.scalars(select(Lesson).order_by(Lesson.slug)):
                newest = lesson.versions[-1]
                live = next((v for v in lesson.versions if v.status == "published"), None)
                rows.append(
                    {
                        "slug": lesson.slug,
                        "title": newest.title,
                        "newest": VersionInfo.of(newest).__dict__,
                        "published_version": live.number if live else None,
                    }
                )
            return rows

    def version(self, slug: str, number: int) -> VersionInfo:
        """One version's facts; LessonNotFound when the lesson or the version is not there."""
        with self._db.session() as session:
            return VersionInfo.of(self._version(session, slug, number))

    def content(self, slug: str, number: int) -> tuple[LessonContent, str]:
        """A version's content and its Markdown source, whatever its status (for staff)."""
        with self._db.session() as session:
            version = self._version(session, slug, number)
            return _content(version), version.source

    def published(self, slug: str) -> tuple[int, LessonContent]:
        """The published version's id and content: the only text customers get."""
        with self._db.session() as session:
            version = session.scalar(
                select(LessonVersion)
                .join(Lesson)
                .where(Lesson.slug == slug, LessonVersion.status == "published")
            )
            if version is None:
                raise LessonNotFound("That lesson is not available right now.")
            return version.id, _content(version)

    def catalogue(self) -> list[LessonContent]:
        """Every published lesson, in slug order."""
        with self._db.session() as session:
            return [_content(v) for v in _published(session)]

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
        """Move a version to `target`; the audit record, if any, commits with the move."""
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

    def _publish(self, session: Session, version: LessonVersion, actor: Actor) -> None:
        now = self._clock()
        for other in version.lesson.versions:
            if other.status == "published" and other is not version:
                other.status = "archived"
                other.updated_at = now
        version.status = "published"
        version.published_at = now
        version.published_by = actor.id
        version.updated_at = now
        audit.record(
            session, None, "lesson_published",
            slug=version.lesson.slug, version=version.number, by=actor.id,
        )  # fmt: skip

    def _new_version(
        self,
        session: Session,
        lesson: Lesson,
        actor: Actor,
        markdown: str,
        content: LessonContent,
    ) -> LessonVersion:
        now = self._clock()
        version = LessonVersion(
            lesson=lesson,
            number=(lesson.versions[-1].number + 1) if lesson.versions else 1,
            status="draft",
            created_at=now,
            updated_at=now,
        )
        _fill(version, actor, markdown, content)
        session.add(version)
        session.flush()
        return version

    @staticmethod
    def _lesson(session: Session, slug: str) -> Lesson | None:
        return session.scalar(select(Lesson).where(Lesson.slug == slug))

    def _lesson_or_new(self, session: Session, slug: str) -> Lesson:
        lesson = self._lesson(session, slug)
        if lesson is None:
            lesson = Lesson(slug=slug)
            session.add(lesson)
            session.flush()
        return lesson

    def _existing(self, session: Session, slug: str) -> Lesson:
        lesson = self._lesson(session, slug)
        if lesson is None or not lesson.versions:
            raise LessonNotFound(f"There is no lesson called {slug}.")
        return lesson

    def _version(self, session: Session, slug: str, number: int) -> LessonVersion:
        lesson = self._existing(session, slug)
        version = next((v for v in lesson.versions if v.number == number), None)
        if version is None:
            raise LessonNotFound(f"Lesson {slug} has no version {number}.")
        return version


def _fill(version: LessonVersion, actor: Actor, markdown: str, content: LessonContent) -> None:
    version.title = content.title
    version.language = content.language
    version.reading_grade = content.reading_grade
    version.minutes = content.minutes
    version.content = json.dumps(content.to_json())
    version.source = markdown
    version.author = actor.id


def _published(session: Session) -> list[LessonVersion]:
    """Every lesson's published version, in slug order."""
    return list(
        session.scalars(
            select(LessonVersion)
            .join(Lesson)
            .where(LessonVersion.status == "published")
            .order_by(Lesson.slug)
        )
    )


def _content(version: LessonVersion) -> LessonContent:
    return LessonContent.from_json(json.loads(version.content))


def _hashes(content: LessonContent) -> list[str | None]:
    """Which picture each step shows: a redrawn library picture makes a new version."""
    return [s.picture.sha256 if s.picture else None for s in content.steps]


def _require(actor: Actor, *roles: str) -> None:
    if actor.role not in roles:
        raise NotAllowed("Only a reviewer can do that. Ask a reviewer to publish the lesson.")


def _said(status: str) -> str:
    return {"in_review": "in review"}.get(status, status)
