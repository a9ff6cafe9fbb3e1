"""The pieces of a message the amount grammar reads (nlu/money.py).

`tokens` cuts a message into words, numbers as written ("1.000,50"), currency
signs, minus signs and punctuation, each with its place in the message.
`number_readings` says what a written number can mean: "1,500" is 1500 where a
point marks decimals and 1.500 where a comma does; "1.000,50" is a number only
where a comma marks decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel.core import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol

CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY"}
# Spaces that group thousands: a plain space, a no-break space, a narrow one (fr_FR).
_SPACES = " \u00a0\u202f"
_TOKEN = re.compile(
    rf"(?P<number>\d{{1,3}}(?:[{_SPACES}]\d{{3}}(?!\d))+(?:[.,]\d+)?|\d+(?:[.,'’]\d+)*)"
    rf"|(?P<word>[^\W\d_]+(?:'[^\W\d_]+)?)"
    rf"|(?P<symbol>[{''.join(CURRENCY_SYMBOLS)}])"
    r"|(?P<sign>[-−–](?=[\d$€£¥]))"
    r"|(?P<other>[^\s\w])"
)


@dataclass(frozen=True)
class Token:
    """One piece of a message."""

    kind: str  # "number" (digits as written), "word" (lower case), "symbol", "sign", "other"
    text: str
    start: int  # where it stands in the message
    end: int
    attached: bool  # nothing between it and the piece before ("5k", "15th", "-50")


def tokens(text: str) -> list[Token]:
    """The pieces of `text`, in order ("twenty-five" is two words)."""
    found: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        attached = bool(found) and found[-1].end == match.start()
        if kind == "sign" and found and attached and found[-1].kind in ("number", "word"):
            kind = "other"  # "20-30": a dash, not a minus
        if (
            kind == "other"
            and match.group(0) in "-–"
            and text[match.end() : match.end() + 1].isalpha()
        ):
            continue  # "twenty-five", "three-quarters": one word each side
        value = match.group(0).lower() if kind == "word" else match.group(0)
        found.append(Token(kind, value, match.start(), match.end(), attached))
    return found


@dataclass(frozen=True)
class Reading:
    """What a written number means where `mark` marks decimals."""

    mark: str  # "." or ","
    value: Decimal
    decimals: int  # digits written after the mark


def number_readings(written: str) -> list[Reading]:
    """Each meaning of a written number, one per decimal mark that makes it a number.

    Thousands are grouped by the other mark, a space or an apostrophe, in groups
    of three after the first; "1,50" is no number where a point marks decimals.
    """
    readings = []
    for mark, other in ((".", ","), (",", ".")):
        whole, _, fraction = written.partition(mark)
        if mark in fraction or not fraction and written.endswith(mark):
            continue
        groups = re.split(rf"[{re.escape(other)}'’{_SPACES}]", whole)
        separators = set(re.findall(rf"[{re.escape(other)}'’{_SPACES}]", whole))
        if len(groups) > 1 and (
            len(separators) > 1
            or not 1 <= len(groups[0]) <= 3
            or any(len(g) != 3 for g in groups[1:])
        ):
            continue
        if fraction and not fraction.isdigit():
            continue
        value = Decimal("".join(groups) + ("." + fraction if fraction else ""))
        readings.append(Reading(mark, value, len(fraction)))
    return readings


@lru_cache(maxsize=32)
def decimal_mark(locale: str) -> str:
    """The mark a Babel locale writes decimals with: "." for en_US, "," for de_DE.

    Raises:
        ValueError: `locale` is not a locale Babel knows (BANK_LOCALE).
    """
    try:
        return get_decimal_symbol(Locale.parse(locale))
    except (UnknownLocaleError, ValueError) as error:
        raise ValueError(
            f"BANK_LOCALE must be a locale such as en_US or de_DE, got {locale!r}."
        ) from error
