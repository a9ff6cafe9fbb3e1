"""Cards: freeze, unfreeze and report lost."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from assistant import audit
from assistant.db import Database
from assistant.errors import NotFound
from assistant.models import Card, utcnow


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

    def freeze_all(self, customer_id: str, reason: str) -> list[CardView]:
        """Freeze every active card of the customer (used when fraud is reported)."""
        frozen = []
        for card in self.cards(customer_id):
            if card.status == "active":
                frozen.append(self.set_status(customer_id, card.id, "frozen", reason))
        return frozen
