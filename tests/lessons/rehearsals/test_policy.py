"""The practice call's policy on real Rasa trackers: while a call goes on, every message is
an answer to it ("I'd send the money" starts no payment); otherwise it says nothing."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.slots import AnySlot
from rasa.shared.core.trackers import DialogueStateTracker

from lessons.rehearsals.policy import ANSWER, SLOT, RehearsalPolicy

CALL = {"v": 1, "rehearsal": "prize-fee", "version": 1, "step": "the-fee", "run": "0123abcd",
        "safe": 0, "answers": 1, "unclear": 0}  # fmt: skip


@pytest.fixture
def policy(tmp_path):
    return RehearsalPolicy.create(
        RehearsalPolicy.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("rehearsal"),
        ExecutionContext(GraphSchema({}), "test"),
    )


def tracker(slot_value, *events):
    slots = [AnySlot(SLOT, mappings=[{"type": "custom"}], influence_conversation=False)]
    return DialogueStateTracker.from_events(
        "s-1", [ActionExecuted("action_listen"), SlotSet(SLOT, slot_value), *events], slots=slots
    )


def said(text, intent):
    return [UserUttered(text, {"name": intent, "confidence": 0.9})]


def test_every_message_in_a_practice_call_is_an_answer(policy):
    for text, intent in (("I'll pay the fee now", "pay_bill"), ("freeze my card", "freeze_card"),
                         ("stop", "stop"), ("what's my balance", "check_balance")):  # fmt: skip
        assert policy.next_action(tracker(CALL, *said(text, intent))) == ANSWER


def test_after_the_answer_it_waits_for_the_customer(policy):
    events = [*said("no", "deny"), ActionExecuted(ANSWER)]
    assert policy.next_action(tracker(CALL, *events)) == "action_listen"


@pytest.mark.parametrize("slot", [None, {}, {"v": 1, "rehearsal": "x"}])
def test_without_a_practice_call_it_leaves_the_message_to_the_others(policy, slot):
    assert policy.next_action(tracker(slot, *said("I'll pay the fee", "pay_bill"))) is None


def test_after_the_answer_that_ended_the_call_it_still_waits(policy):
    """ "stop" ends the call and empties the slot: nothing else may run on that message."""
    events = [*said("stop", "cancel"), ActionExecuted(ANSWER), SlotSet(SLOT, None)]
    assert policy.next_action(tracker(CALL, *events)) == "action_listen"
