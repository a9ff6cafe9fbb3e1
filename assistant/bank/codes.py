"""Payment codes: a short-lived reference a shop scans to take a payment.

A code pays like any outgoing payment, so while payments are paused after a scam
report there is none: the pause revokes the codes held (`FirstHour.pause`), and
`current` and `renew` refuse with the reason (`PaymentsPaused`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, update

from assistant.bank import audit
from assistant.bank.db import Database
from assistant.bank.models import Account, PaymentCode, utcnow
from assistant.bank.protection import check_codes_not_paused
from assistant.errors import NotFound
from assistant.settings import BankSettings

# No 0/O or 1/I: easy to read aloud and to type.
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class CodeView:
    reference: str
    account_last4: str
    expires_at: dt.datetime


class PaymentCodes:
    def __init__(
        self, db: Database, settings: BankSettings, clock: Callable[[], dt.datetime] = utcnow
    ) -> None:
        self._db = db
        self._settings = settings
        self._clock = clock

    def refuse_if_paused(self, customer_id: str) -> None:
        """Before asking whether to make a code: none can be made during a scam pause.

        Raises:
            PaymentsPaused: payments are paused after a scam report.
        """
        with self._db.session() as session:
            check_codes_not_paused(session, customer_id, self._clock())

    def current(self, customer_id: str) -> CodeView | None:
        """The code that works now, or None.

        Raises:
            PaymentsPaused: payments are paused after a scam report.
        """
        with self._db.session() as session:
            check_codes_not_paused(session, customer_id, self._clock())
            row = session.execute(
                select(PaymentCode, Account)
                .join(Account, PaymentCode.account_id == Account.id)
                .where(
                    PaymentCode.customer_id == customer_id,
                    PaymentCode.status == "active",
                    PaymentCode.expires_at > self._clock(),
                )
                .order_by(PaymentCode.created_at.desc())
            ).first()
            if row is None:
                return None
            code, account = row
            return CodeView(code.reference, account.last4, code.expires_at)

    def renew(self, customer_id: str) -> CodeView:
        """Replace any active code by a new one on the customer's current account.

        Raises:
            PaymentsPaused: payments are paused after a scam report.
            NotFound: the customer has no current account.
        """
        with self._db.session() as session:
            check_codes_not_paused(session, customer_id, self._clock())
            account = session.scalar(
                select(Account)
                .where(Account.customer_id == customer_id, Account.kind == "current")
                .order_by(Account.id)
            )
            if account is None:
                raise NotFound("You need a current account to pay with a code.")
            session.execute(
                update(PaymentCode)
                .where(PaymentCode.customer_id == customer_id, PaymentCode.status == "active")
                .values(status="replaced")
                .execution_options(synchronize_session=False)
            )
            now = self._clock()
            reference = "PAY-" + "-".join(
                "".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(2)
            )
            expires = now + dt.timedelta(minutes=self._settings.payment_code_minutes)
            session.add(
                PaymentCode(
                    customer_id=customer_id,
                    account_id=account.id,
                    reference=reference,
                    created_at=now,
                    expires_at=expires,
                )
            )
            audit.record(session, customer_id, "payment_code_issued", account=account.number)
            return CodeView(reference, account.last4, expires)
