import pytest
from sqlalchemy import func, select

from assistant.bank.db import Database
from assistant.bank.ledger import Ledger
from assistant.bank.models import Posting, Transaction
from assistant.bank.own_transfers import everyday_account_name
from assistant.bank.payments import PaymentService
from assistant.bank.seed import seed_demo
from assistant.errors import InsufficientFunds, NothingToConfirm, PaymentRefused


def _account(db, kind):
    return Ledger(db).accounts("demo", kind=kind)[0]


def _prepare(service, db, amount, source="savings", target="current"):
    return service.prepare_own_transfer(
        "demo",
        from_account_id=_account(db, source).id,
        to_account_id=_account(db, target).id,
        amount_minor=amount,
        currency="USD",
    )


def test_move_is_read_back_then_posts_both_legs_in_one_transaction(db, bank_settings):
    service = PaymentService(db, bank_settings)
    savings, current = _account(db, "savings"), _account(db, "current")
    preview = _prepare(service, db, 20_000)
    assert (preview.kind, preview.payee_name, preview.amount_minor) == (
        "own_transfer",
        current.name,
        20_000,
    )
    assert preview.needs_step_up is False
    assert _account(db, "savings").balance_minor == savings.balance_minor, "nothing moved yet"

    receipt = service.confirm("demo", preview.request_id)

    assert _account(db, "savings").balance_minor == savings.balance_minor - 20_000
    assert _account(db, "current").balance_minor == current.balance_minor + 20_000
    with db.session() as session:
        legs = session.scalars(
            select(Posting.amount_minor).where(Posting.transaction_id == receipt.transaction_id)
        ).all()
    assert sorted(legs) == [-20_000, 20_000]
    with pytest.raises(NothingToConfirm):
        service.confirm("demo", preview.request_id)


def test_move_is_not_subject_to_payee_rules(db, bank_settings):
    """Above the step-up amount a payment needs the PIN; a move between own accounts does not."""
    service = PaymentService(db, bank_settings)
    amount = bank_settings.step_up_above_minor + 100
    preview = _prepare(service, db, amount, source="current", target="savings")
    assert preview.needs_step_up is False
    service.confirm("demo", preview.request_id)


def test_move_refuses_what_it_cannot_do_and_moves_nothing(db, bank_settings):
    service = PaymentService(db, bank_settings)
    with db.session() as session:
        before = session.scalar(select(func.count(Transaction.id)))
    with pytest.raises(PaymentRefused, match="same account"):
        _prepare(service, db, 1_000, source="savings", target="savings")
    with pytest.raises(PaymentRefused, match="more than zero"):
        _prepare(service, db, 0)
    with pytest.raises(InsufficientFunds):
        _prepare(service, db, _account(db, "savings").balance_minor + 1)
    with db.session() as session:
        assert session.scalar(select(func.count(Transaction.id))) == before


def test_everyday_account_name_follows_the_locale(tmp_path):
    assert everyday_account_name("en_US") == "Checking account"
    assert everyday_account_name("en_GB") == "Current account"
    assert everyday_account_name(None) == "Current account"
    db = Database(f"sqlite:///{tmp_path / 'us.db'}")
    db.upgrade()
    seed_demo(db, "USD", locale="en_US")
    assert _account(db, "current").name == "Checking account"
    db.dispose()
