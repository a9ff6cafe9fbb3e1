"""Three of Rasa 3.6's walks over the whole conversation, made to cost the new events only.

`rasa_speedups.apply` installs them when the Rasa server starts. Each gives exactly Rasa's own
result; with BANK_CHECK_STATE_CACHE=1 (set by the tests) every call is also computed Rasa's own
way and a difference raises, so every end-to-end conversation checks them.

- `DialogueStateTracker.applied_events()` folds every event of the conversation (undoing
  reverted turns and loop repeats) and is called several times per action: about an eighth of
  the Rasa server's CPU at a few hundred events (README "Benchmarks"). The fold's result after
  the first k events never changes, so it is kept on the tracker and only the new events are
  folded in, while the tracker still begins with the same events and names the same loops.
- `DialogueStateTracker.copy()`, made before every action, replays every event into a new
  tracker. A tracker's state is by Rasa's own rule re-creatable from its events, so the copy
  takes the state as it is: the same events, each slot copied with its value, the latest
  message, action and loop. One difference is kept on purpose: for a follow-up action that
  the processor has taken off the tracker to run it, a replay sets it again from its
  FollowupAction event; the copy keeps the tracker's own (none), which the processor acts on.
- `RulePolicy._get_possible_keys` filters the rules against every past state of the
  conversation, although a rule shorter than the distance looked back always stays; it now
  stops once no rule is left or every rule left is shorter than the distance.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_MEMO_ATTRIBUTE = "_bank_applied_memo"
_LENGTHS_ATTRIBUTE = "_bank_rule_lengths"


@dataclass
class _Fold:
    """Rasa's fold in `applied_events`, stopped after `count` events and ready to go on."""

    count: int
    first: Any
    last: Any
    loop_names: frozenset[str]
    applied: list[Any]


def _loop_names(events: Any) -> frozenset[str]:
    from rasa.shared.core.events import ActiveLoop

    return frozenset(e.name for e in events if isinstance(e, ActiveLoop) and e.name)


def _fold(tracker: Any, events: Any, loop_names: frozenset[str], applied: list[Any]) -> list[Any]:
    """The loop body of `DialogueStateTracker.applied_events` (Rasa 3.6), over `events`."""
    from rasa.shared.core.events import (
        ActionExecuted,
        ActionReverted,
        Restarted,
        SessionStarted,
        UserUtteranceReverted,
        UserUttered,
    )

    for event in events:
        if isinstance(event, (Restarted, SessionStarted)):
            applied = []
        elif isinstance(event, ActionReverted):
            tracker._undo_till_previous(ActionExecuted, applied)
        elif isinstance(event, UserUtteranceReverted):
            tracker._undo_till_previous(UserUttered, applied)
            tracker._undo_till_previous(ActionExecuted, applied)
        elif (
            isinstance(event, ActionExecuted)
            and event.action_name in loop_names
            and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)
        ):
            tracker._undo_till_previous_loop_execution(event.action_name, applied)
        else:
            applied.append(event)
    return applied


def incremental_applied_events(tracker: Any) -> list[Any]:
    """`DialogueStateTracker.applied_events()`, folding in only the events new since the last
    call on this tracker when its earlier events are the same ones."""
    events = tracker.events
    memo: _Fold | None = tracker.__dict__.get(_MEMO_ATTRIBUTE)
    total = len(events)
    if (
        memo is None
        or memo.count > total
        or (memo.count and (events[0] is not memo.first or events[memo.count - 1] is not memo.last))
    ):
        memo = None
    new = list(events)[memo.count :] if memo else list(events)
    names = (memo.loop_names | _loop_names(new)) if memo else _loop_names(new)
    if memo is None or names != memo.loop_names:  # a new loop may undo earlier events
        applied = _fold(tracker, events, names, [])
    else:
        applied = _fold(tracker, new, names, memo.applied)
    if total:
        tracker.__dict__[_MEMO_ATTRIBUTE] = _Fold(total, events[0], events[-1], names, applied)
    return list(applied)


def quick_copy(tracker: Any) -> Any:
    """`DialogueStateTracker.copy()` without replaying the events."""
    copied = tracker.init_copy()
    copied.slots = {name: copy.copy(slot) for name, slot in tracker.slots.items()}  # with values
    copied.events.extend(tracker.events)
    copied._paused = tracker._paused
    copied.followup_action = tracker.followup_action
    copied.latest_action = None if tracker.latest_action is None else dict(tracker.latest_action)
    copied.latest_message = tracker.latest_message
    copied.latest_bot_utterance = tracker.latest_bot_utterance
    copied.active_loop = copy.copy(tracker.active_loop)  # a dataclass; None stays None
    return copied


# What a replayed copy holds that a quick copy need not: the follow-up action (module
# docstring).
_NOT_KEPT = {"followup_action"}


def tracker_state(tracker: Any) -> dict[str, Any]:
    """Everything a tracker holds, comparable with ==: its events by identity, its slots by
    all their fields, the memos of this module and `_NOT_KEPT` left out."""
    state = {
        k: v for k, v in vars(tracker).items() if not k.startswith("_bank_") and k not in _NOT_KEPT
    }
    state["events"] = [id(event) for event in tracker.events]
    state["slots"] = {name: (type(s), vars(s)) for name, s in tracker.slots.items()}
    return state


def bounded_possible_keys(policy: Any, lookup: dict[str, str], states: list[Any]) -> set[str]:
    """`RulePolicy._get_possible_keys`, stopping when looking further back changes nothing."""
    cached = policy.__dict__.setdefault(_LENGTHS_ATTRIBUTE, {})
    known = cached.get(id(lookup))
    if known is None or known[0] is not lookup or len(known[1]) != len(lookup):
        known = (lookup, {key: len(policy._rule_key_to_state(key)) for key in lookup})
        cached[id(lookup)] = known
    lengths = known[1]
    possible_keys = set(lookup.keys())
    for i, state in enumerate(reversed(states)):
        if not possible_keys or all(lengths[key] <= i for key in possible_keys):
            break  # every rule left is applicable from here on (`_is_rule_applicable`)
        possible_keys = {key for key in possible_keys if policy._is_rule_applicable(key, i, state)}
    return possible_keys


def checked(
    fast: Callable[..., Any],
    original: Callable[..., Any],
    what: str,
    view: Callable[[Any], Any] | None = None,
) -> Callable[..., Any]:
    """`fast`, also computing `original` on every call and raising when their `view`s differ."""

    def both(owner: Any, *args: Any, **kwargs: Any) -> Any:
        quick = fast(owner, *args, **kwargs)
        slow = original(owner, *args, **kwargs)
        seen, expected = (view(quick), view(slow)) if view else (quick, slow)
        if seen != expected:
            name = getattr(owner, "sender_id", type(owner).__name__)
            raise RuntimeError(
                f"Cached {what} differ from Rasa's for {name}: {_difference(seen, expected)}"
            )
        return quick

    return both


def _difference(seen: Any, expected: Any) -> str:
    if isinstance(seen, dict) and isinstance(expected, dict):
        keys = [k for k in {**seen, **expected} if seen.get(k) != expected.get(k)]
        return "; ".join(f"{k}: {seen.get(k)!r} != {expected.get(k)!r}" for k in keys)
    if isinstance(seen, list) and isinstance(expected, list):
        seen, expected = seen[-3:], expected[-3:]
    return f"{seen!r} != {expected!r}"


def apply(check: bool) -> None:
    """Install them on Rasa's classes (once); `check` compares each call with Rasa's own."""
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.shared.core.trackers import DialogueStateTracker

    patches: list[tuple[Any, str, Callable[..., Any], str, Callable[[Any], Any] | None]] = [
        (
            DialogueStateTracker,
            "applied_events",
            incremental_applied_events,
            "applied events",
            None,
        ),
        (RulePolicy, "_get_possible_keys", bounded_possible_keys, "rule keys", None),
        (DialogueStateTracker, "copy", quick_copy, "tracker copies", tracker_state),
    ]
    for owner, name, fast, what, view in patches:
        original = getattr(owner, name)
        if getattr(original, "_bank_speedup", False):
            continue
        replacement = checked(fast, original, what, view) if check else fast
        replacement._bank_speedup = True  # type: ignore[attr-defined]
        replacement._rasa_original = original  # type: ignore[attr-defined]
        setattr(owner, name, replacement)
