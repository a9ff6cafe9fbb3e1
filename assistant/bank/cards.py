"""Cards: freeze, unfreeze and report lost."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.bank import audit
from assistant.bank.db import Database
from assistant.bank.models import AuditRecord, Card, utcnow
from assistant.errors import NotFound

# Reasons for a freeze that only the fraud team may undo (see `set_status`).
FRAUD_REASONS = {"fraud reported"}


@dataclass(frozen=True)
class CardView:
    id: int
    kind: str
    last4: str
    status: str


def _view(card: Card) -> CardView:
    return CardView(card.id, card.kind, card.last4, card.status)


class CardService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def cards(self, customer_id: str) -> list[CardView]:
        with self._db.session() as session:
            query = select(Card).where(Card.customer_id == customer_id).order_by(Card.id)
            return [_view(c) for c in session.scalars(query)]

    def set_status(self, customer_id: str, card_id: int, status: str, reason: str) -> CardView:
        """Change a card's status ("active", "frozen" or "lost") and audit it.

        A lost card stays lost: it cannot be unfrozen, only replaced.
        """
        with self._db.session() as session:
            card = session.scalar(
                select(Card).where(Card.id == card_id, Card.customer_id == customer_id)
            )
            if card is None:
                raise NotFound("I could not find that card.")
            if card.status == "lost" and status == "active":
                raise NotFound("That card was reported lost. A new card is on its way instead.")
            if (
                card.status == "frozen"
                and status == "active"
                and self._reason(session, customer_id, card) in FRAUD_REASONS
            ):
                raise NotFound(
                    "That card was frozen because fraud was reported. Our fraud team will "
                    "turn it back on with you when they call. Please wait for their call."
                )
            previous = card.status
            card.status = status
            card.updated_at = utcnow()
            audit.record(
                session,
                customer_id,
                f"card_{status}",
                card=card.last4,
                previous=previous,
                reason=reason,
            )
            return _view(card)

    def reason(self, customer_id: str, card_id: int) -> str | None:
        """Why the card has its present status, as recorded when it was set."""
        with self._db.session() as session:
            card = session.scalar(
                select(Card).where(Card.id == card_id, Card.customer_id == customer_id)
            )
            return self._reason(session, customer_id, card) if card else None

    @staticmethod
    def _reason(session: Session, customer_id: str, card: Card) -> str | None:
        query = (
            select(AuditRecord.detail)
            .where(
                AuditRecord.customer_id == customer_id,
                AuditRecord.action == f"card_{card.status}",
            )
            .order_by(AuditRecord.id.desc())
        )
        for detail in session.scalars(query):
            values = json.loads(detail)
            if values.get("card") == card.last4:
                return values.get("reason")
        return None

    def freeze_all(self, customer_id: str, reason: str) -> list[CardView]:
        """Freeze every active card of the customer (used when fraud is reported)."""
        frozen = []
        for card in self.cards(customer_id):
            if card.status == "active":
                frozen.append(self.set_status(customer_id, card.id, "frozen", reason))
        return frozen
