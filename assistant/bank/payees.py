"""Saved payees and bills, and finding the payee a customer means."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from sqlalchemy import select

from assistant.bank.db import Database
from assistant.bank.english_words import common_english
from assistant.bank.models import Account, Bill, Payee, Posting, Transaction

_WORD = re.compile(r"[a-z0-9']+")
# Words that say nothing about who the payee is.
_STOP = {
    "my",
    "the",
    "to",
    "a",
    "an",
    "and",
    "for",
    "of",
    "send",
    "pay",
    "money",
    "account",
    "bill",
}


@dataclass(frozen=True)
class PayeeView:
    id: int
    name: str
    kind: str
    relation: str | None
    last4: str
    created_at: dt.datetime


@dataclass(frozen=True)
class PaidBill:
    """The customer's latest bill payment, from the ledger."""

    payee_name: str
    amount_minor: int
    currency: str
    paid_at: dt.datetime


@dataclass(frozen=True)
class BillView:
    id: int
    payee_name: str
    amount_minor: int
    currency: str
    due_on: dt.date
    reference: str


def _similar(key: str, said: str) -> bool:
    """A word said is the name's word, or a slip for it; a common English word is meant
    as itself ("wrong" is not "Wong")."""
    if key == said:
        return True
    if len(key) <= 3 or said in common_english():
        return False
    return SequenceMatcher(None, key, said).ratio() >= 0.8


def match_payees(text: str, payees: list[PayeeView]) -> list[PayeeView]:
    """Payees that the words of `text` name, best first.

    A payee matches on its full name, any word of its name, or its relation
    ("my daughter"), allowing small slips of speech recognition ("alice wang").
    """
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    if not words:
        return []
    scored: list[tuple[int, PayeeView]] = []
    joined = " ".join(words)
    for payee in payees:
        name = payee.name.lower()
        keys = [k for k in _WORD.findall(name) if k not in _STOP]
        if payee.relation:
            keys += _WORD.findall(payee.relation.lower())
        score = 3 if name in joined else sum(1 for k in keys if any(_similar(k, w) for w in words))
        if score:
            scored.append((score, payee))
    if not scored:
        return []
    best = max(score for score, _ in scored)
    return [payee for score, payee in scored if score == best]


class PayeeBook:
    """A customer's saved payees and bills."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def payees(self, customer_id: str, kind: str | None = None) -> list[PayeeView]:
        with self._db.session() as session:
            query = select(Payee).where(Payee.customer_id == customer_id)
            if kind:
                query = query.where(Payee.kind == kind)
            return [
                PayeeView(p.id, p.name, p.kind, p.relation, p.account_number[-4:], p.created_at)
                for p in session.scalars(query.order_by(Payee.name))
            ]

    def all_names(self) -> list[str]:
        """Every payee name and relation word in the bank: words speech recognition should know."""
        with self._db.session() as session:
            rows = session.execute(select(Payee.name, Payee.relation).distinct()).all()
        return sorted({word for row in rows for word in row if word})

    def due_bills(self, customer_id: str) -> list[BillView]:
        with self._db.session() as session:
            query = (
                select(Bill)
                .where(Bill.customer_id == customer_id, Bill.status == "due")
                .order_by(Bill.due_on)
            )
            return [
                BillView(b.id, b.payee.name, b.amount_minor, b.currency, b.due_on, b.reference)
                for b in session.scalars(query)
            ]

    def last_bill_paid(self, customer_id: str) -> PaidBill | None:
        """The newest bill payment out of the customer's own accounts, or None."""
        with self._db.session() as session:
            row = session.execute(
                select(Payee.name, Posting.amount_minor, Account.currency, Transaction.booked_at)
                .join(Transaction, Transaction.payee_id == Payee.id)
                .join(Posting, Posting.transaction_id == Transaction.id)
                .join(Account, Account.id == Posting.account_id)
                .where(
                    Transaction.customer_id == customer_id,
                    Transaction.kind == "bill_payment",
                    Account.customer_id == customer_id,
                    Posting.amount_minor < 0,
                )
                .order_by(Transaction.booked_at.desc(), Transaction.id.desc())
                .limit(1)
            ).first()
        if row is None:
            return None
        return PaidBill(row.name, -row.amount_minor, row.currency, row.booked_at)
