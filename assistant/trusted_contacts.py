"""A trusted contact as a second key for a paused payment (issue 16).

The customer names one person (after the PIN again: `web/trusted_contact_api.py`,
or staff). When a payment the risk rules paused is about to be sent anyway,
the assistant offers to ask that person first. The contact gets a short
message (who, how much, to whom, why it was paused; never a balance) and
answers "call them first" or "it looks fine". Only after "it looks fine", or
once the cooling-off (`BankSettings.trusted_contact_wait_seconds`) is over,
may the customer release the payment, with a fresh read-back and yes.

The contact can do nothing else: they are not linked to the customer's
accounts, so they can never move money, see balances or change settings.
Every step is audited. Messages go to `contact_outbox`: the Matrix bot sends
the Matrix ones; a bank's messaging system would drain phone and e-mail.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from assistant import audit
from assistant.db import Database
from assistant.errors import BankError, NotFound
from assistant.models import (
    ContactAsk,
    ContactOutbox,
    Customer,
    PaymentRequest,
    TrustedContact,
    utcnow,
)
from assistant.money import format_money
from assistant.settings import BankSettings

MATRIX_ID = re.compile(r"^@[a-z0-9._=/+-]+:[A-Za-z0-9.-]+(:\d+)?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")
LOOKS_FINE, CALL_FIRST = "looks_fine", "call_first"
# What a contact may reply (or the numbers of the two choices).
ANSWERS = {
    "1": CALL_FIRST,
    "call them first": CALL_FIRST,
    "call first": CALL_FIRST,
    "2": LOOKS_FINE,
    "it looks fine": LOOKS_FINE,
    "looks fine": LOOKS_FINE,
}


class ContactError(BankError):
    """A trusted contact could not be set or asked; the message says what to do."""


@dataclass(frozen=True)
class ContactView:
    name: str
    channel: str
    address: str


@dataclass(frozen=True)
class Gate:
    """May a paused payment be released? `state` is one of the names below.

    none (no contact on file), not_asked, waiting, looks_fine, call_first,
    timed_out.
    """

    state: str
    contact_name: str = ""
    release_after: dt.datetime | None = None

    @property
    def open(self) -> bool:
        return self.state in {"none", LOOKS_FINE, "timed_out"}


def channel_of(address: str) -> str:
    address = address.strip()
    if MATRIX_ID.match(address):
        return "matrix"
    if EMAIL.match(address):
        return "email"
    if PHONE.match(address):
        return "phone"
    raise ContactError(
        "Please give a Matrix id such as @anna:example.org, a phone number or an e-mail address."
    )


def parse_answer(text: str) -> str | None:
    return ANSWERS.get(re.sub(r"[^a-z0-9 ]", "", text.lower()).strip())


class TrustedContacts:
    def __init__(
        self, db: Database, settings: BankSettings, clock: Callable[[], dt.datetime] = utcnow
    ) -> None:
        self._db = db
        self._settings = settings
        self._clock = clock

    def set(self, customer_id: str, name: str, address: str) -> ContactView:
        """Name the trusted contact (replacing any other). The caller checked the PIN."""
        name = " ".join(name.split())[:100]
        if not name:
            raise ContactError("Please give the name of your trusted contact.")
        channel = channel_of(address)
        now = self._clock()
        with self._db.session() as session:
            for old in self._active(session, customer_id):
                old.removed_at = now
            session.add(
                TrustedContact(
                    customer_id=customer_id, name=name, channel=channel, address=address.strip()
                )
            )
            audit.record(session, customer_id, "trusted_contact_set", channel=channel)
        return ContactView(name, channel, address.strip())

    def remove(self, customer_id: str) -> bool:
        """Remove the trusted contact (the caller checked the PIN)."""
        with self._db.session() as session:
            active = self._active(session, customer_id)
            for contact in active:
                contact.removed_at = self._clock()
            if active:
                audit.record(session, customer_id, "trusted_contact_removed")
            return bool(active)

    def contact(self, customer_id: str) -> ContactView | None:
        with self._db.session() as session:
            active = self._active(session, customer_id)
            if not active:
                return None
            return ContactView(active[0].name, active[0].channel, active[0].address)

    def ask(self, customer_id: str, request_id: str, why: str) -> Gate:
        """Send the contact the question about this paused payment; it waits meanwhile."""
        now = self._clock()
        wait = dt.timedelta(seconds=self._settings.trusted_contact_wait_seconds)
        with self._db.session() as session:
            contacts = self._active(session, customer_id)
            if not contacts:
                raise ContactError("You have no trusted contact yet.")
            contact = contacts[0]
            request = session.scalar(
                select(PaymentRequest).where(
                    PaymentRequest.id == request_id,
                    PaymentRequest.customer_id == customer_id,
                    PaymentRequest.status == "pending",
                    PaymentRequest.held.is_(True),
                    PaymentRequest.expires_at > now,
                )
            )
            if request is None:
                raise NotFound("There is no paused payment waiting.")
            earlier = self._ask_for(session, customer_id, request_id)
            if earlier is not None:
                return self._gate(earlier, contact.name, now)
            customer = session.get(Customer, customer_id)
            who = customer.full_name if customer else "Your friend"
            amount = format_money(request.amount_minor, request.currency)
            text = (
                f"{who} has named you as their trusted contact at our bank.\n"
                f"They want to pay {amount} to {_payee_name(request)}. We paused it because: "
                f"{why}\n"
                "Please reply 1 for 'call them first' or 2 for 'it looks fine'. "
                "You cannot see their accounts or move their money."
            )
            release_after = now + wait
            session.add(
                ContactAsk(
                    contact_id=contact.id,
                    customer_id=customer_id,
                    request_id=request_id,
                    release_after=release_after,
                )
            )
            session.add(ContactOutbox(channel=contact.channel, address=contact.address, text=text))
            # The paused payment must still be there when the answer or the cooling-off comes.
            request.expires_at = max(
                request.expires_at,
                release_after + dt.timedelta(minutes=self._settings.pending_payment_minutes),
            )
            audit.record(
                session, customer_id, "trusted_contact_asked", request=request_id,
                channel=contact.channel,
            )  # fmt: skip
            return Gate("waiting", contact.name, release_after)

    def tell_scam(self, customer_id: str) -> ContactView:
        """With the customer's yes: tell the contact a scam was reported (no details)."""
        with self._db.session() as session:
            contacts = self._active(session, customer_id)
            if not contacts:
                raise ContactError("You have no trusted contact yet.")
            contact = contacts[0]
            customer = session.get(Customer, customer_id)
            who = customer.full_name if customer else "Your friend"
            text = (
                f"{who} has told our bank that they have been scammed. We have protected "
                "their accounts. Please call them. You cannot see their accounts or move "
                "their money."
            )
            session.add(ContactOutbox(channel=contact.channel, address=contact.address, text=text))
            audit.record(session, customer_id, "trusted_contact_told", channel=contact.channel)
            return ContactView(contact.name, contact.channel, contact.address)

    def answer(self, channel: str, address: str, text: str) -> str | None:
        """The contact's reply to the newest open question; the customer's name, or None."""
        choice = parse_answer(text)
        if choice is None:
            return None
        with self._db.session() as session:
            row = session.execute(
                select(ContactAsk, TrustedContact)
                .join(TrustedContact, TrustedContact.id == ContactAsk.contact_id)
                .where(
                    TrustedContact.channel == channel,
                    TrustedContact.address == address,
                    TrustedContact.removed_at.is_(None),
                    ContactAsk.answer.is_(None),
                )
                .order_by(ContactAsk.id.desc())
                .limit(1)
            ).first()
            if row is None:
                return None
            ask, contact = row
            ask.answer = choice
            ask.answered_at = self._clock()
            if choice == CALL_FIRST:  # the cooling-off starts again from now
                ask.release_after = self._clock() + dt.timedelta(
                    seconds=self._settings.trusted_contact_wait_seconds
                )
            audit.record(
                session, contact.customer_id, "trusted_contact_answered",
                request=ask.request_id, answer=choice,
            )  # fmt: skip
            customer = session.get(Customer, contact.customer_id)
            return customer.preferred_name if customer else "them"

    def gate(self, customer_id: str, request_id: str) -> Gate:
        """Whether this paused payment may be released now, as far as the contact goes."""
        now = self._clock()
        with self._db.session() as session:
            contacts = self._active(session, customer_id)
            if not contacts:
                return Gate("none")
            ask = self._ask_for(session, customer_id, request_id)
            if ask is None:
                return Gate("not_asked", contacts[0].name)
            return self._gate(ask, contacts[0].name, now)

    def outbox(self, channel: str) -> list[tuple[int, str, str]]:
        """Unsent messages for one channel: (id, address, text)."""
        with self._db.session() as session:
            rows = session.scalars(
                select(ContactOutbox)
                .where(ContactOutbox.channel == channel, ContactOutbox.sent_at.is_(None))
                .order_by(ContactOutbox.id)
            )
            return [(r.id, r.address, r.text) for r in rows]

    def mark_sent(self, message_id: int) -> None:
        with self._db.session() as session:
            row = session.get(ContactOutbox, message_id)
            if row is not None:
                row.sent_at = self._clock()

    @staticmethod
    def _gate(ask: ContactAsk, name: str, now: dt.datetime) -> Gate:
        if ask.answer == LOOKS_FINE:
            return Gate(LOOKS_FINE, name)
        if now >= ask.release_after:
            return Gate("timed_out", name, ask.release_after)
        return Gate(ask.answer or "waiting", name, ask.release_after)

    @staticmethod
    def _active(session, customer_id: str) -> list[TrustedContact]:  # type: ignore[no-untyped-def]
        return list(
            session.scalars(
                select(TrustedContact)
                .where(
                    TrustedContact.customer_id == customer_id,
                    TrustedContact.removed_at.is_(None),
                )
                .order_by(TrustedContact.id.desc())
            )
        )

    @staticmethod
    def _ask_for(session, customer_id: str, request_id: str) -> ContactAsk | None:  # type: ignore[no-untyped-def]
        return session.scalar(
            select(ContactAsk)
            .where(ContactAsk.customer_id == customer_id, ContactAsk.request_id == request_id)
            .order_by(ContactAsk.id.desc())
            .limit(1)
        )


def _payee_name(request: PaymentRequest) -> str:
    if request.payee is not None:
        return request.payee.name
    if request.bill is not None:
        return request.bill.payee.name
    return "someone"
