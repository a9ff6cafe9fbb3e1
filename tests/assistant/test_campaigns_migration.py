"""Migration 0015_campaigns on a real SQLite file: a database at 0014 with a Matrix daily
lesson on record is brought up and down again, keeping the delivery, and the new tables
are what the models say."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from assistant.bank.db import MIGRATIONS_DIR, Database
from assistant.wiring import schema

NEW_TABLES = {"campaigns", "campaign_reach"}


def _downgrade(db: Database, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_campaigns_come_and_go_and_keep_the_daily_lessons(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'bank.db'}")
    db.upgrade("0014_trainer_context")
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO conversations (sender_id, channel, created_at)"
            " VALUES ('matrix-1', 'matrix', '2026-12-01 09:00:00')"
        )
        connection.exec_driver_sql(
            "INSERT INTO matrix_users (user_id, sender_id, room_id, offered_payloads, subscribed,"
            " link_failures) VALUES ('@mary:localhost', 'matrix-1', '!room', '[]', 1, 0)"
        )
        connection.exec_driver_sql(
            "INSERT INTO lesson_deliveries (user_id, day, txn_id, status, attempts)"
            " VALUES ('@mary:localhost', '2026-12-01', 'lesson-2026-12-01-1', 'sent', 1)"
        )
    db.upgrade()
    tables = set(inspect(db.engine).get_table_names())
    assert tables >= NEW_TABLES
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT txn_id, campaign_id FROM lesson_deliveries").all()
        assert rows == [("lesson-2026-12-01-1", None)]
        differences = compare_metadata(MigrationContext.configure(connection), schema())
    ours = [d for d in differences if _table_of(d) in NEW_TABLES | {"lesson_deliveries"}]
    assert ours == [], "the migration makes what the models say"

    _downgrade(db, "0014_trainer_context")
    assert not NEW_TABLES & set(inspect(db.engine).get_table_names())
    columns = {c["name"] for c in inspect(db.engine).get_columns("lesson_deliveries")}
    assert "campaign_id" not in columns
    with db.engine.connect() as connection:
        kept = connection.exec_driver_sql("SELECT txn_id FROM lesson_deliveries").all()
    assert kept == [("lesson-2026-12-01-1",)]
    db.dispose()


def _table_of(difference: object) -> str | None:
    """The table an autogenerate difference is about ("add_table", table) or
    ("add_column", schema, table, column) or a list of modifications."""
    if isinstance(difference, list):
        return _table_of(difference[0])
    assert isinstance(difference, tuple)
    item = difference[1]
    if hasattr(item, "table") and item.table is not None:  # an index or a constraint
        return str(item.table.name)
    if hasattr(item, "name") and hasattr(item, "columns"):  # a table
        return str(item.name)
    return str(difference[2]) if len(difference) > 2 else None
