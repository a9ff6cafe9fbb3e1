"""SQLAlchemy models of the rehearsals, beside the lessons' in the same database.

A `Rehearsal` is a slug; its text lives in numbered `RehearsalVersion`s, with the same
statuses as a lesson's (draft, in_review, published, archived) and at most one
published. A `RehearsalEvent` is one fact behind the analytics: a practice started, one
answer scored, a practice finished (with its score) or stopped. Events name a practice
call by a random run id, never a customer: the figures are about the rehearsal.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import relationship

from assistant.bank.models import Base, utcnow


class Rehearsal(Base):
    __tablename__ = "rehearsals"

    id = Column(Integer, primary_key=True)
    slug = Column(String(60), nullable=False, unique=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)

    versions = relationship(
        "RehearsalVersion", back_populates="rehearsal", order_by="RehearsalVersion.number"
    )


class RehearsalVersion(Base):
    __tablename__ = "rehearsal_versions"
    __table_args__ = (
        UniqueConstraint("rehearsal_id", "number", name="uq_rehearsal_versions_number"),
    )

    id = Column(Integer, primary_key=True)
    rehearsal_id = Column(Integer, ForeignKey("rehearsals.id"), nullable=False, index=True)
    number = Column(Integer, nullable=False)
    status = Column(String(20), nullable=False, default="draft")
    title = Column(String(80), nullable=False)
    language = Column(String(2), nullable=False)
    reading_grade = Column(Float, nullable=False)
    content = Column(Text, nullable=False)  # RehearsalContent as JSON, already plain text
    source = Column(Text, nullable=False)  # the YAML file as written
    author = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow)
    submitted_at = Column(DateTime)
    published_at = Column(DateTime)
    published_by = Column(String(64))

    rehearsal = relationship("Rehearsal", back_populates="versions")


class RehearsalEvent(Base):
    """started, answer, finished or stopped."""

    __tablename__ = "rehearsal_events"

    id = Column(Integer, primary_key=True)
    rehearsal_id = Column(Integer, ForeignKey("rehearsals.id"), nullable=False, index=True)
    version_number = Column(Integer, nullable=False)
    run = Column(String(32), nullable=False, index=True)
    kind = Column(String(20), nullable=False)
    step = Column(String(40))  # for an answer: the step answered
    move = Column(String(30))  # for an answer: the move made
    move_kind = Column(String(10))  # safe, risky or neutral
    typed = Column(Boolean)  # for an answer: said in words rather than pressed
    score = Column(Integer)  # safe answers, when finished
    out_of = Column(Integer)  # answers scored, when finished
    at = Column(DateTime, nullable=False, default=utcnow)
