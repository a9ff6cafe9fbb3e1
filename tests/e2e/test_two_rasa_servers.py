"""Two Rasa servers and two action servers share one PostgreSQL tracker store and a Redis lock.

This is how a bank runs several copies of the assistant: any Rasa process may take any turn of
any conversation, Rasa's RedisLockStore makes sure two turns of one conversation are never
worked on at once, and the tracker in PostgreSQL carries the conversation from one to the other.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, text

from assistant.cli import init_database
from assistant.db import Database
from assistant.models import Conversation
from assistant.runtime import RuntimeSettings
from assistant.stack import Stack
from tests.helpers import free_port, runtime_env
from tests.postgres import postgres_server
from tests.redis_server import redis_server
from web.rasa_client import RasaGateway

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

ACCOUNT = "400011114821"


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, Stack, str]]:
    """Stack one (Rasa, actions, web) and stack two (Rasa, actions) on one database and Redis."""
    work = tmp_path_factory.mktemp("twins")
    with postgres_server() as database_url, redis_server() as redis_url:
        env = {
            **os.environ,
            **runtime_env(database_url, RASA_ENDPOINTS=str(work / "one.yml"), REDIS_URL=redis_url),
        }
        one = RuntimeSettings.from_env(env)
        init_database(one.bank)
        env_two = {
            **env,
            "RASA_PORT": str(free_port()),
            "ACTION_PORT": str(free_port()),
            "RASA_ENDPOINTS": str(work / "two.yml"),
        }
        two = RuntimeSettings.from_env(env_two)
        first = Stack(one, env, work / "logs-one")
        second = Stack(two, env_two, work / "logs-two")
        second.children = [c for c in second.children if c.name != "web"]
        try:
            first.start(timeout=300)
            second.start(timeout=300)
            yield first, second, database_url
        finally:
            second.stop()
            first.stop()


def gateways(first: Stack, second: Stack) -> tuple[RasaGateway, RasaGateway]:
    secret = first.settings.gateway_secret
    return (
        RasaGateway(first.settings.rasa_url, secret),
        RasaGateway(second.settings.rasa_url, secret),
    )


def bind(database_url: str, sender_id: str) -> None:
    db = Database(database_url)
    with db.session() as session:
        session.add(Conversation(sender_id=sender_id, customer_id="demo", channel="test"))
    db.dispose()


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
    first, second, database_url = twins
    one, two = gateways(first, second)
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
    first, second, database_url = twins
    one, two = gateways(first, second)
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
        assert said(reply).count("Your Current account ending 4821 has") == 1, said(reply)
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
    first, second, database_url = twins
    one, two = gateways(first, second)
    bind(database_url, "twin-failover")
    assert "Pay $11.00 to Alice Wong." in said(
        one.send("twin-failover", "send 11 dollars to my daughter")
    )
    before = balance(database_url)
    first.kill("rasa")
    try:
        assert "Done. I sent $11.00 to Alice Wong." in said(two.send("twin-failover", "yes"))
        assert balance(database_url) == before - 1_100
        assert "nothing" in said(two.send("twin-failover", "yes")).lower()
        assert balance(database_url) == before - 1_100
    finally:
        first.restart("rasa")
