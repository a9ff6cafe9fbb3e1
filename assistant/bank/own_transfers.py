"""Moving money between a customer's own accounts.

Not a payment to someone else: no saved payee, no risk screen, no step-up,
no daily limit for money leaving the bank. It is still read back and needs
a yes (PaymentService.prepare_own_transfer / confirm), and both legs are
posted in one database transaction, so it moves whole or not at all.

The everyday account's name follows the locale: "Checking account" where
American English is spoken, "Current account" elsewhere; the customer may
say either (actions/words.py).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from assistant.bank.ledger import post
from assistant.bank.models import Account, Transaction
from assistant.errors import CurrencyNotSupported, PaymentRefused

OWN_TRANSFER = "own_transfer"
# Kinds of account money can be moved between by the customer at any time.
MOVABLE_KINDS = ("current", "savings")
US_TERRITORIES = ("US", "PR", "GU", "VI", "AS", "MP", "UM")


def everyday_account_name(locale: str | None) -> str:
    """The everyday account's name for a Babel locale such as en_US or en_GB."""
    territory = (locale or "").replace("-", "_").partition("_")[2].upper()
    return "Checking account" if territory in US_TERRITORIES else "Current account"


def check(source: Account, target: Account, amount_minor: int, currency: str) -> None:
    """Why this move cannot be made, as a PaymentRefused the customer can act on."""
    if source.id == target.id:
        raise PaymentRefused("The money would come from and go to the same account.")
    if source.kind not in MOVABLE_KINDS or target.kind not in MOVABLE_KINDS:
        raise PaymentRefused("I can move money only between your current and savings accounts.")
    if currency != source.currency or source.currency != target.currency:
        raise CurrencyNotSupported(
            f"Your accounts hold {source.currency}. Please say the amount in {source.currency}."
        )
    if amount_minor <= 0:
        raise PaymentRefused("The amount must be more than zero.")


def post_own_transfer(
    session: Session, customer_id: str, source: Account, target: Account, amount: int, key: str
) -> Transaction:
    """Both legs in the caller's database transaction (ledger.post checks funds)."""
    return post(
        session,
        customer_id=customer_id,
        kind=OWN_TRANSFER,
        description=f"Moved from {source.name} to {target.name}",
        category="transfers",
        legs=[(source, -amount), (target, amount)],
        idempotency_key=key,
    )
