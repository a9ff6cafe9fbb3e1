"""Signed requests from the web gateway to Rasa's input channel.

The web app signs each request body with a shared secret; the Rasa channel
accepts only requests whose signature is valid and fresh. So no other process,
not even one on the same machine, can talk to Rasa as a customer.

Header: `X-Gateway-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>`.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "X-Gateway-Signature"
MAX_AGE_SECONDS = 60


def sign(secret: str, body: bytes, now: float | None = None) -> str:
    stamp = str(int(now if now is not None else time.time()))
    digest = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={digest}"


def verify(secret: str, body: bytes, header: str | None, now: float | None = None) -> bool:
    """True when the header is a fresh, valid signature of the body."""
    if not header or not secret:
        return False
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        stamp = int(parts["t"])
        given = parts["v1"]
    except (ValueError, KeyError):
        return False
    current = now if now is not None else time.time()
    if abs(current - stamp) > MAX_AGE_SECONDS:
        return False
    expected = hmac.new(
        secret.encode(), str(stamp).encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, given)
