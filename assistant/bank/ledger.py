"""The ledger: balances, history and double-entry postings.

Every read takes the customer id of the conversation and filters by it, so a
caller can never see another customer's accounts by passing an account id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from assistant.bank.db import Database
from assistant.bank.models import Account, Posting, Transaction
from assistant.errors import InsufficientFunds, NotFound

# Internal accounts: the bank's side of money that leaves or enters it.
OUTGOING = "INT-OUTGOING"  # transfers and bill payments to other banks
CARD_SETTLEMENT = "INT-CARDS"  # card purchases
INCOMING = "INT-INCOMING"  # pensions, salaries and other money paid in
INTEREST = "INT-INTEREST"  # interest paid to customers
INTERNAL_ACCOUNTS = {
    OUTGOING: "Outgoing payments clearing",
    CARD_SETTLEMENT: "Card settlement",
    INCOMING: "Incoming payments clearing",
    INTEREST: "Interest expense",
}


@dataclass(frozen=True)
class AccountView:
    id: int
    kind: str
    name: str
    last4: str
    currency: str
    balance_minor: int
    rate_bp: int | None
    matures_on: dt.date | None


@dataclass(frozen=True)
class Entry:
    """One movement on one of the customer's accounts (negative = money out)."""

    booked_at: dt.datetime
    description: str
    merchant: str | None
    category: str | None
    amount_minor: int
    account_last4: str


@dataclass(frozen=True)
class History:
    entries: list[Entry]
    money_in_minor: int
    money_out_minor: int  # a positive number


def _view(account: Account) -> AccountView:
    return AccountView(
        id=account.id,
        kind=account.kind,
        name=account.name,
        last4=account.last4,
        currency=account.currency,
        balance_minor=account.balance_minor,
        rate_bp=account.rate_bp,
        matures_on=account.matures_on,
    )


def ensure_internal_accounts(session: Session, currency: str) -> None:
    """Create the bank's internal accounts once."""
    existing = set(
        session.scalars(select(Account.number).where(Account.number.in_(INTERNAL_ACCOUNTS)))
    )
    for number, name in INTERNAL_ACCOUNTS.items():
        if number not in existing:
            session.add(
                Account(
                    customer_id=None, kind="internal", name=name, number=number, currency=currency
                )
            )
    session.flush()


def internal_account(session: Session, number: str) -> Account:
    account = session.scalar(select(Account).where(Account.number == number))
    if account is None:
        raise NotFound(f"Internal account {number} is missing; run `assistant init`.")
    return account


def customer_account(session: Session, customer_id: str, account_id: int) -> Account:
    """The customer's own open account with this id, or NotFound."""
    account = session.scalar(
        select(Account).where(
            Account.id == account_id, Account.customer_id == customer_id, Account.status == "open"
        )
    )
    if account is None:
        raise NotFound("I could not find that account.")
    return account


def post(
    session: Session,
    *,
    customer_id: str | None,
    kind: str,
    description: str,
    legs: list[tuple[Account, int]],
    idempotency_key: str | None = None,
    merchant: str | None = None,
    category: str | None = None,
    payee_id: int | None = None,
    booked_at: dt.datetime | None = None,
) -> Transaction:
    """Write one balanced transaction inside the caller's database transaction.

    Each balance changes by a single conditional UPDATE, so two payments racing
    for the same money cannot both pass the funds check. If any leg would take a
    customer account past its arranged overdraft, InsufficientFunds is raised and
    the caller's transaction must roll back (nothing is half posted).
    """
    if sum(amount for _, amount in legs) != 0:
        raise ValueError("Postings of one transaction must add up to zero.")
    for account, amount in legs:
        result = session.execute(
            update(Account)
            .where(
                Account.id == account.id,
                or_(
                    Account.kind == "internal",
                    and_(Account.balance_minor + amount + Account.overdraft_limit_minor >= 0),
                ),
            )
            .values(balance_minor=Account.balance_minor + amount)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise InsufficientFunds("There is not enough money in that account for this payment.")
    txn = Transaction(
        customer_id=customer_id,
        kind=kind,
        description=description,
        merchant=merchant,
        category=category,
        payee_id=payee_id,
        idempotency_key=idempotency_key,
        booked_at=booked_at or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
    )
    session.add(txn)
    session.flush()
    for account, amount in legs:
        session.add(Posting(transaction_id=txn.id, account_id=account.id, amount_minor=amount))
    session.flush()
    for account, _ in legs:
        session.refresh(account)
    return txn


class Ledger:
    """Read access to one customer's accounts and history."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def accounts(self, customer_id: str, kind: str | None = None) -> list[AccountView]:
        with self._db.session() as session:
            query = select(Account).where(
                Account.customer_id == customer_id, Account.status == "open"
            )
            if kind:
                query = query.where(Account.kind == kind)
            return [_view(a) for a in session.scalars(query.order_by(Account.id))]

    def history(
        self,
        customer_id: str,
        start: dt.datetime,
        end: dt.datetime,
        *,
        direction: str | None = None,
        category: str | None = None,
        merchant: str | None = None,
    ) -> History:
        """Movements on the customer's accounts between start and end, newest first.

        Args:
            direction: "in", "out" or None for both.
            category: a spending category such as "groceries".
            merchant: part of a merchant or payee name, any case.
        """
        with self._db.session() as session:
            query = (
                select(Posting, Transaction, Account)
                .join(Transaction, Posting.transaction_id == Transaction.id)
                .join(Account, Posting.account_id == Account.id)
                .where(
                    Account.customer_id == customer_id,
                    Transaction.booked_at >= start,
                    Transaction.booked_at < end,
                )
                .order_by(Transaction.booked_at.desc(), Transaction.id.desc())
            )
            if direction == "in":
                query = query.where(Posting.amount_minor > 0)
            elif direction == "out":
                query = query.where(Posting.amount_minor < 0)
            if category:
                query = query.where(Transaction.category == category)
            if merchant:
                pattern = f"%{merchant.lower()}%"
                query = query.where(
                    or_(
                        Transaction.merchant.ilike(pattern),
                        Transaction.description.ilike(pattern),
                    )
                )
            entries = [
                Entry(
                    booked_at=txn.booked_at,
                    description=txn.description,
                    merchant=txn.merchant,
                    category=txn.category,
                    amount_minor=posting.amount_minor,
                    account_last4=account.last4,
                )
                for posting, txn, account in session.execute(query)
            ]
        return History(
            entries=entries,
            money_in_minor=sum(e.amount_minor for e in entries if e.amount_minor > 0),
            money_out_minor=-sum(e.amount_minor for e in entries if e.amount_minor < 0),
        )
