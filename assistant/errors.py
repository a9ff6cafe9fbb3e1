"""Errors of the banking core.

    BankError                      something the customer or operator can act on
    ├── ConfigurationError         bad settings; the message says how to fix them
    ├── NotFound                   no such account, payee, bill, card ... for this customer
    ├── PaymentRefused             a payment that must not go ahead
    │   ├── InsufficientFunds
    │   ├── LimitExceeded
    │   └── CurrencyNotSupported
    ├── NothingToConfirm           "yes" with no pending request, or one already handled
    ├── StepUpRequired             a risky payment waits for the PIN on screen first
    ├── PaymentHeld                the risk rules paused a payment that looks like a scam
    └── AuthenticationFailed       wrong PIN, locked out, expired session

Every message is a short sentence that can be shown to a customer or read aloud.
"""

from __future__ import annotations


class BankError(Exception):
    """Base class: `str(error)` is safe to show to the customer."""


class ConfigurationError(BankError):
    """The settings are wrong; the message names the setting and a valid value."""


class NotFound(BankError):
    """The thing asked for does not exist for this customer."""


class PaymentRefused(BankError):
    """A payment was refused before any money moved."""


class InsufficientFunds(PaymentRefused):
    """The source account does not hold enough money."""


class LimitExceeded(PaymentRefused):
    """The payment is over the single-payment or the daily limit."""


class CurrencyNotSupported(PaymentRefused):
    """The amount is in a currency this account cannot pay in."""


class NothingToConfirm(BankError):
    """There is no pending request to confirm or cancel (or it was already handled)."""


class StepUpRequired(BankError):
    """The payment needs the customer's PIN on the screen before the yes counts."""


class PaymentHeld(BankError):
    """The risk rules paused this payment; `hold` says why and which lesson fits."""

    def __init__(self, message: str, hold: object) -> None:
        super().__init__(message)
        self.hold = hold


class AuthenticationFailed(BankError):
    """Log-in refused or session no longer valid."""
