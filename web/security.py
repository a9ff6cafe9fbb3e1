"""Protections in front of the API: log-in rate limit, redaction, security headers.

The rate limit uses the `limits` library (moving window) with in-memory
storage, or Redis when RATE_LIMIT_STORAGE says so, so that several web
processes share one count.
"""

from __future__ import annotations

from typing import Any

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


def add_security_headers(app: Any, frame_ancestors: str) -> None:
    """Every response: scripts and styles only from this site, no framing except by
    the sites allowed to embed the widget (WIDGET_ORIGINS), no MIME sniffing."""
    policy = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "media-src 'self' data: blob:; connect-src 'self'; object-src 'none'; "
        f"base-uri 'none'; form-action 'self'; frame-ancestors {frame_ancestors}"
    )

    @app.after_request
    def headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")
        return response
