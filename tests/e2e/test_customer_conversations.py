"""The conversations in tests/conversations/*.yml, each through the real stack.

One Rasa server, action server and web app serve them all (the session-scoped
`assistant` fixture). A file holds a list of conversations:

    - name: a correction at the read-back is what gets sent
      customer: demo            # demo (Mary), robert or li; demo when left out
      turns:
        - say: send 50 bucks to my daughter
          expect: [Pay $50.00 to Alice Wong]    # every one must be in the reply
        - say: actually make it forty
          expect: [Pay $40.00]
          never: [$50.00]                       # none may be in the reply
        - press: Yes, send it                   # a button of the last reply
          expect_any: [Done, sent]              # at least one
      moved: -4000              # change of the current account, in cents
      card: active              # status of the customer's card at the end

A turn's `expect_in_order: [Checking account, to pay]` wants each in the reply after
the one before. `or_press: Pay a bill` on a said turn accepts the clarifying question
(actions/conversation/clarify.py) in place of understanding at once: when the reply offers
that button, it is pressed, and the turn's expectations are checked on what follows. Texts
are compared without regard to case. Before each conversation the customer's cards are set
back to active and no lesson is left half-done, before and after, so no conversation depends
on another, nor any other test on these.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import delete, select

from assistant.bank.models import Bill, Card, PaymentPause

pytestmark = pytest.mark.e2e

FOLDER = Path(__file__).resolve().parents[1] / "conversations"
PINS = {"demo": "1234", "robert": "2468", "li": "1357"}
TURN_KEYS = {"say", "press", "or_press", "expect", "expect_any", "expect_in_order", "never"}


def load_conversations(folder: Path = FOLDER) -> list[dict[str, Any]]:
    """Every conversation in the folder, with the file it came from."""
    found = []
    for path in sorted(folder.glob("*.yml")):
        # BaseLoader: every value a string, so "no", "yes" and "5309" stay what was typed.
        for conversation in yaml.load(path.read_text(encoding="utf-8"), yaml.BaseLoader) or []:  # noqa: S506 - BaseLoader builds only str, list, dict
            for turn in conversation["turns"]:
                unknown = set(turn) - TURN_KEYS
                if unknown or ("say" in turn) == ("press" in turn):
                    raise ValueError(
                        f"{path.name}: {conversation['name']!r}: a turn needs exactly one of "
                        f"say/press and only {sorted(TURN_KEYS)}; got {sorted(turn)}"
                    )
            found.append({**conversation, "file": path.name})
    return found


CONVERSATIONS = load_conversations()


def _reset_customer(assistant: Any, customer_id: str) -> None:
    """Cards active, bills due and no lesson half-done, so that no conversation (here or in another
    test module) depends on what an earlier one left behind."""
    with assistant.db.session() as session:
        for card in session.scalars(select(Card).where(Card.customer_id == customer_id)):
            card.status = "active"
        # "I've been scammed" also pauses new payments for a day.
        session.execute(delete(PaymentPause).where(PaymentPause.customer_id == customer_id))
        # A bill paid in one conversation is due again for the next.
        for bill in session.scalars(select(Bill).where(Bill.customer_id == customer_id)):
            bill.status, bill.transaction_id = "due", None
    assistant.forget_lessons(customer_id)


def _card_status(assistant: Any, customer_id: str) -> str:
    with assistant.db.session() as session:
        return session.scalars(select(Card.status).where(Card.customer_id == customer_id)).first()


def _check(turn: dict[str, Any], reply: str, where: str) -> None:
    lowered = reply.lower()
    for wanted in turn.get("expect", []):
        assert wanted.lower() in lowered, f"{where}: expected {wanted!r} in:\n{reply}"
    if turn.get("expect_any"):
        assert any(w.lower() in lowered for w in turn["expect_any"]), (
            f"{where}: expected one of {turn['expect_any']} in:\n{reply}"
        )
    at = 0
    for wanted in turn.get("expect_in_order", []):
        found = lowered.find(wanted.lower(), at)
        assert found >= 0, f"{where}: expected {turn['expect_in_order']} in this order in:\n{reply}"
        at = found + len(wanted)
    for unwanted in turn.get("never", []):
        assert unwanted.lower() not in lowered, f"{where}: {unwanted!r} must not be in:\n{reply}"
    # Every turn: a Python value said to a customer ("I cannot find None") is always a bug.
    leaked = re.search(r"\b(None|null|undefined|nan)\b(?! of)", reply)
    assert leaked is None, f"{where}: {leaked.group(0)!r} said to the customer:\n{reply}"


@pytest.mark.parametrize(
    "conversation", CONVERSATIONS, ids=[f"{c['file']}:{c['name']}" for c in CONVERSATIONS]
)
def test_conversation(assistant, login, conversation):
    customer_id = conversation.get("customer", "demo")
    _reset_customer(assistant, customer_id)
    try:
        _talk(assistant, login, conversation, customer_id)
    finally:
        _reset_customer(assistant, customer_id)


def _talk(assistant: Any, login: Any, conversation: dict[str, Any], customer_id: str) -> None:
    customer = login(customer_id, PINS[customer_id])
    before = assistant.balance(customer_id)
    for number, turn in enumerate(conversation["turns"], start=1):
        if "say" in turn:
            customer.say(turn["say"])
            said = turn["say"]
            if turn.get("or_press") in customer.titles():
                customer.press(turn["or_press"])  # understood after one question
                said += f" [{turn['or_press']}]"
        else:
            customer.press(turn["press"])
            said = f"[{turn['press']}]"
        _check(turn, customer.text(), f"turn {number} ({said!r})")
    if "moved" in conversation:
        assert assistant.balance(customer_id) - before == int(conversation["moved"])
    if "card" in conversation:
        assert _card_status(assistant, customer_id) == conversation["card"]
