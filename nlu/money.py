"""Amounts of money in what people type or say.

"two hundred and fifty dollars", "250 yuan", "a thousand", "$1,200.50",
"2 hundred", "1 thousand 5 hundred", "one and a half thousand" and
"25 dollars and 50 cents" all become an `Amount` with a Decimal value and an
ISO 4217 currency. Number words are turned into digits by text2num (digits
mixed into number words are first spelt out by num2words, so text2num sees
one number); this module only finds which numbers are money.

Some amounts cannot be heard for sure: "two fifty" is $2.50 or $250, "a
couple of hundred" is about $200. Those become an `Unclear` with the readings
to offer, and the assistant asks. A wrong number is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from num2words import num2words
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
    rf"(?:\s+(?:and\s+)?(?P<cents>\d{{1,2}})(?:\s+(?:cents?|pence)\b|(?=\s*$|\s*[.,!?]|\s+(?:to|for|from|please)\b)))?",
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
_SCALES = {"k": 1000, "thousand": 1000, "million": 1_000_000, "hundred": 100}
_SCALE_WORD = r"(?:hundred|thousand|million)"
_SMALL = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety"
)
_SMALL_VALUES = {word: i + 1 for i, word in enumerate(_SMALL.split("|")[:19])} | {
    word: 20 + 10 * i for i, word in enumerate(_SMALL.split("|")[19:])
}


@dataclass(frozen=True)
class Amount:
    """An amount heard for sure."""

    value: Decimal
    currency: str
    start: int  # character offsets in the normalised text
    end: int
    text: str


@dataclass(frozen=True)
class Unclear:
    """Words that are money but could mean more than one amount: ask, never guess."""

    readings: tuple[Decimal, ...]  # what to offer, most likely first
    currency: str
    start: int
    end: int
    text: str


def _spell_mixed(text: str) -> str:
    """ "1 thousand 5 hundred" -> "one thousand five hundred", for text2num to read whole.

    Digits next to a scale word are spelt out; "1.5 thousand" is worked out here.
    """

    def decimal_scale(match: re.Match[str]) -> str:
        value = Decimal(match.group(1)) * _SCALES[match.group(2).lower()]
        return f"{value.normalize():f}"

    text = re.sub(rf"\b(\d+\.\d+)\s+({_SCALE_WORD})\b", decimal_scale, text, flags=re.I)

    def words(match: re.Match[str]) -> str:
        return num2words(int(match.group(0))).replace(",", "")

    # An integer right before a scale word, or right after one ("a thousand 500").
    text = re.sub(rf"\b\d{{1,3}}(?=\s+{_SCALE_WORD}\b)", words, text, flags=re.I)
    return re.sub(
        rf"\b({_SCALE_WORD}\s+(?:and\s+)?)(\d{{1,3}})\b(?![.,]\d)",
        lambda m: m.group(1) + num2words(int(m.group(2))).replace(",", ""),
        text,
        flags=re.I,
    )


def _halves(text: str) -> str:
    """ "one and a half thousand" / "2 and a half hundred" -> 1500 / 250."""

    def value(match: re.Match[str]) -> str:
        whole = match.group(1).lower()
        number = Decimal(whole) if whole.isdigit() else Decimal(_SMALL_VALUES[whole])
        total = (number + Decimal("0.5")) * _SCALES[match.group(2).lower()]
        return f"{total.normalize():f}"

    return re.sub(
        rf"\b(\d+|{_SMALL}|a)?\s*and a half\s+({_SCALE_WORD})\b",
        lambda m: value(m) if m.group(1) and m.group(1).lower() != "a" else m.group(0),
        text,
        flags=re.I,
    )


def normalise(text: str) -> str:
    """Number words to digits ("a thousand" -> "1000"), the rest unchanged."""
    # "one thousand, two hundred": a comma inside a number said in words.
    text = re.sub(rf"\b({_SCALE_WORD}),", r"\1", text, flags=re.I)
    text = _halves(_spell_mixed(text))
    converted = alpha2digit(text, "en")
    # "two dollars", "one pound": small numbers text2num leaves as words.
    converted = re.sub(
        rf"\b({_SMALL})\s+(?=(?:{_WORDS}|cents?|pence)\b)",
        lambda m: f"{_SMALL_VALUES[m.group(1).lower()]} ",
        converted,
        flags=re.I,
    )
    # "four dollars five": the cents after the currency word.
    converted = re.sub(
        rf"\b({_WORDS})\s+({_SMALL})\b",
        lambda m: f"{m.group(1)} {_SMALL_VALUES[m.group(2).lower()]}",
        converted,
        flags=re.I,
    )
    # "one point five thousand" -> "1.5 1000": one number.
    converted = re.sub(
        r"\b(\d+\.\d+) (100|1000|1000000)\b",
        lambda m: f"{(Decimal(m.group(1)) * int(m.group(2))).normalize():f}",
        converted,
    )
    # "a 1000" / "a 100": text2num leaves the article in front of the number.
    return re.sub(r"\b(?:a|one)\s+(\d+)\b", r"\1", converted, flags=re.IGNORECASE)


# "two fifty", "twelve ninety nine": two numbers said side by side.
_SIDE_BY_SIDE = re.compile(r"(?<![\d.,$€£¥])\b(\d{1,2}) (\d{2})\b(?![.,]?\d)")
_COUPLE = re.compile(rf"\ba (?:couple|few) (?:of )?({_SCALE_WORD}|\d+)\b", re.I)


def _unclear(normalised: str, home_currency: str) -> list[Unclear]:
    found = []
    for match in _SIDE_BY_SIDE.finditer(normalised):
        whole, part = int(match.group(1)), int(match.group(2))
        if part < 10:
            continue
        after = normalised[match.end() :]
        currency = _currency_after(after) or home_currency
        readings = (Decimal(whole * 100 + part), Decimal(whole) + Decimal(part) / 100)
        found.append(Unclear(readings, currency, match.start(), match.end(), match.group(0)))
    for match in _COUPLE.finditer(normalised):
        word = match.group(1).lower()
        scale = Decimal(_SCALES[word]) if word in _SCALES else Decimal(word)
        currency = _currency_after(normalised[match.end() :]) or home_currency
        found.append(Unclear((2 * scale,), currency, match.start(), match.end(), match.group(0)))
    return found


def _currency_after(text: str) -> str | None:
    match = re.match(rf"\s*({_WORDS})\b", text, re.I)
    return CURRENCY_WORDS[match.group(1).lower()] if match else None


def find_amounts(text: str, home_currency: str) -> list[Amount | Unclear]:
    """Every amount of money in `text`, in order; `Unclear` where it must be asked.

    A bare number ("send 50 to Alice") is taken as money in the home currency
    unless the words around it say it is something else (a period, a time, a
    card ending, an ordinal, a year).
    """
    normalised = normalise(text)
    unclear = _unclear(normalised, home_currency)
    taken = [(u.start, u.end) for u in unclear]
    found: list[Amount | Unclear] = list(unclear)
    for match in _PATTERN.finditer(normalised):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        amount = _amount(match, normalised, home_currency)
        if amount is not None:
            found.append(amount)
    return sorted(found, key=lambda a: a.start)


def _amount(match: re.Match[str], normalised: str, home_currency: str) -> Amount | None:
    symbol, word = match.group("symbol"), match.group("word")
    minor = re.match(r"\s?(?:cents?|pence|penny)\b", normalised[match.end() :], re.I)
    if minor and not symbol and not word and not match.group("scale"):
        number = match.group("number")
        if not number.isdigit() or int(number) >= 100:
            return None  # "150 cents": say it in dollars, please
        return Amount(
            Decimal(number) / 100,
            home_currency,
            match.start(),
            match.end() + minor.end(),
            match.group(0) + minor.group(0),
        )
    if not symbol and not word:
        if _NOT_MONEY_AFTER.match(normalised[match.end("number") :]):
            return None
        if _NOT_MONEY_BEFORE.search(normalised[: match.start("number")]):
            return None
        if len(match.group("number").replace(",", "").split(".")[0]) > 9:
            return None  # a long digit run is an account or phone number
    try:
        value = Decimal(match.group("number").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
        return None
    if match.group("scale"):
        value *= _SCALES[match.group("scale").lower()]
    cents = match.group("cents")
    if cents:
        # "4 dollars 50" and "25 dollars and 50 cents"; a bare "40 and 5" is not money.
        if not word and "cent" not in match.group(0).lower() and "pence" not in match.group(0):
            return None
        if "." in match.group("number"):
            return None  # "$2.50 and 30 cents": say it again
        value += Decimal(cents) / 100
    currency = (
        CURRENCY_SYMBOLS.get(symbol or "")
        or CURRENCY_WORDS.get((word or "").lower())
        or home_currency
    )
    start = match.start("symbol") if symbol else match.start("number")
    return Amount(value, currency, start, match.end(), match.group(0).strip())
