"""Alembic environment: runs migrations on the connection the caller passes in.

`assistant.bank.db.Database.upgrade()` hands over its own connection, so the URL
never has to be written to a config file. For `alembic` on the command line
(writing a new revision), `sqlalchemy.url` is taken from the bank's settings.
"""

from alembic import context
from sqlalchemy import engine_from_config, pool

from assistant.app_settings import AppSettings
from assistant.wiring import schema

config = context.config
target_metadata = schema()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or AppSettings.from_env().bank.database_url
    engine = engine_from_config(
        {"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as connection:
        _run(connection)


def _ours(obj, name, type_, reflected, compare_to) -> bool:
    """Leave tables we do not model alone (Rasa's tracker store keeps `events` here)."""
    return not (type_ == "table" and reflected and compare_to is None)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=_ours,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
