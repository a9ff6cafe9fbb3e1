from decimal import Decimal

import pytest

from assistant.bank.money import format_money, from_minor, to_minor
from assistant.errors import PaymentRefused


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [("250", "USD", 25_000), ("1200.50", "USD", 120_050), (Decimal("0.01"), "USD", 1),
     (7, "USD", 700), ("500", "JPY", 500)],
)  # fmt: skip
def test_to_minor_is_exact(amount, currency, minor):
    assert to_minor(amount, currency) == minor
    assert isinstance(to_minor(amount, currency), int)


@pytest.mark.parametrize("bad", ["10.005", "abc", "NaN", "Infinity"])
def test_to_minor_refuses_what_is_not_money(bad):
    with pytest.raises(PaymentRefused):
        to_minor(bad, "USD")


def test_round_trip_and_format():
    assert from_minor(120_050, "USD") == Decimal("1200.50")
    assert format_money(120_050, "USD") == "$1,200.50"
    assert format_money(-500, "USD") == "-$5.00"
