"""What the Matrix channel keeps in the bank's database."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)

from assistant.bank.models import Base, utcnow


class MatrixState(Base):
    """Small key-value facts: the sync position, the bot's access token."""

    __tablename__ = "matrix_state"

    key = Column(String(40), primary_key=True)
    value = Column(Text, nullable=False)


class MatrixEvent(Base):
    """A message the bot has taken on: it is never answered twice."""

    __tablename__ = "matrix_events"

    event_id = Column(String(255), primary_key=True)
    handled_at = Column(DateTime, nullable=False, default=utcnow)


class MatrixUser(Base):
    """A person who wrote to the bot; linked to a customer only by a one-time code."""

    __tablename__ = "matrix_users"

    user_id = Column(String(255), primary_key=True)  # @name:server
    sender_id = Column(
        String(80), ForeignKey("conversations.sender_id"), nullable=False, unique=True
    )
    room_id = Column(String(255), nullable=False)
    customer_id = Column(String(64), ForeignKey("customers.id"))
    offered_payloads = Column(Text, nullable=False, default="[]")
    subscribed = Column(Boolean, nullable=False, default=False)
    linked_at = Column(DateTime)
    link_noticed_at = Column(DateTime)  # when the customer was told on the web
    link_failures = Column(Integer, nullable=False, default=0)


class MatrixLinkCode(Base):
    """A one-time code that links `matrix_user_id` (and no one else) to a customer."""

    __tablename__ = "matrix_link_codes"

    id = Column(Integer, primary_key=True)
    code_hash = Column(String(64), nullable=False, index=True)
    matrix_user_id = Column(String(255), nullable=False)
    customer_id = Column(String(64), ForeignKey("customers.id"), nullable=False)
    expires_at = Column(DateTime, nullable=False)
    used = Column(Boolean, nullable=False, default=False)


class LessonDelivery(Base):
    """One daily lesson to one subscriber: sent once, retried until it is."""

    __tablename__ = "lesson_deliveries"
    __table_args__ = (UniqueConstraint("user_id", "day", name="uq_lesson_deliveries_day"),)

    id = Column(Integer, primary_key=True)
    user_id = Column(String(255), ForeignKey("matrix_users.user_id"), nullable=False)
    day = Column(String(10), nullable=False)  # ISO date
    txn_id = Column(String(80), nullable=False, unique=True)
    status = Column(String(10), nullable=False, default="pending")  # pending, sent
    attempts = Column(Integer, nullable=False, default=0)
    sent_at = Column(DateTime)
    # The campaign whose item this delivery sends, or None for the lesson of the day.
    campaign_id = Column(
        Integer, ForeignKey("campaigns.id", name="fk_lesson_deliveries_campaign_id")
    )
