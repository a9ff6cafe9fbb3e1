"""Conversations generated from templates, each with what it may change and must end with.

`generate(count, seed)` builds `count` conversations (seeded, so a run can be repeated)
from the templates in `TEMPLATES`: payments said many ways and then a yes, a no or a
correction, moves between the customer's own accounts, a bill, a card frozen or stopped,
"I've been scammed", harmless sentences, amounts that must be asked about, a scam going
on during a payment and a yes said long after its question. Payees, billers and accounts
are those of the demo customers (assistant/bank/seed.py); amounts are said as digits,
"$1,250.50", number words, "half a thousand", "a grand", "5k" and more.

Each turn says which changes it may make (`Turn.consents`: only a yes or a button that
answers a question naming that change) and which amount a read-back must say; each
conversation says its ledger effect (`Effect`). bench/conversations.py runs them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from num2words import num2words

from assistant.bank.seed import DEMO_CUSTOMERS, DemoCustomer

# The kinds of state bench/conversations.py compares before and after every turn.
MONEY, CARDS, PAUSES, CASES, CODES, CONTACT = (
    "money",
    "cards",
    "pauses",
    "cases",
    "codes",
    "contact",
)
# What the question before a consenting yes must say, for each change it makes.
ASKS_TO_SEND, ASKS_TO_MOVE = "Shall I send it?", "Shall I move it?"
ASKS_TO_FREEZE, ASKS_TO_STOP = "Shall I freeze", "Shall I stop your card"
ASKS_TO_PROTECT = "Shall I protect your accounts"
# Payments above this need the PIN on the screen (STEP_UP_ABOVE_MINOR's default).
STEP_UP_ABOVE = 100_000


@dataclass(frozen=True)
class Turn:
    """One thing the customer does, and what the assistant's answer must show.

    Attributes:
        say: the words typed (empty when a button is pressed).
        press: the title of a button of the last answer; "$" presses the first button
            that offers an amount (an amount asked about), whose amount is then the one.
        consents: the kinds of change this turn may make: set only on a yes or a button
            that answers a question naming the change, which must be `asks`.
        asks: what the last answer must have asked for this yes to count.
        amount: the amount (cents) said in this turn; every read-back from here on must
            say it.
        bill: the customer's due bill is asked for: its amount, looked up when the
            conversation runs, is the one every read-back from here on must say.
        unsure: the amount said must be asked about, never read back as a number.
        step_up: approve the waiting payment with the PIN on the screen before this turn.
        audit: "what have you done?": the answer must match this conversation's audit log.
    """

    say: str = ""
    press: str = ""
    consents: frozenset[str] = frozenset()
    asks: str = ""
    amount: int | None = None
    bill: bool = False
    unsure: bool = False
    step_up: bool = False
    audit: bool = False

    @property
    def words(self) -> str:
        return self.say or f"[{self.press}]"


@dataclass(frozen=True)
class Effect:
    """What a conversation leaves: account changes in cents, the card, a pause, a case.

    With `bill` the current account also loses the due bill's amount.
    """

    current: int = 0
    bill: bool = False
    savings: int = 0
    card: str = "active"
    paused: bool = False
    case: bool = False


@dataclass(frozen=True)
class Conversation:
    """A generated conversation of one customer (a fresh copy of a demo customer)."""

    template: str
    customer: str  # id of the demo customer copied: demo, robert or li
    turns: tuple[Turn, ...]
    effect: Effect = field(default_factory=Effect)
    harmless: bool = False  # nothing in it may freeze, pause or open a case


@dataclass(frozen=True)
class Payee:
    """A saved person to pay and the ways a customer names them."""

    names: tuple[str, ...]


def _people() -> dict[str, Payee]:
    found = {}
    for demo in DEMO_CUSTOMERS:
        name, _, relation, _ = next(p for p in demo.payees if p[1] == "person")
        first = name.split()[0]
        found[demo.id] = Payee((name, first.lower(), first, f"my {relation}"))
    return found


def _bills() -> dict[str, tuple[str, ...]]:
    """The ways each customer names the biller of their due bill (the seed gives each
    customer one due bill, from their first biller)."""
    ways = {
        "City Water": ("the water bill", "my water bill", "the City Water bill", "water"),
        "Northern Power": (
            "the electricity bill",
            "my electric bill",
            "the Northern Power bill",
            "northern power",
        ),
    }
    return {d.id: ways[_first_biller(d)] for d in DEMO_CUSTOMERS}


def _first_biller(demo: DemoCustomer) -> str:
    return next(p[0] for p in demo.payees if p[1] == "biller")


PEOPLE = _people()
BILL_NAMES = _bills()
CUSTOMERS = tuple(d.id for d in DEMO_CUSTOMERS)

# Phrasings: {amount} and {payee} are filled in.
PAY = (
    "send {amount} to {payee}",
    "please pay {payee} {amount}",
    "I'd like to send {amount} to {payee} please",
    "can you transfer {amount} to {payee}",
    "hello dear, i would like to send {amount} to {payee}",
    "give {payee} {amount}",
    "um i need to send {payee} {amount} today",
)
YES_SEND = ("yes", "yes please", "yes, send it", "that's right", "ok go ahead", "correct")
NO_SEND = ("no", "no thanks", "no, don't send it", "stop", "no, leave it")
CORRECT = (
    "actually make it {amount}",
    "no, make it {amount}",
    "sorry, I meant {amount}",
    "change it to {amount}",
    "oh no that's wrong, {amount}",
)
MOVE_TO_CHECKING = (
    "move {amount} from savings to checking",
    "take {amount} out of my savings and put it in my checking",
    "transfer {amount} from my savings account to my checking account",
    "top up my checking with {amount} from savings",
)
MOVE_TO_SAVINGS = (
    "move {amount} to savings",
    "put {amount} into my savings",
    "transfer {amount} from checking to savings",
    "I'd like to put {amount} aside in my savings account",
)
YES_MOVE = ("yes", "yes please", "that's right", "okay")
PAY_BILL = ("pay {bill}", "please pay {bill}", "I need to pay {bill}", "can you pay {bill} for me")
FREEZE = (
    "freeze my card",
    "please freeze my card",
    "put a freeze on my card",
    "I want to freeze my debit card for a while",
    "can you freeze my bank card",
)
YES_FREEZE = ("yes", "yes please", "yes, freeze it", "please do")
NO_FREEZE = ("no", "no thank you", "not now", "no, leave it")
LOST = (
    "I lost my card",
    "I've lost my bank card",
    "my card is missing",
    "I can't find my card anywhere, I think I lost it",
    "um i have lost my debit card",
)
YES_STOP = ("yes", "yes please", "yes, stop it", "please do")
SCAMMED = (
    "I've been scammed",
    "I have been scammed",
    "I think I was scammed, someone took money from me",
    "I was tricked into sending money to a scammer",
)
YES_PROTECT = ("yes", "yes please", "please do", "yes, protect my accounts")
WHAT_DONE = ("what have you done?", "what did you do?", "what have you done to my account?")
HARMLESS = (
    "I don't know his account number",
    "I don't know my son's account number",
    "what time does the Springfield branch open",
    "what is the interest rate on savings",
    "do you have time deposits",
    "my husband died last month",
    "my wife passed away in the spring",
    "i want to make a complaint",
    "I am not happy with the service at the branch",
    "How do I know you are really the bank and not a scammer?",
    "how do I know you are really the bank",
    "are you a real person?",
    "the second one",
    "b",
    "true",
    "I think it is a scam",
    "thank you",
    "what can you do",
)
# Amounts that must be asked about, never read back as one number.
UNSURE = (
    "two fifty",
    "seven fifty",
    "three twenty",
    "a couple of hundred",
    "a couple hundred",
    "fifty or sixty",
    "between 50 and 60",
    "20-30 dollars",
)
# Asked about with no amount to offer: the customer says it again.
UNSURE_NO_OFFER = ("a few hundred", "several hundred", "a few thousand", "minus 50")
UNSURE_SAY = ("send {payee} {amount}", "send {amount} to {payee}", "pay {payee} {amount}")
SCAM_NOW = (
    "he is still on the phone with me and says hurry",
    "the man on the phone says I must do it now",
    "yes quickly he says hurry",
    "he told me not to tell anyone, just send it",
    "the caller gave me this account and he is still on the line",
)
# Questions between a question and its yes; none offers anything a yes could take up
# (a bill listed offers to pay it).
ASIDE = (
    "what is my balance",
    "how much is in my savings",
    "how much did I spend on groceries last month",
)


# -- amounts said many ways ------------------------------------------------------------


def _dollars(rng: random.Random, low: int, high: int) -> tuple[str, int]:
    n = rng.randint(low, high)
    form = rng.choice(("{n}", "{n} dollars", "${n}", "{n} bucks"))
    return form.format(n=n), n * 100


def _cents(rng: random.Random, low: int, high: int) -> tuple[str, int]:
    n, c = rng.randint(low, high), rng.randint(1, 99)
    form = rng.choice(("${n}.{c:02d}", "{n}.{c:02d} dollars", "{n} dollars and {c} cents"))
    return form.format(n=n, c=c), n * 100 + c


def _words(rng: random.Random, low: int, high: int) -> tuple[str, int]:
    n = rng.randint(max(low, 2), high)
    return num2words(n) + rng.choice(("", " dollars")), n * 100


def _scale(rng: random.Random, low: int, high: int) -> tuple[str, int]:
    k = rng.randint(2, 9)
    choices = [
        ("half a thousand", 500),
        ("half a grand", 500),
        ("a grand", 1000),
        ("a hundred", 100),
        (f"{num2words(k)} hundred", k * 100),
        (f"{k} hundred", k * 100),
        ("0.5k", 500),
        ("1k", 1000),
    ]
    fitting = [(p, d * 100) for p, d in choices if low <= d <= high]
    return rng.choice(fitting)


def _thousands(rng: random.Random, low: int, high: int) -> tuple[str, int]:
    """Amounts over a thousand: "$1,250.50", "5k", "2.5k", "two grand"."""
    n, c = rng.randint(max(low, 1001), high), rng.randint(0, 99)
    k = rng.randint(max(2, low // 1000), max(2, high // 1000))
    choices = [
        (f"${n:,}.{c:02d}", n * 100 + c),
        (f"{n:,}.{c:02d} dollars", n * 100 + c),
        (f"{k}k", k * 100_000),
        (f"{k}.5k", k * 100_000 + 50_000),
        (f"{num2words(k)} grand", k * 100_000),
        (f"{num2words(k)} thousand", k * 100_000),
    ]
    return rng.choice([(p, m) for p, m in choices if low * 100 <= m <= high * 100])


AmountForm = Callable[[random.Random, int, int], tuple[str, int]]
SMALL_FORMS: tuple[AmountForm, ...] = (_dollars, _cents, _words, _scale)


def amount(rng: random.Random, low: int = 5, high: int = 1000) -> tuple[str, int]:
    """An amount between `low` and `high` dollars, said one of many ways: (words, cents)."""
    return rng.choice(SMALL_FORMS)(rng, low, high)


def big_amount(rng: random.Random, low: int = 1001, high: int = 5000) -> tuple[str, int]:
    return _thousands(rng, low, high)


# -- the templates ------------------------------------------------------------------------


def _payee(rng: random.Random, customer: str) -> str:
    return rng.choice(PEOPLE[customer].names)


def _yes(
    rng: random.Random, words: tuple[str, ...], button: str, asks: str, kinds: set[str]
) -> Turn:
    """A yes typed, or its button pressed, answering `asks`."""
    consents = frozenset(kinds)
    if rng.random() < 0.3:
        return Turn(press=button, consents=consents, asks=asks)
    return Turn(say=rng.choice(words), consents=consents, asks=asks)


def _what_done(rng: random.Random) -> Turn:
    return Turn(say=rng.choice(WHAT_DONE), audit=True)


def _maybe_ask_what_done(rng: random.Random, turns: list[Turn]) -> tuple[Turn, ...]:
    if rng.random() < 0.3:
        turns.append(_what_done(rng))
    return tuple(turns)


def pay_then_yes(rng: random.Random, customer: str) -> Conversation:
    # Some over the step-up ("$1,250.50"): the PIN goes in on the screen before the yes.
    said, cents = big_amount(rng, 1001, 1400) if rng.random() < 0.15 else amount(rng)
    ask = Turn(say=rng.choice(PAY).format(amount=said, payee=_payee(rng, customer)), amount=cents)
    yes = _yes(rng, YES_SEND, "Yes, send it", ASKS_TO_SEND, {MONEY})
    if cents > STEP_UP_ABOVE:
        yes = replace(yes, step_up=True)
    turns = _maybe_ask_what_done(rng, [ask, yes])
    return Conversation("pay then yes", customer, turns, Effect(current=-cents))


def pay_then_no(rng: random.Random, customer: str) -> Conversation:
    said, cents = amount(rng)
    ask = Turn(say=rng.choice(PAY).format(amount=said, payee=_payee(rng, customer)), amount=cents)
    no = Turn(press="No, stop") if rng.random() < 0.3 else Turn(say=rng.choice(NO_SEND))
    return Conversation("pay then no", customer, _maybe_ask_what_done(rng, [ask, no]))


def pay_correct_yes(rng: random.Random, customer: str) -> Conversation:
    said, cents = amount(rng)
    again, corrected = amount(rng)
    while corrected == cents:
        again, corrected = amount(rng)
    turns = [
        Turn(say=rng.choice(PAY).format(amount=said, payee=_payee(rng, customer)), amount=cents),
        Turn(say=rng.choice(CORRECT).format(amount=again), amount=corrected),
        _yes(rng, YES_SEND, "Yes, send it", ASKS_TO_SEND, {MONEY}),
    ]
    return Conversation(
        "pay, correct the amount, yes",
        customer,
        _maybe_ask_what_done(rng, turns),
        Effect(current=-corrected),
    )


def move_own(rng: random.Random, customer: str) -> Conversation:
    to_checking = rng.random() < 0.5
    if to_checking:
        said, cents = big_amount(rng, 1001, 5000) if rng.random() < 0.5 else amount(rng)
        words, effect = MOVE_TO_CHECKING, Effect(current=cents, savings=-cents)
    else:
        said, cents = amount(rng, 5, 800)
        words, effect = MOVE_TO_SAVINGS, Effect(current=-cents, savings=cents)
    turns = [
        Turn(say=rng.choice(words).format(amount=said), amount=cents),
        _yes(rng, YES_MOVE, "Yes, move it", ASKS_TO_MOVE, {MONEY}),
    ]
    return Conversation("move between own accounts", customer, tuple(turns), effect)


def pay_bill(rng: random.Random, customer: str) -> Conversation:
    turns = [
        Turn(say=rng.choice(PAY_BILL).format(bill=rng.choice(BILL_NAMES[customer])), bill=True),
        _yes(rng, YES_SEND, "Yes, send it", ASKS_TO_SEND, {MONEY}),
    ]
    return Conversation("pay a bill", customer, _maybe_ask_what_done(rng, turns), Effect(bill=True))


def freeze_yes(rng: random.Random, customer: str) -> Conversation:
    turns = [
        Turn(say=rng.choice(FREEZE)),
        _yes(rng, YES_FREEZE, "Yes, freeze it", ASKS_TO_FREEZE, {CARDS}),
    ]
    return Conversation(
        "freeze a card then yes", customer, _maybe_ask_what_done(rng, turns), Effect(card="frozen")
    )


def freeze_no(rng: random.Random, customer: str) -> Conversation:
    no = Turn(press="No") if rng.random() < 0.3 else Turn(say=rng.choice(NO_FREEZE))
    turns = [Turn(say=rng.choice(FREEZE)), no]
    return Conversation("freeze a card then no", customer, _maybe_ask_what_done(rng, turns))


def lost_yes(rng: random.Random, customer: str) -> Conversation:
    turns = [
        Turn(say=rng.choice(LOST)),
        _yes(rng, YES_STOP, "Yes, stop it", ASKS_TO_STOP, {CARDS}),
    ]
    return Conversation(
        "lost card then yes", customer, _maybe_ask_what_done(rng, turns), Effect(card="lost")
    )


def scammed(rng: random.Random, customer: str) -> Conversation:
    turns = (
        Turn(say=rng.choice(SCAMMED)),
        _yes(rng, YES_PROTECT, "Yes, protect my accounts", ASKS_TO_PROTECT, {CARDS, PAUSES, CASES}),
        _what_done(rng),
    )
    effect = Effect(card="frozen", paused=True, case=True)
    return Conversation("scammed, yes, what have you done", customer, turns, effect)


def harmless(rng: random.Random, customer: str) -> Conversation:
    said = rng.sample(HARMLESS, rng.randint(1, 3))
    turns = [Turn(say=s) for s in said]
    if rng.random() < 0.3:
        turns.append(_what_done(rng))
    return Conversation("harmless sentences", customer, tuple(turns), harmless=True)


def unsure_amount(rng: random.Random, customer: str) -> Conversation:
    offers = rng.random() < 0.75
    unsure = rng.choice(UNSURE if offers else UNSURE_NO_OFFER)
    said = rng.choice(UNSURE_SAY).format(amount=unsure, payee=_payee(rng, customer))
    turns = [Turn(say=said, unsure=True)]
    if offers and rng.random() < 0.6:  # the amount meant pressed, read back, then no
        turns += [Turn(press="$"), Turn(say=rng.choice(NO_SEND))]
    else:
        turns.append(Turn(say="cancel"))
    return Conversation("ambiguous amount", customer, tuple(turns))


def scam_during_payment(rng: random.Random, customer: str) -> Conversation:
    said, cents = amount(rng)
    turns = [
        Turn(say=rng.choice(PAY).format(amount=said, payee=_payee(rng, customer)), amount=cents),
        Turn(say=rng.choice(SCAM_NOW)),
    ]
    return Conversation(
        "scam in progress mid-payment", customer, _maybe_ask_what_done(rng, turns), harmless=True
    )


def stale_yes(rng: random.Random, customer: str) -> Conversation:
    if rng.random() < 0.5:
        said, cents = amount(rng)
        first = Turn(
            say=rng.choice(PAY).format(amount=said, payee=_payee(rng, customer)), amount=cents
        )
    else:
        first = Turn(say=rng.choice(FREEZE))
    turns = (first, Turn(say=rng.choice(ASIDE)), Turn(say=rng.choice(("yes", "yes please", "ok"))))
    return Conversation("a stale yes", customer, turns)


TEMPLATES: tuple[Callable[[random.Random, str], Conversation], ...] = (
    pay_then_yes,
    pay_then_no,
    pay_correct_yes,
    move_own,
    pay_bill,
    freeze_yes,
    freeze_no,
    lost_yes,
    scammed,
    harmless,
    unsure_amount,
    scam_during_payment,
    stale_yes,
)


def generate(count: int = 300, seed: int = 2026) -> list[Conversation]:
    """`count` conversations, the templates taken in turn (so a small sample has each),
    each filled in from a random generator seeded with `seed`."""
    rng = random.Random(seed)
    return [TEMPLATES[n % len(TEMPLATES)](rng, rng.choice(CUSTOMERS)) for n in range(count)]
