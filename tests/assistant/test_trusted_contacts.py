"""The trusted contact as a second key: asked, answering, the cooling-off, audited."""

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from assistant.ledger import Ledger
from assistant.models import AuditRecord, ContactOutbox, PaymentRequest, utcnow
from assistant.payees import PayeeBook
from assistant.payments import PaymentService
from assistant.trusted_contacts import ContactError, TrustedContacts, channel_of
from lessons.risk import RiskRules
from lessons.settings import LessonSettings


class Clock:
    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def contacts(db, bank_settings, clock):
    return TrustedContacts(
        db, dataclasses.replace(bank_settings, trusted_contact_wait_seconds=60), clock
    )


@pytest.fixture
def held(db, bank_settings):
    payments = PaymentService(
        db,
        bank_settings,
        screen=RiskRules.load(LessonSettings().risk_rules, bank_settings.new_payee_hours),
    )
    payee = next(p for p in PayeeBook(db).payees("demo") if p.name == "Alice Wong")
    preview = payments.prepare_transfer(
        "demo", payee_id=payee.id, amount_minor=90_000, currency="USD",
        from_account_id=Ledger(db).accounts("demo", kind="current")[0].id,
        said="the police told me to move my money to a safe account",
    )  # fmt: skip
    assert preview.held
    return preview.request_id


def test_addresses_are_told_apart():
    assert channel_of("@anna:example.org") == "matrix"
    assert channel_of("anna@example.org") == "email"
    assert channel_of("+1 555 0100 200") == "phone"
    with pytest.raises(ContactError, match="Matrix id"):
        channel_of("anna")


def test_no_contact_leaves_the_gate_open(contacts, held):
    assert contacts.gate("demo", held).state == "none"


def test_asked_contact_gets_who_how_much_to_whom_why_and_no_balance(contacts, held, db):
    contacts.set("demo", "Anna", "@anna:example.org")
    assert contacts.gate("demo", held).state == "not_asked"
    gate = contacts.ask("demo", held, "Real police never ask you to move money.")
    assert gate.state == "waiting" and not gate.open
    [(_, address, text)] = contacts.outbox("matrix")
    assert address == "@anna:example.org"
    assert "Mary Chen" in text and "$900.00" in text and "Alice Wong" in text
    assert "Real police never ask you to move money." in text
    balance = Ledger(db).accounts("demo", kind="current")[0].balance_minor
    assert f"{balance / 100:,.2f}" not in text
    with db.session() as session:
        expires = session.get(PaymentRequest, held).expires_at
    assert expires > utcnow() + dt.timedelta(seconds=60), "the payment waits for the answer"


def test_looks_fine_opens_the_gate(contacts, held):
    contacts.set("demo", "Anna", "@anna:example.org")
    contacts.ask("demo", held, "why")
    assert contacts.answer("matrix", "@mallory:example.org", "2") is None, "only the contact"
    assert contacts.answer("matrix", "@anna:example.org", "what?") is None
    assert contacts.answer("matrix", "@anna:example.org", "It looks fine.") == "Mary"
    assert contacts.gate("demo", held).state == "looks_fine"


def test_call_first_keeps_it_paused_until_the_cooling_off(contacts, held, clock, db):
    contacts.set("demo", "Anna", "@anna:example.org")
    contacts.ask("demo", held, "why")
    clock.now += dt.timedelta(seconds=30)
    contacts.answer("matrix", "@anna:example.org", "1")
    clock.now += dt.timedelta(seconds=45)
    assert contacts.gate("demo", held).state == "call_first", "the wait starts at the answer"
    clock.now += dt.timedelta(seconds=20)
    assert contacts.gate("demo", held).open
    with db.session() as session:
        actions = list(
            session.scalars(select(AuditRecord.action).where(AuditRecord.customer_id == "demo"))
        )
    assert {"trusted_contact_set", "trusted_contact_asked", "trusted_contact_answered"} <= set(
        actions
    )


def test_no_answer_times_out(contacts, held, clock):
    contacts.set("demo", "Anna", "anna@example.org")
    contacts.ask("demo", held, "why")
    assert contacts.outbox("matrix") == [] and len(contacts.outbox("email")) == 1
    clock.now += dt.timedelta(seconds=61)
    assert contacts.gate("demo", held).state == "timed_out"


def test_removed_contact_is_not_asked(contacts, held, db):
    contacts.set("demo", "Anna", "@anna:example.org")
    assert contacts.remove("demo")
    assert contacts.gate("demo", held).state == "none"
    with pytest.raises(ContactError):
        contacts.ask("demo", held, "why")
    with db.session() as session:
        assert session.scalar(select(ContactOutbox.id)) is None
