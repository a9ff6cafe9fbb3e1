"""Money as integer minor units, never floats.

Amounts enter as `Decimal` (or a string or int) and are stored as whole minor
units (cents for USD). Formatting uses Babel so that symbols, grouping and the
number of decimals follow the currency.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from babel.numbers import format_currency, get_currency_precision

from assistant.errors import PaymentRefused


def precision(currency: str) -> int:
    """Number of decimals of a currency (2 for USD, 0 for JPY)."""
    return get_currency_precision(currency)


def to_minor(amount: Decimal | str | int, currency: str) -> int:
    """Convert a decimal amount to whole minor units.

    Raises:
        PaymentRefused: the amount is not a number, or has more decimals than
            the currency allows (such as 10.005 dollars).
    """
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        raise PaymentRefused(f"{amount!r} is not an amount of money.") from None
    if not value.is_finite():
        raise PaymentRefused("That is not an amount of money.")
    scaled = value.scaleb(precision(currency))
    if scaled != scaled.to_integral_value():
        raise PaymentRefused(
            f"Amounts in {currency} can have at most {precision(currency)} decimal places."
        )
    return int(scaled.to_integral_value(rounding=ROUND_HALF_EVEN))


def from_minor(minor: int, currency: str) -> Decimal:
    """Whole minor units back to a Decimal amount."""
    return Decimal(minor).scaleb(-precision(currency))


def format_money(minor: int, currency: str, locale: str = "en_US") -> str:
    """Format minor units for a reply, such as `$1,250.00`."""
    return format_currency(from_minor(minor, currency), currency, locale=locale)
