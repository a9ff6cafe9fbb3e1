"""Signed requests from the web gateway to Rasa's input channel.

The web app signs each request body with a shared secret; the Rasa channel
accepts only requests whose signature is valid and fresh. So no other process,
not even one on the same machine, can talk to Rasa as a customer.

Header: `X-Gateway-Signature: t=<unix seconds>,n=<random nonce>,v1=<hex HMAC-SHA256(secret,
"t.n.body")>`.

A signature is accepted once (`ReplayGuard` remembers the ones it has seen
for as long as they would be fresh), dated at most MAX_AGE_SECONDS in the past
and at most MAX_SKEW_SECONDS in the future (clock skew between processes on
one machine is nil; the web app signs each request right before sending it).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time

HEADER = "X-Gateway-Signature"
MAX_AGE_SECONDS = 30
MAX_SKEW_SECONDS = 2


def sign(secret: str, body: bytes, now: float | None = None) -> str:
    stamp = str(int(now if now is not None else time.time()))
    nonce = secrets.token_hex(12)
    return f"t={stamp},n={nonce},v1={_digest(secret, stamp, nonce, body)}"


def _digest(secret: str, stamp: str, nonce: str, body: bytes) -> str:
    message = stamp.encode() + b"." + nonce.encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None, now: float | None = None) -> bool:
    """True when the header is a fresh, valid signature of the body."""
    if not header or not secret:
        return False
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        stamp = int(parts["t"])
        nonce, given = parts["n"], parts["v1"]
    except (ValueError, KeyError):
        return False
    current = now if now is not None else time.time()
    if not -MAX_AGE_SECONDS <= stamp - current <= MAX_SKEW_SECONDS:
        return False
    return hmac.compare_digest(_digest(secret, str(stamp), nonce, body), given)


class ReplayGuard:
    """Remembers the signatures already used while they are still fresh."""

    def __init__(self) -> None:
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def first_use(self, header: str, now: float | None = None) -> bool:
        """True the first time this (verified) signature is seen; False on a replay."""
        current = now if now is not None else time.time()
        with self._lock:
            for old in [h for h, until in self._seen.items() if until < current]:
                del self._seen[old]
            if header in self._seen:
                return False
            self._seen[header] = current + MAX_AGE_SECONDS + MAX_SKEW_SECONDS
            return True


def channel_sender_id(secret: str, channel: str, user: str) -> str:
    """The Rasa sender id of a messaging user: an HMAC with a server secret, so that
    no one who knows a user's Matrix or Telegram id can compute their conversation."""
    digest = hmac.new(
        secret.encode(), f"sender-id:{channel}:{user}".encode(), hashlib.sha256
    ).hexdigest()
    return f"{channel}-{digest[:32]}"
