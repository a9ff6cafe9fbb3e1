"""Linking a Matrix user to a bank customer: an explicit, verifiable step.

After logging in on the web, the customer types their Matrix id and asks for
a code (POST /api/matrix/link-code). They send "link 123456" to the bot from
that Matrix account within ten minutes. The code is stored only as a hash,
works once, and works only for the Matrix id it was made for: a guess sent
from any other account matches nothing. Five wrong codes from one Matrix user
block linking for that user for good (a successful link does not clear them).
Expired and used codes are purged whenever a new one is made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Callable

from sqlalchemy import delete, or_, update

from assistant.bank import audit
from assistant.bank.db import Database
from assistant.bank.models import Conversation, utcnow
from assistant.channels.matrix.models import MatrixLinkCode, MatrixUser

CODE_MINUTES = 10
# A Matrix user id: @localpart:server (the spec's historical grammar, which is wider).
MATRIX_ID = re.compile(r"^@[A-Za-z0-9._=/+\-]{1,100}:[A-Za-z0-9.\-]{1,200}(:\d{1,5})?$")


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


class LinkCodes:
    def __init__(self, db: Database, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self._db = db
        self._clock = clock

    def issue(self, customer_id: str, matrix_user_id: str) -> str:
        """A new code that links `matrix_user_id` to this customer; older codes are purged."""
        code = f"{secrets.randbelow(10**6):06d}"
        now = self._clock()
        with self._db.session() as session:
            session.execute(
                delete(MatrixLinkCode)
                .where(
                    or_(
                        MatrixLinkCode.expires_at <= now,
                        MatrixLinkCode.used.is_(True),
                        MatrixLinkCode.customer_id == customer_id,  # one live code at a time
                    )
                )
                .execution_options(synchronize_session=False)
            )
            session.add(
                MatrixLinkCode(
                    code_hash=_hash(code),
                    matrix_user_id=matrix_user_id,
                    customer_id=customer_id,
                    expires_at=now + dt.timedelta(minutes=CODE_MINUTES),
                    used=False,
                )
            )
            audit.record(
                session, customer_id, "matrix_link_code_issued", matrix_user=matrix_user_id
            )
        return code

    def redeem(self, code: str, matrix_user_id: str) -> str | None:
        """The customer the code links this Matrix user to, if it is valid; used once."""
        if not (code.isdigit() and len(code) == 6):
            return None
        with self._db.session() as session:
            row = (
                session.query(MatrixLinkCode)
                .filter_by(code_hash=_hash(code), matrix_user_id=matrix_user_id, used=False)
                .first()
            )
            if row is None:
                return None
            taken = session.execute(
                update(MatrixLinkCode)
                .where(
                    MatrixLinkCode.id == row.id,
                    MatrixLinkCode.used.is_(False),
                    MatrixLinkCode.expires_at > self._clock(),
                )
                .values(used=True)
                .execution_options(synchronize_session=False)
            ).rowcount
            return row.customer_id if taken == 1 else None


def linked_users(db: Database, customer_id: str) -> list[dict[str, str]]:
    """The Matrix accounts linked to this customer, for the web page."""
    with db.session() as session:
        rows = session.query(MatrixUser).filter_by(customer_id=customer_id).all()
        return [
            {"matrix_user": row.user_id, "linked_at": row.linked_at.isoformat() + "Z"}
            for row in rows
        ]


def new_link_notices(db: Database, customer_id: str) -> list[str]:
    """A sentence for each Matrix account linked since the customer was last told; once."""
    with db.session() as session:
        rows = (
            session.query(MatrixUser)
            .filter(
                MatrixUser.customer_id == customer_id,
                MatrixUser.linked_at.isnot(None),
                MatrixUser.link_noticed_at.is_(None),
            )
            .all()
        )
        for row in rows:
            row.link_noticed_at = utcnow()
        return [
            f"Please note: the Matrix account {row.user_id} can now see your accounts. "
            "If that was not you, call us now." for row in rows
        ]  # fmt: skip


def unlink(db: Database, matrix_user_id: str, customer_id: str | None = None) -> bool:
    """Cut the link of one Matrix user (only from `customer_id` when given); True if cut."""
    with db.session() as session:
        row = session.get(MatrixUser, matrix_user_id)
        if row is None or row.customer_id is None:
            return False
        if customer_id is not None and row.customer_id != customer_id:
            return False
        audit.record(session, row.customer_id, "matrix_unlinked", matrix_user=matrix_user_id)
        row.customer_id, row.linked_at, row.link_noticed_at = None, None, None
        session.get(Conversation, row.sender_id).customer_id = None
        return True


MAX_LINK_FAILURES = 5


def link_user(db: Database, codes: LinkCodes, user: MatrixUser, code: str, now: dt.datetime) -> str:
    """ "link 123456" from a Matrix user: the reply to send."""
    # Wrong codes are counted for good: a success does not clear them, so guesses
    # cannot be spread between links of one's own.
    if user.link_failures >= MAX_LINK_FAILURES:
        return "Too many wrong codes. Please call us to link this account."
    customer_id = codes.redeem(code, user.user_id)
    with db.session() as session:
        row = session.get(MatrixUser, user.user_id)
        if customer_id is None:
            row.link_failures += 1
            return "That code did not work. Please get a new code after logging in on the web."
        row.customer_id, row.linked_at = customer_id, now
        session.get(Conversation, row.sender_id).customer_id = customer_id
        audit.record(session, customer_id, "matrix_linked", matrix_user=user.user_id)
    return (
        "Linked. You can now ask about your accounts here. "
        "If you did not ask for this, send 'unlink' and call us."
    )
