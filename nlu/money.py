"""Amounts of money in what people type or say.

"two hundred and fifty dollars", "250 yuan", "a thousand", "$1,200.50" and
"25 dollars and 50 cents" all become an `Amount` with a Decimal value and an
ISO 4217 currency. Number words are turned into digits by text2num; this
module only finds which numbers are money.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from text_to_num import alpha2digit

CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "bucks": "USD", "usd": "USD",
    "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "pound": "GBP", "pounds": "GBP", "quid": "GBP", "gbp": "GBP",
    "yuan": "CNY", "rmb": "CNY", "renminbi": "CNY", "cny": "CNY", "kuai": "CNY",
    "yen": "JPY", "jpy": "JPY",
}  # fmt: skip
CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY"}
MINOR_WORDS = {"cent", "cents", "pence", "penny"}

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True))
_PATTERN = re.compile(
    rf"(?P<symbol>[$€£¥])?\s?(?P<number>{_NUMBER})\s?(?P<scale>k\b|thousand\b|million\b)?"
    rf"(?:\s?(?P<word>{_WORDS})\b)?"
    rf"(?:\s+and\s+(?P<cents>\d{{1,2}})\s+(?:cents?|pence))?",
    re.IGNORECASE,
)
# Numbers that are not money: "last 3 days", "at 5 pm", "the 1st", "ending 4821".
_NOT_MONEY_AFTER = re.compile(
    r"^\s?(?:days?|weeks?|months?|years?|hours?|minutes?|am|pm|o'?clock|st|nd|rd|th|"
    r"times|percent|%|digits?)\b",
    re.IGNORECASE,
)
_NOT_MONEY_BEFORE = re.compile(
    r"(?:\b(?:last|past|next|ending|ends|ending in|pin|code|number|account|card|since|in|"
    r"on|at|year|branch)\s*)$",
    re.IGNORECASE,
)
_SCALES = {"k": 1000, "thousand": 1000, "million": 1_000_000}


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str
    start: int  # character offsets in the normalised text
    end: int
    text: str


def normalise(text: str) -> str:
    """Number words to digits ("a thousand" -> "1000"), the rest unchanged."""
    converted = alpha2digit(text, "en")
    # "a 1000" / "a 100": text2num leaves the article in front of the number.
    return re.sub(r"\b(?:a|one)\s+(\d+)\b", r"\1", converted, flags=re.IGNORECASE)


def find_amounts(text: str, home_currency: str) -> list[Amount]:
    """Every amount of money in `text`.

    A bare number ("send 50 to Alice") is taken as money in the home currency
    unless the words around it say it is something else (a period, a time, a
    card ending, an ordinal, a year).
    """
    normalised = normalise(text)
    amounts = []
    for match in _PATTERN.finditer(normalised):
        symbol, word = match.group("symbol"), match.group("word")
        if not symbol and not word:
            if _NOT_MONEY_AFTER.match(normalised[match.end("number") :]):
                continue
            if _NOT_MONEY_BEFORE.search(normalised[: match.start("number")]):
                continue
            if len(match.group("number").replace(",", "").split(".")[0]) > 9:
                continue  # a long digit run is an account or phone number
        try:
            value = Decimal(match.group("number").replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
            continue
        if match.group("scale"):
            value *= _SCALES[match.group("scale").lower()]
        if match.group("cents"):
            value += Decimal(match.group("cents")) / 100
        currency = (
            CURRENCY_SYMBOLS.get(symbol or "")
            or CURRENCY_WORDS.get((word or "").lower())
            or home_currency
        )
        start = match.start("symbol") if symbol else match.start("number")
        amounts.append(Amount(value, currency, start, match.end(), match.group(0).strip()))
    return amounts


def cents_only(text: str) -> Decimal | None:
    """ "50 cents" alone: the amount in major units, or None."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*(?:cents?|pence|penny)\s*", normalise(text), re.I)
    return Decimal(match.group(1)) / 100 if match else None
