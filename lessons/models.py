"""SQLAlchemy models of the micro-classroom, in the same database as the ledger.

A `Lesson` is a slug; its text lives in numbered `LessonVersion`s. At most one
version of a lesson is published at a time, and only that one reaches
customers. Progress and events name a *learner*: the customer id for a
logged-in customer, or `sender:<id>` for a conversation with no customer
(lessons are open to everyone; account data is not).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import relationship

from assistant.bank.models import Base, utcnow

STATUSES = ("draft", "in_review", "published", "archived")


class Lesson(Base):
    __tablename__ = "lessons"

    id = Column(Integer, primary_key=True)
    slug = Column(String(60), nullable=False, unique=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)

    versions = relationship(
        "LessonVersion", back_populates="lesson", order_by="LessonVersion.number"
    )


class LessonVersion(Base):
    __tablename__ = "lesson_versions"
    __table_args__ = (UniqueConstraint("lesson_id", "number", name="uq_lesson_versions_number"),)

    id = Column(Integer, primary_key=True)
    lesson_id = Column(Integer, ForeignKey("lessons.id"), nullable=False, index=True)
    number = Column(Integer, nullable=False)
    status = Column(String(20), nullable=False, default="draft")
    title = Column(String(80), nullable=False)
    language = Column(String(2), nullable=False)
    reading_grade = Column(Float, nullable=False)
    minutes = Column(Integer, nullable=False)
    content = Column(Text, nullable=False)  # LessonContent as JSON, already plain text
    source = Column(Text, nullable=False)  # the Markdown as written
    author = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow)
    submitted_at = Column(DateTime)
    published_at = Column(DateTime)
    published_by = Column(String(64))

    lesson = relationship("Lesson", back_populates="versions")


class LessonPicture(Base):
    """A picture a lesson step shows: cleaned bytes (lessons/pictures.py), never changed.

    A lesson file names it ("pictures/phone-call.png"); a name may stand for newer bytes
    later (a library file redrawn), so a row is one name with one set of bytes, and a
    version's content records the hash it was saved with.
    """

    __tablename__ = "lesson_pictures"
    __table_args__ = (UniqueConstraint("name", "sha256", name="uq_lesson_pictures_name_sha256"),)

    id = Column(Integer, primary_key=True)
    name = Column(String(120), nullable=False, index=True)
    sha256 = Column(String(64), nullable=False, index=True)
    media_type = Column(String(20), nullable=False)  # image/png or image/jpeg
    width = Column(Integer, nullable=False)
    height = Column(Integer, nullable=False)
    size = Column(Integer, nullable=False)
    data = Column(LargeBinary, nullable=False)
    created_by = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class LessonProgress(Base):
    """Where one learner is in one lesson; kept so that they can resume."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("learner", "lesson_id", name="uq_lesson_progress_learner"),)

    id = Column(Integer, primary_key=True)
    learner = Column(String(90), nullable=False, index=True)
    lesson_id = Column(Integer, ForeignKey("lessons.id"), nullable=False)
    version_id = Column(Integer, ForeignKey("lesson_versions.id"), nullable=False)
    step = Column(Integer, nullable=False, default=0)  # index; len(steps) means the quiz
    question = Column(Integer, nullable=False, default=0)
    correct = Column(Integer, nullable=False, default=0)
    status = Column(String(20), nullable=False, default="in_progress")  # or completed
    updated_at = Column(DateTime, nullable=False, default=utcnow)

    version = relationship("LessonVersion")


class LessonEvent(Base):
    """Started, completed (with its score): the raw facts behind analytics."""

    __tablename__ = "lesson_events"

    id = Column(Integer, primary_key=True)
    lesson_id = Column(Integer, ForeignKey("lessons.id"), nullable=False, index=True)
    version_id = Column(Integer, ForeignKey("lesson_versions.id"), nullable=False)
    learner = Column(String(90), nullable=False)
    kind = Column(String(20), nullable=False)  # started, completed
    score = Column(Integer)  # right answers, for "completed"
    out_of = Column(Integer)
    interception_id = Column(Integer, ForeignKey("interceptions.id"))
    at = Column(DateTime, nullable=False, default=utcnow)


class Interception(Base):
    """A payment paused by the risk rules, and what became of it."""

    __tablename__ = "interceptions"

    id = Column(Integer, primary_key=True)
    request_id = Column(String(64), ForeignKey("payment_requests.id"), nullable=False, unique=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), nullable=False, index=True)
    rules = Column(Text, nullable=False)  # JSON list of the rule names that fired
    lesson_slug = Column(String(60))
    warning = Column(String(400), nullable=False)
    # held -> released (customer insisted) -> confirmed (paid), or cancelled / expired
    outcome = Column(String(20), nullable=False, default="held")
    lesson_started = Column(Boolean, nullable=False, default=False)
    callback_requested = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow)
