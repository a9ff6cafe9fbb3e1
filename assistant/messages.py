"""What customers type, made safe before it reaches the assistant, on any channel.

Used by the web API, the voice endpoint and the Matrix bot alike.
"""

from __future__ import annotations

import re
import unicodedata

from text_to_num import alpha2digit

from assistant.audit import mask_numbers

# "pin", "PIN1234", "pincode", "pin number", "passcode", "password", "code", "OTP", "CVV":
# a word that says a secret follows, even glued to its digits.
_SECRET_WORDS = re.compile(
    r"\b(?:pin\s*codes?|pincodes?|pin\s*numbers?|pins?|passcodes?|passwords?|codes?|otp|cvv|cvc)"
    r"(?=\b|\d)",
    re.I,
)
# Digits, possibly spaced or dotted as speech recognition writes them ("1 2 3 4").
_DIGIT_RUN = re.compile(r"(?<![\d$.,])\d+(?:[ .-]?\d+)*(?![\d,]|\.\d)")
_CARD_LIKE = re.compile(r"(?<!\d)(?:\d[ .-]?){11,18}\d(?!\d)")
MIN_SECRET_DIGITS = 4


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


def clean_incoming(text: str, offered: list[str]) -> str:
    """Everything a customer sends, on every channel, before it reaches the assistant."""
    return redact(safe_message(clean_text(text), offered))


def redact(text: str) -> str:
    """Keep secrets a customer might type or say out of the assistant's records.

    Card and account numbers (12-19 digits, spaces, dots or dashes allowed)
    keep their last four digits. When the message talks about a PIN, password
    or code, number words become digits first (text2num: "one two three four"
    is what speech recognition writes), and every run of 4 or more digits,
    spaced or not, becomes "****".
    """
    text = _CARD_LIKE.sub(lambda m: mask_numbers(re.sub(r"[ .-]", "", m.group(0))), text)
    if _SECRET_WORDS.search(text):
        text = _CARD_LIKE.sub(
            lambda m: mask_numbers(re.sub(r"[ .-]", "", m.group(0))), alpha2digit(text, "en")
        )
        text = _DIGIT_RUN.sub(_mask_secret_digits, text)
    return text


def _mask_secret_digits(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group(0))
    return "****" if digits >= MIN_SECRET_DIGITS else match.group(0)
