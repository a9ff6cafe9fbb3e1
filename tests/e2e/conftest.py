"""The real assistant on loopback: Rasa server, action server and web app.

Started once per test session with the same code `make run` uses, on free
ports, with its own SQLite database seeded with the demo customers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import delete, func, select

from assistant.app_settings import AppSettings
from assistant.bank.auth import token_hash
from assistant.bank.db import Database
from assistant.bank.models import Account, Conversation, Transaction, WebSession
from assistant.channels.rasa_gateway import RasaGateway
from assistant.cli import init_database
from assistant.settings import PROJECT_ROOT
from assistant.stack import Stack
from tests.e2e.customer import Customer
from tests.e2e.matrix_bot import BOT_PASSWORD, Bot
from tests.helpers import runtime_env
from tests.matrix_server import Homeserver, synapse

MODEL = PROJECT_ROOT / "models" / "bank.tar.gz"


@dataclass
class RunningAssistant:
    stack: Stack
    settings: AppSettings
    db: Database
    log_dir: Path

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.runtime.web_port}"

    def balance(self, customer_id: str, kind: str = "current") -> int:
        with self.db.session() as session:
            return session.scalar(
                select(Account.balance_minor).where(
                    Account.customer_id == customer_id, Account.kind == kind
                )
            )

    def sender_of(self, token: str) -> str:
        with self.db.session() as session:
            return session.get(WebSession, token_hash(token)).sender_id

    def tracker(self, sender_id: str) -> dict[str, Any]:
        reply = requests.get(
            f"{self.settings.runtime.rasa_url}/conversations/{sender_id}/tracker",
            params={"token": self.settings.runtime.rasa_token},
            timeout=30,
        )
        reply.raise_for_status()
        return reply.json()

    def guest_say(self, sender_id: str, text: str) -> str:
        """Talk as a conversation bound to no customer (an unlinked messaging user)."""
        with self.db.session() as session:
            if session.get(Conversation, sender_id) is None:
                session.add(Conversation(sender_id=sender_id, customer_id=None, channel="test"))
        runtime = self.settings.runtime
        gateway = RasaGateway(runtime.rasa_url, runtime.gateway_secret)
        return "\n".join(m.get("text", "") for m in gateway.send(sender_id, text))

    def forget_lessons(self, customer_id: str) -> None:
        """No lesson half-done for this customer, so that a lesson starts at its first step
        whatever an earlier test left behind (a half-done lesson is resumed, by design)."""
        from lessons.models import LessonProgress

        with self.db.session() as session:
            session.execute(delete(LessonProgress).where(LessonProgress.learner == customer_id))

    def transaction_count(self, customer_id: str) -> int:
        with self.db.session() as session:
            return session.scalar(
                select(func.count())
                .select_from(Transaction)
                .where(Transaction.customer_id == customer_id)
            )


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningAssistant]:
    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run `make test`, which trains it first.")
    work = tmp_path_factory.mktemp("assistant")
    env = {
        **os.environ,
        **runtime_env(
            f"sqlite:///{work / 'bank.db'}",
            RASA_ENDPOINTS=str(work / "endpoints.yml"),
            PER_TRANSFER_LIMIT_MINOR="5000000",
            DAILY_LIMIT_MINOR="10000000",
            LOGIN_RATE_LIMIT="10000/minute",
            # The tests read trackers through Rasa's HTTP API, which is off unless asked for.
            RASA_HTTP_API="1",
            # A trusted contact's cooling-off short enough to see it end.
            TRUSTED_CONTACT_WAIT_SECONDS="30",
        ),
    }
    settings = AppSettings.from_env(env)
    init_database(settings, demo=True)
    stack = Stack(settings.runtime, env, work / "logs")
    try:
        stack.start(timeout=240)
    except Exception:
        stack.stop()
        raise
    db = Database(settings.bank.database_url)
    yield RunningAssistant(stack, settings, db, work / "logs")
    db.dispose()
    stack.stop()


@pytest.fixture
def login(assistant: RunningAssistant):
    def _login(customer_id: str = "demo", pin: str = "1234") -> Customer:
        reply = requests.post(
            f"{assistant.web_url}/api/login",
            json={"customer_id": customer_id, "pin": pin},
            timeout=30,
        )
        assert reply.status_code == 200, reply.text
        return Customer(assistant.web_url, reply.json()["token"])

    return _login


# A fresh customer per test (a copy of Mary) for tests that freeze or pause.
from tests.e2e.victims import victim  # noqa: E402, F401 - a fixture


@pytest.fixture(scope="module")
def homeserver(tmp_path_factory) -> Iterator[Homeserver]:
    with synapse(tmp_path_factory.mktemp("synapse")) as server:
        server.register("bank", BOT_PASSWORD)
        for person in ("mary", "stranger", "learner", "robert", "mallory", "li", "eve", "carer"):
            server.register(person, f"{person}-password")
        yield server


@pytest.fixture(scope="module")
def bot(assistant, homeserver, tmp_path_factory) -> Iterator[Bot]:
    running = Bot(assistant, homeserver, tmp_path_factory.mktemp("bot"))
    running.start()
    yield running
    running.kill()
