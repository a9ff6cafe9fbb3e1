"""Money movement: read back, confirm once, post atomically.

A payment goes through two steps. `prepare_*` checks everything it can (payee,
account, limits, funds) and stores a `PaymentRequest` that the assistant reads
back. `confirm` executes it: the request's id is the idempotency key, the
status change from "pending" to "done" is a conditional UPDATE done first in
the database transaction, and the postings follow in that same transaction. A
second or concurrent confirmation therefore finds nothing pending, and a
failure leaves no partial posting.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement

from assistant.bank import audit, own_transfers
from assistant.bank.db import Database
from assistant.bank.ledger import customer_account
from assistant.bank.models import Account, Bill, Payee, PaymentRequest, Product, utcnow
from assistant.bank.money import format_money
from assistant.bank.payment_kinds import KINDS, OUTGOING_KINDS
from assistant.bank.protection import check_not_paused
from assistant.errors import (
    BankError,
    CurrencyNotSupported,
    InsufficientFunds,
    LimitExceeded,
    NotFound,
    NothingToConfirm,
    PaymentHeld,
    PaymentRefused,
    StepUpRequired,
)
from assistant.settings import BankSettings

log = logging.getLogger(__name__)


class PaymentScreen(Protocol):
    """Risk rules that may pause a payment (lessons.risk.RiskRules)."""

    def screen(self, session: Session, request: PaymentRequest, payee: Payee, said: str) -> Any:
        """Mark `request.held` and record why, or return None."""

    def screen_move(self, session: Session, request: PaymentRequest, said: str) -> Any:
        """The same for a move between the customer's own accounts (scam stories and
        warnings only)."""

    def hold_of(self, session: Session, request_id: str) -> Any:
        """Why this request was held, or None."""

    def settle(self, session: Session, request_id: str, outcome: str) -> None:
        """Record what became of a held request."""

    def note_callback(self, session: Session, request_id: str) -> None:
        """Record that the customer asked for a call about a held request."""


@dataclass(frozen=True)
class PaymentPreview:
    """What the assistant reads back before asking for a yes."""

    request_id: str
    kind: str
    amount_minor: int
    currency: str
    payee_name: str
    from_account_name: str
    from_last4: str
    reference: str | None = None
    term_months: int | None = None
    rate_bp: int | None = None
    payee_id: int | None = None
    needs_step_up: bool = False
    held: bool = False


STEP_UP_MESSAGE = (
    "For your safety, please approve this payment with your PIN on the screen, "
    "then say yes. Never say your PIN out loud or type it in the chat."
)


@dataclass(frozen=True)
class Receipt:
    request_id: str
    transaction_id: int
    kind: str
    amount_minor: int
    currency: str
    payee_name: str
    from_last4: str
    new_balance_minor: int


class PaymentService:
    """Prepares and executes payments for one customer at a time."""

    def __init__(
        self,
        db: Database,
        settings: BankSettings,
        clock: Callable[[], dt.datetime] = utcnow,
        screen: PaymentScreen | None = None,
    ) -> None:
        self._db = db
        self._settings = settings
        self._clock = clock
        self._screen = screen

    # -- preparing ---------------------------------------------------------

    def prepare_transfer(
        self,
        customer_id: str,
        *,
        payee_id: int,
        amount_minor: int,
        currency: str,
        from_account_id: int,
        said: str = "",
    ) -> PaymentPreview:
        """Check and store a transfer to a saved payee; `said` is the conversation so far."""
        with self._db.session() as session:
            payee = session.scalar(
                select(Payee).where(Payee.id == payee_id, Payee.customer_id == customer_id)
            )
            if payee is None:
                raise NotFound("I could not find that payee among your saved payees.")
            account = customer_account(session, customer_id, from_account_id)
            self._check_outgoing(session, customer_id, account, amount_minor, currency)
            request = self._new_request(
                session, customer_id, "transfer", account, amount_minor, payee_id=payee.id
            )
            request.step_up_required = self._is_risky(session, customer_id, payee, amount_minor)
            if self._screen is not None:
                self._screen.screen(session, request, payee, said)
            return self._preview(request, payee.name, account)

    def prepare_bill(
        self, customer_id: str, *, bill_id: int, from_account_id: int, said: str = ""
    ) -> PaymentPreview:
        with self._db.session() as session:
            bill = session.scalar(
                select(Bill).where(
                    Bill.id == bill_id, Bill.customer_id == customer_id, Bill.status == "due"
                )
            )
            if bill is None:
                raise NotFound("I could not find an unpaid bill like that.")
            account = customer_account(session, customer_id, from_account_id)
            self._check_outgoing(session, customer_id, account, bill.amount_minor, bill.currency)
            request = self._new_request(
                session,
                customer_id,
                "bill",
                account,
                bill.amount_minor,
                payee_id=bill.payee_id,
                bill_id=bill.id,
            )
            request.step_up_required = self._is_risky(
                session, customer_id, bill.payee, bill.amount_minor
            )
            if self._screen is not None:
                self._screen.screen(session, request, bill.payee, said)
            return self._preview(request, bill.payee.name, account, reference=bill.reference)

    def prepare_time_deposit(
        self, customer_id: str, *, product_id: int, amount_minor: int, from_account_id: int
    ) -> PaymentPreview:
        with self._db.session() as session:
            product = session.get(Product, product_id)
            if product is None or product.kind != "time_deposit":
                raise NotFound("I could not find that time deposit.")
            account = customer_account(session, customer_id, from_account_id)
            if product.currency != account.currency:
                raise CurrencyNotSupported("That deposit is in another currency.")
            if amount_minor < product.min_amount_minor:
                least = format_money(product.min_amount_minor, product.currency)
                raise PaymentRefused(f"The smallest amount for this deposit is {least}.")
            if product.max_amount_minor and amount_minor > product.max_amount_minor:
                most = format_money(product.max_amount_minor, product.currency)
                raise PaymentRefused(f"The largest amount for this deposit is {most}.")
            self._check_funds(account, amount_minor)
            request = self._new_request(
                session, customer_id, "time_deposit", account, amount_minor, product_id=product.id
            )
            return self._preview(
                request,
                product.name,
                account,
                term_months=product.term_months,
                rate_bp=product.rate_bp,
            )

    def prepare_own_transfer(
        self,
        customer_id: str,
        *,
        from_account_id: int,
        to_account_id: int,
        amount_minor: int,
        currency: str,
        said: str = "",
    ) -> PaymentPreview:
        """Check and store a move between two of the customer's own accounts.

        Not subject to the payee rules (no saved payee, step-up or limit on money
        leaving the bank); funds are checked now and again on yes. Held, as a payment
        is, when `said` tells a scam story or a scam warning was given
        (`PaymentScreen.screen_move`).
        """
        with self._db.session() as session:
            source = customer_account(session, customer_id, from_account_id)
            target = customer_account(session, customer_id, to_account_id)
            own_transfers.check(source, target, amount_minor, currency)
            self._check_funds(source, amount_minor)
            request = self._new_request(
                session,
                customer_id,
                own_transfers.OWN_TRANSFER,
                source,
                amount_minor,
                to_account_id=target.id,
            )
            if self._screen is not None:
                self._screen.screen_move(session, request, said)
            return self._preview(request, target.name, source)

    # -- confirming --------------------------------------------------------

    def confirm(self, customer_id: str, request_id: str) -> Receipt:
        """Execute a pending request exactly once.

        Raises:
            NothingToConfirm: no such pending request for this customer (already
                done, cancelled, expired, or someone else's).
            PaymentRefused: funds or limits no longer allow it; nothing moved and
                the request is marked failed.
        """
        now = self._clock()
        try:
            with self._db.session() as session:
                # Claim first: the UPDATE takes the row (or database) write lock
                # before anything is read, so a racing confirmation waits and
                # then finds the request no longer pending.
                claimed = _update_pending(
                    session, customer_id, request_id, {"status": "done"},
                    PaymentRequest.expires_at > now,
                )  # fmt: skip
                if not claimed:
                    raise NothingToConfirm(self._why_not_pending(session, customer_id, request_id))
                request = session.get(PaymentRequest, request_id)
                session.refresh(request)
                if request.held and request.released_at is None:
                    hold = self._screen.hold_of(session, request_id) if self._screen else None
                    raise PaymentHeld(getattr(hold, "warning", "This payment is paused."), hold)
                if request.step_up_required and request.stepped_up_at is None:
                    raise StepUpRequired(STEP_UP_MESSAGE)
                return self._execute(session, request)
        except PaymentRefused as refused:
            self._mark(customer_id, request_id, "failed", str(refused))
            raise

    def approve_step_up(self, customer_id: str, request_id: str) -> None:
        """Record that the customer re-entered the PIN for this exact request.

        The approval belongs to one request (its amount and payee cannot
        change) and is used up when the request is executed or dropped.
        """
        with self._db.session() as session:
            approved = _update_pending(
                session, customer_id, request_id, {"stepped_up_at": self._clock()},
                PaymentRequest.step_up_required.is_(True),
                PaymentRequest.expires_at > self._clock(),
            )  # fmt: skip
            if not approved:
                raise NothingToConfirm("There is no payment waiting for your PIN.")
            audit.record(session, customer_id, "payment_stepped_up", request=request_id)

    def cancel(self, customer_id: str, request_id: str, *, replaced: bool = False) -> None:
        """Stop a request that waits for its yes. `replaced`: a corrected read-back took its
        place ("make it 40"), which the audit log keeps apart from a payment called off, so
        that "what have you done" does not tell a correction as a cancelled payment."""
        with self._db.session() as session:
            if not _update_pending(session, customer_id, request_id, {"status": "cancelled"}):
                raise NothingToConfirm("There is no payment waiting to be cancelled.")
            if self._screen is not None:
                self._screen.settle(session, request_id, "cancelled")
            action = "payment_replaced" if replaced else "payment_cancelled"
            audit.record(session, customer_id, action, request=request_id)

    def release(self, customer_id: str, request_id: str) -> PaymentPreview:
        """The warned customer still wants a held payment: it may now be confirmed again."""
        now = self._clock()
        with self._db.session() as session:
            released = _update_pending(
                session, customer_id, request_id, {"released_at": now},
                PaymentRequest.held.is_(True),
                PaymentRequest.released_at.is_(None),
                PaymentRequest.expires_at > now,
            )  # fmt: skip
            if not released:
                raise NothingToConfirm("There is no paused payment waiting.")
            if self._screen is not None:
                self._screen.settle(session, request_id, "released")
            audit.record(session, customer_id, "payment_released", request=request_id)
        preview = self.pending(customer_id, request_id)
        if preview is None:  # pragma: no cover - expired in between
            raise NothingToConfirm("That payment waited too long. Please start again.")
        return preview

    def hold(self, customer_id: str, request_id: str) -> Any:
        """Why a pending request is still paused, or None if it is not."""
        with self._db.session() as session:
            request = self._waiting(
                session, customer_id, request_id,
                PaymentRequest.held.is_(True), PaymentRequest.released_at.is_(None),
            )  # fmt: skip
            if request is None or self._screen is None:
                return None
            return self._screen.hold_of(session, request_id)

    def note_callback(self, customer_id: str, request_id: str) -> None:
        """Remember that the customer asked for a person about this payment."""
        with self._db.session() as session:
            request = session.get(PaymentRequest, request_id)
            if request is not None and request.customer_id == customer_id and self._screen:
                self._screen.note_callback(session, request_id)

    def pending(self, customer_id: str, request_id: str) -> PaymentPreview | None:
        """The read-back of a request that still waits for a yes, or None."""
        with self._db.session() as session:
            request = self._waiting(session, customer_id, request_id)
            if request is None:
                return None
            return self._preview(
                request, KINDS[request.kind].target_name(request), request.from_account
            )

    def cancelled(self, customer_id: str, request_id: str) -> PaymentPreview | None:
        """The read-back of this customer's request that was cancelled (a "no" at its
        read-back), or None. Only to prepare it afresh: a cancelled request never moves
        money."""
        return self._ended(customer_id, request_id, "cancelled")

    def done(self, customer_id: str, request_id: str) -> PaymentPreview | None:
        """What this customer's request that was carried out did, or None. Only to say
        so truthfully ("undo that") or to prepare the reverse of a move: money that has
        moved is never moved back without a new request and a new yes."""
        return self._ended(customer_id, request_id, "done")

    def _ended(self, customer_id: str, request_id: str, status: str) -> PaymentPreview | None:
        with self._db.session() as session:
            request = session.scalar(
                select(PaymentRequest).where(
                    PaymentRequest.id == request_id,
                    PaymentRequest.customer_id == customer_id,
                    PaymentRequest.status == status,
                )
            )
            if request is None:
                return None
            return self._preview(
                request, KINDS[request.kind].target_name(request), request.from_account
            )

    # -- internals ---------------------------------------------------------

    def _waiting(
        self,
        session: Session,
        customer_id: str,
        request_id: str,
        *conditions: ColumnElement[bool],
    ) -> PaymentRequest | None:
        """This customer's request if it still waits for a yes (pending, not expired)."""
        return session.scalar(
            select(PaymentRequest).where(
                PaymentRequest.id == request_id,
                PaymentRequest.customer_id == customer_id,
                PaymentRequest.status == "pending",
                PaymentRequest.expires_at > self._clock(),
                *conditions,
            )
        )

    def _execute(self, session: Session, request: PaymentRequest) -> Receipt:
        account = customer_account(session, request.customer_id, request.from_account_id)
        kind = KINDS.get(request.kind)
        if kind is None:  # pragma: no cover - kinds are written by this module only
            raise BankError(f"Unknown payment kind {request.kind}.")
        if kind.outgoing:
            self._check_limits(
                session, request.customer_id, request.amount_minor, exclude=request.id
            )
        txn, payee_name = kind.execute(session, request, account, self._clock().date())
        request.transaction_id = txn.id
        if request.held and self._screen is not None:
            self._screen.settle(session, request.id, "confirmed")
        audit.record(
            session,
            request.customer_id,
            "payment_executed",
            request=request.id,
            kind=request.kind,
            amount_minor=request.amount_minor,
            currency=request.currency,
            to=payee_name,
            from_account=account.number,
            transaction=txn.id,
        )
        return Receipt(
            request_id=request.id,
            transaction_id=txn.id,
            kind=request.kind,
            amount_minor=request.amount_minor,
            currency=request.currency,
            payee_name=payee_name,
            from_last4=account.last4,
            new_balance_minor=account.balance_minor,
        )

    def _new_request(
        self,
        session: Session,
        customer_id: str,
        kind: str,
        account: Account,
        amount_minor: int,
        **targets: int,
    ) -> PaymentRequest:
        # Only one payment waits for a yes at a time: an older one is replaced.
        session.execute(
            update(PaymentRequest)
            .where(PaymentRequest.customer_id == customer_id, PaymentRequest.status == "pending")
            .values(status="replaced")
            .execution_options(synchronize_session=False)
        )
        now = self._clock()
        request = PaymentRequest(
            id=uuid.uuid4().hex,
            customer_id=customer_id,
            kind=kind,
            from_account_id=account.id,
            amount_minor=amount_minor,
            currency=account.currency,
            status="pending",
            created_at=now,
            expires_at=now + dt.timedelta(minutes=self._settings.pending_payment_minutes),
            **targets,
        )
        session.add(request)
        session.flush()
        return request

    def _is_risky(
        self, session: Session, customer_id: str, payee: Payee, amount_minor: int
    ) -> bool:
        """Large, large together with the last day's payments, or to a payee added
        recently: classic patterns of scams."""
        recent = self._clock() - dt.timedelta(hours=self._settings.new_payee_hours)
        return payee.created_at > recent or self._over_step_up(session, customer_id, amount_minor)

    def _over_step_up(self, session: Session, customer_id: str, amount_minor: int) -> bool:
        """This amount plus the payments of the last 24 hours made without the PIN
        goes over the step-up threshold. (Only one payment waits for a yes at a
        time, so none can be read back before another is counted.)"""
        since = self._clock() - dt.timedelta(hours=24)
        spent = _spent_since(session, customer_id, since, without_pin=True)
        return spent + amount_minor > self._settings.step_up_above_minor

    def _check_outgoing(
        self, session: Session, customer_id: str, account: Account, amount: int, currency: str
    ) -> None:
        if currency != account.currency:
            raise CurrencyNotSupported(
                f"This account pays in {account.currency} only. Please say the amount in "
                f"{account.currency}."
            )
        if amount <= 0:
            raise PaymentRefused("The amount must be more than zero.")
        check_not_paused(session, customer_id, self._clock())
        self._check_limits(session, customer_id, amount)
        self._check_funds(account, amount)

    @staticmethod
    def _check_funds(account: Account, amount: int) -> None:
        if account.balance_minor + account.overdraft_limit_minor < amount:
            raise InsufficientFunds(
                f"Your {account.name} has {format_money(account.balance_minor, account.currency)}. "
                "That is not enough for this payment."
            )

    def check_one_payment_limit(self, amount: int) -> None:
        """Refuse an amount over the most one payment may send (LimitExceeded)."""
        settings = self._settings
        if amount > settings.per_transfer_limit_minor:
            limit = format_money(settings.per_transfer_limit_minor, settings.home_currency)
            raise LimitExceeded(f"The most you can send in one payment here is {limit}.")

    def _check_limits(
        self, session: Session, customer_id: str, amount: int, exclude: str | None = None
    ) -> None:
        settings = self._settings
        self.check_one_payment_limit(amount)
        spent_today = _spent_since(session, customer_id, settings.day_start(self._clock()), exclude)
        if spent_today + amount > settings.daily_limit_minor:
            left = max(settings.daily_limit_minor - spent_today, 0)
            raise LimitExceeded(
                "That would go over your daily limit. You can still send "
                f"{format_money(left, settings.home_currency)} today."
            )

    def _why_not_pending(self, session: Session, customer_id: str, request_id: str) -> str:
        request = session.scalar(
            select(PaymentRequest).where(
                PaymentRequest.id == request_id, PaymentRequest.customer_id == customer_id
            )
        )
        if request is None:
            return "There is no payment waiting for your yes."
        if request.status == "done":
            return "That payment has already been made. I did not send it again."
        if request.status == "pending":
            return "That payment waited too long, so I did not send it. Please start again."
        return "That payment was stopped, so I did not send it."

    def _mark(self, customer_id: str, request_id: str, status: str, reason: str) -> None:
        with self._db.session() as session:
            _update_pending(
                session, customer_id, request_id, {"status": status, "failure": reason[:200]}
            )

    def _preview(
        self, request: PaymentRequest, payee_name: str, account: Account, **extra: Any
    ) -> PaymentPreview:
        kind = KINDS.get(request.kind)
        extra = {**(kind.read_back(request) if kind else {}), **extra}
        return PaymentPreview(
            request_id=request.id,
            kind=request.kind,
            amount_minor=request.amount_minor,
            currency=request.currency,
            payee_name=payee_name,
            from_account_name=account.name,
            from_last4=account.last4,
            payee_id=request.payee_id,
            needs_step_up=bool(request.step_up_required) and request.stepped_up_at is None,
            held=bool(request.held) and request.released_at is None,
            **extra,
        )


def _spent_since(
    session: Session,
    customer_id: str,
    since: dt.datetime,
    exclude: str | None = None,
    without_pin: bool = False,
) -> int:
    """The customer's outgoing payments done since then (optionally only those made
    without the step-up PIN), in minor units."""
    query = select(func.coalesce(func.sum(PaymentRequest.amount_minor), 0)).where(
        PaymentRequest.customer_id == customer_id,
        PaymentRequest.status == "done",
        PaymentRequest.kind.in_(OUTGOING_KINDS),
        PaymentRequest.created_at >= since,
    )
    if without_pin:
        query = query.where(PaymentRequest.stepped_up_at.is_(None))
    if exclude:
        query = query.where(PaymentRequest.id != exclude)
    return int(session.scalar(query) or 0)


def _update_pending(
    session: Session,
    customer_id: str,
    request_id: str,
    values: dict[str, object],
    *conditions: ColumnElement[bool],
) -> bool:
    """Change this customer's request only while it is still pending.

    One conditional UPDATE, so that of two racing callers exactly one wins.
    Returns whether the request was changed.
    """
    result = session.execute(
        update(PaymentRequest)
        .where(
            PaymentRequest.id == request_id,
            PaymentRequest.customer_id == customer_id,
            PaymentRequest.status == "pending",
            *conditions,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
