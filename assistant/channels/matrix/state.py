"""What the bot keeps between runs: the sync position and its access token."""

from __future__ import annotations

from assistant.bank.db import Database
from assistant.channels.matrix.models import MatrixState


class BotState:
    """Small named values in the `matrix_state` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str) -> str | None:
        with self._db.session() as session:
            row = session.get(MatrixState, key)
            return row.value if row else None

    def put(self, key: str, value: str) -> None:
        with self._db.session() as session:
            row = session.get(MatrixState, key)
            if row is None:
                session.add(MatrixState(key=key, value=value))
            else:
                row.value = value
