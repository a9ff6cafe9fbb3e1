"""Payment codes for a shop's till, and what a scam report does to them."""

import datetime as dt

import pytest
from sqlalchemy import select

from assistant.bank.codes import PaymentCodes
from assistant.bank.models import PaymentCode, utcnow
from assistant.bank.protection import FirstHour, PaymentsPaused, when_said


@pytest.fixture
def clock():
    now = [utcnow()]
    return now


@pytest.fixture
def codes(db, bank_settings, clock):
    return PaymentCodes(db, bank_settings, clock=lambda: clock[0])


def _pause(services, clock):
    steps = FirstHour(
        services.db, services.settings, services.cards, services.support, clock=lambda: clock[0]
    )
    return steps.pause("demo", "scam reported")


def _statuses(db):
    with db.session() as session:
        return session.scalars(
            select(PaymentCode.status).where(PaymentCode.customer_id == "demo")
        ).all()


def test_a_new_code_replaces_the_one_before(codes):
    first = codes.renew("demo")
    second = codes.renew("demo")
    assert second.reference != first.reference
    assert codes.current("demo") == second


def test_a_scam_pause_stops_the_code_the_customer_holds(codes, services, db, clock):
    """The scammer may have a photo of it: it must not pay at a till during the pause."""
    codes.renew("demo")
    _pause(services, clock)
    assert _statuses(db) == ["revoked"]
    with pytest.raises(PaymentsPaused, match="Payment codes are stopped"):
        codes.current("demo")


def test_no_new_code_while_payments_are_paused(codes, services, db, clock):
    until = _pause(services, clock)
    with pytest.raises(PaymentsPaused) as refused:
        codes.renew("demo")
    said = str(refused.value)
    assert said.startswith("Payment codes are stopped while payments are paused.")
    assert f"are paused until {when_said(until)}, because a fraud was reported" in said
    assert _statuses(db) == []
    clock[0] = until + dt.timedelta(seconds=1)
    assert codes.renew("demo").reference.startswith("PAY-"), "after the pause, codes again"
