import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from assistant.bank.ledger import Ledger
from assistant.bank.models import (
    AuditRecord,
    Bill,
    Payee,
    PaymentRequest,
    Posting,
    Transaction,
    utcnow,
)
from assistant.bank.payees import PayeeBook
from assistant.bank.payments import PaymentService
from assistant.errors import (
    CurrencyNotSupported,
    InsufficientFunds,
    LimitExceeded,
    NotFound,
    NothingToConfirm,
    StepUpRequired,
)
from tests.helpers import confirm_from_threads


def _current(db, customer="demo"):
    return Ledger(db).accounts(customer, kind="current")[0]


def _alice(db):
    return next(p for p in PayeeBook(db).payees("demo") if p.name == "Alice Wong")


def _prepare(service, db, amount=5_000):
    return service.prepare_transfer(
        "demo",
        payee_id=_alice(db).id,
        amount_minor=amount,
        currency="USD",
        from_account_id=_current(db).id,
    )


def test_confirmed_transfer_moves_money_exactly_once(db, bank_settings):
    service = PaymentService(db, bank_settings)
    before = _current(db).balance_minor
    preview = _prepare(service, db)
    assert (preview.payee_name, preview.amount_minor, preview.from_last4) == (
        "Alice Wong",
        5_000,
        "4821",
    )
    assert _current(db).balance_minor == before, "preparing moves nothing"

    receipt = service.confirm("demo", preview.request_id)
    assert receipt.new_balance_minor == before - 5_000
    with pytest.raises(NothingToConfirm, match="already been made"):
        service.confirm("demo", preview.request_id)
    assert _current(db).balance_minor == before - 5_000
    with db.session() as session:
        keyed = session.scalars(
            select(Transaction).where(Transaction.idempotency_key == preview.request_id)
        ).all()
        assert len(keyed) == 1
        assert sum(p.amount_minor for p in keyed[0].postings) == 0
        audit = session.scalars(select(AuditRecord).where(AuditRecord.action == "payment_executed"))
        assert any(preview.request_id in r.detail for r in audit)


def test_twenty_parallel_confirmations_debit_once(db, bank_settings):
    service = PaymentService(db, bank_settings)
    before = _current(db).balance_minor
    preview = _prepare(service, db, amount=1_234)
    outcomes = confirm_from_threads(service, "demo", preview.request_id)
    assert outcomes.count("done") == 1
    assert outcomes.count("refused") == 19
    assert _current(db).balance_minor == before - 1_234


def test_cancelled_request_cannot_be_confirmed(db, bank_settings):
    service = PaymentService(db, bank_settings)
    before = _current(db).balance_minor
    preview = _prepare(service, db)
    service.cancel("demo", preview.request_id)
    with pytest.raises(NothingToConfirm, match="stopped"):
        service.confirm("demo", preview.request_id)
    assert _current(db).balance_minor == before


def test_another_customer_cannot_confirm_or_see_a_request(db, bank_settings):
    service = PaymentService(db, bank_settings)
    preview = _prepare(service, db)
    with pytest.raises(NothingToConfirm):
        service.confirm("robert", preview.request_id)
    assert service.pending("robert", preview.request_id) is None
    assert service.pending("demo", preview.request_id) is not None


def test_another_customers_payee_or_account_is_not_found(db, bank_settings):
    service = PaymentService(db, bank_settings)
    roberts = _current(db, "robert")
    with pytest.raises(NotFound):
        service.prepare_transfer(
            "demo", payee_id=_alice(db).id, amount_minor=100, currency="USD",
            from_account_id=roberts.id,
        )  # fmt: skip
    carlos = next(p for p in PayeeBook(db).payees("robert") if p.kind == "person")
    with pytest.raises(NotFound):
        service.prepare_transfer(
            "demo", payee_id=carlos.id, amount_minor=100, currency="USD",
            from_account_id=_current(db).id,
        )  # fmt: skip


def test_expired_request_is_not_executed(db, bank_settings):
    later = utcnow() + dt.timedelta(minutes=bank_settings.pending_payment_minutes + 1)
    preparer = PaymentService(db, bank_settings)
    preview = _prepare(preparer, db)
    with pytest.raises(NothingToConfirm, match="waited too long"):
        PaymentService(db, bank_settings, clock=lambda: later).confirm("demo", preview.request_id)


def test_insufficient_funds_refused_before_read_back(db, bank_settings):
    service = PaymentService(db, bank_settings)
    balance = _current(db, "li").balance_minor
    payee = next(p for p in PayeeBook(db).payees("li") if p.kind == "person")
    with pytest.raises(InsufficientFunds):
        service.prepare_transfer(
            "li", payee_id=payee.id, amount_minor=balance + 1, currency="USD",
            from_account_id=_current(db, "li").id,
        )  # fmt: skip


def test_funds_spent_between_read_back_and_yes_fail_cleanly(db, bank_settings):
    no_limits = dataclasses.replace(
        bank_settings,
        per_transfer_limit_minor=10**9,
        daily_limit_minor=10**9,
        step_up_above_minor=10**9,
    )
    service = PaymentService(db, no_limits)
    balance = _current(db).balance_minor
    big = _prepare(service, db, amount=balance - 100)
    # Meanwhile a card payment takes most of the money (direct ledger posting).
    from assistant.bank.ledger import CARD_SETTLEMENT, customer_account, internal_account, post

    with db.session() as session:
        post(session, customer_id="demo", kind="card", description="shop",
             legs=[(customer_account(session, "demo", _current(db).id), -500),
                   (internal_account(session, CARD_SETTLEMENT), 500)])  # fmt: skip
    with pytest.raises(InsufficientFunds):
        service.confirm("demo", big.request_id)
    assert _current(db).balance_minor == balance - 500
    with db.session() as session:
        request = session.get(PaymentRequest, big.request_id)
        assert request.status == "failed"
        assert session.scalar(select(func.sum(Posting.amount_minor))) == 0


def test_limits_per_payment_and_per_day(db, bank_settings):
    settings = dataclasses.replace(
        bank_settings, per_transfer_limit_minor=10_000, daily_limit_minor=15_000
    )
    service = PaymentService(db, settings)
    with pytest.raises(LimitExceeded, match="one payment"):
        _prepare(service, db, amount=10_001)
    service.confirm("demo", _prepare(service, db, amount=10_000).request_id)
    with pytest.raises(LimitExceeded, match=r"You can still send \$50.00 today"):
        _prepare(service, db, amount=5_001)
    service.confirm("demo", _prepare(service, db, amount=5_000).request_id)


def test_foreign_currency_is_refused(db, bank_settings):
    service = PaymentService(db, bank_settings)
    with pytest.raises(CurrencyNotSupported):
        service.prepare_transfer(
            "demo", payee_id=_alice(db).id, amount_minor=100, currency="EUR",
            from_account_id=_current(db).id,
        )  # fmt: skip


def test_paying_a_bill_marks_it_paid(db, bank_settings):
    service = PaymentService(db, bank_settings)
    bill = PayeeBook(db).due_bills("demo")[0]
    preview = service.prepare_bill("demo", bill_id=bill.id, from_account_id=_current(db).id)
    assert preview.reference == bill.reference
    service.confirm("demo", preview.request_id)
    assert PayeeBook(db).due_bills("demo") == []
    with db.session() as session:
        assert session.get(Bill, bill.id).status == "paid"


def test_opening_a_time_deposit_moves_money_between_own_accounts(db, bank_settings, services):
    service = PaymentService(db, bank_settings)
    product = next(p for p in services.directory.products("time_deposit") if p.term_months == 12)
    before = _current(db).balance_minor
    preview = service.prepare_time_deposit(
        "demo", product_id=product.id, amount_minor=100_000, from_account_id=_current(db).id
    )
    service.confirm("demo", preview.request_id)
    deposits = Ledger(db).accounts("demo", kind="time_deposit")
    assert len(deposits) == 1 and deposits[0].balance_minor == 100_000
    assert deposits[0].rate_bp == product.rate_bp
    assert _current(db).balance_minor == before - 100_000


def test_large_payment_needs_step_up_tied_to_that_request(db, bank_settings):
    service = PaymentService(db, bank_settings)
    before = _current(db).balance_minor
    small = _prepare(service, db, amount=bank_settings.step_up_above_minor)
    assert not small.needs_step_up
    service.cancel("demo", small.request_id)

    big = _prepare(service, db, amount=bank_settings.step_up_above_minor + 1)
    assert big.needs_step_up
    with pytest.raises(StepUpRequired):
        service.confirm("demo", big.request_id)
    assert service.pending("demo", big.request_id) is not None, "still waiting, not failed"
    with pytest.raises(NothingToConfirm):
        service.approve_step_up("robert", big.request_id)
    service.approve_step_up("demo", big.request_id)
    assert not service.pending("demo", big.request_id).needs_step_up
    service.confirm("demo", big.request_id)
    assert _current(db).balance_minor == before - big.amount_minor
    with pytest.raises(NothingToConfirm):
        service.approve_step_up("demo", big.request_id)  # single use


def test_new_payee_needs_step_up_even_for_small_amounts(db, bank_settings):
    with db.session() as session:
        session.add(Payee(customer_id="demo", name="New Friend", kind="person",
                          account_number="510000009999", created_at=utcnow()))  # fmt: skip
    payee = next(p for p in PayeeBook(db).payees("demo") if p.name == "New Friend")
    preview = PaymentService(db, bank_settings).prepare_transfer(
        "demo", payee_id=payee.id, amount_minor=100, currency="USD",
        from_account_id=_current(db).id,
    )  # fmt: skip
    assert preview.needs_step_up


def test_ten_payments_of_the_threshold_are_not_ten_small_ones(db, bank_settings):
    """$1,000 is not above the step-up threshold; $1,000 twice in a day is."""
    service = PaymentService(db, bank_settings)
    threshold = bank_settings.step_up_above_minor
    first = _prepare(service, db, threshold)
    assert not first.needs_step_up
    service.confirm("demo", first.request_id)
    assert _prepare(service, db, threshold).needs_step_up
    assert _prepare(service, db, 100).needs_step_up, "even a small one on top of it"


def test_a_payment_made_with_the_pin_does_not_count_toward_the_next_step_up(db, bank_settings):
    service = PaymentService(db, bank_settings)
    big = _prepare(service, db, bank_settings.step_up_above_minor + 1)
    service.approve_step_up("demo", big.request_id)
    service.confirm("demo", big.request_id)
    assert not _prepare(service, db, 500).needs_step_up


def test_the_daily_limit_starts_at_the_banks_midnight(db, bank_settings):
    """23:00 in New York is 04:00 UTC the next day: UTC midnight is not the bank's."""
    settings = dataclasses.replace(
        bank_settings, time_zone="America/New_York", daily_limit_minor=10_000
    )
    late_evening = dt.datetime(2026, 11, 30, 4, 0)  # 23:00 on the 29th in New York
    after_midnight = dt.datetime(2026, 11, 30, 6, 0)  # 01:00 on the 30th in New York
    evening = PaymentService(db, settings, clock=lambda: late_evening)
    evening.confirm("demo", _prepare(evening, db, 10_000).request_id)
    with pytest.raises(LimitExceeded):
        _prepare(evening, db, 100)
    morning = PaymentService(db, settings, clock=lambda: after_midnight)
    assert _prepare(morning, db, 5_000).amount_minor == 5_000
