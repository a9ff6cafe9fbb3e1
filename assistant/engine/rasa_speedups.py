"""Three changes to how Rasa 3.6 runs, made when the Rasa server starts, never at import.

Rasa checks every action server reply against a JSON schema with `jsonschema.validate`, which
first checks the schema itself against JSON Schema's meta-schema: that check was the largest
single cost of a turn in the Rasa server (about 29% of its CPU in `py-spy`, README
"Benchmarks"). The schema never changes, so it is checked once here and its compiled validator
reused. Replies are validated exactly as before, with the same error message.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from assistant.engine import rasa_history
from assistant.engine.rasa_history import checked
from assistant.errors import ConfigurationError
from assistant.settings import env_int

USER = "user"  # rasa.shared.core.constants.USER

# Every change here and in `rasa_history` replaces a piece of Rasa's own code, written
# against this version and compared with its code by tests/assistant/test_rasa_history.py
# and tests/assistant/test_tracker_store.py. Another Rasa may have changed what they copy.
PATCHED_RASA = "3.6.21"


def check_rasa_version(found: str) -> None:
    """Refuse to patch a Rasa these changes were not written against."""
    if found != PATCHED_RASA:
        raise ConfigurationError(
            f"Rasa {found} is installed, but the assistant's changes to how Rasa runs "
            f"(assistant/engine/rasa_speedups.py, assistant/engine/rasa_history.py) copy Rasa "
            f"{PATCHED_RASA}'s code. Install the pinned Rasa (make install), or compare "
            "each change with the new Rasa's code, run their tests, and set PATCHED_RASA."
        )


@cache
def _action_reply_validator() -> Validator:
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_reply(action: Any, result: dict[str, Any]) -> bool:
    """`RemoteAction._validate_action_result` with the compiled validator."""
    from jsonschema import ValidationError
    from rasa.shared.constants import DOCS_BASE_URL

    try:
        _action_reply_validator().validate(result)
        return True
    except ValidationError as e:
        e.message += (
            ". Failed to validate Action server response from API, "
            "make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise e


# --- What the action server is sent ---------------------------------------------------------
#
# Rasa sends the action server the whole conversation (every event, as JSON) with each action
# call, so that call grows with the conversation too. The actions read the slots (sent whole),
# the latest message and the last few turns; they are sent the most recent events only.

DEFAULT_ACTION_EVENT_WINDOW = 300  # events: about forty turns


def action_call_format(window: int) -> Callable[..., dict[str, Any]]:
    """`RemoteAction._action_call_format` sending the last `window` events."""
    from rasa.core.actions.action import RemoteAction

    original = getattr(RemoteAction._action_call_format, "_rasa_original", None) or (
        RemoteAction._action_call_format
    )

    def _action_call_format(action: Any, tracker: Any, domain: Any) -> dict[str, Any]:
        if len(tracker.events) <= window:
            return original(action, tracker, domain)
        result = original(action, _WithoutEvents(tracker), domain)
        result["tracker"]["events"] = [event.as_dict() for event in list(tracker.events)[-window:]]
        return result

    _action_call_format._rasa_original = original  # type: ignore[attr-defined]
    return _action_call_format


class _WithoutEvents:
    """A tracker whose `current_state` leaves the events out; everything else is the tracker's."""

    def __init__(self, tracker: Any) -> None:
        self._tracker = tracker

    def current_state(self, verbosity: Any = None) -> dict[str, Any]:
        from rasa.shared.core.trackers import EventVerbosity

        return self._tracker.current_state(EventVerbosity.NONE)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tracker, name)


def apply(env: Mapping[str, str] | None = None) -> None:
    """Make Rasa validate action replies with the compiled validator, send the action server
    the last ACTION_EVENT_WINDOW events (300), work out dialogue states and applied events once
    per event and stop matching rules early (`rasa_history`), each checked against Rasa's own
    way when BANK_CHECK_STATE_CACHE=1."""
    import rasa
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.domain import Domain

    check_rasa_version(rasa.__version__)
    env = os.environ if env is None else env
    RemoteAction._validate_action_result = validate_action_reply
    window = env_int(env, "ACTION_EVENT_WINDOW", DEFAULT_ACTION_EVENT_WINDOW)
    RemoteAction._action_call_format = action_call_format(window)
    check = env.get("BANK_CHECK_STATE_CACHE") == "1"
    rasa_history.apply(check)
    original = Domain.states_for_tracker_history
    if getattr(original, "_bank_speedup", False):
        return
    replacement: Any = (
        checked(incremental_states, original, "dialogue states") if check else incremental_states
    )
    replacement._bank_speedup = True
    Domain.states_for_tracker_history = replacement


# --- Dialogue states, worked out once per event -------------------------------------------
#
# Before every prediction RulePolicy asks the domain for the state of the conversation before
# each action so far, and Rasa recomputes that list from the first event each time: a turn
# costs more the longer the conversation (at turn 200, 80 ms of CPU per turn against 4 ms at
# turn 1). The states of a conversation's past never change, so they are kept on the tracker
# and only the new events are worked through; the result is the list Rasa would compute. With
# BANK_CHECK_STATE_CACHE=1 (set by the tests) every call is also computed Rasa's own way and a
# difference raises, so that every end-to-end conversation checks it.

_MEMO_ATTRIBUTE = "_bank_states_memo"


@dataclass
class _Replay:
    """Rasa's loop over prior trackers, stopped after `events` and ready to go on."""

    events: list[Any]
    tracker: Any
    states: list[dict[str, Any]] = field(default_factory=list)
    last_ml_action: Any = None
    turn_was_hidden: bool = False


def _add_state(
    domain: Any, replay: _Replay, hide_rule_turn: bool, omit_unset_slots: bool,
    ignore_rule_only_turns: bool, rule_only_data: dict[str, Any] | None,
) -> None:  # fmt: skip
    """One step of `Domain.states_for_tracker_history` (Rasa 3.6), on `replay.tracker`."""
    from rasa.shared.core.constants import PREVIOUS_ACTION

    tracker = replay.tracker
    if ignore_rule_only_turns:
        if not replay.turn_was_hidden:
            replay.last_ml_action = domain._get_prev_action_sub_state(tracker)
        if not tracker.followup_action and tracker.latest_action_name != tracker.active_loop_name:
            replay.turn_was_hidden = hide_rule_turn
        if replay.turn_was_hidden:
            return
    state = domain.get_active_state(tracker, omit_unset_slots=omit_unset_slots)
    if ignore_rule_only_turns:
        domain._remove_rule_only_features(state, rule_only_data)
        if replay.states:
            domain._substitute_rule_only_user_input(state, replay.states[-1])
        if replay.last_ml_action:
            state[PREVIOUS_ACTION] = replay.last_ml_action
    replay.states.append(domain._clean_state(state))


def _copy(states: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """States as callers may change them: at prediction Rasa's featurizer deletes keys of the
    user part of any state (`_remove_user_text_if_intent`) and of the last one, which is made
    fresh on every call; the rest is only read, so states without a user part are handed out
    as they are kept. With BANK_CHECK_STATE_CACHE=1 a change to a kept state shows as a
    difference on the next call."""
    return [{**state, USER: dict(state[USER])} if USER in state else state for state in states]


def incremental_states(
    domain: Any, tracker: Any, omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False, rule_only_data: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """`Domain.states_for_tracker_history`, going on from where the last call on this tracker
    stopped when the tracker's applied events still begin with the ones seen then."""
    from rasa.shared.core.events import ActionExecuted

    applied = tracker.applied_events()
    memo = tracker.__dict__.setdefault(_MEMO_ATTRIBUTE, {})
    key = (id(domain), omit_unset_slots, ignore_rule_only_turns, repr(rule_only_data))
    replay = memo.get(key)
    if (
        replay is None
        or len(replay.events) > len(applied)
        or any(a is not b for a, b in zip(applied, replay.events, strict=False))
    ):
        replay = _Replay(events=[], tracker=tracker.init_copy())
        memo[key] = replay
    for event in applied[len(replay.events) :]:
        if isinstance(event, ActionExecuted):
            _add_state(
                domain, replay, event.hide_rule_turn, omit_unset_slots,
                ignore_rule_only_turns, rule_only_data,
            )  # fmt: skip
        replay.tracker.update(event)
        replay.events.append(event)
    final = _Replay(
        replay.events, replay.tracker, list(replay.states), replay.last_ml_action,
        replay.turn_was_hidden,
    )  # fmt: skip
    _add_state(domain, final, False, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    return _copy(final.states)
