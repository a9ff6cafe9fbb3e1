"""A fresh customer for a test that freezes, pauses or names a contact.

A copy of Mary (demo) with her own accounts, card and payees, added to the
running assistant's database, so the other tests keep the demo customers as
they were. bench/conversations.py makes its customers with `seed_copy` too.
"""

from __future__ import annotations

import dataclasses
import itertools
import random

import pytest

from assistant.bank.db import Database
from assistant.bank.models import utcnow
from assistant.bank.seed import DEMO_CUSTOMERS, DemoCustomer, _seed_customer

_numbers = itertools.count(1)


def seed_copy(
    db: Database,
    demo: DemoCustomer,
    customer_id: str,
    key: int,
    currency: str = "USD",
    locale: str = "en_US",
) -> None:
    """Add `customer_id`, a copy of the demo customer `demo` whose account, card and payee
    numbers are made from `key` (a number no other copy in this database has)."""
    copy = dataclasses.replace(
        demo,
        id=customer_id,
        current_number=f"4999{key:08d}",
        savings_number=f"4888{key:08d}",
        card_last4=f"{(7000 + key) % 10_000:04d}",
        payees=tuple(
            (name, kind, rel, f"5{key:03d}{i:08d}")
            for i, (name, kind, rel, _) in enumerate(demo.payees)
        ),
    )
    with db.session() as session:
        _seed_customer(session, copy, currency, utcnow().date(), random.Random(key), locale)


@pytest.fixture
def victim(assistant, login):
    """A new customer, a copy of Mary with her own accounts, card and payees."""
    n = next(_numbers)
    mary = DEMO_CUSTOMERS[0]
    seed_copy(assistant.db, mary, f"victim{n}", n)
    return f"victim{n}", login(f"victim{n}", mary.pin)
