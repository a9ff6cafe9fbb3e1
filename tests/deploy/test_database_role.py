"""The web app serves customers as the database role deploy/postgres/app-role.sql makes,
and that role can change rows but not the schema: on a real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import ProgrammingError

from assistant.app_settings import AppSettings
from assistant.bank.db import Database
from assistant.cli import init_database
from assistant.settings import PROJECT_ROOT
from tests.helpers import runtime_env
from tests.postgres import postgres_server
from web import create_app
from web import serve as web_serve

pytestmark = pytest.mark.postgres

ROLE_SQL = PROJECT_ROOT / "deploy" / "postgres" / "app-role.sql"


@pytest.fixture(scope="module")
def urls() -> Iterator[tuple[str, str]]:
    """(the owner's URL, bank_app's URL) of a database the migration Job has set up."""
    with postgres_server() as owner:
        init_database(AppSettings.from_env({"DATABASE_URL": owner}), demo=True)
        engine = create_engine(owner)
        with engine.begin() as connection:
            connection.exec_driver_sql(ROLE_SQL.read_text())
        engine.dispose()
        yield owner, owner.replace("://bank@", "://bank_app@")


def test_the_web_app_serves_customers_as_a_role_that_owns_nothing(urls) -> None:
    owner, app = urls
    db = Database(app)
    db.upgrade()  # already at the newest revision: the Matrix bot's start needs no DDL
    settings = AppSettings.from_env(runtime_env(app), needs=web_serve.SECRETS)
    client = create_app(settings, db=db).test_client()
    wrong = client.post("/api/login", json={"customer_id": "demo", "pin": "0000"})
    assert wrong.status_code == 401, "the wrong PIN is counted: an UPDATE as bank_app"
    right = client.post("/api/login", json={"customer_id": "demo", "pin": "1234"})
    assert right.status_code == 200, right.get_json()
    keep = client.post(
        "/api/keep-alive", headers={"Authorization": f"Bearer {right.get_json()['token']}"}
    )
    assert keep.status_code == 200

    for ddl in (
        "DROP TABLE customers",
        "ALTER TABLE customers ADD COLUMN stolen text",
        "CREATE TABLE stolen (secret text)",
        "TRUNCATE audit_log",
    ):
        refused = pytest.raises(ProgrammingError, match="permission denied|must be owner")
        with refused, db.engine.begin() as connection:
            connection.exec_driver_sql(ddl)

    owner_engine = create_engine(owner)  # a table a later migration (or Rasa) adds
    with owner_engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE later (id serial PRIMARY KEY, note text)")
    owner_engine.dispose()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO later (note) VALUES ('served')")
    db.dispose()
