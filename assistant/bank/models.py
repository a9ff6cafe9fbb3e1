"""SQLAlchemy models of the bank ledger.

Money columns hold whole minor units in `BigInteger` (cents for USD). The
ledger is double-entry: every `Transaction` has postings that add up to zero,
and `Account.balance_minor` is the running sum of its postings, changed only
inside the same database transaction that writes them.

The schema is created by the Alembic migrations in `assistant/migrations/`;
keep both in step (`make migration` writes a new revision from these models).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship

# Typed as Any: SQLAlchemy 1.4's declarative base is made at run time, so a type
# checker cannot use it as a class without SQLAlchemy's mypy plugin.
Base: Any = declarative_base()


def utcnow() -> dt.datetime:
    """Naive UTC timestamp; all times in the database are UTC."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Customer(Base):
    __tablename__ = "customers"

    id = Column(String(64), primary_key=True)  # the log-in id, such as "demo"
    full_name = Column(String(200), nullable=False)
    preferred_name = Column(String(100), nullable=False)
    birth_year = Column(Integer)
    phone = Column(String(40))
    pin_hash = Column(String(200), nullable=False)
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime)
    created_at = Column(DateTime, nullable=False, default=utcnow)

    accounts = relationship("Account", back_populates="customer", order_by="Account.id")


class Account(Base):
    """A customer account, or an internal bank account (customer_id is NULL).

    Internal accounts (clearing for outgoing payments, card settlement, incoming
    salaries and pensions) are the other side of money leaving or entering the
    bank, so that every transaction balances.
    """

    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint(
            "kind = 'internal' OR balance_minor + overdraft_limit_minor >= 0",
            name="ck_accounts_no_unarranged_overdraft",
        ),
    )

    id = Column(Integer, primary_key=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), index=True)
    kind = Column(String(20), nullable=False)  # current, savings, time_deposit, internal
    name = Column(String(100), nullable=False)
    number = Column(String(34), nullable=False, unique=True)
    currency = Column(String(3), nullable=False)
    balance_minor = Column(BigInteger, nullable=False, default=0)
    overdraft_limit_minor = Column(BigInteger, nullable=False, default=0)
    rate_bp = Column(Integer)  # interest in basis points (1% = 100 bp)
    matures_on = Column(Date)
    status = Column(String(20), nullable=False, default="open")
    opened_at = Column(DateTime, nullable=False, default=utcnow)

    customer = relationship("Customer", back_populates="accounts")

    @property
    def last4(self) -> str:
        return self.number[-4:]


class Payee(Base):
    __tablename__ = "payees"
    __table_args__ = (UniqueConstraint("customer_id", "name", name="uq_payees_customer_name"),)

    id = Column(Integer, primary_key=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), nullable=False, index=True)
    name = Column(String(120), nullable=False)
    kind = Column(String(20), nullable=False)  # person, biller
    relation = Column(String(60))  # "daughter", "water company": words the customer may use
    account_number = Column(String(34), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class Bill(Base):
    __tablename__ = "bills"

    id = Column(Integer, primary_key=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), nullable=False, index=True)
    payee_id = Column(Integer, ForeignKey("payees.id"), nullable=False)
    amount_minor = Column(BigInteger, nullable=False)
    currency = Column(String(3), nullable=False)
    due_on = Column(Date, nullable=False)
    reference = Column(String(40), nullable=False)
    status = Column(String(20), nullable=False, default="due")  # due, paid
    transaction_id = Column(Integer, ForeignKey("transactions.id"))

    payee = relationship("Payee")


class Card(Base):
    __tablename__ = "cards"

    id = Column(Integer, primary_key=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), nullable=False, index=True)
    account_id = Column(Integer, ForeignKey("accounts.id"), nullable=False)
    kind = Column(String(20), nullable=False)  # debit, credit
    last4 = Column(String(4), nullable=False)
    expires = Column(String(5), nullable=False)  # MM/YY
    status = Column(String(20), nullable=False, default="active")  # active, frozen, lost
    updated_at = Column(DateTime, nullable=False, default=utcnow)


class Transaction(Base):
    """One journal entry; its postings add up to zero."""

    __tablename__ = "transactions"

    id = Column(Integer, primary_key=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), index=True)
    kind = Column(String(30), nullable=False)  # transfer, bill_payment, card, salary, ...
    description = Column(String(200), nullable=False)
    merchant = Column(String(120))
    category = Column(String(40))
    payee_id = Column(Integer, ForeignKey("payees.id"))
    booked_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    # A confirmed request posts at most once: its id is the idempotency key.
    idempotency_key = Column(String(64), unique=True)

    postings = relationship("Posting", back_populates="transaction", order_by="Posting.id")


class Posting(Base):
    __tablename__ = "postings"

    id = Column(Integer, primary_key=True)
    transaction_id = Column(Integer, ForeignKey("transactions.id"), nullable=False, index=True)
    account_id = Column(Integer, ForeignKey("accounts.id"), nullable=False, index=True)
    amount_minor = Column(BigInteger, nullable=False)  # + credit to the account, - debit

    transaction = relationship("Transaction", back_populates="postings")
    account = relationship("Account")


class PaymentRequest(Base):
    """A payment read back to the customer and waiting for an explicit yes."""

    __tablename__ = "payment_requests"

    id = Column(String(64), primary_key=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), nullable=False, index=True)
    kind = Column(String(20), nullable=False)  # transfer, bill, time_deposit, own_transfer
    from_account_id = Column(Integer, ForeignKey("accounts.id"), nullable=False)
    # The customer's own account that receives an own_transfer.
    to_account_id = Column(Integer, ForeignKey("accounts.id"))
    payee_id = Column(Integer, ForeignKey("payees.id"))
    bill_id = Column(Integer, ForeignKey("bills.id"))
    product_id = Column(Integer, ForeignKey("products.id"))
    amount_minor = Column(BigInteger, nullable=False)
    currency = Column(String(3), nullable=False)
    status = Column(String(20), nullable=False, default="pending")
    # Risky payments need the PIN again, entered on the screen, before the yes.
    step_up_required = Column(Boolean, nullable=False, default=False)
    stepped_up_at = Column(DateTime)
    # Paused by the risk rules (lessons/risk.py): a yes does nothing until the
    # customer, warned, says they still want it (released_at).
    held = Column(Boolean, nullable=False, default=False)
    released_at = Column(DateTime)
    failure = Column(String(200))
    created_at = Column(DateTime, nullable=False, default=utcnow)
    expires_at = Column(DateTime, nullable=False)
    transaction_id = Column(Integer, ForeignKey("transactions.id"))

    payee = relationship("Payee")
    bill = relationship("Bill")
    product = relationship("Product")
    from_account = relationship("Account", foreign_keys=[from_account_id])
    to_account = relationship("Account", foreign_keys=[to_account_id])


class Branch(Base):
    __tablename__ = "branches"

    id = Column(Integer, primary_key=True)
    name = Column(String(120), nullable=False)
    kind = Column(String(20), nullable=False)  # branch, atm, service_point
    town = Column(String(80), nullable=False, index=True)
    address = Column(String(200), nullable=False)
    opening_hours = Column(String(200), nullable=False)
    phone = Column(String(40))
    step_free = Column(Boolean, nullable=False, default=True)
    services = Column(Text, nullable=False, default="")


class Product(Base):
    """A deposit or loan product with its published facts."""

    __tablename__ = "products"

    id = Column(Integer, primary_key=True)
    code = Column(String(40), nullable=False, unique=True)
    kind = Column(String(20), nullable=False)  # time_deposit, savings, loan
    name = Column(String(120), nullable=False)
    rate_bp = Column(Integer, nullable=False)
    term_months = Column(Integer)
    min_amount_minor = Column(BigInteger, nullable=False, default=0)
    max_amount_minor = Column(BigInteger)
    currency = Column(String(3), nullable=False)
    facts = Column(Text, nullable=False)


class CallbackRequest(Base):
    __tablename__ = "callback_requests"

    id = Column(Integer, primary_key=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), index=True)
    topic = Column(String(40), nullable=False)
    note = Column(String(300))
    status = Column(String(20), nullable=False, default="open")
    created_at = Column(DateTime, nullable=False, default=utcnow)


class FraudCase(Base):
    __tablename__ = "fraud_cases"

    id = Column(Integer, primary_key=True)
    case_number = Column(String(20), nullable=False, unique=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), nullable=False, index=True)
    summary = Column(String(300))
    status = Column(String(20), nullable=False, default="open")
    created_at = Column(DateTime, nullable=False, default=utcnow)


class PaymentCode(Base):
    """A short-lived reference shown as a QR code for paying in a shop."""

    __tablename__ = "payment_codes"

    id = Column(Integer, primary_key=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), nullable=False, index=True)
    account_id = Column(Integer, ForeignKey("accounts.id"), nullable=False)
    reference = Column(String(40), nullable=False, unique=True)
    status = Column(String(20), nullable=False, default="active")  # active, replaced
    created_at = Column(DateTime, nullable=False, default=utcnow)
    expires_at = Column(DateTime, nullable=False)


class AuditRecord(Base):
    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=utcnow, index=True)
    customer_id = Column(String(64), index=True)
    action = Column(String(40), nullable=False)
    detail = Column(Text, nullable=False, default="{}")  # JSON, already redacted


class Conversation(Base):
    """Binds a Rasa sender id to the customer it speaks for.

    Written only by trusted server code (the web gateway at log-in); actions
    read it to learn whose money they may touch. customer_id NULL means a
    conversation with no access to account data.
    """

    __tablename__ = "conversations"

    sender_id = Column(String(80), primary_key=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), index=True)
    channel = Column(String(20), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class WebSession(Base):
    """A logged-in web session; only a hash of the bearer token is stored."""

    __tablename__ = "web_sessions"

    token_hash = Column(String(64), primary_key=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), nullable=False, index=True)
    sender_id = Column(String(80), ForeignKey("conversations.sender_id"), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    last_seen_at = Column(DateTime, nullable=False, default=utcnow)
    # Buttons offered in the assistant's last turn: only these payloads may be
    # sent as "/intent{...}" messages (see web/api.py).
    offered_payloads = Column(Text, nullable=False, default="[]")
    revoked = Column(Boolean, nullable=False, default=False)
    # Voice turns in a row with nothing understood: the first gets a gentle
    # "please say it again", the next an offer of help or a person.
    voice_misses = Column(Integer, nullable=False, default=0)


class StaffUser(Base):
    """A bank employee who works on lessons: an educator or a reviewer.

    Educators write drafts and submit them; reviewers also publish and
    unpublish. Staff never share the customers' log-in or tokens.
    """

    __tablename__ = "staff_users"

    id = Column(String(64), primary_key=True)
    display_name = Column(String(100), nullable=False)
    role = Column(String(20), nullable=False)  # educator, reviewer
    password_hash = Column(String(200), nullable=False)
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class StaffSession(Base):
    """A staff log-in; only a hash of the bearer token is stored."""

    __tablename__ = "staff_sessions"

    token_hash = Column(String(64), primary_key=True)
    staff_id = Column(String(64), ForeignKey("staff_users.id"), nullable=False, index=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    last_seen_at = Column(DateTime, nullable=False, default=utcnow)
    revoked = Column(Boolean, nullable=False, default=False)


class NluFeedback(Base):
    """A customer's message the assistant did not understand, or got wrong.

    Harvested from Rasa's tracker store (assistant/nlu_feedback.py), redacted;
    staff with the trainer role assign the intent it should have been, or
    mark it out of scope, and `assistant nlu export` turns the reviewed ones
    into training data.
    """

    __tablename__ = "nlu_feedback"

    id = Column(Integer, primary_key=True)
    event_id = Column(Integer, nullable=False, unique=True)  # Rasa's events.id
    text = Column(String(500), nullable=False)
    reason = Column(String(20), nullable=False)  # not_understood, corrected
    predicted_intent = Column(String(64))
    reached_intent = Column(String(64))  # what the customer finally got to, if anything
    # What the assistant said in its turn just before (its words and buttons), redacted:
    # the trainer reads the message in its conversation. "" when it said nothing;
    # NULL when not looked up yet (kept before this column), filled in by the next harvest.
    asked = Column(String(1000))
    # new, awaiting_second (a label that moves money or confirms, not yet approved), reviewed
    status = Column(String(20), nullable=False, default="new")
    intent = Column(String(64))  # the reviewed answer; out_of_scope included
    reviewed_by = Column(String(64))
    reviewed_at = Column(DateTime)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class PaymentPause(Base):
    """New outgoing payments stopped for a while after a scam, so that a scammer still
    in touch cannot talk the customer into sending more."""

    __tablename__ = "payment_pauses"

    id = Column(Integer, primary_key=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), nullable=False, index=True)
    until = Column(DateTime, nullable=False)
    reason = Column(String(200), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class TrustedContact(Base):
    """Someone the customer trusts, asked before a paused payment is sent: a second key.

    Reached by a Matrix id (the Matrix bot sends `contact_outbox`) or by e-mail
    (assistant/bank/mail.py). The contact holds a paused payment only once they have
    agreed with the code or link sent to that address (`verified_at`). The contact
    never sees balances and can never move money or change settings.
    """

    __tablename__ = "trusted_contacts"

    id = Column(Integer, primary_key=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), nullable=False, index=True)
    name = Column(String(100), nullable=False)
    channel = Column(String(10), nullable=False)  # matrix, phone, email
    address = Column(String(255), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    removed_at = Column(DateTime)
    # The agreement code (Matrix) or link token (e-mail) sent to the address, hashed.
    verify_hash = Column(String(64), index=True)
    verified_at = Column(DateTime)


class ContactAsk(Base):
    """One question to the trusted contact about one paused payment, and the answer."""

    __tablename__ = "contact_asks"

    id = Column(Integer, primary_key=True)
    contact_id = Column(Integer, ForeignKey("trusted_contacts.id"), nullable=False, index=True)
    customer_id = Column(String(64), ForeignKey("customers.id"), nullable=False, index=True)
    request_id = Column(String(64), ForeignKey("payment_requests.id"), nullable=False)
    answer = Column(String(20))  # None (waiting), looks_fine, call_first, contact_removed
    created_at = Column(DateTime, nullable=False, default=utcnow)
    answered_at = Column(DateTime)
    # The request's short code (Matrix) or link token (e-mail), hashed: an answer names it.
    code_hash = Column(String(64), index=True)
    # "looks fine" said but not yet confirmed (Matrix: "<code> yes" confirms it).
    proposed = Column(String(20))
    # Without an answer (or after "call them first") the customer may send it from then on.
    release_after = Column(DateTime, nullable=False)


class ContactOutbox(Base):
    """Messages to trusted contacts on Matrix, sent by the Matrix bot (e-mail goes at once)."""

    __tablename__ = "contact_outbox"

    id = Column(Integer, primary_key=True)
    channel = Column(String(10), nullable=False)
    address = Column(String(255), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    sent_at = Column(DateTime)
