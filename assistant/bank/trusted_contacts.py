"""A trusted contact as a second key for a paused payment.

The customer names one person (after the PIN again: `web/trusted_contact_api.py`).
That person holds payments only once they have agreed, with a code sent to
their Matrix id or a link sent to their e-mail address: an address typed by
mistake, or a scammer's, is never asked. Phone numbers are not offered (no
gateway is configured), and e-mail only when SMTP is (assistant/bank/mail.py).

When a payment the risk rules paused is about to be sent anyway, the assistant
offers to ask the contact first. The contact gets a short message (who, how
much, to whom, why it was paused; never a balance) with the request's own code
(Matrix) or link (e-mail), and answers "call them first" or "it looks fine".
An answer names that code, so a number the contact types in their own banking
chat is never read as one, and "it looks fine" counts only once confirmed
(`assistant/bank/contact_replies.py` reads the words). Only after "it looks fine",
or once the cooling-off (`BankSettings.trusted_contact_wait_seconds`) is over,
may the customer release the payment, with a fresh read-back and yes.

Removing or changing the contact while a payment is paused never releases it:
the cooling-off runs again from the change, the old contact is told, and a
person at the bank is asked to call the customer (a call-back request).

The contact can do nothing else: they are not linked to the customer's
accounts, so they can never move money, see balances or change settings.
Every step is audited. Matrix messages go to `contact_outbox`, which the
Matrix bot sends; e-mail is sent at once and counts only when accepted.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.bank import audit
from assistant.bank.contact_replies import (
    LOOKS_FINE,
    ContactReplies,
    full_name,
    new_code,
    payee_name,
    secret_hash,
)
from assistant.bank.db import Database
from assistant.bank.mail import ContactSender, SendFailed
from assistant.bank.models import (
    ContactAsk,
    ContactOutbox,
    PaymentRequest,
    TrustedContact,
    utcnow,
)
from assistant.bank.money import format_money
from assistant.bank.support import SupportService
from assistant.errors import BankError, NotFound
from assistant.settings import BankSettings

log = logging.getLogger(__name__)

MATRIX_ID = re.compile(r"^@[a-z0-9._=/+-]+:[A-Za-z0-9.-]+(:\d+)?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")
# The contact was removed or changed while the payment was paused.
CONTACT_REMOVED = "contact_removed"
NOT_YOURS = "Thank you. You cannot see their accounts or move their money."


class ContactError(BankError):
    """A trusted contact could not be set or asked; the message says what to do."""


@dataclass(frozen=True)
class ContactView:
    name: str
    channel: str
    address: str
    verified: bool = False


@dataclass(frozen=True)
class Removal:
    """What removing (or replacing) the contact did.

    Attributes:
        removed: there was a contact to remove.
        held_until: a paused payment stays paused until then (None: nothing was paused).
    """

    removed: bool
    held_until: dt.datetime | None = None


@dataclass(frozen=True)
class Gate:
    """May a paused payment be released? `state` is one of the names below.

    none (no contact who has agreed), not_asked, waiting, looks_fine, call_first,
    contact_removed, timed_out.
    """

    state: str
    contact_name: str = ""
    release_after: dt.datetime | None = None

    @property
    def open(self) -> bool:
        return self.state in {"none", LOOKS_FINE, "timed_out"}


def channel_of(address: str, email: bool = True) -> str:
    """The channel an address is reached on; e-mail only when the bank can send it."""
    address = address.strip()
    if MATRIX_ID.match(address):
        return "matrix"
    if EMAIL.match(address) and email:
        return "email"
    if PHONE.match(address) or EMAIL.match(address):
        kind = "a phone number" if PHONE.match(address) else "e-mail"
        raise ContactError(
            f"We cannot send messages to {kind} yet. Please give a Matrix id such as "
            "@anna:example.org" + (" or an e-mail address." if email else ".")
        )
    raise ContactError(
        "Please give a Matrix id such as @anna:example.org"
        + (" or an e-mail address." if email else ".")
    )


class TrustedContacts:
    def __init__(
        self,
        db: Database,
        settings: BankSettings,
        clock: Callable[[], dt.datetime] = utcnow,
        *,
        sender: ContactSender | None = None,
        public_url: str = "",
        support: SupportService | None = None,
    ) -> None:
        self._db = db
        self._settings = settings
        self._clock = clock
        self._sender = sender  # None: e-mail contacts are not offered
        self._public_url = public_url.rstrip("/")
        self._support = support or SupportService(db)
        # What the contact writes back: the Matrix bot and the contact's pages use it.
        self.replies = ContactReplies(db, settings, clock)

    # -- the customer's side -------------------------------------------------

    def set(self, customer_id: str, name: str, address: str) -> tuple[ContactView, Removal]:
        """Name the trusted contact (replacing any other) and ask them to agree.

        The caller checked the PIN. The contact holds payments once they agree.
        """
        name = " ".join(name.split())[:100]
        if not name:
            raise ContactError("Please give the name of your trusted contact.")
        address = address.strip()
        channel = channel_of(address, email=self._sender is not None)
        secret = new_code() if channel == "matrix" else secrets.token_urlsafe(24)
        with self._db.session() as session:
            removal, notices = self._retire(session, customer_id)
            session.add(
                TrustedContact(
                    customer_id=customer_id, name=name, channel=channel, address=address,
                    verify_hash=secret_hash(secret),
                )
            )  # fmt: skip
            who = full_name(session, customer_id)
            text = (
                f"{who} wants to name you as their trusted contact at our bank. When a "
                "payment of theirs looks like a scam, we will ask you about it before it is "
                "sent. You cannot see their accounts or move their money.\n"
            )
            if channel == "matrix":
                text += f"To agree, reply: agree {secret}\nIf you do not know {who}, ignore this."
            else:
                text += (
                    f"To agree, open {self._public_url}/contact/agree/{secret}\n"
                    f"If you do not know {who}, ignore this e-mail."
                )
            # Sent before the commit: when it is not accepted, nothing is changed.
            self._deliver(session, channel, address, "Will you be a trusted contact?", text, name)
            audit.record(session, customer_id, "trusted_contact_set", channel=channel)
        self._after_retire(customer_id, removal, notices)
        return ContactView(name, channel, address), removal

    def remove(self, customer_id: str) -> Removal:
        """Remove the trusted contact (the caller checked the PIN)."""
        with self._db.session() as session:
            removal, notices = self._retire(session, customer_id)
            if removal.removed:
                audit.record(session, customer_id, "trusted_contact_removed")
        self._after_retire(customer_id, removal, notices)
        return removal

    def contact(self, customer_id: str) -> ContactView | None:
        with self._db.session() as session:
            active = self._active(session, customer_id)
            if not active:
                return None
            c = active[0]
            return ContactView(c.name, c.channel, c.address, c.verified_at is not None)

    def ask(self, customer_id: str, request_id: str, why: str) -> Gate:
        """Send the contact the question about this paused payment; it waits meanwhile."""
        now = self._clock()
        wait = dt.timedelta(seconds=self._settings.trusted_contact_wait_seconds)
        with self._db.session() as session:
            contact = self._agreed(session, customer_id)
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
                return self._gate(session, earlier, now)
            secret = new_code() if contact.channel == "matrix" else secrets.token_urlsafe(24)
            amount = format_money(request.amount_minor, request.currency)
            text = (
                f"{full_name(session, customer_id)} has named you as their trusted contact "
                f"at our bank.\nThey want to pay {amount} to {payee_name(request)}. We paused "
                f"it because: {why}\n"
            )
            if contact.channel == "matrix":
                text += (
                    f"To answer, reply '{secret} call first' if they should wait until you "
                    f"have talked to them, or '{secret} looks fine'. {secret} is this "
                    "payment's code. "
                )
            else:
                text += f"Please answer here: {self._public_url}/contact/answer/{secret}\n"
            text += "You cannot see their accounts or move their money."
            release_after = now + wait
            session.add(
                ContactAsk(
                    contact_id=contact.id, customer_id=customer_id, request_id=request_id,
                    release_after=release_after, code_hash=secret_hash(secret),
                )
            )  # fmt: skip
            self._keep(request, release_after)
            self._deliver(
                session, contact.channel, contact.address, "A payment is paused", text,
                contact.name,
            )  # fmt: skip
            audit.record(
                session, customer_id, "trusted_contact_asked", request=request_id,
                channel=contact.channel,
            )  # fmt: skip
            return Gate("waiting", contact.name, release_after)

    def tell_scam(self, customer_id: str) -> ContactView:
        """With the customer's yes: tell the contact a scam was reported (no details)."""
        with self._db.session() as session:
            contact = self._agreed(session, customer_id)
            who = full_name(session, customer_id)
            text = (
                f"{who} has told our bank that they have been scammed. We have protected "
                "their accounts. Please call them. You cannot see their accounts or move "
                "their money."
            )
            self._deliver(
                session, contact.channel, contact.address, f"Please call {who}", text,
                contact.name,
            )  # fmt: skip
            audit.record(session, customer_id, "trusted_contact_told", channel=contact.channel)
            return ContactView(contact.name, contact.channel, contact.address, True)

    def gate(self, customer_id: str, request_id: str) -> Gate:
        """Whether this paused payment may be released now, as far as the contact goes."""
        now = self._clock()
        with self._db.session() as session:
            ask = self._ask_for(session, customer_id, request_id)
            if ask is not None:  # also when that contact has since been removed
                return self._gate(session, ask, now)
            contacts = self._active(session, customer_id)
            if not contacts or contacts[0].verified_at is None:
                return Gate("none")
            return Gate("not_asked", contacts[0].name)

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

    # -- inside ----------------------------------------------------------------

    def _deliver(
        self, session: Session, channel: str, address: str, subject: str, text: str, name: str
    ) -> None:
        """Matrix: queue it for the bot. E-mail: send now; not accepted raises ContactError."""
        if channel == "matrix":
            session.add(ContactOutbox(channel=channel, address=address, text=text))
            return
        if self._sender is None or channel != "email":
            raise ContactError(f"We cannot reach {name} here. Please call us.")
        try:
            self._sender.send(address, subject, text)
        except SendFailed:
            raise ContactError(
                f"I could not send the e-mail to {name} just now. Nothing was sent."
            ) from None

    def _retire(
        self, session: Session, customer_id: str
    ) -> tuple[Removal, list[tuple[str, str, str]]]:
        """Remove the active contacts; a paused payment stays paused from now on.

        Returns what was done and the notices for removed contacts who had agreed
        ((channel, address, text)), to send after the commit.
        """
        now = self._clock()
        active = self._active(session, customer_id)
        for old in active:
            old.removed_at = now
        agreed = [c for c in active if c.verified_at is not None]
        paused = (
            list(
                session.scalars(
                    select(PaymentRequest).where(
                        PaymentRequest.customer_id == customer_id,
                        PaymentRequest.status == "pending",
                        PaymentRequest.held.is_(True),
                        PaymentRequest.expires_at > now,
                    )
                )
            )
            if agreed
            else []
        )
        if not paused:
            return Removal(bool(active)), []
        release_after = now + dt.timedelta(seconds=self._settings.trusted_contact_wait_seconds)
        held_until = release_after
        for request in paused:
            ask = self._ask_for(session, customer_id, request.id)
            if ask is None:
                ask = ContactAsk(
                    contact_id=agreed[0].id, customer_id=customer_id, request_id=request.id,
                    release_after=release_after,
                )  # fmt: skip
                session.add(ask)
            ask.answer, ask.answered_at, ask.proposed = CONTACT_REMOVED, now, None
            ask.release_after = max(ask.release_after, release_after)
            held_until = max(held_until, ask.release_after)
            self._keep(request, ask.release_after)
        audit.record(
            session, customer_id, "trusted_contact_changed_while_paused",
            requests=len(paused),
        )  # fmt: skip
        who = full_name(session, customer_id)
        text = (
            f"{who} has removed you as their trusted contact while a payment of theirs was "
            "paused. We keep it paused for now, and someone from our bank will call them. "
            "If you are worried, please call them too."
        )
        notices = [(c.channel, c.address, text) for c in agreed]
        for channel, address, notice in notices:
            if channel == "matrix":
                session.add(ContactOutbox(channel=channel, address=address, text=notice))
        return Removal(True, held_until), notices

    def _after_retire(
        self, customer_id: str, removal: Removal, notices: list[tuple[str, str, str]]
    ) -> None:
        """After the commit: a person at the bank calls; e-mail notices go out."""
        if removal.held_until is None:
            return
        self._support.request_callback(
            customer_id, "payment", "trusted contact changed while a payment was paused"
        )
        for channel, address, text in notices:
            if channel == "email" and self._sender is not None:
                try:
                    self._sender.send(address, "You are no longer a trusted contact", text)
                except SendFailed:
                    log.warning("The removed trusted contact could not be told by e-mail.")

    def _keep(self, request: PaymentRequest, release_after: dt.datetime) -> None:
        """The paused payment must still be there when the answer or the cooling-off comes."""
        request.expires_at = max(
            request.expires_at,
            release_after + dt.timedelta(minutes=self._settings.pending_payment_minutes),
        )

    def _gate(self, session: Session, ask: ContactAsk, now: dt.datetime) -> Gate:
        name = session.get(TrustedContact, ask.contact_id).name
        if ask.answer == LOOKS_FINE:
            return Gate(LOOKS_FINE, name)
        if now >= ask.release_after:
            return Gate("timed_out", name, ask.release_after)
        return Gate(ask.answer or "waiting", name, ask.release_after)

    def _agreed(self, session: Session, customer_id: str) -> TrustedContact:
        contacts = self._active(session, customer_id)
        if not contacts:
            raise ContactError("You have no trusted contact yet.")
        if contacts[0].verified_at is None:
            raise ContactError(f"{contacts[0].name} has not agreed to be your trusted contact yet.")
        return contacts[0]

    @staticmethod
    def _active(session: Session, customer_id: str) -> list[TrustedContact]:
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
    def _ask_for(session: Session, customer_id: str, request_id: str) -> ContactAsk | None:
        return session.scalar(
            select(ContactAsk)
            .where(ContactAsk.customer_id == customer_id, ContactAsk.request_id == request_id)
            .order_by(ContactAsk.id.desc())
            .limit(1)
        )
