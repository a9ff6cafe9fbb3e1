"""The demo data is the same whatever day it is seeded on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from assistant.bank.db import Database
from assistant.bank.models import Account
from assistant.bank.seed import seed_demo
from assistant.settings import BankSettings


def _balances(tmp_path: Path, today: dt.date) -> dict[str, int]:
    db = Database(f"sqlite:///{tmp_path / f'{today}.db'}")
    db.upgrade()
    seed_demo(db, "USD", today=today)
    with db.session() as session:
        accounts = session.scalars(select(Account)).all()
        balances = {account.number: account.balance_minor for account in accounts}
    db.dispose()
    return balances


@pytest.mark.parametrize(
    "today",
    [dt.date(2026, 12, 1), dt.date(2026, 12, 15), dt.date(2027, 3, 1), dt.date(2027, 2, 28)],
    ids=str,
)
def test_balances_do_not_depend_on_the_seed_day(tmp_path: Path, today: dt.date) -> None:
    # Seeding on the 1st once paid a fourth pension and put the demo current
    # account over the $5,000 payment limit, so "not enough money" tests failed.
    assert _balances(tmp_path, today) == _balances(tmp_path, dt.date(2026, 11, 20))


def test_demo_current_account_holds_less_than_the_payment_limit(tmp_path: Path) -> None:
    # The conversations' "not enough money" turns ask for the limit itself.
    limit = BankSettings.from_env({"DATABASE_URL": "sqlite://"}).per_transfer_limit_minor
    balances = _balances(tmp_path, dt.date(2026, 12, 1))
    assert balances["400055552209"] < limit
