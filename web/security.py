"""Protections in front of the API: rate limits, requests in flight, redaction, headers.

The rate limit uses the `limits` library (moving window) with in-memory
storage, or Redis when RATE_LIMIT_STORAGE says so, so that several web
processes share one count.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from flask import Response
from limits import parse, storage, strategies

from assistant.messages import redact  # noqa: F401 - part of this module's interface
from web.errors import ServerBusy, TooManyRequests

ONE_AT_A_TIME = "I am still working on your last recording. Please wait for my answer."
BUSY = "Many people are talking to me right now. Please try again in a minute."


class RateLimiter:
    """A moving-window limit such as "10/minute", counted per key within `namespace`."""

    def __init__(self, limit: str, storage_uri: str, namespace: str = "login") -> None:
        self._item = parse(limit)
        self._namespace = namespace
        # The strategy holds its storage weakly: keep it alive here.
        self._storage = storage.storage_from_string(storage_uri)
        self._limiter = strategies.MovingWindowRateLimiter(self._storage)
        # In memory the library tests the window and adds the hit in two steps, which two
        # threads can run in turn and both pass; in Redis one script does both at once.
        self._lock = (
            threading.Lock() if isinstance(self._storage, storage.MemoryStorage) else nullcontext()
        )

    def allow(self, key: str) -> bool:
        """Count one attempt for this key (a client, a customer), in one atomic step with the
        test; False when the limit was already used up (the attempt is then not counted)."""
        with self._lock:
            return self._limiter.hit(self._item, self._namespace, key)

    def clear(self, key: str) -> None:
        """Forget this key's attempts (a customer's log-in that succeeded)."""
        with self._lock:
            self._limiter.clear(self._item, self._namespace, key)


class InFlightLimit:
    """At most `total` requests at once in this process, and `per_key` for one customer.

    Decoding and recognising speech is heavy, and all speech goes through one speaker;
    without a cap a handful of parallel uploads would take the web app down for everyone.
    `one_at_a_time` is what a customer over `per_key` is told.
    """

    def __init__(self, total: int, per_key: int, one_at_a_time: str = ONE_AT_A_TIME) -> None:
        self._total, self._per_key = total, per_key
        self._one_at_a_time = one_at_a_time
        self._lock = threading.Lock()
        self._running: Counter[str] = Counter()

    def running(self) -> int:
        """How many requests hold a slot now (for health checks and tests)."""
        with self._lock:
            return self._running.total()

    @contextmanager
    def slot(self, key: str) -> Iterator[None]:
        """Hold one slot for `key` while the block runs.

        Raises:
            TooManyRequests: this customer already has `per_key` requests running (429).
            ServerBusy: `total` requests are running (503).
        """
        with self._lock:
            if self._running[key] >= self._per_key:
                raise TooManyRequests(self._one_at_a_time)
            if self._running.total() >= self._total:
                raise ServerBusy(BUSY)
            self._running[key] += 1
        try:
            yield
        finally:
            with self._lock:
                self._running[key] -= 1
                if not self._running[key]:
                    del self._running[key]


def add_security_headers(app: Any, frame_ancestors: str) -> None:
    """Every response: scripts and styles only from this site, no framing except by
    the sites allowed to embed the widget (WIDGET_ORIGINS), no MIME sniffing."""
    policy = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "media-src 'self' data: blob:; connect-src 'self'; object-src 'none'; "
        f"base-uri 'none'; form-action 'self'; frame-ancestors {frame_ancestors}"
    )

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")
        return response
