"""What customers type, made safe before it reaches the assistant, on any channel.

Used by the web API, the voice endpoint and the Matrix bot alike.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.audit import mask_numbers

_SECRET_WORDS = re.compile(r"\b(pin|pins|passcode|password|passwords|code|codes|otp)\b", re.I)
_SHORT_NUMBER = re.compile(r"(?<![\d$.,])\d{4,8}(?![\d.,])")
_CARD_LIKE = re.compile(r"(?<!\d)(?:\d[ -]?){11,18}\d(?!\d)")


def clean_text(text: str) -> str:
    """Drop control and format characters; keep letters, digits, punctuation, spaces."""
    kept = (
        " " if ch in "\t\r\n" else ch
        for ch in text
        if ch in "\t\r\n" or unicodedata.category(ch)[0] != "C"
    )
    return " ".join("".join(kept).split())


def safe_message(text: str, offered: list[str]) -> str:
    """A "/intent{...}" message is accepted only as a button the assistant just offered.

    Anything else that starts with "/" is plain text with the slashes removed,
    so a customer cannot skip NLU and inject intents or entities.
    """
    if text in offered:
        return text
    return text.lstrip("/ ") if text.startswith("/") else text


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
