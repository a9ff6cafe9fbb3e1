"""An amount heard by speech recognition that sounds like another ("$14": fourteen or
forty) is never read back as if sure: the customer is asked which, with a button for
each, and the amount chosen goes to the read-back and its yes. Typed, it is read back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.money.amend import amend_pending
from actions.money.amounts import ActionAskTransferAmount
from actions.money.transfer import ActionPrepareTransfer, ValidateTransferForm
from tests.spoken_amounts import PAIRS, VOICE, heard, written
from tests.support import answering, bind, make_tracker, run_action, slot_values

TRANSFER = {
    "forms": {"transfer_form": {"required_slots": ["transfer_payee", "amount", "from_account"]}}
}
SENDER = "s-robert-voice"


@pytest.fixture
def robert(db, services):
    bind(db, SENDER, "robert")
    return SENDER


def said(text: str, intent: str = "transfer_money", metadata: dict | None = VOICE, **more):
    """A tracker whose latest message `text` came by voice (or typed, metadata None)."""
    entities = heard(text, metadata)
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": entities}
    user = {"event": "user", "text": text, "parse_data": latest, "metadata": metadata or {}}
    return make_tracker(SENDER, text, intent, entities=entities, events=[user], **more)


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def titles(messages: list[dict]) -> list[str]:
    return [b["title"] for m in messages for b in m.get("buttons") or []]


def read_back(slots: dict) -> str:
    tracker = make_tracker(SENDER, "", "transfer_money", slots={**slots, "from_account": "current"})
    messages, _ = run_action(ActionPrepareTransfer(), tracker)
    return texts(messages)


def test_fourteen_heard_is_asked_and_forty_chosen_is_read_back(robert):
    tracker = said("Send 14 dollars to Carlos.")
    _, events = run_action(ValidateTransferForm(), tracker, TRANSFER)
    filled = slot_values(events)
    assert filled.get("transfer_payee") == "Carlos Diaz"
    assert not filled.get("amount"), "a sound-alike amount is never taken as heard"

    asked, _ = run_action(ActionAskTransferAmount(), tracker)
    assert texts(asked) == "Did you say fourteen dollars, one four, or forty dollars, four zero?"
    assert titles(asked) == ["$14.00", "$40.00"]

    forty = next(b["payload"] for m in asked for b in m["buttons"] if b["title"] == "$40.00")
    pressed = answering(
        SENDER, "Send 14 dollars to Carlos.", asked, forty, "inform",
        entities=[{"entity": "amount", "value": "40"}],
    )  # fmt: skip
    _, events = run_action(ValidateTransferForm(), pressed, TRANSFER)
    assert slot_values(events).get("amount") == "40"
    said_back = read_back({"transfer_payee": "Carlos Diaz", "amount": "40"})
    assert "Pay $40.00 to Carlos Diaz." in said_back and "$14" not in said_back


def test_the_same_words_typed_are_read_back_at_once(robert):
    typed = said("Send 14 dollars to Carlos.", metadata=None)
    _, events = run_action(ValidateTransferForm(), typed, TRANSFER)
    assert slot_values(events).get("amount") == "14"
    spoken = said("Send 14 dollars to Carlos.")
    _, events = run_action(ValidateTransferForm(), spoken, TRANSFER)
    assert not slot_values(events).get("amount")


def dollars(amount: str) -> str:
    """As a button shows it: "$14.00", "$1,400.00"."""
    return f"${Decimal(amount):,.2f}"


@pytest.mark.parametrize(("one", "other"), PAIRS + [(b, a) for a, b in PAIRS])
def test_every_sound_alike_is_offered_as_a_button(robert, one, other):
    asked, _ = run_action(ActionAskTransferAmount(), said(f"Send {written(one)} to Carlos."))
    offered = titles(asked)
    assert offered[0] == dollars(one), "the amount heard first"
    assert dollars(other) in offered
    question = texts(asked)
    assert question.startswith("Did you say ") and question.endswith("?")
    assert not any(ch.isdigit() for ch in question), "words and digits said, never figures"


@pytest.mark.parametrize(
    "answer",
    [
        "Forty.", "40", "Four zero.", "four, zero", "it is four oh", "I said 4 0",
        "$40.", "forty dollars", "Forty. Four zero. The big one",
    ],
)  # fmt: skip
def test_a_spoken_answer_naming_one_offered_amount_is_taken(robert, answer):
    asked, _ = run_action(ActionAskTransferAmount(), said("Send 14 dollars to Carlos."))
    entities = heard(answer)
    tracker = answering(
        SENDER, "Send 14 dollars to Carlos.", asked, answer, "inform", entities=entities
    )
    _, events = run_action(ValidateTransferForm(), tracker, TRANSFER)
    assert slot_values(events).get("amount") == "40"
    again, _ = run_action(ActionAskTransferAmount(), tracker)
    assert "Did you say" not in texts(again)


def test_a_spoken_answer_naming_nothing_offered_is_asked_again(robert):
    asked, _ = run_action(ActionAskTransferAmount(), said("Send 14 dollars to Carlos."))
    tracker = answering(
        SENDER, "Send 14 dollars to Carlos.", asked, "Fifteen.", "inform",
        entities=heard("Fifteen."),
    )  # fmt: skip
    _, events = run_action(ValidateTransferForm(), tracker, TRANSFER)
    assert not slot_values(events).get("amount")
    again, _ = run_action(ActionAskTransferAmount(), tracker)
    assert titles(again) == ["$15.00", "$50.00"]


def test_a_spoken_correction_at_the_read_back_is_asked_before_it_changes(robert, services):
    tracker = make_tracker(SENDER, "", "transfer_money", slots={
        "transfer_payee": "Carlos Diaz", "amount": "14", "from_account": "current"})  # fmt: skip
    _, events = run_action(ActionPrepareTransfer(), tracker)
    request_id = slot_values(events)["pending_request"]

    correction = said("No, make it 40.", "inform", slots={"pending_request": request_id})
    asked, events = _amend(correction)
    assert events == [] and titles(asked) == ["$40.00", "$14.00"]
    assert services.payments.pending("robert", request_id) is not None, "nothing changed yet"

    forty = answering(
        SENDER, "No, make it 40.", asked, '/inform{"amount": "40"}', "inform",
        entities=[{"entity": "amount", "value": "40"}], slots={"pending_request": request_id},
    )  # fmt: skip
    changed, events = _amend(forty)
    assert "All right, I have changed it." in texts(changed)
    assert "Pay $40.00 to Carlos Diaz." in texts(changed)


def _amend(tracker):
    dispatcher = CollectingDispatcher()
    events = amend_pending(tracker, dispatcher)
    return dispatcher.messages, events
