"""The first hour after a scam: stop money leaving, and remember what was done.

`FirstHour.run` does the steps that need no question, each in its own
transaction and each audited: freeze every card, cancel every payment still
waiting for a yes (held ones too), pause new outgoing payments for
`BankSettings.scam_pause_hours`, add to the open fraud case (or open one) and
book a call-back. "What have you done?" reads the audit log back
(`audit.changes_since`).

Ground layer: no Rasa, no lessons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assistant.bank import audit
from assistant.bank.cards import CardService
from assistant.bank.db import Database
from assistant.bank.models import PaymentCode, PaymentPause, PaymentRequest, utcnow
from assistant.bank.support import SupportService
from assistant.errors import PaymentRefused
from assistant.settings import BankSettings


class PaymentsPaused(PaymentRefused):
    """New outgoing payments are paused after a scam report."""


def paused_until(session: Session, customer_id: str, now: dt.datetime) -> dt.datetime | None:
    return session.scalar(
        select(PaymentPause.until)
        .where(PaymentPause.customer_id == customer_id, PaymentPause.until > now)
        .order_by(PaymentPause.until.desc())
        .limit(1)
    )


PAUSE_LIFTED_HOW = (
    "Our fraud team will talk it through with you when they call. "
    "You can also call us to lift the pause."
)


def check_not_paused(session: Session, customer_id: str, now: dt.datetime) -> None:
    """Refuse a new outgoing payment while a scam pause lasts."""
    if paused_until(session, customer_id, now) is not None:
        raise PaymentsPaused(
            "New payments from your accounts are paused to keep you safe after the scam. "
            + PAUSE_LIFTED_HOW
        )


def check_codes_not_paused(session: Session, customer_id: str, now: dt.datetime) -> None:
    """Refuse a till payment code, new or current, while a scam pause lasts."""
    if paused_until(session, customer_id, now) is not None:
        raise PaymentsPaused(
            "Payment codes are stopped while payments from your accounts are paused after "
            "the scam. " + PAUSE_LIFTED_HOW
        )


@dataclass
class FirstHourReport:
    """What the first-hour response did, for the customer to hear step by step."""

    frozen_last4: list[str] = field(default_factory=list)
    cancelled: int = 0
    paused_until: dt.datetime | None = None
    case_number: str = ""
    case_is_new: bool = True
    callback_phone_last2: str | None = None


class FirstHour:
    def __init__(
        self,
        db: Database,
        settings: BankSettings,
        cards: CardService,
        support: SupportService,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self._db = db
        self._settings = settings
        self._cards = cards
        self._support = support
        self._clock = clock

    def run(self, customer_id: str, summary: str) -> FirstHourReport:
        report = FirstHourReport()
        report.frozen_last4 = [
            c.last4 for c in self._cards.freeze_all(customer_id, "fraud reported")
        ]
        report.cancelled = self.cancel_waiting(customer_id)
        report.paused_until = self.pause(customer_id, "scam reported")
        case = self._support.report_fraud(customer_id, summary)
        report.case_number, report.case_is_new = case.number, case.is_new
        callback = self._support.request_callback(customer_id, "fraud", f"case {case.number}")
        report.callback_phone_last2 = callback.phone_last2
        return report

    def cancel_waiting(self, customer_id: str) -> int:
        """Cancel every payment still waiting for a yes, held or not; how many."""
        with self._db.session() as session:
            ids = list(
                session.scalars(
                    select(PaymentRequest.id).where(
                        PaymentRequest.customer_id == customer_id,
                        PaymentRequest.status == "pending",
                    )
                )
            )
            if ids:
                session.execute(
                    update(PaymentRequest)
                    .where(PaymentRequest.id.in_(ids), PaymentRequest.status == "pending")
                    .values(status="cancelled", failure="cancelled after a scam report")
                )
            for request_id in ids:
                audit.record(session, customer_id, "payment_cancelled", request=request_id)
            return len(ids)

    def pause(self, customer_id: str, reason: str) -> dt.datetime:
        """Pause new outgoing payments, till payment codes among them: the codes the
        customer holds stop working (a scammer may have a photo of one), and
        `PaymentCodes` issues none until the pause ends."""
        until = self._clock() + dt.timedelta(hours=self._settings.scam_pause_hours)
        with self._db.session() as session:
            session.add(PaymentPause(customer_id=customer_id, until=until, reason=reason))
            audit.record(session, customer_id, "payments_paused", until=until.isoformat())
            revoked = session.execute(
                update(PaymentCode)
                .where(PaymentCode.customer_id == customer_id, PaymentCode.status == "active")
                .values(status="revoked")
                .execution_options(synchronize_session=False)
            ).rowcount
            if revoked:
                audit.record(session, customer_id, "payment_codes_revoked", count=revoked)
        return until
