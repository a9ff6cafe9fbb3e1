"""RedisMutexLockStore on a real Redis: two 'Rasa processes' never hold one conversation at once."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import pytest
import redis
from rasa.core.lock_store import LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

from assistant.runtime import lock_store_config
from tests.redis_server import redis_server

pytestmark = pytest.mark.redis


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


def store(redis_url: str) -> LockStore:
    """The lock store exactly as Rasa builds it from the endpoints file."""
    config = dict(lock_store_config(redis_url))
    return LockStore.create(EndpointConfig(url=config.pop("url"), **config))


def test_two_processes_taking_turns_of_one_conversation_lose_no_update(redis_url: str) -> None:
    counter = redis.Redis.from_url(redis_url)
    counter.set("turns", 0)

    async def turns(lock_store: LockStore) -> None:
        for _ in range(25):
            async with lock_store.lock("mary"):
                seen = int(counter.get("turns"))
                await asyncio.sleep(0.002)
                counter.set("turns", seen + 1)

    threads = [
        threading.Thread(target=asyncio.run, args=(turns(store(redis_url)),)) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert int(counter.get("turns")) == 50


def test_other_conversations_are_not_held_up(redis_url: str) -> None:
    lock_store = store(redis_url)

    async def both() -> float:
        async with lock_store.lock("robert"):
            start = time.monotonic()
            async with lock_store.lock("li"):
                return time.monotonic() - start

    assert asyncio.run(both()) < 0.5


def test_a_dead_process_holds_a_conversation_only_until_the_lock_expires(redis_url: str) -> None:
    first, second = store(redis_url), store(redis_url)
    held = first.red.lock(f"{first.key_prefix}mutex:carlos", timeout=1, thread_local=False)
    assert held.acquire(blocking=False)  # taken by a process that then died

    async def take(lifetime: float) -> float:
        start = time.monotonic()
        async with second.lock("carlos", lock_lifetime=lifetime):
            return time.monotonic() - start

    with pytest.raises(LockError):
        asyncio.run(take(0.3))
    assert 0.3 < asyncio.run(take(5)) < 2
