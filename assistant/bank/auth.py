"""Customer log-in, sessions and the binding of conversations to customers.

PINs are hashed with Argon2id at OWASP's minimum parameters (19 MiB, two
passes, one lane): about 20 ms of one core, where the library's defaults cost
about 190 ms of two, which made log-ins half the machine's work under load. A
four-digit PIN has only 10,000 values, so no hashing cost stops a guesser who
has the database; what protects a PIN is the lock-out after five wrong tries
and keeping the database secret. Staff passwords (long, checked by zxcvbn)
keep the library's stronger defaults. A PIN hashed the older way is hashed
again at the next right log-in. A session token is 256 random bits; only its
SHA-256 is stored. Each session gets its own Rasa sender id, made here on the
server, and a `Conversation` row says which customer that sender id may act
for. Nothing a client sends can choose or change that binding.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import case, or_, select, update
from sqlalchemy.orm import Session

from assistant.bank import audit
from assistant.bank.db import Database
from assistant.bank.models import Conversation, Customer, WebSession, utcnow
from assistant.errors import AuthenticationFailed
from assistant.settings import BankSettings

# OWASP Password Storage Cheat Sheet, Argon2id: m=19 MiB, t=2, p=1.
PIN_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
PASSWORD_HASHER = PasswordHasher()  # argon2-cffi's defaults (RFC 9106 low-memory)

# One answer for a wrong id, a wrong PIN and a locked log-in, so that the answer
# never tells which customer numbers exist.
# The idle timer is moved on at most this often: a turn then reads the session without writing
# it, and the session may end up to this much sooner than SESSION_IDLE_MINUTES after a turn.
IDLE_TIMER_STEP = dt.timedelta(seconds=30)

WRONG_PIN = (
    "That customer number and PIN do not match. After 5 wrong tries the log-in is "
    "locked for 15 minutes. Please try again, or call us."
)
OK, WRONG, LOCKED = "ok", "wrong", "locked"


def hash_pin(pin: str) -> str:
    return PIN_HASHER.hash(pin)


@functools.cache
def dummy_hash(hasher: PasswordHasher = PIN_HASHER) -> str:
    """Verified against when the id is unknown, so that a wrong id takes as
    long as a wrong PIN (or, with PASSWORD_HASHER, a wrong staff password)."""
    return hasher.hash("not-a-pin")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SessionInfo:
    token_hash: str
    customer_id: str
    sender_id: str
    offered_payloads: list[str]


class Auth:
    def __init__(
        self, db: Database, settings: BankSettings, clock: Callable[[], dt.datetime] = utcnow
    ) -> None:
        self._db = db
        self._settings = settings
        self._clock = clock

    def login(self, customer_id: str, pin: str) -> str:
        """Check the PIN and open a session; returns the bearer token.

        Raises:
            AuthenticationFailed: wrong id or PIN, or the log-in is locked.
        """
        token = secrets.token_urlsafe(32)

        def open_session(session: Session, customer: Customer, now: dt.datetime) -> None:
            sender_id = "web-" + secrets.token_hex(16)
            session.add(Conversation(sender_id=sender_id, customer_id=customer.id, channel="web"))
            session.flush()
            session.add(
                WebSession(
                    token_hash=token_hash(token),
                    customer_id=customer.id,
                    sender_id=sender_id,
                    created_at=now,
                    last_seen_at=now,
                )
            )
            audit.record(session, customer.id, "login")

        self._check_pin(customer_id, pin, on_success=open_session)
        return token

    def verify_pin(self, customer_id: str, pin: str) -> str:
        """Check the PIN again (step-up); wrong PINs count towards the same lock-out.

        Returns:
            OK, WRONG or LOCKED (the log-in is locked; the PIN was not checked).
        """
        return self._check_pin(customer_id, pin, on_success=None)

    def _check_pin(
        self,
        customer_id: str,
        pin: str,
        on_success: Callable[[Session, Customer, dt.datetime], None] | None,
    ) -> str:
        now = self._clock()
        outcome = check_with_lockout(
            self._db, Customer, Customer.pin_hash, customer_id, pin, self._settings, now
        )
        if outcome == LOCKED_NOW:
            with self._db.session() as session:
                audit.record(session, customer_id, "login_locked")
        if outcome == OK:
            with self._db.session() as session:
                customer = session.get(Customer, customer_id)
                clear_failures(session, customer)
                if PIN_HASHER.check_needs_rehash(customer.pin_hash):
                    customer.pin_hash = hash_pin(pin)
                if on_success is not None:
                    on_success(session, customer, now)
        if outcome != OK and on_success is not None:
            raise AuthenticationFailed(WRONG_PIN)
        return LOCKED if outcome == LOCKED_NOW else outcome

    def authenticate(self, token: str) -> SessionInfo:
        """The live session of a bearer token; refreshes its idle timer."""
        now = self._clock()
        idle = dt.timedelta(minutes=self._settings.session_idle_minutes)
        with self._db.session() as session:
            row = session.get(WebSession, token_hash(token))
            if row is None or row.revoked:
                raise AuthenticationFailed("Please log in.")
            if now - row.last_seen_at > idle:
                row.revoked = True
                raise_after = True
            else:
                raise_after = False
                if now - row.last_seen_at >= IDLE_TIMER_STEP:  # no write on every message
                    row.last_seen_at = now
                info = SessionInfo(
                    row.token_hash, row.customer_id, row.sender_id, json.loads(row.offered_payloads)
                )
        if raise_after:
            raise AuthenticationFailed(
                "Your session ended after a quiet spell. Please log in again."
            )
        return info

    def remember_buttons(self, session_hash: str, payloads: list[str]) -> None:
        """Store the button payloads the assistant just offered to this session."""
        with self._db.session() as session:
            row = session.get(WebSession, session_hash)
            if row is not None:
                row.offered_payloads = json.dumps(payloads)

    def voice_missed(self, session_hash: str, missed: bool) -> int:
        """Count voice turns in a row with nothing understood; returns the count."""
        with self._db.session() as session:
            row = session.get(WebSession, session_hash)
            if row is None:
                return 0
            row.voice_misses = row.voice_misses + 1 if missed else 0
            return row.voice_misses

    def logout(self, token: str) -> None:
        with self._db.session() as session:
            row = session.get(WebSession, token_hash(token))
            if row is not None:
                row.revoked = True


LOCKED_NOW = "locked-now"


def check_with_lockout(
    db: Database, model: Any, hashed: Any, holder_id: str, secret: str, settings: BankSettings,
    now: dt.datetime, dummy: str | None = None,
) -> str:  # fmt: skip
    """Check the PIN or password of a customer or staff row, under the lock-out.

    `model` is Customer or StaffUser (with `id`, `failed_logins` and `locked_until`),
    `hashed` its column holding the hash. The try is reserved before the secret is checked,
    in one conditional UPDATE committed on its own: it counts the try only while the log-in
    is not locked, and the try that reaches `lockout_after` locks it for `lockout_minutes`
    at once. So a burst of parallel tries has at most `lockout_after` secrets checked, on
    SQLite (where the UPDATE takes the database's write lock) and PostgreSQL (where it
    takes the row's lock and re-reads the row) alike, and no transaction stays open while
    the secret is hashed. A right secret then clears the count and the lock
    (`clear_failures`, in the caller's transaction).

    Returns:
        OK; WRONG (or no such id: `dummy` is checked instead, to take as long); LOCKED
        (already locked: the secret is not checked); or LOCKED_NOW (this wrong try locked it).
    """
    dummy = dummy or dummy_hash()
    reaches_limit = model.failed_logins + 1 >= settings.lockout_after
    unlocked = or_(model.locked_until.is_(None), model.locked_until <= now)
    with db.session() as session:
        reserved = session.execute(
            update(model)
            .where(model.id == holder_id, unlocked)
            .values(
                failed_logins=case((reaches_limit, 0), else_=model.failed_logins + 1),
                locked_until=case(
                    (reaches_limit, now + dt.timedelta(minutes=settings.lockout_minutes)),
                    else_=None,
                ),
            )
            .execution_options(synchronize_session=False)
        ).rowcount  # fmt: skip
        # Read in the same transaction, after the UPDATE: no other try can come between.
        row = session.execute(
            select(hashed, model.locked_until).where(model.id == holder_id)
        ).first()
    if row is None or not reserved:
        verify_hash(dummy, secret)  # as slow as a real check: no timing tell
        return WRONG if row is None else LOCKED
    if verify_hash(row[0], secret):
        return OK
    return WRONG if row[1] is None else LOCKED_NOW


def clear_failures(session: Session, holder: Any) -> None:
    """After a right secret: no failures counted, not locked (commits with the caller)."""
    model = type(holder)
    session.execute(
        update(model).where(model.id == holder.id).values(failed_logins=0, locked_until=None)
        .execution_options(synchronize_session=False)
    )  # fmt: skip


def verify_hash(hashed: str, pin: str) -> bool:
    try:
        return PIN_HASHER.verify(hashed, pin)  # the parameters are read from `hashed`
    except (VerificationError, InvalidHashError):
        return False


def customer_for_sender(db: Database, sender_id: str) -> str | None:
    """The customer a conversation may act for, or None for an unbound one."""
    with db.session() as session:
        row = session.get(Conversation, sender_id)
        return row.customer_id if row else None
