"""Protections in front of the API: log-in rate limit and redaction.

The rate limit uses the `limits` library (moving window) with in-memory
storage, or Redis when RATE_LIMIT_STORAGE says so, so that several web
processes share one count.
"""

from __future__ import annotations

from limits import parse, storage, strategies

from assistant.messages import redact  # noqa: F401 - part of this module's interface


class LoginRateLimiter:
    def __init__(self, limit: str, storage_uri: str) -> None:
        self._item = parse(limit)
        # The strategy holds its storage weakly: keep it alive here.
        self._storage = storage.storage_from_string(storage_uri)
        self._limiter = strategies.MovingWindowRateLimiter(self._storage)

    def allow(self, client: str) -> bool:
        """Count one log-in attempt from this client; False when over the limit."""
        return self._limiter.hit(self._item, "login", client)
