"""An amount said any way is read back as exactly that amount: the NLU component finds
it, the payment form takes it, and the read-back says it. One that is not sure is asked
about, and never reaches a read-back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.money.amounts import ActionAskTransferAmount
from actions.money.own_transfer import ActionPrepareMove, ValidateMoveForm
from actions.money.transfer import ActionPrepareTransfer, ValidateTransferForm
from assistant.bank.money import format_money, to_minor
from nlu.components import BankEntityExtractor
from tests.amount_phrases import Said, sure_up_to
from tests.support import bind, make_tracker, run_action, slot_values

TRANSFER = {
    "forms": {"transfer_form": {"required_slots": ["transfer_payee", "amount", "from_account"]}}
}
MOVE = {"forms": {"move_form": {"required_slots": ["amount", "from_account", "to_account"]}}}
TODAY = dt.date(2026, 11, 23)
# Below the demo customer's balance, so every payment can be read back.
PAYABLE = sure_up_to(2_000).filter(lambda said: said.currency == "USD")


@pytest.fixture
def mary(db, services):
    bind(db, "s-mary", "demo")
    return "s-mary"


def entities(text: str, locale: str | None) -> list[dict]:
    extractor = BankEntityExtractor({"home_currency": "USD", "locale": locale or "en_US"})
    return extractor.entities_for(text, TODAY)


def texts_of(action, tracker, domain=None) -> tuple[list[str], list[dict]]:
    messages, events = run_action(action, tracker, domain)
    return [m.get("text") or "" for m in messages], events


def read_back_of_transfer(sender: str, text: str, locale: str | None) -> str:
    tracker = make_tracker(sender, text, "transfer_money", entities=entities(text, locale))
    _, events = texts_of(ValidateTransferForm(), tracker, TRANSFER)
    filled = slot_values(events)
    assert filled.get("amount"), f"{text!r}: no amount taken ({filled})"
    tracker = make_tracker(
        sender, "", "transfer_money", slots={**filled, "from_account": "current"}
    )
    texts, _ = texts_of(ActionPrepareTransfer(), tracker)
    return "\n".join(texts)


def read_back_of_move(sender: str, text: str, locale: str | None) -> str:
    tracker = make_tracker(sender, text, "move_money", entities=entities(text, locale))
    _, events = texts_of(ValidateMoveForm(), tracker, MOVE)
    filled = slot_values(events)
    assert filled.get("amount"), f"{text!r}: no amount taken ({filled})"
    slots = {"from_account": "current", "to_account": "savings", "amount": filled["amount"]}
    texts, _ = texts_of(ActionPrepareMove(), make_tracker(sender, "", "move_money", slots=slots))
    return "\n".join(texts)


def said_as_money(value: Decimal, services) -> str:
    return format_money(to_minor(value, "USD"), "USD", services.settings.locale)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(said=PAYABLE, move=st.booleans())
def test_the_read_back_says_exactly_the_amount_said(mary, services, said: Said, move: bool):
    if move:
        text = f"move {said.phrase} to savings"
        read_back = read_back_of_move(mary, text, said.locale)
        expected = f"Move {said_as_money(said.value, services)} from your"
    else:
        text = f"send {said.phrase} to alice"
        read_back = read_back_of_transfer(mary, text, said.locale)
        expected = f"Pay {said_as_money(said.value, services)} to Alice Wong."
    assert expected in read_back, f"{text!r} read back as {read_back!r}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("send half a thousand dollars to alice", "Pay $500.00 to Alice Wong."),
        ("send 1.000,50 to alice", "Pay $1,000.50 to Alice Wong."),
        ("send a thousand and a half to alice", "Pay $1,500.00 to Alice Wong."),
    ],
)
def test_amounts_that_were_read_back_wrong(mary, services, text, expected):
    assert expected in read_back_of_transfer(mary, text, "en_US")


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("send -50 to alice", "An amount must be more than zero. How much would you like to send?"),
        ("send minus 50 dollars to alice", "An amount must be more than zero."),
        ("send negative fifty to alice", "An amount must be more than zero."),
        ("send a few hundred to alice", "I need the exact amount. How much would you like"),
        ("send 10.5055 to alice", "An amount can have at most two decimal places"),
    ],
)
def test_an_amount_not_taken_is_asked_again_with_why(mary, text, question):
    tracker = make_tracker(mary, text, "transfer_money", entities=entities(text, "en_US"))
    _, events = texts_of(ValidateTransferForm(), tracker, TRANSFER)
    assert "amount" not in slot_values(events)
    asked = make_tracker(
        mary, text, "transfer_money", entities=entities(text, "en_US"),
        slots={"transfer_payee": "Alice Wong"}, requested_slot="amount",
    )  # fmt: skip
    texts, _ = texts_of(ActionAskTransferAmount(), asked)
    assert texts and texts[0].startswith(question)


def test_an_amount_with_two_readings_is_offered_both(mary):
    text = "send 1,500 to alice"
    tracker = make_tracker(mary, text, "transfer_money", entities=entities(text, "de_DE"))
    messages, _ = run_action(ActionAskTransferAmount(), tracker)
    assert (
        messages[0]["text"] == "Did you mean $1,500.00 or $1.50? Or say the amount again, please."
    )
    assert [b["title"] for b in messages[0]["buttons"]] == ["$1,500.00", "$1.50"]
