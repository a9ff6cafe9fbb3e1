import datetime as dt

import pytest
from sqlalchemy import func, select

from assistant.bank.ledger import OUTGOING, Ledger, customer_account, internal_account, post
from assistant.bank.models import Account, Posting
from assistant.errors import InsufficientFunds


def test_every_transaction_balances_and_balances_match_postings(db):
    with db.session() as session:
        assert session.scalar(select(func.sum(Posting.amount_minor))) == 0
        for account in session.scalars(select(Account)):
            posted = session.scalar(
                select(func.coalesce(func.sum(Posting.amount_minor), 0)).where(
                    Posting.account_id == account.id
                )
            )
            assert posted == account.balance_minor, account.number


def test_accounts_are_only_the_customers_own(db):
    ledger = Ledger(db)
    mary = ledger.accounts("demo")
    assert [a.kind for a in mary] == ["current", "savings"]
    assert {a.last4 for a in mary} == {"4821", "7730"}
    assert not {a.id for a in mary} & {a.id for a in ledger.accounts("robert")}
    assert ledger.accounts("nobody") == []


def test_history_filters_by_period_category_and_direction(db):
    ledger = Ledger(db)
    end = dt.datetime.now() + dt.timedelta(days=1)
    start = end - dt.timedelta(days=40)
    groceries = ledger.history("demo", start, end, category="groceries", direction="out")
    assert groceries.entries, "the demo seed buys groceries every month"
    assert all(e.category == "groceries" and e.amount_minor < 0 for e in groceries.entries)
    assert groceries.money_out_minor == -sum(e.amount_minor for e in groceries.entries)
    assert groceries.money_in_minor == 0
    dates = [e.booked_at for e in groceries.entries]
    assert dates == sorted(dates, reverse=True)
    assert all(start <= d < end for d in dates)
    income = ledger.history("demo", start, end, direction="in")
    assert all(e.amount_minor > 0 for e in income.entries)


def test_history_by_merchant_ignores_case(db):
    ledger = Ledger(db)
    end = dt.datetime.now() + dt.timedelta(days=1)
    found = ledger.history("demo", end - dt.timedelta(days=92), end, merchant="freshmart")
    assert found.entries and all(e.merchant == "FreshMart" for e in found.entries)


def test_a_failing_leg_rolls_back_the_whole_transaction(db):
    with db.session() as session:
        current = session.scalar(select(Account).where(Account.number == "400011114821"))
        before = current.balance_minor
    with pytest.raises(InsufficientFunds), db.session() as session:
        account = customer_account(session, "demo", current.id)
        target = internal_account(session, OUTGOING)
        post(
            session,
            customer_id="demo",
            kind="transfer",
            description="too much",
            legs=[(target, before + 1), (account, -(before + 1))],
        )
    with db.session() as session:
        assert session.get(Account, current.id).balance_minor == before
        assert session.scalar(select(func.sum(Posting.amount_minor))) == 0


def test_unbalanced_postings_are_refused(db):
    with pytest.raises(ValueError), db.session() as session:
        target = internal_account(session, OUTGOING)
        post(session, customer_id=None, kind="x", description="x", legs=[(target, 5)])
