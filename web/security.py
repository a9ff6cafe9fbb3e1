"""Protections in front of the API: log-in rate limit and redaction.

The rate limit uses the `limits` library (moving window) with in-memory
storage, or Redis when RATE_LIMIT_STORAGE says so, so that several web
processes share one count.
"""

from __future__ import annotations

import re

from limits import parse, storage, strategies

from assistant.audit import mask_numbers


class LoginRateLimiter:
    def __init__(self, limit: str, storage_uri: str) -> None:
        self._item = parse(limit)
        # The strategy holds its storage weakly: keep it alive here.
        self._storage = storage.storage_from_string(storage_uri)
        self._limiter = strategies.MovingWindowRateLimiter(self._storage)

    def allow(self, client: str) -> bool:
        """Count one log-in attempt from this client; False when over the limit."""
        return self._limiter.hit(self._item, "login", client)


_SECRET_WORDS = re.compile(r"\b(pin|pins|passcode|password|passwords|code|codes|otp)\b", re.I)
_SHORT_NUMBER = re.compile(r"(?<![\d$.,])\d{4,8}(?![\d.,])")
_CARD_LIKE = re.compile(r"(?<!\d)(?:\d[ -]?){11,18}\d(?!\d)")


def redact(text: str) -> str:
    """Keep secrets a customer might type out of the assistant's records.

    Card and account numbers (12-19 digits, spaces or dashes allowed) keep
    their last four digits. When the message talks about a PIN, password or
    code, every 4-8 digit number in it becomes "****".
    """
    text = _CARD_LIKE.sub(lambda m: mask_numbers(re.sub(r"[ -]", "", m.group(0))), text)
    if _SECRET_WORDS.search(text):
        text = _SHORT_NUMBER.sub("****", text)
    return text
