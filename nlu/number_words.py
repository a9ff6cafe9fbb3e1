"""Number words to digits in free text, for the readers of periods and terms.

"the last three months" -> "the last 3 months", "a year and a half" stays.
text2num does the words; digits mixed into number words ("1 thousand 5
hundred") are first spelt out by num2words so text2num sees one number.
Amounts of money are read by their own grammar (nlu/money.py), not by this.
"""

from __future__ import annotations

import re
from decimal import Decimal

from num2words import num2words
from text_to_num import alpha2digit

_CURRENCY = "dollars?|bucks|usd|euros?|eur|pounds?|quid|gbp|yuan|rmb|renminbi|cny|kuai|yen|jpy"
_SCALES = {"thousand": 1000, "million": 1_000_000, "hundred": 100}
_SCALE_WORD = r"(?:hundred|thousand|million)"
_SMALL = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety"
)
_SMALL_VALUES = {word: i + 1 for i, word in enumerate(_SMALL.split("|")[:19])} | {
    word: 20 + 10 * i for i, word in enumerate(_SMALL.split("|")[19:])
}


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
        rf"\b({_SMALL})\s+(?=(?:{_CURRENCY}|cents?|pence)\b)",
        lambda m: f"{_SMALL_VALUES[m.group(1).lower()]} ",
        converted,
        flags=re.I,
    )
    # "four dollars five": the cents after the currency word.
    converted = re.sub(
        rf"\b({_CURRENCY})\s+({_SMALL})\b",
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
