"""People helping people: call-back requests and fraud cases."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from assistant.bank import audit
from assistant.bank.db import Database
from assistant.bank.models import CallbackRequest, Customer, FraudCase

CALLBACK_TOPICS = {"general", "loan", "deposit", "fraud", "card", "payment"}


@dataclass(frozen=True)
class Callback:
    id: int
    topic: str
    phone_last2: str | None


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
