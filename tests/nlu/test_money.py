from decimal import Decimal

import pytest

from nlu.money import Unclear, find_amounts


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("two hundred and fifty dollars", "250", "USD"),
        ("send 250 yuan to Wei", "250", "CNY"),
        ("a thousand", "1000", "USD"),
        ("$1,200.50", "1200.50", "USD"),
        ("send fifty pounds to alice", "50", "GBP"),
        ("twenty five dollars and fifty cents", "25.50", "USD"),
        ("I want to move 5k to savings", "5000", "USD"),
        ("send 50 to Alice", "50", "USD"),
        ("um send send one hundred dollars to alice", "100", "USD"),
        ("€20", "20", "EUR"),
    ],
)
def test_amounts_said_or_typed(text, value, currency):
    found = find_amounts(text, "USD")
    assert [(a.value, a.currency) for a in found] == [(Decimal(value), currency)]


@pytest.mark.parametrize(
    "text",
    [
        "what did I spend in the last 30 days",
        "freeze my card ending 4821",
        "the branch opens at 9 am",
        "what did I spend in 2025",
        "my account number is 400011114821",
        "pay the water bill",
    ],
)
def test_numbers_that_are_not_money(text):
    assert find_amounts(text, "USD") == []


def test_home_currency_is_used_when_none_is_said():
    assert find_amounts("send 40 to Wei", "CNY")[0].currency == "CNY"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("transfer 2 hundred to carlos", "200"),
        ("send carlos 1 thousand 5 hundred dollars", "1500"),
        ("one and a half thousand", "1500"),
        ("fifteen hundred", "1500"),
        ("$1.5k", "1500"),
        ("a hundred and five", "105"),
        ("send 50 dollars to northern power", "50"),
        ("four dollars fifty", "4.50"),
        ("fifty cents", "0.50"),
        ("one point five thousand", "1500"),
    ],
)
def test_amounts_customers_were_misheard_on(text, value):
    assert [a.value for a in find_amounts(text, "USD")] == [Decimal(value)]


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("send carlos two fifty", ["250", "2.50"]),
        ("nine ninety nine", ["999", "9.99"]),
        ("a couple of hundred", ["200"]),
    ],
)
def test_amounts_that_must_be_asked(text, readings):
    (found,) = find_amounts(text, "USD")
    assert isinstance(found, Unclear)
    assert list(found.readings) == [Decimal(r) for r in readings]
