"""The dialogue policy that keeps a practice call together: while one is going on, every
message the customer sends is an answer to it.

In a practice call the customer says what they would do to a scammer: "I'd send the
money", "here's the code", "I'll freeze my card". Read by the classifier, those would
start a real payment or a real lock-down. While the `rehearsal` slot holds a practice
call (lessons.rehearsals.machine.State), this policy predicts `action_rehearsal_answer`
for each message, above the rules; that action calls `play.answer`, which ends the call
on a stop and clears the slot at the end. Then the policy waits for the customer.

Configured in config.yml with a priority above every other reading policy's; the
action and the slot are named by SLOT and ANSWER below.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.engine.reading_policy import ReadingPolicy
from lessons.rehearsals import play
from lessons.rehearsals.machine import State

SLOT = "rehearsal"
ANSWER = "action_rehearsal_answer"
START = "action_start_rehearsal"


def answering(slot_value: Any, latest_action: str | None, ran_since_user: list[str]) -> str | None:
    """The next action while a practice call may be going on; None to leave it to others.

    Once the answer action has answered a message, the customer is waited for, also when
    that answer ended the call and emptied the slot: nothing else may run on a message
    said in a practice call.
    """
    if ran_since_user and ran_since_user[0] == ANSWER:
        return ACTION_LISTEN_NAME
    if State.from_json(slot_value) is None:
        return None
    if latest_action == ACTION_LISTEN_NAME:
        return ANSWER
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class RehearsalPolicy(ReadingPolicy):
    """Predicts the practice call's answer action for every message while one goes on."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Above the answer reader's (6), the lesson list's (5) and the rules (4): nothing
        # in a practice call is real.
        return {"priority": 7}

    def next_action(self, tracker: DialogueStateTracker) -> str | None:
        events = list(tracker.events)
        ran: list[str] = []
        for event in reversed(events):
            if isinstance(event, UserUttered):
                break
            if isinstance(event, ActionExecuted) and event.action_name:
                ran.insert(0, event.action_name)
        slot = tracker.get_slot(SLOT) if SLOT in tracker.slots else None
        going_on = answering(slot, tracker.latest_action_name, ran)
        if going_on is not None:
            return going_on
        if not _names_one_of_the_menu(events):
            return None
        # The call named from the list is started, then the customer is listened to: no
        # rule runs on for what the classifier took the words for.
        return START if not ran else ACTION_LISTEN_NAME if ran == [START] else None


def _names_one_of_the_menu(events: list[Any]) -> bool:
    """The latest message, right after the list of practice calls, names one of them
    ("the prize one"): whatever the classifier took it for ("the computer help call" is
    no scam story told), it starts that practice call."""
    latest = next((e for e in reversed(events) if isinstance(e, UserUttered)), None)
    if latest is None or not latest.text:
        return False
    buttons: list[dict[str, Any]] = []
    seen_latest = False
    for event in reversed(events):
        if isinstance(event, UserUttered):
            if seen_latest:
                break
            seen_latest = True
        elif seen_latest and isinstance(event, BotUttered):
            buttons = list((event.data or {}).get("buttons") or []) + buttons
    return play.chosen_from_menu(latest.text, buttons) is not None
