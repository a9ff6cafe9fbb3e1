"""What each kind of payment does when it is confirmed, named and read back.

`PaymentService` looks the kind up here instead of switching on its name: a new kind of
payment is one `PaymentKind` in `KINDS`, and the service does not change.

    transfer       to a saved payee, counts towards the limits
    bill           a bill to its biller, counts towards the limits; the bill is marked paid
    time_deposit   opens a new deposit account from the customer's own money
    own_transfer   between two of the customer's own accounts (assistant/bank/own_transfers.py)
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from assistant.bank import own_transfers
from assistant.bank.ledger import OUTGOING, customer_account, internal_account, post
from assistant.bank.models import Account, PaymentRequest, Transaction


@dataclass(frozen=True)
class PaymentKind:
    """One kind of payment.

    Attributes:
        name: as stored in `PaymentRequest.kind`.
        outgoing: the money leaves the bank, so the per-payment and daily limits apply.
        execute: posts the confirmed request (in the caller's transaction) and returns the
            transaction and the name the receipt gives the receiver.
        target_name: who or what receives the money, for a read-back.
        read_back: facts of this kind for the read-back (term and rate, a bill's reference).
    """

    name: str
    outgoing: bool
    execute: Callable[[Session, PaymentRequest, Account, dt.date], tuple[Transaction, str]]
    target_name: Callable[[PaymentRequest], str]
    read_back: Callable[[PaymentRequest], dict[str, Any]] = field(default=lambda request: {})


def _pay_out(
    session: Session, request: PaymentRequest, account: Account, today: dt.date
) -> tuple[Transaction, str]:
    payee = request.payee
    bill = request.kind == BILL.name
    txn = post(
        session,
        customer_id=request.customer_id,
        kind="bill_payment" if bill else "transfer",
        description=f"Bill {request.bill.reference} to {payee.name}"
        if bill
        else f"Transfer to {payee.name}",
        merchant=payee.name,
        category="bills" if bill else "transfers",
        payee_id=payee.id,
        legs=[
            (account, -request.amount_minor),
            (internal_account(session, OUTGOING), request.amount_minor),
        ],
        idempotency_key=request.id,
    )
    if bill:
        request.bill.status = "paid"
        request.bill.transaction_id = txn.id
    return txn, payee.name


def _open_deposit(
    session: Session, request: PaymentRequest, account: Account, today: dt.date
) -> tuple[Transaction, str]:
    product = request.product
    deposit = Account(
        customer_id=request.customer_id,
        kind="time_deposit",
        name=product.name,
        number=new_account_number(),
        currency=product.currency,
        rate_bp=product.rate_bp,
        matures_on=today + relativedelta(months=product.term_months or 12),
    )
    session.add(deposit)
    session.flush()
    txn = post(
        session,
        customer_id=request.customer_id,
        kind="time_deposit",
        description=f"Opened {product.name}",
        category="savings",
        legs=[(account, -request.amount_minor), (deposit, request.amount_minor)],
        idempotency_key=request.id,
    )
    return txn, product.name


def _move_own(
    session: Session, request: PaymentRequest, account: Account, today: dt.date
) -> tuple[Transaction, str]:
    target = customer_account(session, request.customer_id, request.to_account_id)
    txn = own_transfers.post_own_transfer(
        session, request.customer_id, account, target, request.amount_minor, request.id
    )
    return txn, target.name


def _deposit_facts(request: PaymentRequest) -> dict[str, Any]:
    if request.product is None:
        return {}
    return {"term_months": request.product.term_months, "rate_bp": request.product.rate_bp}


def _bill_facts(request: PaymentRequest) -> dict[str, Any]:
    return {"reference": request.bill.reference} if request.bill is not None else {}


def new_account_number() -> str:
    """A new 12-digit account number."""
    return "4000" + "".join(secrets.choice("0123456789") for _ in range(8))


TRANSFER = PaymentKind("transfer", True, _pay_out, lambda r: r.payee.name)
BILL = PaymentKind("bill", True, _pay_out, lambda r: r.payee.name, _bill_facts)
TIME_DEPOSIT = PaymentKind(
    "time_deposit", False, _open_deposit, lambda r: r.product.name, _deposit_facts
)
OWN_TRANSFER = PaymentKind(
    own_transfers.OWN_TRANSFER, False, _move_own, lambda r: r.to_account.name
)
KINDS = {kind.name: kind for kind in (TRANSFER, BILL, TIME_DEPOSIT, OWN_TRANSFER)}
OUTGOING_KINDS = tuple(name for name, kind in KINDS.items() if kind.outgoing)
