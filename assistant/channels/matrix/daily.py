"""The lesson of the day for subscribers: sent once a day, from `daily_hour` (UTC) on.

A delivery is recorded before it is sent and sent with the same transaction id on
every try, so a restart or a failed send never gives anyone the lesson twice.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable

from sqlalchemy import select

from assistant.bank.db import Database
from assistant.channels.matrix.client import MatrixClient, MatrixError
from assistant.channels.matrix.models import LessonDelivery, MatrixUser
from assistant.channels.matrix.text import as_text
from lessons import render
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
    ) -> None:
        self._db = db
        self._client = client
        self._tutor = tutor
        self._daily_hour = daily_hour
        self._clock = clock

    def subscribe(self, user_id: str, on: bool) -> None:
        with self._db.session() as session:
            session.get(MatrixUser, user_id).subscribed = on

    def send_due(self) -> int:
        """Send today's lesson to every subscriber who has not had it; returns how many."""
        now = self._clock()
        if now.hour < self._daily_hour:
            return 0
        day = now.date().isoformat()
        content = self._tutor.lesson_of_the_day(now.date())
        if content is None:
            return 0
        with self._db.session() as session:
            subscribers = session.scalars(select(MatrixUser).where(MatrixUser.subscribed.is_(True)))
            for user in subscribers:
                exists = session.scalar(
                    select(LessonDelivery).where(
                        LessonDelivery.user_id == user.user_id, LessonDelivery.day == day
                    )
                )
                if exists is None:
                    session.add(
                        LessonDelivery(
                            user_id=user.user_id, day=day, status="pending", attempts=0,
                            txn_id=f"lesson-{day}-{user.sender_id[-12:]}",
                        )
                    )  # fmt: skip
        sent = 0
        with self._db.session() as session:
            pending = session.execute(
                select(LessonDelivery, MatrixUser)
                .join(MatrixUser, MatrixUser.user_id == LessonDelivery.user_id)
                .where(LessonDelivery.status == "pending", LessonDelivery.day == day)
            ).all()
        text, offered = as_text(
            [{"text": f"Today's safety lesson: {content.title}.\n{content.summary}",
              "buttons": [{"title": "Start the lesson",
                           "payload": render.start_payload(content.slug)}]}]
        )  # fmt: skip
        for delivery, user in pending:
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
