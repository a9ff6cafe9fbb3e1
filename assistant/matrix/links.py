"""Linking a Matrix user to a bank customer: an explicit, verifiable step.

After logging in on the web, the customer asks for a code (POST
/api/matrix/link-code). They send "link 123456" to the bot from their Matrix
account within ten minutes. The code is stored only as a hash, works once,
and five wrong tries from one Matrix user block linking for that user.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable

from sqlalchemy import update

from assistant import audit
from assistant.db import Database
from assistant.matrix.models import MatrixLinkCode
from assistant.models import utcnow

CODE_MINUTES = 10


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


class LinkCodes:
    def __init__(self, db: Database, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self._db = db
        self._clock = clock

    def issue(self, customer_id: str) -> str:
        code = f"{secrets.randbelow(10**6):06d}"
        with self._db.session() as session:
            session.add(
                MatrixLinkCode(
                    code_hash=_hash(code),
                    customer_id=customer_id,
                    expires_at=self._clock() + dt.timedelta(minutes=CODE_MINUTES),
                    used=False,
                )
            )
            audit.record(session, customer_id, "matrix_link_code_issued")
        return code

    def redeem(self, code: str) -> str | None:
        """The customer the code belongs to, if it is valid; it cannot be used again."""
        if not (code.isdigit() and len(code) == 6):
            return None
        with self._db.session() as session:
            row = session.get(MatrixLinkCode, _hash(code))
            if row is None:
                return None
            taken = session.execute(
                update(MatrixLinkCode)
                .where(
                    MatrixLinkCode.code_hash == row.code_hash,
                    MatrixLinkCode.used.is_(False),
                    MatrixLinkCode.expires_at > self._clock(),
                )
                .values(used=True)
                .execution_options(synchronize_session=False)
            ).rowcount
            return row.customer_id if taken == 1 else None
