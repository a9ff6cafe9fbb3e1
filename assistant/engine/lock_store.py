"""A Redis lock store under which two Rasa processes never work on one conversation at once.

Rasa Open Source 3.6's `RedisLockStore` keeps each conversation's ticket queue as one JSON
value that every process reads, changes and writes back. Two Rasa processes that take turns of
one conversation at the same moment can both read the old queue, and then both go ahead: one
turn's events are lost from the tracker (Rasa issue 9213; the fix, ConcurrentRedisLockStore, was
reverted from Open Source). tests/e2e/test_two_rasa_servers.py shows it with six parallel turns.

This store keeps Rasa's interface and Redis connection settings but guards each conversation
with redis-py's `Lock`: one `SET NX PX` to take it and a compare-and-delete script to give it
back, both atomic in Redis. Waiting turns poll every few milliseconds instead of every second.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

import redis.exceptions
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

log = logging.getLogger(__name__)

POLL_SECONDS = 0.01


class RedisMutexLockStore(RedisLockStore):
    """Rasa's lock store interface over an atomic Redis mutex per conversation."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = POLL_SECONDS,
    ) -> AsyncGenerator[TicketLock, None]:
        """Hold the conversation's mutex for one turn; raise LockError after `lock_lifetime`.

        The mutex expires by itself after `lock_lifetime` seconds, so a Rasa process that
        dies in the middle of a turn never blocks the conversation for longer than that.
        """
        mutex = self.red.lock(
            f"{self.key_prefix}mutex:{conversation_id}", timeout=lock_lifetime, thread_local=False
        )
        deadline = time.monotonic() + lock_lifetime
        while not mutex.acquire(blocking=False):
            if time.monotonic() > deadline:
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
            await asyncio.sleep(min(wait_time_in_seconds, POLL_SECONDS))
        try:
            yield self.create_lock(conversation_id)
        finally:
            try:
                mutex.release()
            except redis.exceptions.LockError:
                log.warning("A turn outlived its conversation lock (%s s).", lock_lifetime)
