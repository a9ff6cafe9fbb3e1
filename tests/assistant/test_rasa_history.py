"""rasa_history: applied events folded once per event and rules matched only as far back as
they reach give exactly Rasa 3.6's own results."""

from __future__ import annotations

import json

import pytest
from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    FollowupAction,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.engine import rasa_history
from assistant.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


def rasa_applied(tracker: DialogueStateTracker) -> list:
    original = DialogueStateTracker.applied_events
    original = getattr(original, "_rasa_original", original)
    return original(tracker)


def turn(text: str, *actions: str) -> list:
    return [
        UserUttered(text),
        *[ActionExecuted(a) for a in actions],
        ActionExecuted("action_listen"),
    ]


# Each step is added to the tracker in turn; after every step both ways must agree.
STEPS = [
    [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")],
    turn("hello", "utter_greet"),
    [UserUttered("send money"), ActionExecuted("transfer_form"), ActiveLoop("transfer_form")],
    [ActionExecuted("action_listen"), UserUttered("alice"), ActionExecuted("transfer_form")],
    [SlotSet("transfer_payee", "Alice Wong"), ActionExecuted("action_listen")],
    [UserUttered("oops"), UserUtteranceReverted()],
    [UserUttered("50 dollars"), ActionExecuted("transfer_form"), ActiveLoop(None)],
    [ActionExecuted("utter_done"), ActionReverted()],
    turn("what is my balance", "action_check_balance"),
    [ActionExecuted("lesson_quiz_form"), ActiveLoop("lesson_quiz_form")],
    turn("answer a", "lesson_quiz_form"),
    [Restarted()],
    turn("hi again", "utter_greet"),
]


def test_applied_events_match_rasa_after_every_step(domain) -> None:
    tracker = DialogueStateTracker("mary", domain.slots)
    for step in STEPS:
        for event in step:
            tracker.update(event)
        assert rasa_history.incremental_applied_events(tracker) == rasa_applied(tracker)
        # called twice with nothing new: the same, from the memo
        assert rasa_history.incremental_applied_events(tracker) == rasa_applied(tracker)


def test_a_loop_named_late_refolds_the_earlier_events(domain) -> None:
    tracker = DialogueStateTracker("mary", domain.slots)
    for event in [*turn("a", "transfer_form"), *turn("b", "transfer_form")]:
        tracker.update(event)
    before = rasa_history.incremental_applied_events(tracker)
    tracker.update(ActiveLoop("transfer_form"))  # now "transfer_form" counts as a loop
    after = rasa_history.incremental_applied_events(tracker)
    assert after == rasa_applied(tracker)
    assert len(after) < len(before) + 1  # the earlier repeat was undone


def test_the_memo_is_not_used_for_a_tracker_with_other_events(domain) -> None:
    tracker = DialogueStateTracker("mary", domain.slots, max_event_history=6)
    for number in range(8):  # the oldest events fall off the front
        for event in turn(f"message {number}", "utter_greet"):
            tracker.update(event)
        assert rasa_history.incremental_applied_events(tracker) == rasa_applied(tracker)


def test_callers_may_change_the_list_they_get(domain) -> None:
    tracker = DialogueStateTracker("mary", domain.slots)
    for event in turn("hello", "utter_greet"):
        tracker.update(event)
    rasa_history.incremental_applied_events(tracker).clear()
    assert rasa_history.incremental_applied_events(tracker) == rasa_applied(tracker)


def state(intent: str | None = None, action: str | None = None) -> dict:
    result: dict = {}
    if intent:
        result["user"] = {"intent": intent}
    if action:
        result["prev_action"] = {"action_name": action}
    return result


def test_rule_keys_match_rasa_for_short_and_long_conversations() -> None:
    policy = RulePolicy.__new__(RulePolicy)
    rules = [
        [state(), state("greet", "action_listen")],  # conversation start
        [state("greet", "action_listen")],
        [state("check_balance", "action_listen")],
        [state("greet", "action_listen"), state(None, "utter_greet")],
        [state("affirm", "action_listen"), state("deny", "action_listen")],
    ]
    lookup = {json.dumps(rule, sort_keys=True): f"action_{n}" for n, rule in enumerate(rules)}
    original = getattr(RulePolicy._get_possible_keys, "_rasa_original", None)
    original = original or RulePolicy._get_possible_keys
    histories = [
        [state()],
        [state(), state("greet", "action_listen")],
        [state(), *[state("check_balance", "action_listen")] * 50],
        [state(), *[state("affirm", "action_listen")] * 30, state("deny", "action_listen")],
        [*[state("greet", "action_listen")] * 40, state(None, "utter_greet")],
        [state(), state("check_balance", "action_listen"), state(None, "utter_greet")],
    ]
    for states in histories:
        got = rasa_history.bounded_possible_keys(policy, lookup, states)
        assert got == original(policy, lookup, states)
    assert rasa_history.bounded_possible_keys(policy, lookup, histories[2])  # not vacuous


def test_the_check_raises_on_a_difference() -> None:
    both = rasa_history.checked(lambda owner: [1, 2], lambda owner: [1, 3], "applied events")
    with pytest.raises(RuntimeError, match="applied events differ"):
        both(object())


def rasa_copy(tracker: DialogueStateTracker) -> DialogueStateTracker:
    original = DialogueStateTracker.copy
    return getattr(original, "_rasa_original", original)(tracker)


def test_a_quick_copy_holds_what_rasa_s_replayed_copy_holds(domain) -> None:
    tracker = DialogueStateTracker("mary", domain.slots)
    for step in STEPS:
        for event in step:
            tracker.update(event)
        quick = rasa_history.quick_copy(tracker)
        assert rasa_history.tracker_state(quick) == rasa_history.tracker_state(rasa_copy(tracker))
        assert quick.latest_message is tracker.latest_message  # the same event, as replayed


def test_a_quick_copy_for_a_follow_up_keeps_it_cleared(domain) -> None:
    # "actually yes please call me": the yes action asks for the call-back action; the
    # processor clears the follow-up and copies the tracker to run it. Rasa's replayed copy
    # sets it again; the quick copy keeps the tracker's own, and the check accepts that one
    # difference only.
    tracker = DialogueStateTracker("mary", domain.slots)
    for event in [ActionExecuted("action_listen"), UserUttered("yes please call me")]:
        tracker.update(event)
    tracker.update(ActionExecuted("action_handle_affirm"))
    tracker.update(FollowupAction("action_human_handoff"))
    tracker.clear_followup_action()
    quick, replayed = rasa_history.quick_copy(tracker), rasa_copy(tracker)
    assert (quick.followup_action, replayed.followup_action) == (None, "action_human_handoff")
    assert rasa_history.tracker_state(quick) == rasa_history.tracker_state(replayed)
    quick._paused = True
    assert rasa_history.tracker_state(quick) != rasa_history.tracker_state(replayed)


def test_a_quick_copy_changes_apart_from_its_tracker(domain) -> None:
    tracker = DialogueStateTracker("mary", domain.slots)
    for event in [*STEPS[0], *STEPS[1], *STEPS[2]]:  # a form is active
        tracker.update(event)
    before = rasa_history.tracker_state(tracker)
    quick = rasa_history.quick_copy(tracker)
    quick.update(SlotSet("transfer_payee", "Bob"))
    quick.update(ActionExecuted("utter_done"))
    quick.active_loop.rejected = True
    assert rasa_history.tracker_state(tracker) == before
    assert tracker.get_slot("transfer_payee") is None


def test_the_check_names_what_differs_between_two_trackers(domain) -> None:
    def forgetful(tracker: DialogueStateTracker) -> DialogueStateTracker:
        copied = rasa_history.quick_copy(tracker)
        copied._paused = True
        return copied

    tracker = DialogueStateTracker("mary", domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    both = rasa_history.checked(forgetful, rasa_copy, "tracker copies", rasa_history.tracker_state)
    with pytest.raises(RuntimeError, match="_paused: True != False"):
        both(tracker)
