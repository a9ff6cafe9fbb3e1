"""How much a number in a message says, before any currency or cents: the lower half
of the amount grammar (nlu/money.py has the whole of it).

"two hundred and fifty", "1 thousand 5 hundred", "fifteen hundred", "1,500" (by the
decimal mark of the customer's locale), "2.5k", "half a thousand", "a couple of
hundred" (asked), "one and a half thousand".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from num2words import num2words

from nlu.money_tokens import Token, number_readings

UNITS = {num2words(i): i for i in range(1, 10)}  # "one": 1 ... "nine": 9
TEENS = {num2words(i): i for i in range(10, 20)}
TENS = {num2words(i): i for i in range(20, 100, 10)}
DIGIT_WORDS = {"zero": 0, "oh": 0, **UNITS}
SCALES = {"thousand": 1000, "grand": 1000, "k": 1000, "million": 10**6, "billion": 10**9}
FRACTIONS = {"half": Decimal("0.5"), "quarter": Decimal("0.25")}
ARTICLES = {"a", "an", "one"}
RANGES = {"couple": 2, "few": None, "several": None}

# Why an amount must be asked about (nlu/money.py says when each is used).
Doubt = Literal["which", "soundalike", "negative", "decimals", "range", "unreadable", "spelling"]


@dataclass
class Quantity:
    """A number read from the tokens before `end`; `value` None when it is unclear."""

    end: int
    value: Decimal | None
    readings: tuple[Decimal, ...] = ()
    doubt: Doubt = "which"
    plain: bool = False  # below 100 with nothing else: may be half of "two fifty"
    scaled: bool = False  # a scale or "hundred" was said: "5k", "two hundred"
    bare_one: bool = False  # "one" or "a" alone, which is rarely money
    digits: int = 0  # digits in a run, for account numbers
    unit: tuple[int, int] | None = None  # (2, 1000) for "two thousand": "... and a half"


def cents_exact(value: Decimal) -> bool:
    return value == value.quantize(Decimal("0.01"))


class QuantityReader:
    """Reads numbers from the tokens of one message: a recursive descent."""

    def __init__(self, pieces: list[Token], mark: str | None) -> None:
        self.pieces = pieces
        self.mark = mark if mark in (".", ",") else None  # the locale's decimal mark

    def word(self, i: int) -> str | None:
        if 0 <= i < len(self.pieces) and self.pieces[i].kind == "word":
            return self.pieces[i].text
        return None

    def kind(self, i: int) -> str | None:
        return self.pieces[i].kind if 0 <= i < len(self.pieces) else None

    def is_number(self, i: int) -> bool:
        w = self.word(i)
        return self.kind(i) == "number" or w in UNITS or w in TEENS or w in TENS

    def scale(self, i: int) -> int | None:
        w = self.word(i)
        if w == "k" and not self.pieces[i].attached and self.word(i + 1) is not None:
            return None  # "5 k" yes, "5 k of" no: only "5k" or a lone "k"
        return SCALES.get(w or "")

    def quantity(self, i: int) -> Quantity | None:
        found = self.range(i) or self.fraction(i) or self.digits(i) or self.words(i)
        if found is None or found.value is None:
            return found
        return self.and_a_half(found)

    def range(self, i: int) -> Quantity | None:
        """ "a couple of hundred" (200, asked), "a few thousand" (asked how much)."""
        j = i + (self.word(i) == "a")
        times = RANGES.get(self.word(j) or "", 0)
        if times == 0:
            return None
        j += 1 + (self.word(j + 1) == "of")
        scale = 100 if self.word(j) in ("hundred", "hundreds") else self.scale(j)
        if scale is None and self.word(j) in ("thousands", "millions"):
            scale = SCALES[(self.word(j) or "")[:-1]]
        if scale is None:
            return None
        if times is None:
            return Quantity(j + 1, None, (), "range", scaled=True)
        return Quantity(j + 1, None, (Decimal(times * scale),), "which", scaled=True)

    def fraction(self, i: int) -> Quantity | None:
        """ "half a thousand", "a quarter of a million", "three quarters of a million"."""
        j = i + (self.word(i) in ARTICLES)
        share = FRACTIONS.get(self.word(j) or "")
        if share is None and self.word(j) in UNITS and self.word(j + 1) == "quarters":
            share, j = Decimal(UNITS[self.word(j) or ""]) / 4, j + 1
        if share is None:
            return None
        k = j + 1 + (self.word(j + 1) == "of")
        k += self.word(k) in ARTICLES
        if k == j + 1:
            return None  # "half 1000": no "of" or "a" between
        scale = 100 if self.word(k) == "hundred" else self.scale(k)
        if scale is not None:
            return Quantity(k + 1, share * scale, scaled=True)
        whole = self.digits(k) or self.words(k)
        if whole is None or whole.value is None:
            return None
        return Quantity(whole.end, share * whole.value, scaled=True)

    def and_a_half(self, found: Quantity) -> Quantity:
        """ "one and a half thousand", "a thousand and a half", "five and a half dollars"."""
        j = found.end
        if not (self.word(j) == "and" and self.word(j + 1) in ("a", "one")):
            return found
        if self.word(j + 2) != "half":
            return found
        if found.value is None:
            return found
        end = j + 3
        scale = 100 if self.word(end) == "hundred" else self.scale(end)
        if scale is not None and not found.scaled:
            value = (found.value + Decimal("0.5")) * scale
            return Quantity(end + 1, value, scaled=True)
        if found.unit is not None:
            many, unit = found.unit
            return Quantity(end, (many + Decimal("0.5")) * unit, scaled=True)
        if not found.scaled:
            return Quantity(end, found.value + Decimal("0.5"))
        return Quantity(end, None, (), "unreadable")

    def digits(self, i: int) -> Quantity | None:
        """A number written in digits, with a scale after it: "1,500", "2.5k", "5 million"."""
        if self.kind(i) != "number":
            return None
        written = self.pieces[i].text
        if (
            written.isdigit()
            and len(written) <= 3
            and (self.scale(i + 1) or self.word(i + 1) == "hundred")
        ):
            return self.words(i)  # "1 thousand 5 hundred", "2 hundred", "5k"
        scale = 100 if self.word(i + 1) == "hundred" else self.scale(i + 1)
        end = i + 1 + (scale is not None)
        count = sum(c.isdigit() for c in written)
        value, readings, doubt = self.resolve(written, scale or 1)
        return Quantity(
            end,
            value,
            readings,
            doubt,
            plain=written.isdigit() and len(written) <= 2 and scale is None,
            scaled=scale is not None,
            digits=count,
        )

    def resolve(
        self, written: str, scale: int
    ) -> tuple[Decimal | None, tuple[Decimal, ...], Doubt]:
        """The value of a written number, or the readings to ask about.

        Sure when the customer's decimal mark gives an amount, or when only one
        reading is a number at all ("1.000,50"); a reading fits when it has at
        most two decimals (or comes to whole cents once scaled: "2.5k").
        """
        readings = number_readings(written)
        if not readings:
            return None, (), "unreadable"

        def fits(value: Decimal, decimals: int) -> bool:
            return decimals <= 2 if scale == 1 else cents_exact(value * scale)

        for reading in readings:
            if reading.mark == self.mark and fits(reading.value, reading.decimals):
                return reading.value * scale, (), "which"
        fitting = [r.value * scale for r in readings if fits(r.value, r.decimals)]
        others = [r.value * scale for r in readings if not fits(r.value, r.decimals)]
        others = [v for v in others if v not in fitting]
        if len(set(fitting)) == 1 and not others:
            return fitting[0], (), "which"
        offered = tuple(dict.fromkeys(fitting + [v for v in others if cents_exact(v)]))
        return None, offered, "which" if offered else "decimals"

    def words(self, i: int) -> Quantity | None:
        """A number in words, digits or both: "two hundred and fifty", "1 thousand 5
        hundred", "a thousand", "fifteen hundred", "one point five thousand"."""
        if self.word(i) in ("a", "an") and self.scale(i + 1):
            group: tuple[int, int, bool] | None = (1, i + 1, False)
        else:
            group = self.group(i)
        if group is None:
            return None
        current, j, hundreds = group
        total, last_scale, scaled = 0, 0, hundreds
        unit = (current // 100, 100) if hundreds and current % 100 == 0 else None
        while (scale := self.scale(j)) and current and (not last_scale or scale < last_scale):
            total += current * scale
            unit = (current, scale) if current < 1000 and not total - current * scale else None
            last_scale, scaled, current, j = scale, True, 0, j + 1
            if self.word(j - 1) in ("k", "grand"):
                break  # "5k", "two grand": said alone, nothing added after them
            k = j + (
                self.word(j) == "and" or self.kind(j) == "other" and self.pieces[j].text == ","
            )
            following = self.group(k)
            if following is None or following[0] >= scale:
                break
            after = self.scale(following[1])
            if after and after >= scale:
                break  # "1 thousand and 1 thousand": the "and" joins two amounts
            current, j, _ = following
            unit = None
        if self.scale(j) or self.word(j) == "hundred":
            return Quantity(j + 1, None, (), "unreadable")  # "a thousand million", "1k thousand"
        value = Decimal(total + current)
        bare = not scaled and value == 1 and self.kind(i) == "word"
        if not scaled and self.word(j) == "point":
            decimals = ""
            while self.word(j + 1 + len(decimals)) in DIGIT_WORDS:
                decimals += str(DIGIT_WORDS[self.word(j + 1 + len(decimals)) or ""])
            if decimals:
                value += Decimal("0." + decimals)
                j += 1 + len(decimals)
                scale = 100 if self.word(j) == "hundred" else self.scale(j)
                if scale:
                    return Quantity(j + 1, value * scale, scaled=True)
                return Quantity(j, value)
        plain = (
            not scaled and value < 100 and (self.kind(i) == "word" or len(self.pieces[i].text) <= 2)
        )
        return Quantity(j, value, plain=plain, scaled=scaled, bare_one=bare, unit=unit)

    def group(self, i: int) -> tuple[int, int, bool] | None:
        """Below a thousand (or "fifteen hundred"): value, next token, whether "hundred"
        was said."""
        if self.word(i) in ("a", "an") and self.word(i + 1) == "hundred":
            value, j = 100, i + 2
        else:
            small = self.below_hundred(i)
            if small is None:
                return None
            value, j = small
            if self.word(j) != "hundred" or not 1 <= value <= 99:
                return value, j, False
            value, j = value * 100, j + 1
        k = j + (self.word(j) == "and")
        rest = self.below_hundred(k)
        if rest is not None and rest[0] < 100 and self.word(rest[1]) != "hundred":
            value, j = value + rest[0], rest[1]
        return value, j, True

    def below_hundred(self, i: int) -> tuple[int, int] | None:
        """ "twenty five", "fifteen", "7", "250" (digits up to three): value and next token."""
        w = self.word(i)
        if w in TENS:
            unit = UNITS.get(self.word(i + 1) or "")
            return (TENS[w] + unit, i + 2) if unit else (TENS[w], i + 1)
        if w in TEENS:
            return TEENS[w], i + 1
        if w in UNITS:
            return UNITS[w], i + 1
        if (
            self.kind(i) == "number"
            and self.pieces[i].text.isdigit()
            and len(self.pieces[i].text) <= 3
        ):
            return int(self.pieces[i].text), i + 1
        return None
