"""What a loan costs each month: the standard annuity, in Decimal.

A loan of P at a yearly rate R over N months is paid back in N equal monthly payments
of P * r / (1 - (1 + r) ** -N), with r = R / 12; at a rate of 0 it is P / N. Rounded to
the cent, half up, as a bank's schedule rounds it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext


def monthly_payment(amount_minor: int, rate_bp: int, months: int) -> int:
    """The monthly payment, in minor units, of a loan of `amount_minor` at `rate_bp`
    basis points a year, paid back over `months` months."""
    if amount_minor <= 0 or months <= 0 or rate_bp < 0:
        raise ValueError("A loan needs an amount and a term above 0, and a rate of 0 or more.")
    with localcontext() as context:
        context.prec = 28
        principal = Decimal(amount_minor)
        if rate_bp == 0:
            payment = principal / months
        else:
            monthly_rate = Decimal(rate_bp) / Decimal(10_000) / 12
            payment = principal * monthly_rate / (1 - (1 + monthly_rate) ** -months)
        return int(payment.quantize(Decimal(1), rounding=ROUND_HALF_UP))
