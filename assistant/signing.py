"""Signed requests from the web gateway to Rasa's input channel.

The web app signs each request body with a shared secret; the Rasa channel
accepts only requests whose signature is valid and fresh. So no other process,
not even one on the same machine, can talk to Rasa as a customer.

Header: `X-Gateway-Signature: t=<unix seconds>,n=<random nonce>,v1=<hex HMAC-SHA256(secret,
"t.n.body")>`.

The header is accepted only in the one form `sign` writes (fields in that
order, none added, the time without leading zeros, lowercase hex), so that a
signature cannot be written again another way and pass as new. It is dated at
most MAX_AGE_SECONDS in the past and at most MAX_SKEW_SECONDS in the future
(clock skew between processes on one machine is nil; the web app signs each
request right before sending it), and its (time, nonce) is accepted once:
`ReplayGuard` remembers the ones seen for as long as they would be fresh, in
Redis when REDIS_URL is set, so that a request replayed to another Rasa
process is refused too.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import threading
import time
from dataclasses import dataclass

import redis

log = logging.getLogger(__name__)

HEADER = "X-Gateway-Signature"
MAX_AGE_SECONDS = 30
MAX_SKEW_SECONDS = 2
NONCE_BYTES = 12
# The one form `sign` writes.
_CANONICAL = re.compile(
    rf"t=(?P<stamp>[1-9][0-9]{{0,11}}),n=(?P<nonce>[0-9a-f]{{{2 * NONCE_BYTES}}}),"
    r"v1=(?P<digest>[0-9a-f]{64})"
)
REDIS_KEY_PREFIX = "bank:gateway-nonce:"


@dataclass(frozen=True)
class Signature:
    """A signature header, read in its canonical form."""

    stamp: int
    nonce: str
    digest: str

    @property
    def key(self) -> str:
        """What makes it one request: its time and nonce (not the header's text)."""
        return f"{self.stamp}.{self.nonce}"


def parse(header: str) -> Signature | None:
    """The signature, or None when the header is not exactly in the form `sign` writes."""
    match = _CANONICAL.fullmatch(header)
    if match is None:
        return None
    return Signature(int(match["stamp"]), match["nonce"], match["digest"])


def sign(secret: str, body: bytes, now: float | None = None) -> str:
    stamp = str(int(now if now is not None else time.time()))
    nonce = secrets.token_hex(NONCE_BYTES)
    return f"t={stamp},n={nonce},v1={_digest(secret, stamp, nonce, body)}"


def _digest(secret: str, stamp: str, nonce: str, body: bytes) -> str:
    message = stamp.encode() + b"." + nonce.encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None, now: float | None = None) -> bool:
    """True when the header is a fresh, valid signature of the body."""
    signature = parse(header) if header else None
    if signature is None or not secret:
        return False
    current = now if now is not None else time.time()
    if not -MAX_AGE_SECONDS <= signature.stamp - current <= MAX_SKEW_SECONDS:
        return False
    expected = _digest(secret, str(signature.stamp), signature.nonce, body)
    return hmac.compare_digest(expected, signature.digest)


class ReplayGuard:
    """Remembers the (time, nonce) of signatures already used while they are still fresh:
    in this process, or in Redis (`redis_url`) for every Rasa process that shares it."""

    def __init__(self, redis_url: str = "") -> None:
        self._redis = redis.Redis.from_url(redis_url) if redis_url else None
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def first_use(self, header: str, now: float | None = None) -> bool:
        """True the first time this (verified) signature is seen; False on a replay, for a
        header not in its canonical form, and when Redis cannot say (refused, not let in)."""
        signature = parse(header)
        if signature is None:
            return False
        keep = MAX_AGE_SECONDS + MAX_SKEW_SECONDS
        if self._redis is not None:
            try:
                # SET NX: one atomic step in Redis, whichever process asks first wins.
                return bool(
                    self._redis.set(REDIS_KEY_PREFIX + signature.key, 1, nx=True, ex=keep + 1)
                )
            except redis.RedisError as error:
                log.error("Redis (REDIS_URL) did not answer, gateway request refused: %s", error)
                return False
        current = now if now is not None else time.time()
        with self._lock:
            for old in [key for key, until in self._seen.items() if until < current]:
                del self._seen[old]
            if signature.key in self._seen:
                return False
            self._seen[signature.key] = current + keep
            return True


def channel_sender_id(secret: str, channel: str, user: str) -> str:
    """The Rasa sender id of a messaging user: an HMAC with a server secret, so that
    no one who knows a user's Matrix or Telegram id can compute their conversation."""
    digest = hmac.new(
        secret.encode(), f"sender-id:{channel}:{user}".encode(), hashlib.sha256
    ).hexdigest()
    return f"{channel}-{digest[:32]}"
