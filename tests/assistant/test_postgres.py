"""The ledger and payments on PostgreSQL (DATABASE_URL=postgresql://...)."""

import dataclasses
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from assistant.bank.auth import Auth
from assistant.bank.db import Database
from assistant.bank.ledger import CARD_SETTLEMENT, Ledger, customer_account, internal_account, post
from assistant.bank.models import Account, Posting
from assistant.bank.payees import PayeeBook
from assistant.bank.payments import PaymentService
from assistant.bank.seed import seed_demo
from assistant.errors import InsufficientFunds
from assistant.settings import BankSettings
from tests.helpers import confirm_from_threads, lockout_state, wrong_pins_from_threads
from tests.postgres import postgres_server

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg():
    with postgres_server() as url:
        db = Database(url)
        db.upgrade()
        seed_demo(db, "USD")
        yield db, BankSettings.from_env(
            {"DATABASE_URL": url, "PER_TRANSFER_LIMIT_MINOR": "100000000",
             "DAILY_LIMIT_MINOR": "1000000000"}
        )  # fmt: skip
        db.dispose()


def _ledger_is_balanced(db):
    with db.session() as session:
        assert session.scalar(select(func.sum(Posting.amount_minor))) == 0
        negative = session.scalars(
            select(Account.number).where(
                Account.kind != "internal",
                Account.balance_minor + Account.overdraft_limit_minor < 0,
            )
        ).all()
        assert negative == []


def test_migrations_and_seed_on_postgres(pg):
    db, _ = pg
    assert [a.last4 for a in Ledger(db).accounts("demo")] == ["4821", "7730"]
    _ledger_is_balanced(db)


def test_twenty_parallel_confirmations_debit_once(pg):
    db, settings = pg
    service = PaymentService(db, settings)
    ledger = Ledger(db)
    account = ledger.accounts("demo", kind="current")[0]
    alice = next(p for p in PayeeBook(db).payees("demo") if p.kind == "person")
    preview = service.prepare_transfer(
        "demo", payee_id=alice.id, amount_minor=777, currency="USD", from_account_id=account.id
    )
    outcomes = confirm_from_threads(service, "demo", preview.request_id)
    assert outcomes.count("done") == 1
    assert ledger.accounts("demo", kind="current")[0].balance_minor == account.balance_minor - 777
    _ledger_is_balanced(db)


def test_racing_payments_never_overdraw(pg):
    """Ten card payments race for money that covers only two: two post, eight fail whole."""
    db, _ = pg
    account_id = Ledger(db).accounts("li", kind="current")[0].id
    with db.session() as session:
        balance = session.get(Account, account_id).balance_minor
    share = balance // 3 + 1

    def pay(_):
        try:
            with db.session() as session:
                post(
                    session, customer_id="li", kind="card", description="race",
                    legs=[(customer_account(session, "li", account_id), -share),
                          (internal_account(session, CARD_SETTLEMENT), share)],
                )  # fmt: skip
            return "paid"
        except InsufficientFunds:
            return "refused"

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(pay, range(10)))
    assert outcomes.count("paid") == 2
    with db.session() as session:
        assert session.get(Account, account_id).balance_minor == balance - 2 * share
    _ledger_is_balanced(db)


def test_twenty_parallel_wrong_pins_lock_the_login_on_postgres(pg):
    db, settings = pg
    counting = dataclasses.replace(settings, lockout_after=25)
    wrong_pins_from_threads(Auth(db, counting), "li")
    assert lockout_state(db, "li") == (20, False)
    wrong_pins_from_threads(Auth(db, settings), "robert")
    assert lockout_state(db, "robert")[1], "robert's log-in is locked"
