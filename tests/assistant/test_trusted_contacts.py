"""The trusted contact as a second key: agreed, asked, answering with the request's code
and a confirmation, the cooling-off, removal while paused, audited."""

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from assistant.bank.ledger import Ledger
from assistant.bank.models import AuditRecord, CallbackRequest, PaymentRequest, utcnow
from assistant.bank.trusted_contacts import ContactError, Removal, TrustedContacts, channel_of
from tests.trusted_contact_support import last_code, name_agreed, paused_payment

ANNA = "@anna:example.org"


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
    return paused_payment(db, bank_settings)


def test_addresses_are_told_apart():
    assert channel_of("@anna:example.org") == "matrix"
    assert channel_of("anna@example.org") == "email"
    with pytest.raises(ContactError, match="Matrix id"):
        channel_of("anna")


@pytest.mark.parametrize("address", ["+1 555 0100 200", "anna@example.org"])
def test_kinds_the_bank_cannot_send_to_are_not_offered(contacts, address):
    """Phone has no gateway here, and e-mail none unless SMTP is configured: naming
    such a contact would end in "I have asked Anna" with nothing sent."""
    with pytest.raises(ContactError, match="We cannot send messages to"):
        contacts.set("demo", "Anna", address)
    assert contacts.contact("demo") is None


def test_no_contact_leaves_the_gate_open(contacts, held):
    assert contacts.gate("demo", held).state == "none"


def test_a_contact_holds_nothing_until_they_agree_from_that_address(contacts, held):
    contacts.set("demo", "Anna", ANNA)
    assert contacts.gate("demo", held).state == "none", "not agreed yet"
    with pytest.raises(ContactError, match="has not agreed"):
        contacts.ask("demo", held, "why")
    code = last_code(contacts, ANNA)
    assert contacts.replies.reply("matrix", "@mallory:example.org", f"agree {code}").endswith(
        "is not a code we sent you."
    ), "only the named address can agree"
    assert contacts.replies.reply("matrix", ANNA, "agree BCDFG").endswith(
        "is not a code we sent you."
    )
    assert contacts.replies.reply("matrix", ANNA, f"agree {code}").startswith(
        "Thank you. You are now Mary Chen's trusted contact."
    )
    assert contacts.contact("demo").verified
    assert contacts.gate("demo", held).state == "not_asked"


def test_asked_contact_gets_who_how_much_to_whom_why_and_no_balance(contacts, held, db):
    name_agreed(contacts, "demo", "Anna", ANNA)
    gate = contacts.ask("demo", held, "Real police never ask you to move money.")
    assert gate.state == "waiting" and not gate.open
    address, text = contacts.outbox("matrix")[-1][1:]
    assert address == ANNA
    assert "Mary Chen" in text and "$900.00" in text and "Alice Wong" in text
    assert "Real police never ask you to move money." in text
    balance = Ledger(db).accounts("demo", kind="current")[0].balance_minor
    assert f"{balance / 100:,.2f}" not in text
    with db.session() as session:
        expires = session.get(PaymentRequest, held).expires_at
    assert expires > utcnow() + dt.timedelta(seconds=60), "the payment waits for the answer"


@pytest.mark.parametrize("said", ["2", "1", "yes", "looks fine", "it looks fine", "ok 2"])
def test_a_bare_number_or_words_without_the_code_answer_nothing(contacts, held, said):
    """The contact may type these in their own banking chat to press their own buttons."""
    name_agreed(contacts, "demo", "Anna", ANNA)
    contacts.ask("demo", held, "why")
    assert contacts.replies.reply("matrix", ANNA, said) is None
    assert contacts.gate("demo", held).state == "waiting"


def test_looks_fine_names_the_code_and_is_confirmed(contacts, held):
    name_agreed(contacts, "demo", "Anna", ANNA)
    contacts.ask("demo", held, "why")
    code = last_code(contacts, ANNA)
    assert contacts.replies.reply("matrix", "@mallory:example.org", f"{code} looks fine").endswith(
        "is not a payment waiting for your answer."
    ), "only the contact"
    assert contacts.replies.reply("matrix", ANNA, f"{code} yes").startswith("Please reply"), (
        "nothing to confirm yet"
    )
    proposed = contacts.replies.reply("matrix", ANNA, f"{code.lower()} looks fine.")
    assert "Mary Chen's payment of $900.00 to Alice Wong" in proposed
    assert f"reply '{code} yes'" in proposed
    assert contacts.gate("demo", held).state == "waiting", "not before the confirmation"
    assert contacts.replies.reply("matrix", ANNA, f"yes {code}") == (
        "Thank you. I will tell Mary. You cannot see their accounts or move their money."
    )
    assert contacts.gate("demo", held).state == "looks_fine"
    assert contacts.replies.reply("matrix", ANNA, f"{code} call first").endswith(
        "waiting for your answer."
    )


def test_call_first_keeps_it_paused_until_the_cooling_off(contacts, held, clock, db):
    name_agreed(contacts, "demo", "Anna", ANNA)
    contacts.ask("demo", held, "why")
    clock.now += dt.timedelta(seconds=30)
    contacts.replies.reply("matrix", ANNA, f"{last_code(contacts, ANNA)} call them first")
    clock.now += dt.timedelta(seconds=45)
    assert contacts.gate("demo", held).state == "call_first", "the wait starts at the answer"
    clock.now += dt.timedelta(seconds=20)
    assert contacts.gate("demo", held).open
    with db.session() as session:
        actions = list(
            session.scalars(select(AuditRecord.action).where(AuditRecord.customer_id == "demo"))
        )
    assert {
        "trusted_contact_set", "trusted_contact_agreed", "trusted_contact_asked",
        "trusted_contact_answered",
    } <= set(actions)  # fmt: skip


def test_no_answer_times_out(contacts, held, clock):
    name_agreed(contacts, "demo", "Anna", ANNA)
    contacts.ask("demo", held, "why")
    clock.now += dt.timedelta(seconds=61)
    assert contacts.gate("demo", held).state == "timed_out"


def _callbacks(db) -> list[str]:
    with db.session() as session:
        return list(
            session.scalars(
                select(CallbackRequest.note).where(CallbackRequest.customer_id == "demo")
            )
        )


@pytest.mark.parametrize("asked", [True, False])
@pytest.mark.parametrize("change", ["remove", "replace"])
def test_removing_or_changing_the_contact_while_paused_releases_nothing(
    contacts, held, clock, db, asked, change
):
    """Coached by a scammer, the customer drops the contact who said "call them first"
    (or was never asked) and says "send it anyway": the payment stays paused."""
    name_agreed(contacts, "demo", "Anna", ANNA)
    if asked:
        contacts.ask("demo", held, "why")
        contacts.replies.reply("matrix", ANNA, f"{last_code(contacts, ANNA)} call first")
    clock.now += dt.timedelta(seconds=50)
    if change == "remove":
        removal = contacts.remove("demo")
    else:
        _, removal = contacts.set("demo", "Mallory", "@mallory:example.org")
    assert removal.removed and removal.held_until == clock.now + dt.timedelta(seconds=60)
    gate = contacts.gate("demo", held)
    assert gate.state == "contact_removed" and not gate.open
    clock.now += dt.timedelta(seconds=59)
    assert not contacts.gate("demo", held).open, "the cooling-off runs from the removal"
    old_told = [text for _, to, text in contacts.outbox("matrix") if to == ANNA][-1]
    assert old_told.startswith("Mary Chen has removed you as their trusted contact")
    assert _callbacks(db) == ["trusted contact changed while a payment was paused"]
    with db.session() as session:
        expires = session.get(PaymentRequest, held).expires_at
    assert expires > clock.now, "the paused payment is still there to be looked at"
    clock.now += dt.timedelta(seconds=2)
    assert contacts.gate("demo", held).state == "timed_out"


def test_a_new_contact_cannot_answer_for_the_old_one(contacts, held):
    name_agreed(contacts, "demo", "Anna", ANNA)
    contacts.ask("demo", held, "why")
    code = last_code(contacts, ANNA)
    name_agreed(contacts, "demo", "Mallory", "@mallory:example.org")
    assert contacts.ask("demo", held, "why").state == "contact_removed", "no fresh question"
    assert contacts.replies.reply("matrix", ANNA, f"{code} looks fine").endswith("for your answer.")
    assert contacts.gate("demo", held).state == "contact_removed"


def test_removing_with_nothing_paused_books_no_call(contacts, db):
    name_agreed(contacts, "demo", "Anna", ANNA)
    assert contacts.remove("demo") == Removal(True)
    assert _callbacks(db) == [] and contacts.contact("demo") is None
    assert contacts.remove("demo") == Removal(False)
