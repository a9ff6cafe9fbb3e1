"""Amounts written with a slip ("fiffty dolars", "fourty", "5O" with a letter O): asked
about, never read as sure and never left unread.

A word that is no common English word and is one or two letters from a number or money
word ("fiffty" is "fifty", "dolars" is "dollars"), or a run of digits with a letter O
in it, is put right in a copy of the message, and the copy's amounts are read. Each
amount that took a word put right is an `Unclear` whose one reading is that amount
(doubt "spelling"): the assistant asks "Did you mean $50.00?", and the customer's yes or
button chooses it. Amounts that took no such word are left to the plain reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jellyfish

from assistant.bank.english_words import common_english
from nlu.money import Amount, Unclear, find_amounts

# The words an amount is written in, put right when slightly misspelt.
AMOUNT_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "thousand", "dollar", "dollars", "cents", "bucks",
)  # fmt: skip
MONEY_WORDS = frozenset({"dollar", "dollars", "cents", "bucks"})
# Slips this close or closer; shorter words only one letter off ("fiv", not "fie").
_MOST_SLIPS = 2
_SHORT = 5
_WORD = re.compile(r"[A-Za-z]+|\d+[oO]\d*|[oO]\d+")


@dataclass(frozen=True)
class _Mended:
    start: int  # in the message
    end: int
    new_start: int  # in the copy
    new_end: int
    number: bool  # a number put right, not only the money word after it ("20 dollers")


def mended_word(word: str) -> str | None:
    """The amount word `word` was meant to be, or None when it is one already, a common
    English word, or no amount word is close enough."""
    lowered = word.lower()
    if not lowered.isalpha():
        # "5O": digits with a letter O in them.
        return lowered.replace("o", "0") if any(c.isdigit() for c in lowered) else None
    if lowered in AMOUNT_WORDS or lowered in common_english() or len(lowered) < 3:
        return None
    most = 1 if len(lowered) < _SHORT else _MOST_SLIPS
    scored = sorted(
        (jellyfish.damerau_levenshtein_distance(lowered, w), w)
        for w in AMOUNT_WORDS
        if w[0] == lowered[0]
    )
    if not scored or scored[0][0] > most:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None  # as close to two words: no reading to offer
    return scored[0][1]


def misspelt_amounts(text: str, home_currency: str, locale: str | None = None) -> list[Unclear]:
    """The amounts `text` holds once its slips are put right, each to be asked about."""
    copy: list[str] = []
    mended: list[_Mended] = []
    at = 0
    for match in _WORD.finditer(text):
        meant = mended_word(match.group(0))
        if meant is None:
            continue
        copy.append(text[at : match.start()])
        new_start = sum(map(len, copy))
        copy.append(meant)
        number = meant not in MONEY_WORDS
        mended.append(
            _Mended(match.start(), match.end(), new_start, new_start + len(meant), number)
        )
        at = match.end()
    if not mended:
        return []
    copy.append(text[at:])
    found = []
    for amount in find_amounts("".join(copy), home_currency, locale):
        touched = [m for m in mended if m.new_start < amount.end and amount.start < m.new_end]
        if not any(m.number for m in touched) or not isinstance(amount, Amount):
            continue  # "20 dollers": the number was clear, and the plain reader has it
        start = min(m.start for m in touched)
        end = max(m.end for m in touched)
        found.append(
            Unclear((amount.value,), amount.currency, start, end, text[start:end], "spelling")
        )
    return found
