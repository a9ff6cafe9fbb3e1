"""The monthly cost of a loan, against figures worked out by hand and the annuity's own
property: the payments, with the interest on what is still owed, pay the loan off."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.bank.loans import monthly_payment


@pytest.mark.parametrize(
    ("amount_minor", "rate_bp", "months", "expected"),
    [
        (500_000, 790, 36, 15_645),  # $5,000 at 7.9% over 3 years: $156.45
        (500_000, 790, 60, 10_114),  # over 5 years: $101.14
        (1_200_000, 0, 12, 100_000),  # no interest: the amount in equal parts
        (100_000, 1_200, 12, 8_885),  # $1,000 at 12% over a year: $88.85
    ],
)
def test_known_payments(amount_minor: int, rate_bp: int, months: int, expected: int) -> None:
    assert monthly_payment(amount_minor, rate_bp, months) == expected


@given(
    amount_minor=st.integers(min_value=10_000, max_value=5_000_000),
    rate_bp=st.integers(min_value=1, max_value=3_000),
    months=st.integers(min_value=1, max_value=120),
)
def test_payments_pay_the_loan_off(amount_minor: int, rate_bp: int, months: int) -> None:
    payment = monthly_payment(amount_minor, rate_bp, months)
    owed = Decimal(amount_minor)
    monthly_rate = Decimal(rate_bp) / 10_000 / 12
    for _ in range(months):
        owed = owed * (1 + monthly_rate) - payment
    # Rounding each payment to the cent leaves at most half a cent a month either way.
    assert abs(owed) <= Decimal(months) * (1 + monthly_rate) ** months


def test_a_loan_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="above 0"):
        monthly_payment(0, 790, 12)
