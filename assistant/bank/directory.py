"""Public facts: branches and service points, deposit and loan products."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches

from sqlalchemy import select

from assistant.bank.db import Database
from assistant.bank.models import Branch, Product


@dataclass(frozen=True)
class BranchView:
    name: str
    kind: str
    town: str
    address: str
    opening_hours: str
    phone: str | None
    step_free: bool


@dataclass(frozen=True)
class ProductView:
    id: int
    code: str
    kind: str
    name: str
    rate_bp: int
    term_months: int | None
    min_amount_minor: int
    currency: str
    facts: str


class Directory:
    def __init__(self, db: Database) -> None:
        self._db = db

    def towns(self) -> list[str]:
        with self._db.session() as session:
            return sorted(set(session.scalars(select(Branch.town))))

    def find_town(self, text: str) -> str | None:
        """The known town named in `text`, allowing small misspellings."""
        towns = self.towns()
        lowered = text.lower()
        for town in towns:
            if town.lower() in lowered:
                return town
        words = lowered.replace(",", " ").split()
        candidates = words + [" ".join(pair) for pair in zip(words, words[1:], strict=False)]
        by_lower = {t.lower(): t for t in towns}
        for candidate in candidates:
            close = get_close_matches(candidate, list(by_lower), n=1, cutoff=0.8)
            if close:
                return by_lower[close[0]]
        return None

    def branches(self, town: str) -> list[BranchView]:
        with self._db.session() as session:
            query = select(Branch).where(Branch.town == town).order_by(Branch.kind, Branch.name)
            return [
                BranchView(b.name, b.kind, b.town, b.address, b.opening_hours, b.phone, b.step_free)
                for b in session.scalars(query)
            ]

    def products(self, kind: str) -> list[ProductView]:
        with self._db.session() as session:
            query = select(Product).where(Product.kind == kind).order_by(Product.term_months)
            return [
                ProductView(
                    p.id,
                    p.code,
                    p.kind,
                    p.name,
                    p.rate_bp,
                    p.term_months,
                    p.min_amount_minor,
                    p.currency,
                    p.facts,
                )
                for p in session.scalars(query)
            ]
