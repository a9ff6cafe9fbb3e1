"""Database engine and sessions, built on demand from `BankSettings`.

Nothing connects at import time. Callers build one `Database` per process and
pass it to the services that need it.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from assistant.errors import ConfigurationError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"  # assistant/migrations


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def make_engine(database_url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout."""
    try:
        url = make_url(database_url)
    except Exception:
        raise ConfigurationError(
            "DATABASE_URL is not a valid database URL. Use for example "
            "postgresql+psycopg2://user@127.0.0.1:5432/bank or sqlite:///var/bank.db."
        ) from None
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # A file database keeps a few connections open (SQLAlchemy 1.4 opens and closes one per
        # session by default, with the pragmas below each time: a tenth of an action's time).
        pooling = (
            {"poolclass": QueuePool, "pool_size": 5, "max_overflow": 20}
            if url.database and url.database != ":memory:"
            else {}
        )
        engine = create_engine(
            url,
            future=True,
            connect_args={"timeout": 15, "check_same_thread": False},
            **pooling,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True, pool_size=10, max_overflow=20)


class Database:
    """An engine and its session factory."""

    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self.engine = make_engine(database_url)
        self._sessions = sessionmaker(self.engine, future=True, expire_on_commit=False)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on error."""
        session = self._sessions()
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to the newest Alembic revision (or to `revision`)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        log.info("Database schema is up to date.")

    def dispose(self) -> None:
        self.engine.dispose()
