"""A spoken yes moves money only when speech recognition was sure of it."""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.money.confirm import ActionHandleAffirm
from actions.money.transfer import ActionPrepareTransfer
from tests.support import bind, make_tracker


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return [m.get("text") for m in dispatcher.messages], events


@pytest.fixture
def pending(db, services):
    bind(db, "s-voice", "demo")
    tracker = make_tracker(
        "s-voice", "send 50 dollars to my daughter", "transfer_money",
        slots={"transfer_payee": "Alice Wong", "amount": "50", "from_account": "current"},
    )  # fmt: skip
    _, events = run(ActionPrepareTransfer(), tracker)
    return next(e["value"] for e in events if e.get("name") == "pending_request")


def spoken_yes(request_id, asr_confidence):
    return make_tracker(
        "s-voice", "yes", "affirm", slots={"pending_request": request_id},
        events=[
            {"event": "action", "name": "action_prepare_transfer"},
            {"event": "user", "text": "yes",
             "metadata": {"input": "voice", "asr_confidence": asr_confidence}},
        ],
    )  # fmt: skip


def test_an_unsure_spoken_yes_gets_the_read_back_again(pending, services):
    before = services.ledger.accounts("demo", kind="current")[0].balance_minor
    texts, _ = run(ActionHandleAffirm(), spoken_yes(pending, 0.55))
    assert texts[0] == "I want to be sure."
    assert texts[1].startswith("Please check this payment.")
    assert services.ledger.accounts("demo", kind="current")[0].balance_minor == before


def test_a_clear_spoken_yes_pays(pending, services):
    texts, _ = run(ActionHandleAffirm(), spoken_yes(pending, 0.95))
    assert texts[0].startswith("Done. I sent $50.00 to Alice Wong.")
