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
from assistant.bank.support import CASE_NOTE, SupportService
from assistant.errors import PaymentRefused
from assistant.settings import BankSettings


class PaymentsPaused(PaymentRefused):
    """New outgoing payments are paused after a scam report."""


PAUSE_LIFTED_HOW = (
    "Only a person at the bank can lift it sooner, once they have checked with you: "
    "our fraud team will talk it through when they call, or you can call us."
)
# Why a pause was made, as stored, in the customer's words; a reason not listed is said
# as stored.
FRAUD_REPORTED = "fraud reported in chat"
_REASON_WORDS = {
    FRAUD_REPORTED: "a fraud was reported in this chat",
    "scam reported": "a fraud was reported",
}


def current_pause(session: Session, customer_id: str, now: dt.datetime) -> PaymentPause | None:
    """The pause that lasts longest of those still running, or None."""
    return session.scalar(
        select(PaymentPause)
        .where(PaymentPause.customer_id == customer_id, PaymentPause.until > now)
        .order_by(PaymentPause.until.desc())
        .limit(1)
    )


def when_said(moment: dt.datetime) -> str:
    """ "Tuesday 8 December at 2:15 pm": a moment said aloud."""
    hour = moment.strftime("%I:%M %p").lstrip("0").lower()
    return f"{moment:%A} {moment.day} {moment:%B} at {hour}"


def pause_said(pause: PaymentPause) -> str:
    """Why new payments are paused and until when, in one sentence."""
    why = _REASON_WORDS.get(pause.reason, pause.reason)
    return (
        f"New payments from your accounts are paused until {when_said(pause.until)}, "
        f"because {why} on {pause.created_at:%A} {pause.created_at.day} {pause.created_at:%B}."
    )


def check_not_paused(session: Session, customer_id: str, now: dt.datetime) -> None:
    """Refuse a new outgoing payment while a pause lasts, saying why and until when."""
    pause = current_pause(session, customer_id, now)
    if pause is not None:
        raise PaymentsPaused(f"{pause_said(pause)}\n{PAUSE_LIFTED_HOW}")


def check_codes_not_paused(session: Session, customer_id: str, now: dt.datetime) -> None:
    """Refuse a till payment code, new or current, while a pause lasts."""
    pause = current_pause(session, customer_id, now)
    if pause is not None:
        raise PaymentsPaused(
            f"Payment codes are stopped while payments are paused. {pause_said(pause)}\n"
            + PAUSE_LIFTED_HOW
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
        report.paused_until = self.pause(customer_id, f"fraud {summary}")
        case = self._support.report_fraud(customer_id, summary)
        report.case_number, report.case_is_new = case.number, case.is_new
        callback = self._support.request_callback(customer_id, "fraud", CASE_NOTE + case.number)
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
