"""What a trusted contact may write back, the codes that tie it to one request, and
what their answers do.

Every message the bank sends a contact on Matrix carries a code of five
consonants ("KXPTM"): "agree KXPTM" accepts being named, "KXPTM call first" and
"KXPTM looks fine" answer the question about one paused payment, and
"KXPTM yes" confirms "looks fine". A bare "1", "2" or "yes", which the same
person may type to press a button in their own banking chat, answers nothing.
Codes have no vowels and no digits, so no word and no number is ever one.
E-mail contacts get a long link token instead (the pages in
web/contact_pages.py); both are stored only as hashes. "Call them first", the
answer that keeps the payment paused, counts at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.bank import audit
from assistant.bank.db import Database
from assistant.bank.models import ContactAsk, Customer, PaymentRequest, TrustedContact, utcnow
from assistant.bank.money import format_money
from assistant.settings import BankSettings

LOOKS_FINE, CALL_FIRST = "looks_fine", "call_first"
AGREE, CONFIRM = "agree", "confirm"
CODE_LETTERS = "BCDFGHJKLMNPQRSTVWXZ"
CODE_LENGTH = 5
_CODE = re.compile(rf"^[{CODE_LETTERS.lower()}]{{{CODE_LENGTH}}}$")
# The words beside the code, lower case, punctuation dropped.
WORDS = {
    "agree": AGREE,
    "i agree": AGREE,
    "call first": CALL_FIRST,
    "call them first": CALL_FIRST,
    "looks fine": LOOKS_FINE,
    "it looks fine": LOOKS_FINE,
    "yes": CONFIRM,
    "confirm": CONFIRM,
    "yes confirm": CONFIRM,
}


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_reply(text: str) -> tuple[str, str] | None:
    """(code, what) when `text` is exactly one code and known words; otherwise None."""
    if re.search(r"\d", text):
        return None
    words = re.findall(r"[a-z]+", text.lower())
    codes = [w for w in words if _CODE.match(w)]
    if len(codes) != 1:
        return None
    what = WORDS.get(" ".join(w for w in words if w != codes[0]))
    return (codes[0].upper(), what) if what else None


@dataclass(frozen=True)
class Question:
    """A question waiting for the contact, as their answer page shows it."""

    customer_name: str
    amount: str
    payee: str
    proposed: str | None


class ContactReplies:
    """The contact's side: agreeing to be named, and answering about a paused payment."""

    def __init__(
        self, db: Database, settings: BankSettings, clock: Callable[[], dt.datetime] = utcnow
    ) -> None:
        self._db = db
        self._settings = settings
        self._clock = clock

    def reply(self, channel: str, address: str, text: str) -> str | None:
        """A message from `address` on `channel` that answers the bank; the reply, or None.

        Only words naming a code the bank sent this address count ("agree KXPTM",
        "KXPTM looks fine" then "KXPTM yes", "KXPTM call first"); anything else is
        None and goes on to the dialogue as usual.
        """
        said = parse_reply(text)
        if said is None:
            return None
        code, word = said
        with self._db.session() as session:
            if word == AGREE:
                contact = session.scalar(
                    select(TrustedContact).where(
                        TrustedContact.verify_hash == secret_hash(code),
                        TrustedContact.channel == channel,
                        TrustedContact.address == address,
                        TrustedContact.removed_at.is_(None),
                    )
                )
                if contact is None:
                    return f"{code} is not a code we sent you."
                return self._agree(session, contact)
            row = session.execute(
                select(ContactAsk, TrustedContact)
                .join(TrustedContact, TrustedContact.id == ContactAsk.contact_id)
                .where(
                    ContactAsk.code_hash == secret_hash(code),
                    ContactAsk.answer.is_(None),
                    TrustedContact.channel == channel,
                    TrustedContact.address == address,
                    TrustedContact.removed_at.is_(None),
                )
            ).first()
            if row is None:
                return f"{code} is not a payment waiting for your answer."
            ask, contact = row
            if word == CALL_FIRST:  # the safe answer counts at once
                return self._answer(session, ask, contact, CALL_FIRST)
            if word == LOOKS_FINE:
                ask.proposed = LOOKS_FINE
                question = self._question(session, ask)
                return (
                    f"You are saying {question.customer_name}'s payment of {question.amount} "
                    f"to {question.payee} looks fine, so they may send it. To confirm, reply "
                    f"'{code} yes'. If you are not sure, reply '{code} call first'."
                )
            if word != CONFIRM or ask.proposed != LOOKS_FINE:  # a yes with nothing said yet
                return f"Please reply '{code} looks fine' or '{code} call first' first."
            return self._answer(session, ask, contact, LOOKS_FINE)

    def agree_by_link(self, token: str, confirm: bool) -> str | None:
        """The e-mail link's agreement page: who asks (confirm=False), or agree; None: no such."""
        with self._db.session() as session:
            contact = session.scalar(
                select(TrustedContact).where(
                    TrustedContact.verify_hash == secret_hash(token),
                    TrustedContact.channel == "email",
                    TrustedContact.removed_at.is_(None),
                )
            )
            if contact is None:
                return None
            if not confirm:
                return full_name(session, contact.customer_id)
            return self._agree(session, contact)

    def question_by_link(self, token: str) -> Question | None:
        """The e-mail link's question, while it waits for an answer."""
        with self._db.session() as session:
            found = self._by_link(session, token)
            return None if found is None else self._question(session, found[0])

    def answer_by_link(self, token: str, choice: str) -> str | None:
        """The e-mail link's answer, confirmed on the page; the thank-you, or None."""
        with self._db.session() as session:
            found = self._by_link(session, token)
            if found is None or choice not in {CALL_FIRST, LOOKS_FINE}:
                return None
            return self._answer(session, found[0], found[1], choice)

    def _agree(self, session: Session, contact: TrustedContact) -> str:
        contact.verified_at, contact.verify_hash = self._clock(), None
        audit.record(session, contact.customer_id, "trusted_contact_agreed")
        return (
            f"Thank you. You are now {full_name(session, contact.customer_id)}'s trusted "
            "contact. We will ask you before a payment we paused is sent. You cannot see "
            "their accounts or move their money."
        )

    def _answer(
        self, session: Session, ask: ContactAsk, contact: TrustedContact, choice: str
    ) -> str:
        now = self._clock()
        ask.answer, ask.answered_at, ask.proposed = choice, now, None
        if choice == CALL_FIRST:  # the cooling-off starts again from now
            ask.release_after = now + dt.timedelta(
                seconds=self._settings.trusted_contact_wait_seconds
            )
        audit.record(
            session, contact.customer_id, "trusted_contact_answered",
            request=ask.request_id, answer=choice,
        )  # fmt: skip
        customer = session.get(Customer, contact.customer_id)
        return f"Thank you. I will tell {customer.preferred_name if customer else 'them'}. " + (
            "You cannot see their accounts or move their money."
        )

    def _by_link(self, session: Session, token: str) -> tuple[ContactAsk, TrustedContact] | None:
        row = session.execute(
            select(ContactAsk, TrustedContact)
            .join(TrustedContact, TrustedContact.id == ContactAsk.contact_id)
            .where(
                ContactAsk.code_hash == secret_hash(token),
                ContactAsk.answer.is_(None),
                TrustedContact.channel == "email",
                TrustedContact.removed_at.is_(None),
            )
        ).first()
        return None if row is None else (row[0], row[1])

    @staticmethod
    def _question(session: Session, ask: ContactAsk) -> Question:
        request = session.get(PaymentRequest, ask.request_id)
        return Question(
            full_name(session, ask.customer_id),
            format_money(request.amount_minor, request.currency),
            payee_name(request),
            ask.proposed,
        )


def full_name(session: Session, customer_id: str) -> str:
    customer = session.get(Customer, customer_id)
    return customer.full_name if customer else "Your friend"


def payee_name(request: PaymentRequest) -> str:
    if request.payee is not None:
        return request.payee.name
    if request.bill is not None:
        return request.bill.payee.name
    return "someone"
