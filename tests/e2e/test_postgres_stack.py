"""The whole assistant on PostgreSQL: DATABASE_URL moves the ledger and
Rasa's tracker store to it, with nothing else changed."""

import os

import pytest
import requests
from sqlalchemy import create_engine, text

from assistant.app_settings import AppSettings
from assistant.cli import init_database
from assistant.stack import Stack
from tests.e2e.customer import Customer
from tests.helpers import runtime_env
from tests.postgres import postgres_server

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


def test_conversation_on_postgres(tmp_path):
    with postgres_server() as url:
        env = {**os.environ, **runtime_env(url, RASA_ENDPOINTS=str(tmp_path / "e.yml"))}
        app_settings = AppSettings.from_env(env)
        init_database(app_settings, demo=True)
        settings = app_settings.runtime
        stack = Stack(settings, env, tmp_path / "logs")
        try:
            stack.start(timeout=240)
            web = f"http://127.0.0.1:{settings.web_port}"
            token = requests.post(
                f"{web}/api/login", json={"customer_id": "demo", "pin": "1234"}, timeout=30
            ).json()["token"]
            mary = Customer(web, token)
            engine = create_engine(url)
            with engine.connect() as connection:
                before = connection.execute(
                    text("SELECT balance_minor FROM accounts WHERE number = '400011114821'")
                ).scalar()
            mary.say("send 20 dollars to my daughter")
            assert "Pay $20.00 to Alice Wong." in mary.text()
            mary.say("yes")
            assert mary.text().startswith("Done. I sent $20.00 to Alice Wong.")
            with engine.connect() as connection:
                after = connection.execute(
                    text("SELECT balance_minor FROM accounts WHERE number = '400011114821'")
                ).scalar()
                stored = connection.execute(
                    text("SELECT count(*) FROM events WHERE type_name = 'user'")
                ).scalar()
            engine.dispose()
            assert after == before - 2_000
            assert stored == 2, "Rasa's tracker store is in PostgreSQL too"
        finally:
            stack.stop()
