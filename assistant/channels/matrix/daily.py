"""The lesson of the day for subscribers: sent once a day, from `daily_hour` (UTC) on.

A subscriber linked to a customer gets the item of a campaign due for them that day
instead (lessons/campaigns/), once per campaign, like the chat's greeting; everyone else,
and a customer with no campaign due, gets the lesson of the day, the same on every
channel. A delivery is recorded before it is sent, with the campaign it sends and the
campaign's reach in the same transaction, and sent with the same transaction id on every
try, so a restart or a failed send never gives anyone the lesson twice.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from assistant.bank.db import Database
from assistant.channels.matrix.client import MatrixClient, MatrixError
from assistant.channels.matrix.models import LessonDelivery, MatrixUser
from assistant.channels.matrix.text import as_text
from lessons import render
from lessons.campaigns.store import CampaignStore
from lessons.tutor import Tutor

log = logging.getLogger(__name__)


class DailyLessons:
    def __init__(
        self,
        db: Database,
        client: MatrixClient,
        tutor: Tutor,
        daily_hour: int,
        clock: Callable[[], dt.datetime],
        campaigns: CampaignStore,
    ) -> None:
        self._db = db
        self._client = client
        self._tutor = tutor
        self._daily_hour = daily_hour
        self._clock = clock
        self._campaigns = campaigns

    def subscribe(self, user_id: str, on: bool) -> None:
        with self._db.session() as session:
            session.get(MatrixUser, user_id).subscribed = on

    def send_due(self) -> int:
        """Send today's lesson to every subscriber who has not had it; returns how many."""
        now = self._clock()
        if now.hour < self._daily_hour:
            return 0
        day = now.date()
        self.plan(day)
        sent = 0
        with self._db.session() as session:
            pending = session.execute(
                select(LessonDelivery, MatrixUser)
                .join(MatrixUser, MatrixUser.user_id == LessonDelivery.user_id)
                .where(LessonDelivery.status == "pending", LessonDelivery.day == day.isoformat())
            ).all()
        for delivery, user in pending:
            message = self.message(delivery.campaign_id, day)
            if message is None:
                continue
            text, offered = as_text([message])
            try:
                # The same transaction id on every try: the server keeps one copy.
                self._client.send_text(user.room_id, text, delivery.txn_id)
            except (MatrixError, OSError) as error:
                log.warning("Daily lesson to %s not sent yet (%s)", user.user_id, error)
                with self._db.session() as session:
                    session.get(LessonDelivery, delivery.id).attempts += 1
                continue
            with self._db.session() as session:
                row = session.get(LessonDelivery, delivery.id)
                row.status, row.sent_at, row.attempts = "sent", self._clock(), row.attempts + 1
                session.get(MatrixUser, user.user_id).offered_payloads = json.dumps(offered)
            sent += 1
        return sent

    def plan(self, day: dt.date) -> None:
        """Record what each subscriber gets on `day`, once: a campaign's item (reaching the
        customer with it) or, with none due, the lesson of the day."""
        with self._db.session() as session:
            subscribers = session.execute(
                select(MatrixUser.user_id, MatrixUser.sender_id, MatrixUser.customer_id)
                .where(MatrixUser.subscribed.is_(True))
                .order_by(MatrixUser.user_id)
            ).all()
        of_the_day = self._tutor.lesson_of_the_day(day) is not None
        for user_id, sender_id, customer_id in subscribers:
            for _ in range(3):
                try:
                    self._plan_one(user_id, sender_id, customer_id, day, of_the_day)
                    break
                except IntegrityError:
                    # The chat's greeting reached this customer with that campaign a
                    # moment ago: it is not offered twice, so plan again.
                    continue

    def _plan_one(
        self, user_id: str, sender_id: str, customer_id: str | None, day: dt.date, of_the_day: bool
    ) -> None:
        with self._db.session() as session:
            planned = session.scalar(
                select(LessonDelivery.id).where(
                    LessonDelivery.user_id == user_id, LessonDelivery.day == day.isoformat()
                )
            )
            if planned is not None:
                return
            item = (
                self._campaigns.offer_in(session, customer_id, day, "matrix")
                if customer_id
                else None
            )
            if item is None and not of_the_day:
                return
            session.add(
                LessonDelivery(
                    user_id=user_id, day=day.isoformat(), status="pending", attempts=0,
                    txn_id=f"lesson-{day.isoformat()}-{sender_id[-12:]}",
                    campaign_id=item.campaign_id if item else None,
                )
            )  # fmt: skip

    def message(self, campaign_id: int | None, day: dt.date) -> render.Message | None:
        """What a delivery sends: its campaign's item as published now, or the lesson of the
        day (also when the campaign's item has been unpublished since it was planned)."""
        item = self._campaigns.item(campaign_id) if campaign_id is not None else None
        if item is not None:
            what = "safety lesson" if item.kind == "lesson" else "practice call"
            return {"text": f"Today's {what}: {item.title}.\n{item.summary}",
                    "buttons": [item.start_button]}  # fmt: skip
        content = self._tutor.lesson_of_the_day(day)
        if content is None:
            return None
        return {"text": f"Today's safety lesson: {content.title}.\n{content.summary}",
                "buttons": [{"title": "Start the lesson",
                             "payload": render.start_payload(content.slug)}]}  # fmt: skip
