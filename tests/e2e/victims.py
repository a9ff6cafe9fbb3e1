"""A fresh customer for a test that freezes, pauses or names a contact (issue 16).

A copy of Mary (demo) with her own accounts, card and payees, added to the
running assistant's database, so the other tests keep the demo customers as
they were.
"""

from __future__ import annotations

import dataclasses
import itertools
import random

import pytest

from assistant.models import utcnow
from assistant.seed import DEMO_CUSTOMERS, _seed_customer

_numbers = itertools.count(1)


@pytest.fixture
def victim(assistant, login):
    """A new customer, a copy of Mary with her own accounts, card and payees."""
    n = next(_numbers)
    mary = DEMO_CUSTOMERS[0]
    copy = dataclasses.replace(
        mary,
        id=f"victim{n}",
        current_number=f"4999{n:08d}",
        savings_number=f"4888{n:08d}",
        card_last4=f"{7000 + n}",
        payees=tuple(
            (name, kind, rel, f"5{n:03d}{i:08d}")
            for i, (name, kind, rel, _) in enumerate(mary.payees)
        ),
    )
    with assistant.db.session() as session:
        _seed_customer(session, copy, "USD", utcnow().date(), random.Random(n), "en_US")
    return copy.id, login(copy.id, copy.pin)
