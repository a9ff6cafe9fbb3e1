"""Chinese numerals, and digits mixed with them, read as exact Decimals.

"两百五十" 250, "一万二" 12000 (the end unit left unsaid), "一千零五" 1005, "零点五"
0.5, "一点五万" 15000, "壹仟贰佰伍拾" (the numerals of cheques) 1250, "2万5" 25000,
"1.5万" 15000, "12万3456" 123456, "1,000" 1000. cn2an reads the whole numbers; the
decimals are read here, digit by digit, so that no amount ever passes through a float.

A number that is not one number is no guess (its `doubt` says why, as for English
amounts, nlu/money_quantities.py):

- "which": two numerals side by side say about how much, `readings` both: "一两百" (100
  or 200), "两三千", "五六十", "十五六", "一千五六";
- "range": "几" or "数" says a few of something, no reading: "几百", "十几", "数千";
- "unreadable": numerals that make no number, "二五零" (said digit by digit), "一二三".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import cn2an

from nlu.money_quantities import Doubt, QuantityReader

NUMERALS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    # The numerals of cheques and bank forms.
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}  # fmt: skip
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10**4, "亿": 10**8}
# A number starts with a numeral, a digit, "十" or "几": "万一" ("in case") and
# "千万" ("by all means") are no numbers.
_NOT_FIRST = "百佰千仟万亿"
_NUMERAL = "".join(NUMERALS)
_UNIT = "".join(UNITS)
RUN = re.compile(
    rf"(?![{_NOT_FIRST}])"
    rf"(?:数(?=[十百千万]))?"  # "数百": several hundred
    rf"(?:[0-9]+(?:[.,][0-9]+)*|[{_NUMERAL}{_UNIT}几])+"
    rf"(?:点[0-9{_NUMERAL}{_UNIT}]+)?"  # "零点五", "一点五万"
)
# A unit after the decimals: "一点五万" is 15000; "三点五十" is no number (a time, 3:50).
_DECIMALS = re.compile(rf"([0-9{_NUMERAL}]+)([万亿千百]?)")
# Two numerals side by side that say "about": "一两百", "三五百".
_ABOUT = {(a, a + 1) for a in range(1, 9)} | {(3, 5)}
# Chinese writes decimals with a point (zh_CN, zh_TW, zh_HK): digits are read by the
# English reader's rule with that mark ("1,000" is 1000, "1.000,50" is 1000.50).
_DIGITS = QuantityReader([], ".")


@dataclass(frozen=True)
class Number:
    """A number as written; `value` None when it is not one number for sure."""

    value: Decimal | None
    readings: tuple[Decimal, ...] = ()
    doubt: Doubt = "which"


_UNREADABLE = Number(None, (), "unreadable")


def read_number(run: str) -> Number:
    """The number a run of numerals and digits (one `RUN` match) says."""
    if "几" in run or run.startswith("数"):
        return Number(None, (), "range")
    if run.isascii():
        return Number(*_DIGITS.resolve(run, 1))
    scaled_digits = re.fullmatch(rf"([0-9][0-9.,]*)([{_UNIT}])", run)
    if scaled_digits:  # "1.5万", "3千"
        return Number(*_DIGITS.resolve(scaled_digits[1], UNITS[scaled_digits[2]]))
    whole, point, decimals = run.partition("点")
    if point:
        return _with_decimals(whole, decimals)
    pairs = [k for k in range(len(whole) - 1) if _digit(whole[k]) > 0 and _digit(whole[k + 1]) > 0]
    if pairs:
        return _about(whole, pairs)
    value = whole_number(whole)
    return _UNREADABLE if value is None else Number(Decimal(value))


def _digit(character: str) -> int:
    """The value of a single numeral, or -1 when it is none (a digit, a unit)."""
    return NUMERALS.get(character, -1)


def _with_decimals(whole: str, decimals: str) -> Number:
    """ "零点五" 0.5, "三点零五" 3.05, "一点五万" 15000."""
    said = _DECIMALS.fullmatch(decimals)
    integer = whole_number(whole)
    if said is None or integer is None:
        return _UNREADABLE
    digits = "".join(c if c.isdigit() else str(NUMERALS[c]) for c in said[1])
    scale = UNITS[said[2]] if said[2] else 1
    return Number((integer + Decimal("0." + digits)) * scale)


def _about(whole: str, pairs: list[int]) -> Number:
    """ "一两百": 100 or 200, both offered; other numerals side by side are no number."""
    if len(pairs) > 1:
        return _UNREADABLE
    k = pairs[0]
    if (_digit(whole[k]), _digit(whole[k + 1])) not in _ABOUT:
        return _UNREADABLE
    lower = whole_number(whole[: k + 1] + whole[k + 2 :])
    higher = whole_number(whole[:k] + whole[k + 1 :])
    if lower is None or higher is None:
        return _UNREADABLE
    return Number(None, (Decimal(lower), Decimal(higher)), "which")


def whole_number(written: str) -> int | None:
    """A whole number in numerals, digits or both ("2万5"), or None when it is none.

    Numerals with no unit between them ("二五零") are not read digit by digit, as cn2an
    would: nobody says an amount that way, and "一二" is more likely two numbers.
    """
    if not written:
        return None
    if written.isdigit() and written.isascii():
        return int(written)
    if not any(c in UNITS for c in written) and len(written) > 1:
        return None
    if "." in written or "," in written:
        return None
    chinese = re.sub(r"[0-9]+", lambda m: _numerals(m[0], first=m.start() == 0), written)
    try:
        value = cn2an.cn2an(chinese, "normal")
    except ValueError:
        return None
    return value if type(value) is int else None


def _numerals(digits: str, *, first: bool) -> str:
    """Digits inside a number in numerals: "2万5" -> "2" and "5" as "二", "五"."""
    written = cn2an.an2cn(digits)
    # "1万10": "一万一十", not "一万十", which cn2an does not read.
    return written if first or not written.startswith("十") else "一" + written


def small_number(written: str) -> int | None:
    """A count said in numerals or digits ("三", "十二", "两", "3"), or None."""
    if not RUN.fullmatch(written):
        return None
    number = read_number(written)
    if number.value is None or number.value != number.value.to_integral_value():
        return None
    return int(number.value)
