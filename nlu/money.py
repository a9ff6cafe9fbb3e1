"""Amounts of money in what people type or say, read by a small grammar.

`find_amounts` cuts a message into pieces (nlu/money_tokens.py) and reads each
amount in it by these rules; anything they cannot read for sure is an
`Unclear`, which the assistant asks about. A wrong number is never guessed.

    amount   = [sign] [currency] quantity [currency] [cents]
    quantity = range | fraction | number [scale] | words
    words    = group {scale group}            "two hundred and fifty", "1 thousand 5 hundred"
    group    = below_100 ["hundred" ["and"] below_100] | "a hundred"   "fifteen hundred"
    scale    = "thousand" | "million" | "billion" | "grand" | "k"
    fraction = ["a"] ("half" | "quarter" | n "quarters") ["of"] ["a"] scale-or-quantity
                                              "half a thousand" = 500, "a quarter of a million"
    ... "and a half"                          "one and a half thousand", "a thousand and a half"
    cents    = ["and"] below_100 ["cents"]    "25 dollars and 50 cents", "four dollars fifty"

Read for sure (`Amount`): the above, and digits in every way of writing them
where only one reading is a number ("$1,200.50", "1.000,50", "1 000,50", "5k",
"$2.5k", "20€", "50 USD"); "1,500" and "1.000" by the customer's locale
(`locale`, BANK_LOCALE: en_US reads "1,500" as 1500), and the one reading
that has at most two decimals.

Asked (`Unclear`, its `doubt` says why):

- "which": more than one amount fits, `readings` has each to offer: "two fifty"
  (250 or 2.50), "twenty five fifty" (2550 or 25.50), "1,500" with no locale
  (1500 or 1.5), "1.000" in en_US (1000 or 1), "a couple of hundred" (200);
- "soundalike": only in what speech recognition heard (`spoken`), an amount that
  sounds like another, `readings` the one heard first: "$14" (14 or 40), "1,400"
  (1400 or 4000); nlu/money_soundalike.py says which;
- "negative": "-50", "minus 50", "negative fifty" (never read as 50);
- "decimals": more than two decimals, "10.5055";
- "range": "a few hundred", "several thousand";
- "unreadable": pieces that do not make one amount ("$2.50 and 30 cents",
  "two five", a currency before and another after).

A bare number ("send 50 to Alice") is money in the home currency unless the
words around it say it is something else: a period ("30 days"), a time, a
card ending, an ordinal, a year, a count ("3 bills"), an account number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from nlu.money_quantities import (
    ARTICLES,
    FRACTIONS,
    SCALES,
    TEENS,
    TENS,
    UNITS,
    Doubt,
    Quantity,
    QuantityReader,
    cents_exact,
)
from nlu.money_soundalike import sound_alikes
from nlu.money_tokens import CURRENCY_SYMBOLS, Token, decimal_mark, tokens
from nlu.number_words import normalise

__all__ = ["CURRENCY_WORDS", "Amount", "Doubt", "Unclear", "find_amounts", "normalise"]

CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "buck": "USD", "bucks": "USD", "usd": "USD",
    "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "pound": "GBP", "pounds": "GBP", "quid": "GBP", "gbp": "GBP",
    "yuan": "CNY", "rmb": "CNY", "renminbi": "CNY", "cny": "CNY", "kuai": "CNY",
    "yen": "JPY", "jpy": "JPY",
}  # fmt: skip
# Currency codes also come first: "USD 50", "EUR 20".
_CODES = {"usd", "eur", "gbp", "cny", "rmb", "jpy"}
_MINOR_WORDS = {"cent", "cents", "pence", "penny", "pennies"}

# Words that can stand inside an amount, for finding where "between ... and ..." ends.
_NUMBERISH = {
    *UNITS, *TEENS, *TENS, *SCALES, *FRACTIONS, *ARTICLES, *CURRENCY_WORDS,
    "hundred", "and", "point", "zero", "oh", "of", "quarters", "cent", "cents", "minus", "negative",
}  # fmt: skip

# Numbers that are not money: "last 3 days", "at 5 pm", "the 1st", "ending 4821", "3 bills".
_NOT_MONEY_AFTER = {
    "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours",
    "minute", "minutes", "am", "pm", "o'clock", "oclock", "st", "nd", "rd", "th", "times",
    "percent", "digit", "digits", "bills", "payments", "cards", "accounts", "transactions",
    "payees", "%",
}  # fmt: skip
_NOT_MONEY_BEFORE = {
    "last", "past", "next", "ending", "ends", "pin", "code", "number", "account", "card",
    "since", "in", "on", "at", "year", "branch",
}  # fmt: skip
# The mask of an account or card number that the web app and the channels keep out of
# the records ("account ****5678", assistant/messages.py): the digits after it are never
# an amount.
MASK = "*"
_MASKED = re.compile(r"\*+(\d{4})\b")


def masked_last4(text: str) -> list[str]:
    """The last four digits of each masked account or card number in `text`."""
    return _MASKED.findall(text)


_LONGEST_AMOUNT = 9  # digits; a longer run is an account or phone number


@dataclass(frozen=True)
class Amount:
    """An amount heard for sure."""

    value: Decimal
    currency: str
    start: int  # character offsets in the message
    end: int
    text: str  # as the customer wrote it


@dataclass(frozen=True)
class Unclear:
    """Words that are money but not one amount for sure: ask, never guess."""

    readings: tuple[Decimal, ...]  # what to offer, most likely first (may be none)
    currency: str
    start: int
    end: int
    text: str
    doubt: Doubt = "which"  # why it must be asked (module docstring)


def find_amounts(
    text: str, home_currency: str, locale: str | None = None, *, spoken: bool = False
) -> list[Amount | Unclear]:
    """Every amount of money in `text`, in order; `Unclear` where it must be asked.

    Args:
        text: the message as typed or transcribed.
        home_currency: the currency of an amount said without one.
        locale: the customer's Babel locale (BANK_LOCALE), which says whether
            "1,500" is 1500 or 1.5; without one such a number is asked about.
        spoken: `text` is what speech recognition heard, so an amount in the home
            currency that sounds like another is asked about ("soundalike"). An
            amount in another currency is left as heard: it cannot be sent anyway.

    Raises:
        ValueError: `locale` is not a locale Babel knows.
    """
    mark = decimal_mark(locale) if locale else None
    found = _Reader(text, tokens(text), home_currency, mark).amounts()
    if not spoken:
        return found
    return [_heard_alike(amount, home_currency) for amount in found]


def _heard_alike(amount: Amount | Unclear, home_currency: str) -> Amount | Unclear:
    """A sure amount heard by speech recognition, or both it and its sound-alikes to ask."""
    if isinstance(amount, Unclear) or amount.currency != home_currency:
        return amount
    others = sound_alikes(amount.value)
    if not others:
        return amount
    readings = (amount.value, *others)
    return Unclear(readings, amount.currency, amount.start, amount.end, amount.text, "soundalike")


def _tidy(value: Decimal) -> Decimal:
    """1500.0 -> 1500, 25.5 -> 25.50: whole amounts bare, the rest in cents."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.quantize(Decimal("0.01")) if cents_exact(value) else value


class _Reader(QuantityReader):
    """Reads the amounts of one message: the upper half of the grammar, over the
    quantities `QuantityReader` reads."""

    def __init__(self, text: str, pieces: list[Token], home: str, mark: str | None) -> None:
        super().__init__(pieces, mark)
        self.text, self.home = text, home

    def currency_word(self, i: int) -> str | None:
        return CURRENCY_WORDS.get(self.word(i) or "")

    def symbol(self, i: int) -> str | None:
        return CURRENCY_SYMBOLS.get(self.pieces[i].text) if self.kind(i) == "symbol" else None

    def amounts(self) -> list[Amount | Unclear]:
        found: list[Amount | Unclear] = []
        i = 0
        while i < len(self.pieces):
            result = self.amount(i)
            if result is None:
                i += 1
                continue
            read, i = result
            if read is not None:
                found.append(read)
        return found

    def amount(self, i: int) -> tuple[Amount | Unclear | None, int] | None:
        """The amount starting at token `i` and the token after it; None if none starts
        there. (None, end) for a number that is not money ("30 days").

        Two amounts joined as a range ("20-30 dollars", "fifty or sixty", "between 50
        and 60") are one `Unclear` that offers both.
        """
        if self.word(i - 1) == "between":
            return self.between(i)
        found = self.single(i)
        if found is None:
            return None
        read, end = found
        if read is None:
            return found
        dash = self.kind(end) in ("other", "sign") and self.pieces[end].text in "-–−"
        if not (dash or self.word(end) == "or"):
            return found
        other = self.single(end + 1)
        if other is None:
            return found
        second, stop = other
        if second is None:
            return found
        return self.either(i, read, second, stop), stop

    def either(
        self, first: int, read: Amount | Unclear, second: Amount | Unclear, end: int
    ) -> Unclear:
        """Two amounts said as a range: both offered when each is sure."""
        currency = second.currency if read.currency == self.home else read.currency
        readings = tuple(a.value for a in (read, second) if isinstance(a, Amount))
        if len(readings) < 2 or readings[0] == readings[1]:
            return self.unclear(first, end, (), currency, "unreadable")
        return self.unclear(first, end, readings, currency, "which")

    def between(self, i: int) -> tuple[Amount | Unclear | None, int] | None:
        """ "between 50 and 60 dollars": the "and" that splits the words into two amounts;
        none or more than one ("between a thousand and five and six") is asked."""
        end = i
        while (
            self.kind(end) in ("number", "symbol", "sign")
            or self.word(end) in _NUMBERISH
            or (self.kind(end) == "other" and self.pieces[end].text == ",")
        ):
            end += 1
        splits = []
        for middle in range(i + 1, end):
            if self.word(middle) != "and":
                continue
            left, right = self.single(i), self.single(middle + 1)
            if left and right and left[0] and right[0] and (left[1], right[1]) == (middle, end):
                splits.append((left[0], right[0]))
        if len(splits) == 1:
            return self.either(i, *splits[0], end), end
        found = self.single(i)
        if found is None or found[0] is None:
            return found
        return self.unclear(i, max(end, found[1]), (), found[0].currency, "unreadable"), max(
            end, found[1]
        )

    def single(self, i: int) -> tuple[Amount | Unclear | None, int] | None:
        """One amount starting at token `i`, as `amount` says."""
        first = i
        negative = self.kind(i) == "sign" or self.word(i) in ("minus", "negative")
        i += negative
        before = self.symbol(i) or (self.currency_word(i) if self.word(i) in _CODES else None)
        if before:
            i += 1
            if self.kind(i) == "sign":
                negative, i = True, i + 1
        quantity = self.quantity(i)
        if quantity is None:
            return None
        end = quantity.end
        # A sign after the number belongs to it ("20€"), unless a number follows ("$5 $6").
        after = self.currency_word(end) or (
            self.symbol(end) if not before and not self.is_number(end + 1) else None
        )
        end += bool(after)
        if before and after and before != after:
            return self.unclear(first, end, (), before, "unreadable"), end
        currency = before or after or self.home
        said_currency = bool(before or after)
        if not after and quantity.value is not None:
            joined = self.side_by_side(quantity, first)
            if joined is not None:
                return joined
        if self.word(end) in _MINOR_WORDS or self.word(end) == "p" and self.pieces[end].attached:
            end += 1  # "50 cents", "50p"
            if said_currency:
                return self.unclear(first, end, (), currency, "unreadable"), end
            said_currency = True
            quantity.readings = tuple(r / 100 for r in quantity.readings)
            if quantity.value is not None:
                quantity.value /= 100
        elif quantity.value is not None:
            # "four dollars fifty" (a currency word, then the cents), "$25 and 50 cents".
            named = after is not None and self.kind(end - 1) == "word"
            cents = self.cents(end, need_word=not named)
            if cents is not None:
                if quantity.value != quantity.value.to_integral_value():
                    end = cents[1]
                    return self.unclear(first, end, (), currency, "unreadable"), end
                quantity.value += cents[0]
                end, said_currency = cents[1], True
        if not said_currency and not self.money_here(quantity, first):
            return None, quantity.end
        if negative:
            return self.unclear(first, end, (), currency, "negative"), end
        if quantity.value is None:
            return self.unclear(first, end, quantity.readings, currency, quantity.doubt), end
        if not cents_exact(quantity.value):
            return self.unclear(first, end, (), currency, "decimals"), end
        start, stop = self.pieces[first].start, self.pieces[end - 1].end
        return Amount(_tidy(quantity.value), currency, start, stop, self.text[start:stop]), end

    def side_by_side(self, first_part: Quantity, first: int) -> tuple[Unclear | None, int] | None:
        """ "two fifty", "twelve ninety nine", "25 50": $2.50 or $250 (asked);
        "two five": no amount for sure."""
        if not first_part.plain or not self.is_number(first_part.end):
            return None
        second = self.quantity(first_part.end)
        if second is None or second.value is None:
            return None
        end = second.end
        if self.word(end) in _NOT_MONEY_AFTER or self.word(end) in _MINOR_WORDS:
            return None
        currency = self.currency_word(end) or self.symbol(end) or self.home
        end += bool(self.currency_word(end) or self.symbol(end))
        if self.word(first - 1) in _NOT_MONEY_BEFORE or self.masked(first):
            return None, end  # "at 9 30"
        whole, part = first_part.value or Decimal(0), second.value
        if not second.plain or part < 10:
            return self.unclear(first, end, (), currency, "unreadable"), end
        readings = (whole * 100 + part, whole + part.scaleb(-2))
        return self.unclear(first, end, readings, currency, "which"), end

    def cents(self, i: int, need_word: bool) -> tuple[Decimal, int] | None:
        """ "and 50 cents", "fifty" after "four dollars": the cents and the token after."""
        j = i + (self.word(i) == "and" or self.kind(i) == "other" and self.pieces[i].text == ",")
        small = self.below_hundred(j)
        if small is None or self.kind(j) == "number" and len(self.pieces[j].text) > 2:
            return None
        value, k = small
        named = self.word(k) in _MINOR_WORDS
        if need_word and not named:
            return None
        if not named and (
            self.is_number(k)
            or self.scale(k)
            or self.word(k) in ("hundred", "point", "and")
            or self.currency_word(k)
            or self.word(k) in _NOT_MONEY_AFTER
        ):
            return None  # "5 dollars 2 times", "50 dollars 20 dollars"
        return Decimal(value).scaleb(-2), k + named

    def money_here(self, quantity: Quantity, first: int) -> bool:
        """Whether a number said without a currency is money: not "30 days", "at 9"."""
        if quantity.bare_one or quantity.digits > _LONGEST_AMOUNT:
            return False
        after = quantity.end
        if self.word(after) in _NOT_MONEY_AFTER:
            return False
        if self.kind(after) == "other" and self.pieces[after].text == "%":
            return False
        return self.word(first - 1) not in _NOT_MONEY_BEFORE and not self.masked(first)

    def masked(self, first: int) -> bool:
        """The number at `first` is what is left of a masked one: "****5678"."""
        return self.kind(first - 1) == "other" and self.pieces[first - 1].text == MASK

    def unclear(
        self, first: int, end: int, readings: tuple[Decimal, ...], currency: str, doubt: Doubt
    ) -> Unclear:
        start, stop = self.pieces[first].start, self.pieces[end - 1].end
        tidy = tuple(_tidy(r) for r in readings)
        return Unclear(tidy, currency, start, stop, self.text[start:stop], doubt)
