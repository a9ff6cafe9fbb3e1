"""Customer log-in, sessions and the binding of conversations to customers.

PINs are hashed with Argon2id. A session token is 256 random bits; only its
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
from sqlalchemy.orm import Session

from assistant import audit
from assistant.db import Database
from assistant.errors import AuthenticationFailed
from assistant.models import Conversation, Customer, WebSession, utcnow
from assistant.settings import BankSettings

_hasher = PasswordHasher()

WRONG_PIN = "That customer number and PIN do not match. Please try again."


def hash_pin(pin: str) -> str:
    return _hasher.hash(pin)


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the customer id is unknown, so that a wrong id
    takes as long as a wrong PIN."""
    return _hasher.hash("not-a-pin")


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

    def verify_pin(self, customer_id: str, pin: str) -> None:
        """Check the PIN again (step-up); wrong PINs count towards the lock-out.

        Raises:
            AuthenticationFailed: wrong PIN, or the log-in is locked.
        """
        self._check_pin(customer_id, pin, on_success=None)

    def _check_pin(
        self,
        customer_id: str,
        pin: str,
        on_success: Callable[[Session, Customer, dt.datetime], None] | None,
    ) -> None:
        now = self._clock()
        with self._db.session() as session:
            customer = session.get(Customer, customer_id, with_for_update=True)
            if customer is None:
                _verify(_dummy_hash(), pin)
                raise AuthenticationFailed(WRONG_PIN)
            failed = not check_with_lockout(
                customer, customer.pin_hash, pin, self._settings, now, "PINs"
            )
            if failed and customer.locked_until is not None and customer.locked_until > now:
                audit.record(session, customer.id, "login_locked")
            if not failed and on_success is not None:
                on_success(session, customer, now)
        # Raised after the commit, so that the failure count is kept.
        if failed:
            raise AuthenticationFailed(WRONG_PIN)

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


def check_with_lockout(
    holder: Any, hashed: str, secret: str, settings: BankSettings, now: dt.datetime, what: str
) -> bool:
    """Check the PIN or password of a customer or staff row, counting failures.

    `holder` has `failed_logins` and `locked_until`. After `lockout_after`
    wrong tries in a row the log-in is locked for `lockout_minutes`. Returns
    whether the secret was right; the changes commit with the caller.

    Raises:
        AuthenticationFailed: the log-in is locked (the secret is not checked).
    """
    if holder.locked_until and holder.locked_until > now:
        raise AuthenticationFailed(
            f"This log-in is locked after too many wrong {what}. "
            f"Please wait {settings.lockout_minutes} minutes, or call us."
        )
    if _verify(hashed, secret):
        holder.failed_logins = 0
        holder.locked_until = None
        return True
    holder.failed_logins += 1
    if holder.failed_logins >= settings.lockout_after:
        holder.failed_logins = 0
        holder.locked_until = now + dt.timedelta(minutes=settings.lockout_minutes)
    return False


def _verify(hashed: str, pin: str) -> bool:
    try:
        return _hasher.verify(hashed, pin)
    except (VerificationError, InvalidHashError):
        return False


def customer_for_sender(db: Database, sender_id: str) -> str | None:
    """The customer a conversation may act for, or None for an unbound one."""
    with db.session() as session:
        row = session.get(Conversation, sender_id)
        return row.customer_id if row else None
