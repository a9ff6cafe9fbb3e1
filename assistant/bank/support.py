"""People helping people: call-back requests and fraud cases."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from assistant.bank import audit
from assistant.bank.db import Database
from assistant.bank.models import CallbackRequest, Customer, FraudCase

CALLBACK_TOPICS = {"general", "loan", "deposit", "fraud", "card", "payment"}
# How a call-back booked for a fraud case (the first hour) notes its case.
CASE_NOTE = "case "


@dataclass(frozen=True)
class Callback:
    id: int
    topic: str
    phone_last2: str | None


@dataclass(frozen=True)
class BookedCallback:
    """A call-back still to come, as it was booked."""

    topic: str
    phone_last2: str | None
    """The last two digits of the number we will call, when the customer has one."""
    asked_at: dt.datetime
    """When it was booked (naive UTC, as every time in the database)."""
    case_number: str | None
    """The fraud case it was booked for by the first hour: that call comes the same day."""


@dataclass(frozen=True)
class FraudReport:
    number: str
    is_new: bool


class SupportService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def request_callback(self, customer_id: str | None, topic: str, note: str = "") -> Callback:
        """Store a request for a person to call the customer back."""
        topic = topic if topic in CALLBACK_TOPICS else "general"
        with self._db.session() as session:
            request = CallbackRequest(customer_id=customer_id, topic=topic, note=note[:300])
            session.add(request)
            session.flush()
            audit.record(session, customer_id, "callback_requested", topic=topic)
            phone = None
            if customer_id:
                customer = session.get(Customer, customer_id)
                phone = customer.phone if customer else None
            return Callback(request.id, topic, phone[-2:] if phone else None)

    def booked_callback(self, customer_id: str, since: dt.datetime) -> BookedCallback | None:
        """The newest call-back still open that was booked for the customer since `since`."""
        with self._db.session() as session:
            request = session.scalar(
                select(CallbackRequest)
                .where(
                    CallbackRequest.customer_id == customer_id,
                    CallbackRequest.status == "open",
                    CallbackRequest.created_at >= since,
                )
                .order_by(CallbackRequest.id.desc())
                .limit(1)
            )
            if request is None:
                return None
            customer = session.get(Customer, customer_id)
            phone = customer.phone if customer else None
            note = request.note or ""
            return BookedCallback(
                topic=request.topic,
                phone_last2=phone[-2:] if phone else None,
                asked_at=request.created_at,
                case_number=note.removeprefix(CASE_NOTE) if note.startswith(CASE_NOTE) else None,
            )

    def open_fraud_case(self, customer_id: str, summary: str) -> str:
        """Open a fraud case and return its number, such as `FR-4821-7730`."""
        number = "FR-" + "-".join(
            "".join(secrets.choice("0123456789") for _ in range(4)) for _ in range(2)
        )
        with self._db.session() as session:
            session.add(FraudCase(case_number=number, customer_id=customer_id, summary=summary))
            audit.record(session, customer_id, "fraud_case_opened", case=number)
        return number

    def report_fraud(self, customer_id: str, summary: str) -> FraudReport:
        """Add to the customer's open fraud case, or open one: never two at once."""
        with self._db.session() as session:
            case = session.scalar(
                select(FraudCase)
                .where(FraudCase.customer_id == customer_id, FraudCase.status == "open")
                .order_by(FraudCase.id.desc())
                .limit(1)
            )
            if case is not None:
                case.summary = ((case.summary or "") + "; " + summary)[:300]
                audit.record(session, customer_id, "fraud_case_added_to", case=case.case_number)
                return FraudReport(case.case_number, is_new=False)
        return FraudReport(self.open_fraud_case(customer_id, summary), is_new=True)
