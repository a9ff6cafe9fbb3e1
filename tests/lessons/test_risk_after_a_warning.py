"""The risk rule `warned`: a scam warning said in the customer's conversation pauses the
next payment, whatever words led to the warning (lessons/risk.py, risk_rules.yml)."""

import dataclasses
import datetime as dt

import pytest

from assistant.bank import audit
from assistant.bank.ledger import Ledger
from assistant.bank.models import AuditRecord, Conversation, utcnow
from assistant.bank.payees import PayeeBook
from assistant.bank.payments import PaymentService
from assistant.errors import PaymentHeld
from lessons.risk import SCAM_WARNING, RiskRules
from lessons.settings import LessonSettings


@pytest.fixture
def rules(bank_settings):
    return RiskRules.load(LessonSettings().risk_rules, bank_settings.new_payee_hours)


def _conversation(db, minutes_ago: int, sender: str = "s-mary") -> None:
    with db.session() as session:
        session.add(
            Conversation(
                sender_id=sender, customer_id="demo", channel="test",
                created_at=utcnow() - dt.timedelta(minutes=minutes_ago),
            )
        )  # fmt: skip


def _warned(db, minutes_ago: int = 0, **named: str) -> None:
    with db.session() as session:
        audit.record(session, "demo", SCAM_WARNING, **named)
        session.flush()
        if minutes_ago:
            row = session.query(AuditRecord).order_by(AuditRecord.id.desc()).first()
            row.at = utcnow() - dt.timedelta(minutes=minutes_ago)


def _pay_alice(db, bank_settings, rules):
    """$50 to Alice Wong, paid often, with no word of a scam said."""
    payments = PaymentService(db, bank_settings, screen=rules)
    alice = next(p for p in PayeeBook(db).payees("demo") if p.name == "Alice Wong")
    current = Ledger(db).accounts("demo", kind="current")[0]
    args = {"payee_id": alice.id, "amount_minor": 5_000, "currency": "USD"}
    return payments, payments.prepare_transfer("demo", from_account_id=current.id, **args)


def _hold(payments, preview):
    with pytest.raises(PaymentHeld) as held:
        payments.confirm("demo", preview.request_id)
    return held.value.hold


@pytest.mark.parametrize(
    ("named", "lesson", "warning"),
    [
        ({"families": "unknown", "signs": ""}, "first-hour-after-a-scam", "Earlier in this"),
        ({"families": "prize_fee", "signs": ""}, "prizes-and-gift-cards", "You never have to pay"),
        ({"families": "unknown", "signs": "on_the_line"}, "safe-account-calls", "Earlier in this"),
    ],
)
def test_a_payment_after_a_warning_is_held_with_its_lesson(
    db, bank_settings, rules, named, lesson, warning
):
    _conversation(db, minutes_ago=10)
    _warned(db, minutes_ago=5, **named)
    payments, preview = _pay_alice(db, bank_settings, rules)
    assert preview.held
    hold = _hold(payments, preview)
    assert "warned" in hold.rules
    assert (hold.lesson_slug, hold.warning.startswith(warning)) == (lesson, True)
    # "Send it anyway" stays possible: released, then a fresh yes sends it.
    payments.release("demo", preview.request_id)
    assert payments.confirm("demo", preview.request_id).amount_minor == 5_000


def test_a_warning_before_the_newest_log_in_or_long_ago_holds_nothing(db, bank_settings, rules):
    _warned(db, minutes_ago=30, families="unknown")
    _conversation(db, minutes_ago=10)  # logged in again since
    assert not _pay_alice(db, bank_settings, rules)[1].held
    longer_ago = dataclasses.replace(rules, clock=lambda: utcnow() + dt.timedelta(hours=13))
    _warned(db, families="unknown")
    assert not _pay_alice(db, bank_settings, longer_ago)[1].held
    assert _pay_alice(db, bank_settings, rules)[1].held


def test_without_the_warned_section_the_rule_is_off(db, bank_settings, tmp_path):
    text = LessonSettings().risk_rules.read_text(encoding="utf-8")
    path = tmp_path / "risk_rules.yml"
    path.write_text(text[: text.index("\nwarned:")], encoding="utf-8")
    rules = RiskRules.load(path, bank_settings.new_payee_hours)
    _warned(db, families="unknown")
    assert not _pay_alice(db, bank_settings, rules)[1].held
