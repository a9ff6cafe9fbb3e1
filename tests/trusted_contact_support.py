"""A payment the risk rules paused, and a trusted contact on Matrix who has agreed."""

from __future__ import annotations

import re

from assistant.bank.ledger import Ledger
from assistant.bank.payees import PayeeBook
from assistant.bank.payments import PaymentService
from assistant.bank.trusted_contacts import TrustedContacts
from lessons.risk import RiskRules
from lessons.settings import LessonSettings

# "To agree, reply: agree KXPTM" and "reply 'KXPTM call first' ... or 'KXPTM looks fine'".
_CODE = re.compile(r"\bagree ([A-Z]{5})\b|'([A-Z]{5}) call first'")


def last_code(contacts: TrustedContacts, address: str) -> str:
    """The code in the newest Matrix message to `address` (an agreement or a question)."""
    texts = [text for _, to, text in contacts.outbox("matrix") if to == address]
    assert texts, f"no message to {address}"
    found = _CODE.search(texts[-1])
    assert found, texts[-1]
    return found.group(1) or found.group(2)


def name_agreed(contacts: TrustedContacts, customer_id: str, name: str, address: str) -> None:
    """Name `address` as the customer's trusted contact, and have them agree."""
    contacts.set(customer_id, name, address)
    reply = contacts.replies.reply("matrix", address, f"agree {last_code(contacts, address)}")
    assert reply is not None and reply.startswith("Thank you. You are now"), reply


def paused_payment(db, bank_settings) -> str:  # type: ignore[no-untyped-def]
    """Mary's $900 to Alice Wong, paused by the risk rules: its request id."""
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
