"""Benchmark: generated conversations, checked for acting only on what the customer said.

Generates conversations from the templates in bench/conversation_templates.py (300 by
default, seeded), runs each through the real stack (Rasa server, action server and web
app on loopback, through /api/chat as a logged-in customer) and prints:

- changes without a yes: turns after which a card, a posting or balance, a pause, a
  fraud case, a payment code or a trusted-contact request changed, and the turn was not
  a yes (or a button) answering a question that named that change (must be 0);
- wrong amounts: a read-back or "Done" that says another amount than the one said, a
  posting of another amount, or an unsure amount ("two fifty") read back as a number
  or not asked about (must be 0);
- false lock-downs: harmless sentences that froze a card, paused payments or opened a
  case (must be 0);
- "what have you done?" answers that say anything not in this conversation's audit
  log, out of order, or leave out something it recorded (must be 0);
- conversations whose end (balances, card, pause, case) or course (a question or a
  button the template waits for) is not as expected, per template, and the wall time.

Every conversation talks as a fresh copy of a demo customer (own accounts, card and
payees, assistant/bank/seed.py), so no pause, frozen card, limit or step-up left by one
conversation changes another. Exits 1 when a must-be-0 figure is not 0, or a
conversation could not be run.

    PYTHONPATH=$PWD .venv/bin/python bench/conversations.py [--count 300] [--seed 2026]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import re
import secrets
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.bank.audit import CHANGES  # noqa: E402
from assistant.bank.db import Database  # noqa: E402
from assistant.bank.models import (  # noqa: E402
    Account,
    AuditRecord,
    Bill,
    Card,
    ContactAsk,
    FraudCase,
    PaymentCode,
    PaymentPause,
    Posting,
    utcnow,
)
from assistant.bank.seed import DEMO_CUSTOMERS  # noqa: E402
from bench.chat_latency import AS_IN_PRODUCTION, machine  # noqa: E402
from bench.conversation_templates import (  # noqa: E402
    CARDS,
    CASES,
    CODES,
    CONTACT,
    MONEY,
    PAUSES,
    Conversation,
    Turn,
    generate,
)
from tests.e2e.customer import Customer  # noqa: E402
from tests.e2e.victims import seed_copy  # noqa: E402
from tests.helpers import throwaway_assistant  # noqa: E402

UNASKED = "changes without a yes"
WRONG_AMOUNT = "wrong amounts"
LOCKDOWN = "false lock-downs"
AUDIT = "'what have you done' not as in the audit log"
MUST_BE_ZERO = (UNASKED, WRONG_AMOUNT, LOCKDOWN, AUDIT)
NOT_EXPECTED = "not as expected (end state or course)"
ERROR = "could not be run"

READ_BACK = re.compile(r"\b(?:Pay|Move) \$([\d,]+\.\d\d)\b")
DONE = re.compile(r"\bDone\. I (?:sent|moved|put) \$([\d,]+\.\d\d)\b")
OFFERED = re.compile(r"^\$([\d,]+\.\d\d)$")
# A line of "what have you done?" that claims something was done.
CLAIM = re.compile(
    r"^I (?:have )?(?:froze|stopped|unfroze|cancelled|paused|opened|added|asked|told|made|"
    r"sent|moved|put)\b"
)
# What a claim about each recorded change must say; {…} is filled from the record.
SAYS = {
    "card_frozen": r"\bfroze\b.*\bcard ending {card}\b",
    "card_lost": r"\bstopped\b.*\bcard ending {card}\b",
    "card_active": r"\bunfroze\b.*\bcard ending {card}\b",
    "payment_cancelled": r"\bcancelled\b.*\bpayments?\b",
    "payments_paused": r"\bpaused\b.*\bpayments\b",
    "fraud_case_opened": r"\bopened\b.*\bcase {case}",
    "fraud_case_added_to": r"\bcase {case}",
    "callback_requested": r"\bcall you\b",
    "trusted_contact_told": r"\btold your trusted contact\b",
    "trusted_contact_asked": r"\basked your trusted contact\b",
    "payment_code_issued": r"\bpayment code\b",
    "payment_executed": r"\b(?:sent|moved|put)\b.*\b{to}",
}
NOTHING_DONE = re.compile(r"have not changed anything", re.IGNORECASE)
ENGAGED = {CARDS, PAUSES, CASES}  # what a lock-down changes
_numbers = itertools.count(1)
# Past the few copies the e2e tests make (tests/e2e/victims.py), and another range each run.
_first_key = 10**6 * (1 + secrets.randbelow(10**6))


@dataclass
class Result:
    """One conversation as it went: what was said and answered, and what was wrong."""

    conversation: Conversation
    customer_id: str = ""
    transcript: list[tuple[str, str]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)

    def fail(self, figure: str, why: str) -> None:
        self.problems.append((figure, why))

    @property
    def failed(self) -> set[str]:
        return {figure for figure, _ in self.problems}


def fresh_customer(db: Database, template: str, currency: str, locale: str) -> str:
    """A new customer, a copy of the demo customer `template` with their own accounts,
    card and payees (named as in the seed); returns its id."""
    key = _first_key + next(_numbers)
    demo = next(d for d in DEMO_CUSTOMERS if d.id == template)
    seed_copy(db, demo, f"talk{key}", key, currency, locale)
    return f"talk{key}"


def log_in(web_url: str, customer_id: str, pin: str) -> Customer:
    reply = requests.post(
        f"{web_url}/api/login", json={"customer_id": customer_id, "pin": pin}, timeout=60
    )
    reply.raise_for_status()
    return Customer(web_url, reply.json()["token"])


def balances(db: Database, customer_id: str) -> dict[str, int]:
    with db.session() as session:
        rows = session.execute(
            select(Account.kind, Account.balance_minor).where(Account.customer_id == customer_id)
        )
        return {kind: balance for kind, balance in rows}


def state(db: Database, customer_id: str) -> dict[str, Any]:
    """Everything of this customer's money and access, by kind of change."""

    def count(model: Any) -> int:
        return session.scalar(
            select(func.count()).select_from(model).where(model.customer_id == customer_id)
        )

    with db.session() as session:
        accounts = select(Account.id).where(Account.customer_id == customer_id)
        postings = session.scalar(
            select(func.count(Posting.id)).where(Posting.account_id.in_(accounts))
        )
        cards = session.execute(
            select(Card.id, Card.status).where(Card.customer_id == customer_id).order_by(Card.id)
        ).all()
        return {
            MONEY: (postings, tuple(sorted(balances(db, customer_id).items()))),
            CARDS: tuple(cards),
            PAUSES: count(PaymentPause),
            CASES: count(FraudCase),
            CODES: count(PaymentCode),
            CONTACT: count(ContactAsk),
        }


def cents(text: str) -> int:
    return int(Decimal(text.replace(",", "")) * 100)


def dollars(minor: int | None) -> str:
    return "none" if minor is None else f"${minor // 100:,}.{minor % 100:02d}"


def due_bill(db: Database, customer_id: str) -> int | None:
    with db.session() as session:
        return session.scalar(
            select(Bill.amount_minor).where(Bill.customer_id == customer_id, Bill.status == "due")
        )


def audit_problems(db: Database, customer_id: str, since: dt.datetime, said: str) -> list[str]:
    """What in the answer to "what have you done?" is not this conversation's audit log:
    claims with no record, or out of order, and records not said."""
    with db.session() as session:
        rows = session.execute(
            select(AuditRecord.action, AuditRecord.detail)
            .where(
                AuditRecord.customer_id == customer_id,
                AuditRecord.at >= since,
                AuditRecord.action.in_(CHANGES),
            )
            .order_by(AuditRecord.id)
        ).all()
    records = [(action, json.loads(detail or "{}")) for action, detail in rows]
    claims = [line.strip() for line in said.splitlines() if CLAIM.search(line.strip())]
    if not records:
        problems = [f"said {c!r}, but nothing was recorded" for c in claims]
        if not NOTHING_DONE.search(said):
            problems.append("nothing was recorded, and it did not say it had changed nothing")
        return problems

    def says(record: tuple[str, dict[str, str]], line: str) -> bool:
        action, detail = record
        fill = {key: re.escape(str(value)) for key, value in detail.items()}
        pattern = SAYS[action].format_map(_Blank(fill))
        return re.search(pattern, line, re.IGNORECASE) is not None

    problems, at = [], 0
    for line in claims:
        found = next((i for i in range(at, len(records)) if says(records[i], line)), None)
        if found is None:
            problems.append(f"said {line!r}: not in the audit log after the lines before it")
        else:
            at = found + 1
    for record in records:
        if not any(says(record, line) for line in claims):
            problems.append(f"recorded {record[0]} {record[1]}, not said")
    return problems


class _Blank(dict[str, str]):
    """A record's details for SAYS; a detail the record lacks matches nothing."""

    def __missing__(self, key: str) -> str:
        return r"(?!x)x"


def run_conversation(
    conversation: Conversation, web_url: str, db: Database, currency: str, locale: str
) -> Result:
    """Talk through one conversation as a fresh customer, checking every turn."""
    result = Result(conversation)
    try:
        _talk(result, web_url, db, currency, locale)
    except Exception as error:  # noqa: BLE001 - any failure is reported with its conversation
        result.fail(ERROR, f"{type(error).__name__}: {error}")
    return result


def _talk(result: Result, web_url: str, db: Database, currency: str, locale: str) -> None:
    conversation = result.conversation
    demo = next(d for d in DEMO_CUSTOMERS if d.id == conversation.customer)
    customer_id = fresh_customer(db, demo.id, currency, locale)
    result.customer_id = customer_id
    start = balances(db, customer_id)
    bill = due_bill(db, customer_id)
    since = utcnow() - dt.timedelta(seconds=1)
    customer = log_in(web_url, customer_id, demo.pin)
    amount: int | None = None  # the amount every read-back must say now
    last = ""
    for number, turn in enumerate(conversation.turns, start=1):
        where = f"turn {number} ({turn.words!r})"
        before = state(db, customer_id)
        if turn.step_up and not _step_up(customer, demo.pin):
            result.fail(NOT_EXPECTED, f"{where}: no payment waited for the PIN on the screen")
        if turn.press:
            payload, offered = _button(customer, turn.press)
            if payload is None:
                result.fail(NOT_EXPECTED, f"{where}: no such button in the last answer")
                result.transcript.append((turn.words, "(not pressed)"))
                return
            amount = offered if offered is not None else amount
            customer.say(payload)
        else:
            customer.say(turn.say)
        said = customer.text()
        result.transcript.append((turn.words, said))
        after = state(db, customer_id)
        changed = {kind for kind in before if before[kind] != after[kind]}
        asked = bool(turn.asks) and turn.asks in last
        allowed = turn.consents if asked else frozenset()
        if changed - allowed:
            result.fail(
                UNASKED, f"{where} changed {sorted(changed - allowed)}: last asked {last!r}"
            )
        if conversation.harmless and changed & ENGAGED:
            result.fail(LOCKDOWN, f"{where} changed {sorted(changed & ENGAGED)}")
        if turn.consents and not asked:
            result.fail(NOT_EXPECTED, f"{where}: the yes came after no {turn.asks!r}")
        if turn.amount is not None or turn.bill:
            amount = bill if turn.bill else turn.amount
        _check_amounts(result, where, turn, said, amount, before, after)
        if turn.audit:
            for problem in audit_problems(db, customer_id, since, said):
                result.fail(AUDIT, f"{where}: {problem}")
        last = said
    _check_end(result, db, customer_id, start, bill)


def _step_up(customer: Customer, pin: str) -> bool:
    waiting = [r["step_up"]["request_id"] for r in customer.last if "step_up" in r]
    if not waiting:
        return False
    reply = requests.post(
        f"{customer.base_url}/api/step-up",
        json={"request_id": waiting[-1], "pin": pin},
        headers={"Authorization": f"Bearer {customer.token}"},
        timeout=60,
    )
    return reply.status_code == 200


def _button(customer: Customer, title: str) -> tuple[str | None, int | None]:
    """The payload of the button titled `title` ("$": the first offering an amount), and
    the amount it offers."""
    for reply in customer.last:
        for button in reply.get("buttons") or []:
            offered = OFFERED.match(button["title"])
            if title == "$" and offered:
                return button["payload"], cents(offered.group(1))
            if button["title"] == title:
                return button["payload"], None
    return None, None


def _check_amounts(
    result: Result,
    where: str,
    turn: Turn,
    said: str,
    amount: int | None,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    read_back = [cents(m) for m in READ_BACK.findall(said)]
    if turn.unsure:
        if read_back:
            result.fail(WRONG_AMOUNT, f"{where}: an unsure amount read back as {read_back}")
        if "?" not in said:
            result.fail(WRONG_AMOUNT, f"{where}: an unsure amount not asked about")
        return
    for heard in read_back:
        if heard != amount:
            result.fail(
                WRONG_AMOUNT, f"{where}: read back {dollars(heard)}, said {dollars(amount)}"
            )
    if (turn.amount is not None or turn.bill) and not read_back:
        result.fail(NOT_EXPECTED, f"{where}: no read-back of {dollars(amount)}")
    for done in DONE.findall(said):
        if cents(done) != amount:
            result.fail(WRONG_AMOUNT, f"{where}: said done {done}, said {dollars(amount)}")
    if before[MONEY] != after[MONEY]:
        old, new = dict(before[MONEY][1]), dict(after[MONEY][1])
        moved = sorted(new[kind] - old[kind] for kind in new if new[kind] != old[kind])
        if moved not in ([-(amount or 0)], [-(amount or 0), amount]):
            result.fail(WRONG_AMOUNT, f"{where}: accounts changed by {moved}, said {amount}")


def _check_end(
    result: Result, db: Database, customer_id: str, start: dict[str, int], bill: int | None
) -> None:
    effect = result.conversation.effect
    end = balances(db, customer_id)
    current = effect.current - ((bill or 0) if effect.bill else 0)
    with db.session() as session:
        card = session.scalar(select(Card.status).where(Card.customer_id == customer_id))
        paused = session.scalar(
            select(PaymentPause.id).where(PaymentPause.customer_id == customer_id)
        )
        case = session.scalar(select(FraudCase.id).where(FraudCase.customer_id == customer_id))
    found = (end["current"] - start["current"], end["savings"] - start["savings"], card)
    wanted = (current, effect.savings, effect.card)
    if found != wanted or (paused is not None, case is not None) != (effect.paused, effect.case):
        result.fail(
            NOT_EXPECTED,
            f"end: current {found[0]:+d}, savings {found[1]:+d} cents, card {card}, "
            f"paused {paused is not None}, case {case is not None}; expected current "
            f"{current:+d}, savings {effect.savings:+d}, card {effect.card}, "
            f"paused {effect.paused}, case {effect.case}",
        )


def run_all(
    conversations: list[Conversation],
    web_url: str,
    db: Database,
    currency: str = "USD",
    locale: str = "en_US",
) -> list[Result]:
    return [run_conversation(c, web_url, db, currency, locale) for c in conversations]


def figures(results: list[Result]) -> dict[str, int]:
    """Conversations failing each figure."""
    counted = Counter(figure for r in results for figure in r.failed)
    return {figure: counted[figure] for figure in (*MUST_BE_ZERO, NOT_EXPECTED, ERROR)}


def report(results: list[Result], seconds: float) -> str:
    lines = []
    shown = figures(results)
    turns = sum(len(r.transcript) for r in results)
    lines.append(f"{len(results)} conversations, {turns} turns, wall time {seconds:.0f} s")
    for figure, count in shown.items():
        must = " (must be 0)" if figure in MUST_BE_ZERO or figure == ERROR else ""
        lines.append(f"  {figure:48} {count:4d}{must}")
    lines.append("per template (conversations, passed every check):")
    total: Counter[str] = Counter(r.conversation.template for r in results)
    passed: Counter[str] = Counter(r.conversation.template for r in results if not r.problems)
    for template in total:
        lines.append(f"  {template:48} {total[template]:4d} {passed[template]:4d}")
    failing = [r for r in results if r.problems]
    if failing:
        lines.append("")
        lines.append("failing conversations:")
    for r in failing:
        c = r.conversation
        lines.append(f"- {c.template} (as {c.customer}, customer {r.customer_id})")
        for said, answer in r.transcript:
            lines.append(f"    > {said}")
            lines.extend(f"      {line}" for line in answer.splitlines())
        lines.extend(f"    ! {figure}: {why}" for figure, why in r.problems)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="conversations to generate")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the generator")
    args = parser.parse_args()
    conversations = generate(args.count, args.seed)
    print(f"Machine: {machine()}")
    env = {**AS_IN_PRODUCTION, "LOGIN_RATE_LIMIT": "100000/minute"}
    with throwaway_assistant("bench-conversations-", **env) as settings:
        db = Database(settings.bank.database_url)
        web_url = f"http://127.0.0.1:{settings.runtime.web_port}"
        started = time.perf_counter()
        results = run_all(
            conversations, web_url, db, settings.bank.home_currency, settings.bank.locale
        )
        seconds = time.perf_counter() - started
        db.dispose()
    print(f"seed {args.seed}")
    print(report(results, seconds))
    shown = figures(results)
    if any(shown[figure] for figure in (*MUST_BE_ZERO, ERROR)):
        sys.exit(1)


if __name__ == "__main__":
    main()
