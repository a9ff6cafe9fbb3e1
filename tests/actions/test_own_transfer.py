"""Moving money between the customer's own accounts: form, read-back, yes."""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.money.confirm import ActionHandleAffirm
from actions.money.own_transfer import (
    ActionAskMoveFromAccount,
    ActionAskMoveToAccount,
    ActionPrepareMove,
    ValidateMoveForm,
    accounts_named,
)
from tests.support import bind, make_tracker, run_action, slot_values

DOMAIN = {"forms": {"move_form": {"required_slots": ["amount", "from_account", "to_account"]}}}


def run(action, tracker, domain=None):
    messages, events = run_action(action, tracker, domain)
    return [m.get("text") for m in messages], events


@pytest.fixture
def mary(db, services):
    bind(db, "s-mary", "demo")
    return "s-mary"


def amount_entity(value):
    return {"entity": "amount", "value": value, "currency": "USD",
            "additional_info": {"amount": str(value), "currency": "USD"}}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("move $200 from savings to checking", ("savings", "current")),
        ("put 100 from checking into savings", ("current", "savings")),
        ("take 20 out of savings and put it in my current account", ("savings", "current")),
        ("put 75 in savings", (None, "savings")),
        ("top up my checking from savings", ("savings", "current")),
        ("move some money around", (None, None)),
    ],
)
def test_accounts_are_read_from_the_customers_words(text, expected):
    assert accounts_named(text) == expected


def test_one_sentence_fills_the_whole_form(mary):
    tracker = make_tracker(
        mary, "move $200 from savings to checking", "move_money", entities=[amount_entity(200)]
    )
    _, events = run(ValidateMoveForm(), tracker, DOMAIN)
    assert slot_values(events) == {
        "amount": "200",
        "from_account": "savings",
        "to_account": "current",
    }


def test_one_account_named_means_the_other_is_the_source(mary):
    tracker = make_tracker(mary, "put 75 in savings", "move_money", entities=[amount_entity(75)])
    _, events = run(ValidateMoveForm(), tracker, DOMAIN)
    assert slot_values(events) == {
        "amount": "75",
        "from_account": "current",
        "to_account": "savings",
    }


def test_move_is_read_back_and_a_yes_moves_it_once(mary, services):
    savings = services.ledger.accounts("demo", kind="savings")[0]
    current = services.ledger.accounts("demo", kind="current")[0]
    tracker = make_tracker(
        mary, "", "move_money",
        slots={"amount": "200", "from_account": "savings", "to_account": "current"},
    )  # fmt: skip
    texts, events = run(ActionPrepareMove(), tracker)
    assert texts == [
        "Please check this.\nMove $200.00 from your Savings account ending "
        f"{savings.last4} to your {current.name}.\nShall I move it?"
    ]
    request_id = slot_values(events)["pending_request"]
    assert services.ledger.accounts("demo", kind="savings")[0].balance_minor == (
        savings.balance_minor
    ), "nothing moves before the yes"

    history = [
        {"event": "action", "name": "action_prepare_move"},
        {"event": "bot", "text": "Shall I move it?"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "yes"},
    ]
    yes = make_tracker(mary, "yes", "affirm", slots={"pending_request": request_id}, events=history)
    texts, events = run(ActionHandleAffirm(), yes)
    assert texts[0].startswith(f"Done. I moved $200.00 to your {current.name}.")
    assert services.ledger.accounts("demo", kind="savings")[0].balance_minor == (
        savings.balance_minor - 20_000
    )
    assert services.ledger.accounts("demo", kind="current")[0].balance_minor == (
        current.balance_minor + 20_000
    )
    texts, _ = run(ActionHandleAffirm(), yes)
    assert texts[0].startswith("That payment is no longer waiting")


def test_an_account_button_fills_the_slot_it_names(mary):
    tracker = make_tracker(
        mary, '/inform{"to_account": "savings"}', "inform",
        entities=[{"entity": "to_account", "value": "savings"}],
        requested_slot="to_account", slots={"amount": "10", "from_account": "current"},
    )  # fmt: skip
    _, events = run(ValidateMoveForm(), tracker, DOMAIN)
    assert slot_values(events)["to_account"] == "savings"


def test_a_bare_account_answers_the_question_asked(mary):
    tracker = make_tracker(
        mary, "my savings", "inform", requested_slot="to_account",
        slots={"amount": "10", "from_account": "current"},
    )  # fmt: skip
    _, events = run(ValidateMoveForm(), tracker, DOMAIN)
    assert slot_values(events)["from_account"] == "current"
    assert slot_values(events)["to_account"] == "savings"


@pytest.mark.parametrize(
    ("action", "question", "slot"),
    [
        (ActionAskMoveFromAccount(), "Which account should the money come from?", "from_account"),
        (ActionAskMoveToAccount(), "Which account should the money go to?", "to_account"),
    ],
)
def test_each_account_question_offers_the_accounts_for_its_slot(mary, action, question, slot):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(mary, "move some money around", "move_money")
    assert asyncio.run(action.run(dispatcher, tracker, DOMAIN)) == []
    [message] = dispatcher.messages
    assert message["text"] == question
    payloads = [b["payload"] for b in message["buttons"]]
    assert len(payloads) == 2 and all(f'"{slot}"' in p for p in payloads), payloads
