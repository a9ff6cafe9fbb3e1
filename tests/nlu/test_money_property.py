"""Every amount from 1 cent to the transfer limit, written or said any way, is heard
as itself or asked about: never as another amount."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st
from num2words import num2words

from assistant.settings import BankSettings
from nlu.money import Amount, Unclear, find_amounts

LIMIT_MINOR = BankSettings("sqlite://").per_transfer_limit_minor
SENTENCES = [
    "{}",
    "send {} to alice",
    "transfer {} to carlos please",
    "um can you pay {} to my daughter",
    "actually make it {}",
    "no, {}",
]


def words(number: int) -> str:
    return num2words(number).replace(",", "")


def mixed(major: int) -> str:
    """1234 -> "1 thousand 234", 200 -> "2 hundred": digits and words together."""
    thousands, rest = divmod(major, 1000)
    hundreds, units = divmod(rest, 100)
    parts = []
    if thousands:
        parts.append(f"{thousands} thousand")
    if hundreds:
        parts.append(f"{hundreds} hundred")
    if units:
        parts.append(("and " if parts else "") + str(units))
    return " ".join(parts)


def ways_to_say(minor: int) -> dict[str, str]:
    """Each way an older customer might write or say this amount."""
    major, cents = divmod(minor, 100)
    ways = {}
    ways["digits"] = f"{major}.{cents:02d}" if cents else str(major)
    ways["symbol"] = f"${major:,}.{cents:02d}"
    if major and cents:
        ways["digits and cents"] = f"{major} dollars and {cents} cents"
        ways["words"] = f"{words(major)} dollars and {words(cents)} cents"
        ways["spoken dollars"] = f"{words(major)} dollars {words(cents)}"
    elif major:
        ways["words"] = f"{words(major)} dollars"
        ways["mixed"] = mixed(major)
        ways["mixed dollars"] = f"{mixed(major)} dollars"
        if major % 100 == 0 and 1000 < major < 10_000 and major % 1000:
            ways["hundreds"] = f"{words(major // 100)} hundred"  # "fifteen hundred"
        if major % 100 >= 10 and 1000 < major < 10_000:
            ways["spoken"] = f"{words(major // 100)} {words(major % 100)}"  # "twelve fifty"
        if major % 100 == 0 and major >= 1000:
            ways["k"] = f"{Decimal(major) / 1000:f}k"
        if major % 1000 == 500 and major > 1000:
            ways["and a half"] = f"{words(major // 1000)} and a half thousand"
    else:
        ways["cents"] = f"{cents} cents"
        ways["cents words"] = f"{words(cents)} cents"
    if 0 < major < 100 and cents >= 10:
        ways["spoken"] = f"{words(major)} {words(cents)}"  # "two fifty" for $2.50
    return ways


def heard(text: str) -> list[Amount | Unclear]:
    return find_amounts(text, "USD")


@settings(max_examples=1500, deadline=None)
@given(
    minor=st.integers(min_value=1, max_value=LIMIT_MINOR),
    sentence=st.sampled_from(SENTENCES),
)
@example(minor=25_000, sentence="{}")  # "two fifty" is $250 ...
@example(minor=250, sentence="{}")  # ... or $2.50: asked
@example(minor=20_000, sentence="transfer {} to carlos please")  # "2 hundred"
@example(minor=150_000, sentence="send {} to alice")  # "1 thousand 5 hundred", "fifteen hundred"
@example(minor=10_500, sentence="{}")  # "one hundred and five"
@example(minor=1, sentence="{}")
@example(minor=LIMIT_MINOR, sentence="{}")
def test_every_way_of_saying_an_amount_is_heard_as_it_or_asked(minor, sentence):
    expected = Decimal(minor) / 100
    for way, said in ways_to_say(minor).items():
        found = heard(sentence.format(said))
        assert len(found) == 1, f"{way}: {said!r} heard as {found}"
        (amount,) = found
        if isinstance(amount, Unclear):
            assert expected in amount.readings, f"{way}: {said!r} offers {amount.readings}"
        else:
            assert amount.value == expected, f"{way}: {said!r} heard as {amount.value}"
