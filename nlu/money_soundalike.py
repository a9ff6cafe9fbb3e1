"""Amounts that sound like other amounts: a teen heard for its ten, or a ten for its teen.

"fourteen" and "forty" (thirteen/thirty ... nineteen/ninety) differ only in how
their last syllable is stressed, which a recogniser, a phone line and a listener
hard of hearing all lose. An amount heard by speech recognition is therefore
asked about when one word of it, said aloud, could be the other of such a pair
(`sound_alikes`); typed amounts never are.

Where such a word stands alone in an amount said aloud:

- the last two digits of each group of three: "fourteen" (14 / 40), "one hundred
  forty" (140 / 114), "fourteen thousand" (14,000 / 40,000), "two thousand and
  fifteen" (2,015 / 2,050);
- the cents: "fourteen fifty" (14.50 / 14.15), "five dollars fourteen" (5.14 / 5.40);
- the hundreds of an amount from 1,000 to 9,999 said the short way: "fourteen
  hundred" (1,400 / 4,000, "forty hundred"), "fifteen hundred and fifty" (1,550 /
  5,050). Round thousands are offered the short way back, so 4,000 is asked too.

A ten with a unit after it ("forty-five") has no sound-alike: "fourteen five" is no
amount. One word is misheard at a time, so 14.14 offers 40.14 and 14.40, never 40.40.
"""

from __future__ import annotations

from decimal import Decimal

# 30: 13, 40: 14 ... 90: 19, and back.
_TEEN_OF_TEN = {10 * n: 10 + n for n in range(3, 10)}
ALIKE = {**_TEEN_OF_TEN, **{teen: ten for ten, teen in _TEEN_OF_TEN.items()}}


def sound_alikes(value: Decimal) -> tuple[Decimal, ...]:
    """The other amounts `value` sounds like when said aloud, in the order above; none
    for most amounts (25, 100, 2.50, 45).

    `value` has at most two decimals; so do the amounts returned, whole ones bare (40,
    not 40.00), as nlu/money.py writes them.
    """
    said = int(value.scaleb(2))  # in cents
    whole, cents = divmod(said, 100)
    others: list[int] = []
    rest, place = whole, 100  # a group's place, in cents
    while rest:
        below = rest % 100  # the last two digits of this group of three
        if below in ALIKE:
            others.append(said + (ALIKE[below] - below) * place)
        rest, place = rest // 1000, place * 1000
    if cents in ALIKE:
        others.append(said + ALIKE[cents] - cents)
    hundreds = whole // 100
    if 1000 <= whole < 10_000 and hundreds in ALIKE:
        others.append(said + (ALIKE[hundreds] - hundreds) * 100 * 100)
    return tuple(_tidy(Decimal(other).scaleb(-2)) for other in dict.fromkeys(others))


def _tidy(value: Decimal) -> Decimal:
    whole = value.to_integral_value()
    return whole.quantize(Decimal(1)) if value == whole else value.quantize(Decimal("0.01"))
