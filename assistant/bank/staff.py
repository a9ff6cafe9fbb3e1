"""Staff log-in for the educator portal, separate from customers.

Staff have their own table, their own password hashes (Argon2id) and their
own bearer tokens; a customer's token is never accepted here and a staff
token is never accepted by the customer API. Wrong passwords count towards
the same lock-out as customers' PINs.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from assistant.bank import audit
from assistant.bank.auth import (
    LOCKED_NOW,
    OK,
    PASSWORD_HASHER,
    check_with_lockout,
    clear_failures,
    dummy_hash,
    token_hash,
)
from assistant.bank.db import Database
from assistant.bank.models import StaffSession, StaffUser, utcnow
from assistant.errors import AuthenticationFailed, ConfigurationError
from assistant.settings import BankSettings

LOGIN_REFUSED = (
    "That user name and password do not match. After 5 wrong tries the log-in is "
    "locked for 15 minutes. Please try again, or ask an administrator."
)
EDUCATOR, REVIEWER = "educator", "reviewer"
# Trainers review what the assistant did not understand (web/trainer.py), not lessons.
TRAINER = "trainer"
ROLES = (EDUCATOR, REVIEWER, TRAINER)

# Demo staff for the educator portal (README lists them; `seed_staff` adds them). A real
# bank adds its staff with its own passwords, and those published ones are refused.
DEMO_STAFF = (
    ("teacher", "Tess Teacher", "educator", "lessons-for-all"),
    ("editor", "Eddie Editor", "reviewer", "check-then-publish"),
    ("trainer", "Tina Trainer", "trainer", "teach-the-assistant"),
)


@dataclass(frozen=True)
class Actor:
    """Who asks: a staff id and role, or the content library importer."""

    id: str
    role: str


MIN_PASSWORD_CHARS = 12
MIN_PASSWORD_SCORE = 3  # zxcvbn: 3 is "safely unguessable", about 10^10 guesses


def hash_password(password: str) -> str:
    return PASSWORD_HASHER.hash(password)


class StaffAuth:
    def __init__(
        self, db: Database, settings: BankSettings, clock: Callable[[], dt.datetime] = utcnow
    ) -> None:
        self._db = db
        self._settings = settings
        self._clock = clock

    def login(self, staff_id: str, password: str) -> tuple[str, Actor]:
        """Check the password and open a session; returns the token and who it is."""
        now = self._clock()
        token = secrets.token_urlsafe(32)
        outcome = check_with_lockout(
            self._db, StaffUser, StaffUser.password_hash, staff_id, password, self._settings,
            now, dummy=dummy_hash(PASSWORD_HASHER),
        )  # fmt: skip
        with self._db.session() as session:
            if outcome == LOCKED_NOW:
                audit.record(session, None, "staff_login_locked", staff=staff_id)
            if outcome == OK:
                user = session.get(StaffUser, staff_id)
                clear_failures(session, user)
                session.add(
                    StaffSession(
                        token_hash=token_hash(token),
                        staff_id=user.id,
                        created_at=now,
                        last_seen_at=now,
                    )
                )
                audit.record(session, None, "staff_login", staff=user.id)
                actor = Actor(user.id, user.role)
        if outcome != OK:
            raise AuthenticationFailed(LOGIN_REFUSED)
        return token, actor

    def authenticate(self, token: str) -> Actor:
        now = self._clock()
        idle = dt.timedelta(minutes=self._settings.session_idle_minutes)
        with self._db.session() as session:
            row = session.get(StaffSession, token_hash(token))
            if row is None or row.revoked:
                raise AuthenticationFailed("Please log in to the educator portal.")
            expired = now - row.last_seen_at > idle
            if expired:
                row.revoked = True
            else:
                row.last_seen_at = now
                user = session.get(StaffUser, row.staff_id)
                actor = Actor(user.id, user.role)
        if expired:
            raise AuthenticationFailed(
                "Your session ended after a quiet spell. Please log in again."
            )
        return actor

    def logout(self, token: str) -> None:
        with self._db.session() as session:
            row = session.get(StaffSession, token_hash(token))
            if row is not None:
                row.revoked = True

    def create(self, staff_id: str, display_name: str, role: str, password: str) -> None:
        """Add a real staff user, refusing weak passwords and existing ids.

        Raises:
            ConfigurationError: the password is weak, the role unknown, or the id taken.
        """
        if role not in ROLES:
            raise ConfigurationError(f"The role must be one of {', '.join(ROLES)}.")
        weakness = password_weakness(
            password, [staff_id, display_name, *(demo[3] for demo in DEMO_STAFF)]
        )
        if weakness:
            raise ConfigurationError(weakness)
        with self._db.session() as session:
            if session.get(StaffUser, staff_id) is not None:
                raise ConfigurationError(f"There is already a staff user called {staff_id!r}.")
        self.add(staff_id, display_name, role, password)
        with self._db.session() as session:
            audit.record(session, None, "staff_created", staff=staff_id)

    def add(self, staff_id: str, display_name: str, role: str, password: str) -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        with self._db.session() as session:
            session.add(
                StaffUser(
                    id=staff_id,
                    display_name=display_name,
                    role=role,
                    password_hash=hash_password(password),
                    failed_logins=0,
                )
            )


def password_weakness(password: str, personal: list[str]) -> str | None:
    """Why a staff password is too weak, or None when it is strong enough."""
    from zxcvbn import zxcvbn  # imported here: only creating staff needs it

    if len(password) < MIN_PASSWORD_CHARS:
        return f"The password is too short: use at least {MIN_PASSWORD_CHARS} characters."
    result = zxcvbn(password, user_inputs=[word for word in personal if word])
    if result["score"] < MIN_PASSWORD_SCORE:
        hint = result["feedback"].get("warning") or "It would be easy to guess."
        return f"The password is too weak. {hint} Try four or more unrelated words."
    return None
