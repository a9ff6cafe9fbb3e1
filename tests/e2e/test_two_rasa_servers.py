"""Two Rasa servers and two action server workers share one PostgreSQL tracker store and Redis.

This is `assistant run` with RASA_WORKERS=2 and ACTION_WORKERS=2, and how a bank runs several
copies of the assistant: any Rasa process may take any turn of any conversation, the Redis
lock (assistant/engine/lock_store.py) makes sure two turns of one conversation are never
worked on at once, and the tracker in PostgreSQL carries the conversation from one process
to the other.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import create_engine, text

from assistant.app_settings import AppSettings
from assistant.bank.auth import token_hash
from assistant.bank.db import Database
from assistant.bank.models import Conversation
from assistant.channels.rasa_gateway import WEBHOOK, RasaGateway
from assistant.cli import init_database
from assistant.signing import HEADER, sign
from assistant.stack import Stack
from tests.e2e.customer import Customer
from tests.helpers import runtime_env
from tests.postgres import postgres_server
from tests.redis_server import redis_server

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]

ACCOUNT = "400011114821"


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, str]]:
    """The assistant as `assistant run` starts it with RASA_WORKERS=2 and ACTION_WORKERS=2."""
    work = tmp_path_factory.mktemp("twins")
    with postgres_server() as database_url, redis_server() as redis_url:
        env = {
            **os.environ,
            **runtime_env(
                database_url,
                RASA_ENDPOINTS=str(work / "endpoints.yml"),
                REDIS_URL=redis_url,
                RASA_WORKERS="2",
                ACTION_WORKERS="2",
                LOGIN_RATE_LIMIT="1000/minute",
            ),
        }
        app_settings = AppSettings.from_env(env)
        init_database(app_settings, demo=True)
        settings = app_settings.runtime
        stack = Stack(settings, env, work / "logs")
        assert [c.name for c in stack.children] == ["actions", "rasa", "rasa-2", "web"]
        try:
            stack.start(timeout=300)
            yield stack, database_url
        finally:
            stack.stop()


def gateways(stack: Stack) -> tuple[RasaGateway, RasaGateway]:
    """One gateway for each Rasa process, to choose which one takes a turn."""
    one, two = stack.settings.rasa_urls
    secret = stack.settings.gateway_secret
    return RasaGateway(one, secret), RasaGateway(two, secret)


def bind(database_url: str, sender_id: str) -> None:
    db = Database(database_url)
    with db.session() as session:
        session.add(Conversation(sender_id=sender_id, customer_id="demo", channel="test"))
    db.dispose()


def sender_of(database_url: str, token: str) -> str:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        sender = connection.execute(
            text("SELECT sender_id FROM web_sessions WHERE token_hash = :h"),
            {"h": token_hash(token)},
        ).scalar()
    engine.dispose()
    return sender


def said(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def balance(database_url: str) -> int:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        value = connection.execute(
            text("SELECT balance_minor FROM accounts WHERE number = :n"), {"n": ACCOUNT}
        ).scalar()
    engine.dispose()
    return value


def user_turns(database_url: str, sender_id: str) -> list[str]:
    """The customer's messages as the tracker store holds them, in order."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"),
            {"s": sender_id},
        ).all()
    engine.dispose()
    return [json.loads(data)["text"] for kind, data in rows if kind == "user"]


def test_turns_alternate_between_the_two_rasa_servers(twins) -> None:
    stack, database_url = twins
    one, two = gateways(stack)
    bind(database_url, "twin-alternate")
    assert "How much would you like to send?" in said(
        one.send("twin-alternate", "I want to send money to my daughter")
    )
    assert "Pay $15.00 to Alice Wong." in said(two.send("twin-alternate", "15 dollars"))
    before = balance(database_url)
    assert "Done. I sent $15.00 to Alice Wong." in said(one.send("twin-alternate", "yes"))
    assert balance(database_url) == before - 1_500
    assert user_turns(database_url, "twin-alternate") == [
        "I want to send money to my daughter", "15 dollars", "yes"
    ]  # fmt: skip


def test_concurrent_turns_of_one_conversation_are_answered_once_each_in_turn(twins) -> None:
    stack, database_url = twins
    one, two = gateways(stack)
    bind(database_url, "twin-concurrent")
    messages = [f"what is my balance {n}" for n in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        replies = list(
            pool.map(
                lambda pair: (one if pair[0] % 2 else two).send("twin-concurrent", pair[1]),
                enumerate(messages),
            )
        )
    for reply in replies:
        assert said(reply).count("Your Checking account ending 4821 has") == 1, said(reply)
    assert sorted(user_turns(database_url, "twin-concurrent")) == sorted(messages)
    engine = create_engine(database_url)
    with engine.connect() as connection:
        kinds = [
            row[0]
            for row in connection.execute(
                text("SELECT type_name FROM events WHERE sender_id = :s ORDER BY id"),
                {"s": "twin-concurrent"},
            )
        ]
    engine.dispose()
    # With the Redis lock each turn runs whole before the next: a user event is never
    # followed by another user event before the assistant has answered and listened again.
    turns = [k for k in kinds if k in ("user", "action")]
    for a, b in zip(turns, turns[1:], strict=False):
        assert not (a == "user" and b == "user"), kinds


def test_killing_one_rasa_server_mid_payment_the_other_finishes_it(twins) -> None:
    stack, database_url = twins
    web = f"http://127.0.0.1:{stack.settings.web_port}"
    token = requests.post(
        f"{web}/api/login", json={"customer_id": "demo", "pin": "1234"}, timeout=30
    ).json()["token"]
    mary = Customer(web, token)
    mary.say("send 11 dollars to my daughter")
    assert "Pay $11.00 to Alice Wong." in mary.text()
    before = balance(database_url)
    # Kill the Rasa process this conversation keeps to (channels/rasa_gateway.py: by CRC-32).
    sender = sender_of(database_url, token)
    keeps_to = ["rasa", "rasa-2"][zlib.crc32(sender.encode()) % 2]
    stack.kill(keeps_to)
    try:
        mary.say("yes")
        assert "Done. I sent $11.00 to Alice Wong." in mary.text()
        assert balance(database_url) == before - 1_100
        mary.say("yes")
        assert "Done" not in mary.text()
        assert balance(database_url) == before - 1_100
    finally:
        stack.restart(keeps_to)


def test_a_request_replayed_to_the_other_rasa_process_is_refused(twins):
    """Each process used to remember only the signatures it had seen itself."""
    stack, database_url = twins
    one, two = stack.settings.rasa_urls
    bind(database_url, "replayed-sender")
    body = json.dumps({"sender": "replayed-sender", "message": "what is my balance"}).encode()
    signed = {"Content-Type": "application/json", HEADER: sign(stack.settings.gateway_secret, body)}
    assert requests.post(one + WEBHOOK, data=body, headers=signed, timeout=60).status_code == 200
    assert requests.post(two + WEBHOOK, data=body, headers=signed, timeout=10).status_code == 401
