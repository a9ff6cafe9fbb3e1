"""What customers type, made safe before it reaches the assistant, on any channel.

Used by the web API, the voice endpoint and the Matrix bot alike.
"""

from __future__ import annotations

import re
import unicodedata

from text_to_num import alpha2digit

from assistant.bank.audit import mask_numbers

# "pin", "PIN1234", "pincode", "pin number", "passcode", "password", "code", "OTP", "CVV",
# "personal identification number", "secret number", "social security number": a word that
# says a secret follows, even glued to its digits.
_SECRET_WORDS = re.compile(
    r"\b(?:pin\s*codes?|pincodes?|pin\s*numbers?|pins?|passcodes?|passwords?|codes?|otp"
    r"|personal\s+identification\s+numbers?|secret\s+(?:numbers?|codes?)"
    r"|social\s+security(?:\s+numbers?)?|ssn)(?=\b|\d)",
    re.I,
)
# A card's security code, three or four digits ("cvv 737", "CVV2", "security code").
_CARD_CODE_WORDS = re.compile(
    r"\b(?:cvv2?|cvc2?|cvn|csc|security\s+codes?|card\s+verification\s+(?:values?|codes?))"
    r"(?=\b|\d)",
    re.I,
)
# Digits, possibly spaced or dotted as speech recognition writes them ("1 2 3 4"); not the
# four kept after a mask.
_DIGIT_RUN = re.compile(r"(?<![\d$.,*])\d+(?:[ .-]?\d+)*(?![\d,]|\.\d)")
_CARD_LIKE = re.compile(r"(?<!\d)(?:\d[ .-]?){11,18}\d(?!\d)")
# An account number of 8 to 11 digits in one piece, unless it is an amount ("$", a
# decimal point, thousands commas or a currency word after it).
_ACCOUNT_LIKE = re.compile(
    r"(?<![\d$£€.,*])\d{8,11}(?![\d,]|\.\d)"
    r"(?!\s*(?:dollars?|usd|euros?|eur|pounds?|gbp|bucks|cents?)\b)",
    re.I,
)
# Where the message talks about an account, its number may also come in groups ("1234 5678").
_ACCOUNT_WORDS = re.compile(r"\b(?:accounts?|acct|a/c|iban|routing|sort\s+code)\b", re.I)
_GROUPED_DIGITS = re.compile(r"(?<![\d$£€.,*])\d+(?:[ .-]\d+)+(?![\d,]|\.\d)")
MIN_SECRET_DIGITS = 4
MIN_CARD_CODE_DIGITS = 3
# A password said in words ("my password is tulip77", "password: Sunflower!"): the word
# after "is", "was", "to", ":" or "=" is masked, unless it says something about the
# password instead ("my password is not working").
_PASSWORD = re.compile(
    r"\b(?P<lead>(?:pass\s*words?|passcodes?|passphrases?|secret\s+words?)"
    r"(?:\s*(?:(?:is|was|to|reads)\b|[:=]))+\s*)(?P<secret>\S+)",
    re.I,
)
_SAID_ABOUT_A_PASSWORD = {
    "not", "no", "wrong", "incorrect", "invalid", "locked", "blocked", "expired", "forgotten",
    "lost", "stolen", "broken", "working", "correct", "right", "the", "a", "an", "my", "your",
    "same", "too", "still", "also", "now", "changed", "reset", "what", "it", "that", "this",
    "being", "please", "and", "or", "for", "in", "on", "at", "of", "with", "me", "i", "done",
    "ok", "okay", "fine", "new", "old", "different", "something", "weak", "strong", "long",
    "short", "compromised", "hacked", "leaked", "known", "safe", "secure", "case-sensitive",
}  # fmt: skip


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

    Card numbers (12-19 digits, spaces, dots or dashes allowed) and account numbers
    (8-11 digits; in groups too when the message names an account) keep their last four
    digits. A password given in words is masked. When the message talks about a PIN,
    password, code or other secret number, number words become digits first (text2num:
    "one two three four" is what speech recognition writes), and every run of 4 or more
    digits, spaced or not, becomes "****"; 3 or more after a card's security code (CVV).
    """
    text = _CARD_LIKE.sub(_keep_last_four, text)
    text = _ACCOUNT_LIKE.sub(_keep_last_four, text)
    if _ACCOUNT_WORDS.search(text):
        text = _GROUPED_DIGITS.sub(_keep_last_four_of_account, text)
    card_code = _CARD_CODE_WORDS.search(text)
    if card_code or _SECRET_WORDS.search(text):
        text = _CARD_LIKE.sub(_keep_last_four, alpha2digit(text, "en"))
        least = MIN_CARD_CODE_DIGITS if card_code else MIN_SECRET_DIGITS
        text = _DIGIT_RUN.sub(lambda m: _mask_secret_digits(m, least), text)
    return _PASSWORD.sub(_mask_password, text)


def _keep_last_four(match: re.Match[str]) -> str:
    return mask_numbers(re.sub(r"[ .-]", "", match.group(0)))


def _keep_last_four_of_account(match: re.Match[str]) -> str:
    digits = re.sub(r"[ .-]", "", match.group(0))
    return mask_numbers(digits) if 8 <= len(digits) <= 11 else match.group(0)


def _mask_password(match: re.Match[str]) -> str:
    secret = match.group("secret")
    if secret.lower().strip(".,!?;'\"") in _SAID_ABOUT_A_PASSWORD:
        return match.group(0)
    return match.group("lead") + "****"


def _mask_secret_digits(match: re.Match[str], least: int = MIN_SECRET_DIGITS) -> str:
    digits = sum(ch.isdigit() for ch in match.group(0))
    return "****" if digits >= least else match.group(0)
