"""Demo data: three customers with three months of history, branches, products.

The history is generated from a fixed random seed, anchored to the day the
seed runs, so that "last month" always has something in it; the balances are
the same whatever the date (see `PENSION_DAYS_AGO`). Seeding is done once:
`seed_demo` does nothing when the demo customer already exists.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.bank.auth import hash_pin
from assistant.bank.db import Database
from assistant.bank.ledger import (
    CARD_SETTLEMENT,
    INCOMING,
    OUTGOING,
    ensure_internal_accounts,
    post,
)
from assistant.bank.ledger import internal_account as internal
from assistant.bank.models import (
    Account,
    Bill,
    Branch,
    Card,
    Customer,
    Payee,
    Product,
    utcnow,
)
from assistant.bank.own_transfers import everyday_account_name
from assistant.settings import BankSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoCustomer:
    id: str
    pin: str
    full_name: str
    preferred_name: str
    birth_year: int
    phone: str
    monthly_income_minor: int
    current_opening_minor: int
    savings_minor: int
    current_number: str
    savings_number: str
    card_last4: str
    payees: tuple[tuple[str, str, str | None, str], ...]  # name, kind, relation, account no.


DEMO_CUSTOMERS = (
    DemoCustomer(
        id="demo",
        pin="1234",
        full_name="Mary Chen",
        preferred_name="Mary",
        birth_year=dt.date.today().year - 72,
        phone="+1 555 0100 142",
        monthly_income_minor=285_000,
        current_opening_minor=240_000,
        savings_minor=1_850_000,
        current_number="400011114821",
        savings_number="400022227730",
        card_last4="5309",
        payees=(
            ("Alice Wong", "person", "daughter", "510099991234"),
            ("City Water", "biller", "water company", "900000004455"),
            ("Northern Power", "biller", "electricity", "900000007788"),
        ),
    ),
    DemoCustomer(
        id="robert",
        pin="2468",
        full_name="Robert Diaz",
        preferred_name="Robert",
        birth_year=dt.date.today().year - 68,
        phone="+1 555 0100 277",
        monthly_income_minor=320_000,
        current_opening_minor=180_000,
        savings_minor=640_000,
        current_number="400033336012",
        savings_number="400044449155",
        card_last4="7781",
        payees=(
            ("Carlos Diaz", "person", "son", "510088885566"),
            ("City Water", "biller", "water company", "900000004456"),
        ),
    ),
    DemoCustomer(
        id="li",
        pin="1357",
        full_name="Li Na",
        preferred_name="Li",
        birth_year=dt.date.today().year - 80,
        phone="+1 555 0100 391",
        monthly_income_minor=198_000,
        current_opening_minor=95_000,
        savings_minor=2_400_000,
        current_number="400055552209",
        savings_number="400066663318",
        card_last4="4410",
        payees=(
            ("Wei Zhang", "person", "grandson", "510077773344"),
            ("Northern Power", "biller", "electricity", "900000007789"),
        ),
    ),
)

# Days before the seed day on which the pension and the bills are paid: every
# 30 days, so each calendar month in the history has some, and never on dates
# of the month, whose count in 92 days varies (seeding on the 1st once paid a
# fourth pension and put a balance over the payment limit).
PENSION_DAYS_AGO = (84, 54, 24)
BILL_DAYS_AGO = (77, 47, 17)

# merchant, category, smallest and largest amount in cents, visits a month
SPENDING = (
    ("FreshMart", "groceries", 1_800, 9_500, 6),
    ("Green Valley Grocers", "groceries", 900, 4_200, 3),
    ("Corner Pharmacy", "health", 700, 6_500, 2),
    ("Sunrise Cafe", "eating out", 600, 2_800, 3),
    ("Metro Transit", "transport", 250, 1_500, 4),
    ("Book Nook", "shopping", 1_200, 3_500, 1),
)

BRANCHES = (
    dict(
        name="Springfield Main Street Branch",
        kind="branch",
        town="Springfield",
        address="12 Main Street",
        opening_hours="Mon-Fri 9am-5pm, Sat 9am-12 noon",
        phone="+1 555 0110 000",
        step_free=True,
        services="cash, cards, loans, deposits, help desk for older customers",
    ),
    dict(
        name="Springfield Library Service Point",
        kind="service_point",
        town="Springfield",
        address="3 Elm Road, in the library",
        opening_hours="Tue and Thu 10am-2pm",
        phone=None,
        step_free=True,
        services="help with online banking, paying in cheques",
    ),
    dict(
        name="Springfield Market Square cash machine",
        kind="atm",
        town="Springfield",
        address="Market Square",
        opening_hours="open all day, every day",
        phone=None,
        step_free=True,
        services="cash, balance, PIN change",
    ),
    dict(
        name="Riverside Branch",
        kind="branch",
        town="Riverside",
        address="40 River Road",
        opening_hours="Mon-Fri 9am-4:30pm",
        phone="+1 555 0120 000",
        step_free=True,
        services="cash, cards, deposits",
    ),
    dict(
        name="Riverside Station cash machine",
        kind="atm",
        town="Riverside",
        address="Station forecourt",
        opening_hours="open 6am-midnight",
        phone=None,
        step_free=False,
        services="cash, balance",
    ),
    dict(
        name="Oakville Branch",
        kind="branch",
        town="Oakville",
        address="7 High Street",
        opening_hours="Mon-Fri 9:30am-4pm, Sat 10am-1pm",
        phone="+1 555 0130 000",
        step_free=True,
        services="cash, cards, loans, deposits, safe deposit boxes",
    ),
    dict(
        name="Maple Bay Community Service Point",
        kind="service_point",
        town="Maple Bay",
        address="Community Centre, 1 Shore Lane",
        opening_hours="Wed 10am-3pm",
        phone=None,
        step_free=True,
        services="account questions, help with cards",
    ),
)

PRODUCTS = (
    dict(
        code="TD3",
        kind="time_deposit",
        name="3-month Time Deposit",
        rate_bp=300,
        term_months=3,
        min_amount_minor=50_000,
        max_amount_minor=None,
        facts="Your money is fixed for 3 months. Interest is paid at the end.",
    ),
    dict(
        code="TD6",
        kind="time_deposit",
        name="6-month Time Deposit",
        rate_bp=350,
        term_months=6,
        min_amount_minor=50_000,
        max_amount_minor=None,
        facts="Your money is fixed for 6 months. Interest is paid at the end.",
    ),
    dict(
        code="TD12",
        kind="time_deposit",
        name="12-month Time Deposit",
        rate_bp=425,
        term_months=12,
        min_amount_minor=50_000,
        max_amount_minor=None,
        facts="Your money is fixed for 12 months. Interest is paid at the end.",
    ),
    dict(
        code="TD24",
        kind="time_deposit",
        name="24-month Time Deposit",
        rate_bp=450,
        term_months=24,
        min_amount_minor=100_000,
        max_amount_minor=None,
        facts="Your money is fixed for 24 months. Interest is paid once a year.",
    ),
    dict(
        code="EASY",
        kind="savings",
        name="Easy Access Savings",
        rate_bp=200,
        term_months=None,
        min_amount_minor=0,
        max_amount_minor=None,
        facts="Take money out any time. The rate can change.",
    ),
    dict(
        code="PL",
        kind="loan",
        name="Personal Loan",
        rate_bp=790,
        term_months=60,
        min_amount_minor=100_000,
        max_amount_minor=2_500_000,
        facts="Borrow 1,000 to 25,000 dollars over 1 to 5 years. Fixed monthly payments. "
        "No fee to repay early.",
    ),
    dict(
        code="HI",
        kind="loan",
        name="Home Improvement Loan",
        rate_bp=690,
        term_months=120,
        min_amount_minor=500_000,
        max_amount_minor=5_000_000,
        facts="Borrow 5,000 to 50,000 dollars for work on your home, over up to 10 years.",
    ),
)


def seed_reference_data(session: Session, currency: str) -> None:
    """Branches, products and internal accounts, added once."""
    ensure_internal_accounts(session, currency)
    if session.scalar(select(Branch.id).limit(1)) is None:
        session.add_all(Branch(**branch) for branch in BRANCHES)
    if session.scalar(select(Product.id).limit(1)) is None:
        session.add_all(Product(**product, currency=currency) for product in PRODUCTS)
    session.flush()


def seed_demo(
    db: Database, currency: str, today: dt.date | None = None, locale: str | None = None
) -> bool:
    """Add the demo customers once. Returns True when it added them.

    `locale` names the everyday account ("Checking account" for en_US); without
    it the account is the "Current account".
    """
    today = today or utcnow().date()
    with db.session() as session:
        seed_reference_data(session, currency)
        if session.get(Customer, "demo") is not None:
            return False
        for index, demo in enumerate(DEMO_CUSTOMERS):
            _seed_customer(session, demo, currency, today, random.Random(1000 + index), locale)
    log.info("Seeded %d demo customers.", len(DEMO_CUSTOMERS))
    return True


def _seed_customer(
    session: Session,
    demo: DemoCustomer,
    currency: str,
    today: dt.date,
    rng: random.Random,
    locale: str | None = None,
) -> None:
    customer = Customer(
        id=demo.id,
        full_name=demo.full_name,
        preferred_name=demo.preferred_name,
        birth_year=demo.birth_year,
        phone=demo.phone,
        pin_hash=hash_pin(demo.pin),
    )
    session.add(customer)
    current = Account(
        customer_id=demo.id,
        kind="current",
        name=everyday_account_name(locale),
        number=demo.current_number,
        currency=currency,
    )
    savings = Account(
        customer_id=demo.id,
        kind="savings",
        name="Savings account",
        number=demo.savings_number,
        currency=currency,
        rate_bp=200,
    )
    session.add_all([current, savings])
    session.flush()
    session.add(
        Card(
            customer_id=demo.id,
            account_id=current.id,
            kind="debit",
            last4=demo.card_last4,
            expires=f"09/{(today.year + 3) % 100:02d}",
        )
    )
    start = today - dt.timedelta(days=92)
    opened = dt.datetime.combine(start, dt.time(9, 0))
    payees = {}
    for name, kind, relation, number in demo.payees:
        payee = Payee(
            customer_id=demo.id,
            name=name,
            kind=kind,
            relation=relation,
            account_number=number,
            created_at=opened - dt.timedelta(days=400),
        )
        session.add(payee)
        payees[name] = payee
    session.flush()

    incoming, cards, outgoing = (
        internal(session, n) for n in (INCOMING, CARD_SETTLEMENT, OUTGOING)
    )
    post(
        session,
        customer_id=demo.id,
        kind="opening",
        description="Opening balance",
        category="transfers",
        legs=[(incoming, -demo.current_opening_minor), (current, demo.current_opening_minor)],
        booked_at=opened,
    )
    post(
        session,
        customer_id=demo.id,
        kind="opening",
        description="Opening balance",
        category="transfers",
        legs=[(incoming, -demo.savings_minor), (savings, demo.savings_minor)],
        booked_at=opened,
    )

    day = start + dt.timedelta(days=1)
    while day <= today:
        at = dt.datetime.combine(day, dt.time(rng.randint(8, 18), rng.randint(0, 59)))
        days_ago = (today - day).days
        if days_ago in PENSION_DAYS_AGO:
            post(
                session,
                customer_id=demo.id,
                kind="pension",
                description="State pension",
                merchant="State Pension Service",
                category="income",
                legs=[(incoming, -demo.monthly_income_minor), (current, demo.monthly_income_minor)],
                booked_at=at,
            )
        for merchant, category, low, high, per_month in SPENDING:
            if rng.random() < per_month / 30:
                amount = rng.randint(low, high)
                if current.balance_minor - amount < 20_000:
                    continue
                post(
                    session,
                    customer_id=demo.id,
                    kind="card",
                    description=f"Card payment {merchant}",
                    merchant=merchant,
                    category=category,
                    legs=[(current, -amount), (cards, amount)],
                    booked_at=at,
                )
        if days_ago in BILL_DAYS_AGO:
            for name, payee in payees.items():
                if payee.kind == "biller":
                    amount = rng.randint(3_500, 9_000)
                    post(
                        session,
                        customer_id=demo.id,
                        kind="bill_payment",
                        description=f"Bill to {name}",
                        merchant=name,
                        category="bills",
                        payee_id=payee.id,
                        legs=[(current, -amount), (outgoing, amount)],
                        booked_at=at,
                    )
        day += dt.timedelta(days=1)

    person = next(p for p in payees.values() if p.kind == "person")
    gift_day = dt.datetime.combine(today - dt.timedelta(days=40), dt.time(11, 30))
    post(
        session,
        customer_id=demo.id,
        kind="transfer",
        description=f"Transfer to {person.name}",
        merchant=person.name,
        category="transfers",
        payee_id=person.id,
        legs=[(current, -10_000), (outgoing, 10_000)],
        booked_at=gift_day,
    )

    for name, payee in payees.items():
        if payee.kind == "biller":
            session.add(
                Bill(
                    customer_id=demo.id,
                    payee_id=payee.id,
                    amount_minor=rng.randint(4_000, 8_500),
                    currency=currency,
                    due_on=today + dt.timedelta(days=9),
                    reference=f"{name.split()[0][:3].upper()}-{rng.randint(100000, 999999)}",
                )
            )
            break
    session.flush()


def seed_staff(db: Database, settings: BankSettings) -> None:
    from assistant.bank.models import StaffUser
    from assistant.bank.staff import DEMO_STAFF, StaffAuth

    auth = StaffAuth(db, settings)
    for staff_id, name, role, password in DEMO_STAFF:
        with db.session() as session:
            exists = session.get(StaffUser, staff_id) is not None
        if not exists:
            auth.add(staff_id, name, role, password)
