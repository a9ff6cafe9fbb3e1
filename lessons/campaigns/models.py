"""SQLAlchemy models of the campaigns, beside the lessons' in the same database.

A `Campaign` names its item by kind and slug (a lesson or a practice call), so it
follows whichever version is published on the day; an item unpublished since is simply
not offered. The group is checked on the day of each offer, not when the campaign is
made: "paused in the last 30 days" means the 30 days before that day.

A `CampaignReach` is one customer offered the campaign's item, by the greeting in the
chat or by the Matrix daily lesson; there is at most one per campaign and customer (a
unique constraint), so the item is offered once even when two channels race.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint

from assistant.bank.models import Base, utcnow

KINDS = ("lesson", "rehearsal")
EVERYONE, PAUSED_RECENTLY, NEVER_TOOK_A_LESSON = "everyone", "paused_recently", "no_lesson_yet"
GROUPS = (EVERYONE, PAUSED_RECENTLY, NEVER_TOOK_A_LESSON)


class Campaign(Base):
    __tablename__ = "campaigns"

    id = Column(Integer, primary_key=True)
    kind = Column(String(10), nullable=False)  # lesson or rehearsal
    slug = Column(String(60), nullable=False)
    audience = Column(String(20), nullable=False)  # one of GROUPS
    starts_on = Column(Date, nullable=False)
    ends_on = Column(Date)  # the last day, or None: until cancelled
    created_by = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    cancelled_by = Column(String(64))
    cancelled_at = Column(DateTime)


class CampaignReach(Base):
    """One customer offered a campaign's item: once, on one channel."""

    __tablename__ = "campaign_reach"
    __table_args__ = (
        UniqueConstraint("campaign_id", "customer_id", name="uq_campaign_reach_customer"),
    )

    id = Column(Integer, primary_key=True)
    campaign_id = Column(Integer, ForeignKey("campaigns.id"), nullable=False, index=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), nullable=False, index=True)
    channel = Column(String(10), nullable=False)  # chat or matrix
    reached_at = Column(DateTime, nullable=False, default=utcnow)
    # Set by the dialogue's hooks for a practice call, whose own events name no customer;
    # a lesson's start and finish are read from the tutor's records instead.
    started_at = Column(DateTime)
    finished_at = Column(DateTime)
