"""Just-in-time protection: risky payments are paused, explained, and settled once."""

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import select

from assistant.bank.ledger import Ledger
from assistant.bank.models import AuditRecord, Payee, utcnow
from assistant.bank.payees import PayeeBook
from assistant.bank.payments import PaymentService
from assistant.errors import ConfigurationError, NothingToConfirm, PaymentHeld
from lessons.models import Interception
from lessons.risk import RiskRules
from lessons.settings import LessonSettings


@pytest.fixture
def rules(bank_settings):
    return RiskRules.load(LessonSettings().risk_rules, bank_settings.new_payee_hours)


@pytest.fixture
def payments(db, bank_settings, rules):
    return PaymentService(db, bank_settings, screen=rules)


def _payee(db, name="Alice Wong"):
    return next(p for p in PayeeBook(db).payees("demo") if p.name == name)


def _new_payee(db):
    with db.session() as session:
        payee = Payee(
            customer_id="demo", name="Mr Smith", kind="person", account_number="510012345678",
            created_at=utcnow() - dt.timedelta(hours=2),
        )  # fmt: skip
        session.add(payee)
    return payee


def _current(db):
    return Ledger(db).accounts("demo", kind="current")[0]


def _prepare(payments, db, payee, amount, said=""):
    return payments.prepare_transfer(
        "demo", payee_id=payee.id, amount_minor=amount, currency="USD",
        from_account_id=_current(db).id, said=said,
    )  # fmt: skip


# A story the risk rules recognise (lessons/scam_stories.yml), not a lone word.
SCAM_STORY = "the police called and said my money is not safe"


def _interception(db, request_id):
    with db.session() as session:
        return session.scalar(select(Interception).where(Interception.request_id == request_id))


def test_a_usual_payment_is_not_paused(payments, db):
    preview = _prepare(payments, db, _payee(db), 5_000, said="send 50 dollars to my daughter")
    assert not preview.held
    assert payments.confirm("demo", preview.request_id).amount_minor == 5_000


@pytest.mark.parametrize(
    ("said", "rule", "lesson"),
    [
        ("the police said my money is not safe", "story_safe_account", "safe-account-calls"),
        ("move it to a SAFE ACCOUNT please", "safe_account", "safe-account-calls"),
        ("he promised a guaranteed return", "investment", "too-good-investments"),
        ("they want gift cards", "gift_cards", "prizes-and-gift-cards"),
        ("the man on anydesk told me", "remote_access", "remote-access-scams"),
        ("he said don't tell the bank", "secrecy", "first-hour-after-a-scam"),
    ],
)
def test_scam_words_pause_the_payment(payments, db, said, rule, lesson):
    before = _current(db).balance_minor
    preview = _prepare(payments, db, _payee(db), 5_000, said=f"hello\n{said}\nsend money")
    assert preview.held
    with pytest.raises(PaymentHeld) as held:
        payments.confirm("demo", preview.request_id)
    assert rule in held.value.hold.rules
    assert held.value.hold.lesson_slug == lesson
    assert len(str(held.value).split(". ")) == 2, "the warning is two sentences"
    assert _current(db).balance_minor == before
    assert payments.pending("demo", preview.request_id) is not None, "still waiting"


@pytest.mark.parametrize(
    "said",
    [
        "the police were nice about my fender bender",
        "my granddaughter won a prize at school",
        "we are planning a secret birthday party",
        "i bought my grandson a plane ticket home",
        "the detective show on tv was good",
        "my son lost money on bitcoin years ago",
    ],
)
def test_an_ordinary_mention_of_a_scam_word_does_not_pause(payments, db, said):
    """A scam pause needs a scam's own words or a story, not one word of ordinary talk."""
    preview = _prepare(payments, db, _payee(db), 5_000, said=f"{said}\nsend 50 to alice")
    assert not preview.held


def test_words_inside_other_words_do_not_fire(payments, db):
    preview = _prepare(payments, db, _payee(db), 5_000, said="my secretary likes crypton gas")
    assert not preview.held


def test_a_large_first_payment_to_a_new_payee_is_paused(payments, db):
    preview = _prepare(payments, db, _new_payee(db), 90_000)
    assert preview.held
    hold = _interception(db, preview.request_id)
    assert json.loads(hold.rules) == ["new_payee", "first_payment", "large_amount"]
    assert hold.lesson_slug == "first-hour-after-a-scam"


def test_a_small_first_payment_to_a_new_payee_is_not(payments, db):
    assert not _prepare(payments, db, _new_payee(db), 2_000).held


def test_a_paused_payment_is_cancelled_and_nothing_moves(payments, db):
    before = _current(db).balance_minor
    preview = _prepare(payments, db, _payee(db), 5_000, said=SCAM_STORY)
    payments.cancel("demo", preview.request_id)
    assert _interception(db, preview.request_id).outcome == "cancelled"
    with pytest.raises(NothingToConfirm):
        payments.confirm("demo", preview.request_id)
    assert _current(db).balance_minor == before


def test_released_then_confirmed_moves_money_once(payments, db):
    before = _current(db).balance_minor
    preview = _prepare(payments, db, _payee(db), 5_000, said=SCAM_STORY)
    with pytest.raises(PaymentHeld):
        payments.confirm("demo", preview.request_id)
    again = payments.release("demo", preview.request_id)
    assert not again.held
    assert _interception(db, preview.request_id).outcome == "released"
    payments.confirm("demo", preview.request_id)
    assert _interception(db, preview.request_id).outcome == "confirmed"
    with pytest.raises(NothingToConfirm):
        payments.confirm("demo", preview.request_id)
    assert _current(db).balance_minor == before - 5_000
    with db.session() as session:
        actions = session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)).all()
    steps = [a for a in actions if a in ("payment_held", "payment_released", "payment_executed")]
    assert steps == ["payment_held", "payment_released", "payment_executed"]


def test_only_the_owner_can_release(payments, db):
    preview = _prepare(payments, db, _payee(db), 5_000, said=SCAM_STORY)
    with pytest.raises(NothingToConfirm):
        payments.release("robert", preview.request_id)
    with pytest.raises(NothingToConfirm):
        payments.release("demo", "not-a-request")


def test_broken_rules_file_says_how_to_fix_it(tmp_path):
    path = tmp_path / "rules.yml"
    path.write_text("threshold: [")
    with pytest.raises(ConfigurationError, match="Compare the file with lessons/risk_rules.yml"):
        RiskRules.load(path, new_payee_hours=24)


def test_one_knob_says_how_new_a_new_payee_is(db, bank_settings, tmp_path):
    """NEW_PAYEE_HOURS sets both the PIN step-up and the risk rule; the file may not."""
    longer = dataclasses.replace(bank_settings, new_payee_hours=48)
    rules = RiskRules.load(LessonSettings().risk_rules, longer.new_payee_hours)
    payee = _new_payee(db)
    with db.session() as session:
        session.get(Payee, payee.id).created_at = utcnow() - dt.timedelta(hours=30)
    preview = _prepare(PaymentService(db, longer, screen=rules), db, payee, 90_000)
    assert preview.held and preview.needs_step_up
    with db.session() as session:
        assert "new_payee" in json.loads(session.scalar(select(Interception.rules)))
    second = tmp_path / "rules.yml"
    second.write_text(
        LessonSettings()
        .risk_rules.read_text()
        .replace("  weight: 1\n", "  weight: 1\n  hours: 12\n", 1)
    )
    with pytest.raises(ConfigurationError, match="NEW_PAYEE_HOURS"):
        RiskRules.load(second, new_payee_hours=24)


def _move(payments, db, said):
    savings = Ledger(db).accounts("demo", kind="savings")[0]
    return payments.prepare_own_transfer(
        "demo", from_account_id=savings.id, to_account_id=_current(db).id,
        amount_minor=500_000, currency="USD", said=said,
    )  # fmt: skip


def test_a_move_between_own_accounts_after_a_scam_story_is_held(payments, db):
    # "move your savings into checking, then to the safe account": the scammer's first step.
    preview = _move(payments, db, f"{SCAM_STORY}\nmove 5000 from savings to checking")
    assert preview.held
    with pytest.raises(PaymentHeld) as held:
        payments.confirm("demo", preview.request_id)
    assert any(rule.startswith("story_") for rule in held.value.hold.rules)


@pytest.mark.parametrize(
    "said",
    [
        "my granddaughter is in the police cadets, what's my savings balance\n"
        "no I want to move 500 from savings to current",
        "a police officer came to the seniors club to talk about road safety\n"
        "can you move 300 from my savings into checking",
    ],
)
def test_a_move_is_never_the_end_of_a_story_a_harmless_line_began(payments, db, said):
    # The move's own words ("move 500") with an earlier mention of the police are no story.
    assert not _move(payments, db, said).held


def test_a_move_between_own_accounts_alone_is_not_held(payments, db):
    preview = _move(payments, db, "move 5000 from savings to checking")
    assert not preview.held
    payments.confirm("demo", preview.request_id)  # made at once on its yes
