"""Hypothesis strategies that say amounts of money the ways the grammar in nlu/money.py
reads them, each with the value and currency it must be read as.

`sure` gives phrases with one reading (in the locale drawn with them), `unsure` phrases
that must be asked about, never read as an amount; `sure_up_to(most)` the sure ones no
larger than `most` (a payment the demo customer can make). Test modules of nlu/ and
actions/ share them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_decimal
from hypothesis import strategies as st
from num2words import num2words

SENTENCES = [
    "send {} to alice",
    "pay {} for the water bill",
    "move {} to savings",
    "um can you send {} to my daughter please",
    "no, make it {}",
]
# Locales whose numbers differ: "1,234.56", "1.234,56", "1 234,56", "1’234.56".
LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "de_CH"]
CURRENCY_AFTER = {"dollars": "USD", "bucks": "USD", "euros": "EUR", "pounds": "GBP", "quid": "GBP"}
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP"}
SCALES = {"thousand": 1000, "million": 1_000_000}
FRACTIONS = {
    "half a": Decimal("0.5"),
    "half of a": Decimal("0.5"),
    "a quarter of a": Decimal("0.25"),
    "three quarters of a": Decimal("0.75"),
}


@dataclass(frozen=True)
class Said:
    """An amount as said: the phrase, what it must be read as, and the locale to read it in."""

    phrase: str
    value: Decimal
    currency: str = "USD"
    locale: str | None = "en_US"


def words(number: int) -> str:
    """1234 -> "one thousand, two hundred and thirty-four", as num2words writes it."""
    return num2words(number)


cents_values = st.integers(min_value=1, max_value=99)
LARGEST = 999_999


@st.composite
def digits(draw: st.DrawFn, most: int = LARGEST) -> Said:
    """Digits as each locale writes them, with and without grouping, with and without cents:
    "1,234.56" (en_US), "1.234,56" (de_DE), "1 234,56" (fr_FR); read in that locale."""
    major = draw(st.integers(min_value=1, max_value=most - 1))
    cents = draw(st.integers(min_value=0, max_value=99))
    value = Decimal(major) + Decimal(cents).scaleb(-2)
    locale = draw(st.sampled_from(LOCALES))
    grouped = draw(st.booleans())
    pattern = ("#,##0" if grouped else "0") + (".00" if value % 1 else "")
    return Said(format_decimal(value, pattern, locale=locale), value, locale=locale)


@st.composite
def digits_anywhere(draw: st.DrawFn, most: int = LARGEST) -> Said:
    """Digits only one locale can mean, read with no locale: "1,234.56", "1.234,56",
    "1 234,56", "1234", "12.5"."""
    major = draw(st.integers(min_value=1_000, max_value=most - 1))
    cents = draw(cents_values)
    value = Decimal(major) + Decimal(cents).scaleb(-2)
    locale = draw(st.sampled_from(["en_US", "de_DE", "fr_FR"]))
    written = draw(
        st.sampled_from(
            [
                format_decimal(value, "#,##0.00", locale=locale),
                format_decimal(major, "0", locale=locale),
                format_decimal(value, "0.00", locale=locale),
            ]
        )
    )
    read = value if written != format_decimal(major, "0", locale=locale) else Decimal(major)
    return Said(written, read, locale=None)


@st.composite
def number_words(draw: st.DrawFn, most: int = LARGEST) -> Said:
    """ "two hundred and fifty", "one thousand, two hundred and thirty-four"."""
    number = draw(st.integers(min_value=1, max_value=most))
    if number == 1:
        number = 2  # "one" alone is rarely money ("one of my payees")
    return Said(words(number), Decimal(number))


@st.composite
def mixed(draw: st.DrawFn, most: int = LARGEST) -> Said:
    """Digits and words together: "1 thousand 2 hundred and 34", "5 hundred", "250 thousand"."""
    thousands = draw(st.integers(min_value=0, max_value=min(999, most // 1000 - 1)))
    hundreds = draw(st.integers(min_value=0, max_value=9))
    rest = draw(st.integers(min_value=0, max_value=99))
    parts = []
    if thousands:
        parts.append(f"{thousands} thousand")
    if hundreds:
        parts.append(f"{hundreds} hundred")
    if rest and parts:
        parts.append(f"and {rest}")
    if not parts:
        return Said(f"{hundreds + 1} hundred", Decimal((hundreds + 1) * 100))
    return Said(" ".join(parts), Decimal(thousands * 1000 + hundreds * 100 + rest * bool(parts)))


@st.composite
def scaled(draw: st.DrawFn, most: int = LARGEST) -> Said:
    """Scales, "k" and "grand": "a thousand", "two million", "5k", "2.5K", "$2.5k", "two grand"."""
    count = draw(st.integers(min_value=1, max_value=99))
    tenths = draw(st.integers(min_value=1, max_value=9))
    scale_word, scale = draw(st.sampled_from(sorted(SCALES.items())))
    choices = [
        Said(f"a {scale_word}", Decimal(scale)),
        Said(f"{words(count)} {scale_word}", Decimal(count * scale)),
        Said(f"{count} {scale_word}", Decimal(count * scale)),
        Said(f"{count}.{tenths} {scale_word}", Decimal(f"{count}.{tenths}") * scale),
        Said(f"{count}k", Decimal(count * 1000)),
        Said(f"{count}K", Decimal(count * 1000)),
        Said(f"{count}.{tenths}k", Decimal(f"{count}.{tenths}") * 1000),
        Said(f"${count}.{tenths}k", Decimal(f"{count}.{tenths}") * 1000),
        Said(f"{words(count)} grand", Decimal(count * 1000)),
        Said("a grand", Decimal(1000)),
        Said("a hundred", Decimal(100)),
        Said(f"{words(count)} hundred", Decimal(count * 100)),  # "fifteen hundred"
    ]
    return draw(st.sampled_from([c for c in choices if c.value <= most]))


@st.composite
def fractions(draw: st.DrawFn, most: int = LARGEST) -> Said:
    """ "half a thousand", "a quarter of a million", "one and a half thousand",
    "a thousand and a half", "2 and a half grand"."""
    count = draw(st.integers(min_value=1, max_value=9))
    share, part = draw(st.sampled_from(sorted(FRACTIONS.items())))
    scale_word, scale = draw(st.sampled_from([*sorted(SCALES.items()), ("grand", 1000)]))
    half = (Decimal(count) + Decimal("0.5")) * scale
    choices = [
        Said(f"{share} {scale_word}", part * scale),
        Said(f"{words(count)} and a half {scale_word}", half),
        Said(f"{count} and a half {scale_word}", half),
        Said(f"{'a' if count == 1 else words(count)} {scale_word} and a half", half),
    ]
    return draw(
        st.sampled_from(
            [c for c in choices if c.value <= most] or [Said("half a grand", Decimal(500))]
        )
    )


@st.composite
def with_cents(draw: st.DrawFn, most: int = LARGEST) -> Said:
    """ "25 dollars and 50 cents", "twenty five dollars fifty", "$25.50", "50 cents"."""
    major = draw(st.integers(min_value=1, max_value=min(most - 1, 9_999)))
    cents = draw(cents_values)
    value = Decimal(major) + Decimal(cents).scaleb(-2)
    choices = [
        Said(f"{major} dollars and {cents} cents", value),
        Said(f"{words(major)} dollars and {words(cents)} cents", value),
        Said(f"{words(major)} dollars {words(cents)}", value),
        Said(f"${major}.{cents:02d}", value),
        Said(f"${major:,}.{cents:02d}", value),
        Said(f"${major} and {cents} cents", value),
        Said(f"{cents} cents", Decimal(cents).scaleb(-2)),
        Said(f"{words(cents)} cents", Decimal(cents).scaleb(-2)),
    ]
    return draw(st.sampled_from(choices))


def quantities(most: int = LARGEST) -> st.SearchStrategy[Said]:
    return st.one_of(digits(most), number_words(most), mixed(most), scaled(most), fractions(most))


@st.composite
def with_currency(draw: st.DrawFn, most: int = LARGEST) -> Said:
    """A quantity with its currency said: "$50", "50€", "50 dollars", "EUR 50", "50 GBP"."""
    said = draw(quantities(most))
    if said.phrase.startswith("$"):
        return said
    symbol, currency = draw(st.sampled_from(sorted(SYMBOLS.items())))
    word, named = draw(st.sampled_from(sorted(CURRENCY_AFTER.items())))
    forms = [
        (f"{symbol}{said.phrase}", currency),
        (f"{said.phrase}{symbol}", currency),
        (f"{said.phrase} {word}", named),
        (f"{currency} {said.phrase}", currency),
        (f"{said.phrase} {currency}", currency),
    ]
    phrase, currency = draw(st.sampled_from(forms))
    return Said(phrase, said.value, currency, said.locale)


def sure_up_to(most: int) -> st.SearchStrategy[Said]:
    """Amounts said for sure, no larger than `most` (at least 2,000)."""
    return st.one_of(quantities(most), digits_anywhere(most), with_cents(most), with_currency(most))


sure = sure_up_to(10_000_000)


@dataclass(frozen=True)
class Unsure:
    """An amount that must be asked about; `readings` are among those offered."""

    phrase: str
    readings: tuple[Decimal, ...] = ()
    locale: str | None = None


@st.composite
def side_by_side(draw: st.DrawFn) -> Unsure:
    """ "two fifty", "twenty five fifty", "12 99": $2.50 or $250?"""
    first = draw(st.integers(min_value=1, max_value=99))
    second = draw(st.integers(min_value=10, max_value=99))
    readings = (Decimal(first * 100 + second), Decimal(first) + Decimal(second).scaleb(-2))
    if draw(st.booleans()):
        return Unsure(f"{words(first)} {words(second)}", readings)
    return Unsure(f"{first} {second}", readings)


@st.composite
def either_mark(draw: st.DrawFn) -> Unsure:
    """ "1,500" or "1.500" with no locale: 1500 or 1.5; "1.000" in en_US, "1,500" in de_DE."""
    first = draw(st.integers(min_value=1, max_value=999))
    group = draw(st.integers(min_value=0, max_value=999))
    mark = draw(st.sampled_from([",", "."]))
    locale = draw(st.sampled_from([None, "en_US" if mark == "." else "de_DE"]))
    return Unsure(f"{first}{mark}{group:03d}", (Decimal(first * 1000 + group),), locale)


@st.composite
def negative(draw: st.DrawFn) -> Unsure:
    """ "-50", "minus fifty dollars", "negative 1,200.50", "-$5", "$-5"."""
    said = draw(st.one_of(quantities(), with_cents(), with_currency()))
    number = draw(st.integers(min_value=1, max_value=9_999))
    phrase = draw(
        st.sampled_from(
            [
                f"-{number}",
                f"-${number}",
                f"$-{number}",
                f"−{number}",
                f"minus {said.phrase}",
                f"negative {said.phrase}",
            ]
        )
    )
    return Unsure(phrase, (), said.locale)


@st.composite
def too_many_decimals(draw: st.DrawFn) -> Unsure:
    """ "10.5055", "$3.14159": more than two decimals is no amount."""
    major = draw(st.integers(min_value=0, max_value=9_999))
    fraction = draw(st.integers(min_value=1, max_value=9_999))
    symbol = draw(st.sampled_from(["", "$"]))
    return Unsure(f"{symbol}{major}.{fraction:04d}", (), "en_US")


@st.composite
def ranges(draw: st.DrawFn) -> Unsure:
    """ "a few hundred", "several thousand dollars", "a couple of grand"."""
    word = draw(st.sampled_from(["a few", "several", "a couple of", "a couple"]))
    scale = draw(st.sampled_from(["hundred", "thousand", "grand", "million"]))
    currency = draw(st.sampled_from(["", " dollars"]))
    return Unsure(f"{word} {scale}{currency}")


@st.composite
def either_of_two(draw: st.DrawFn) -> Unsure:
    """ "20-30 dollars", "fifty or sixty", "between $50 and $60": both offered."""
    first, second = draw(
        st.lists(quantities(), min_size=2, max_size=2, unique_by=lambda s: s.value)
    )
    joiners = ["{} or {}", "between {} and {}"]
    if first.phrase[-1].isdigit() and second.phrase[0] in "0123456789$€£":
        joiners += ["{}-{}", "{} - {}"]  # a dash between words joins them: "twenty-five"
    joined = draw(st.sampled_from(joiners))
    locale = first.locale if first.locale == second.locale else None
    # "between seven thousand, five hundred and two": which "and" joins is not sure either.
    sure_of_both = locale and not joined.startswith("between")
    readings = (first.value, second.value) if sure_of_both else ()
    return Unsure(joined.format(first.phrase, second.phrase), readings, locale)


unsure = st.one_of(
    side_by_side(), either_mark(), negative(), too_many_decimals(), ranges(), either_of_two()
)
