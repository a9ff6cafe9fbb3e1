"""The dialogue policy that reads a reply to the lesson list as a reply to it.

Right after the list ("Here are some short safety lessons... Which one would you
like?"), the classifier reads "B" as a yes, "next" as a lesson step and a title
("Your PIN and codes are only for you") as a request to change the PIN. This
policy sees what the list showed (its buttons, in the tracker) and, when
`lessons.choice.read_list_reply` finds the reply is about the list, predicts
the lesson action over the rules: `action_start_lesson` for a choice,
`action_list_lessons` for "next", "more" or "back". The actions read the reply
with the same function. Anything else (a story, "i lost my card") is left to
the rules.

Configured in config.yml with a priority above RulePolicy's.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.engine.reading_policy import ReadingPolicy
from lessons.choice import ListReply, listed_lessons, read_list_reply

START = "action_start_lesson"
LIST = "action_list_lessons"
QUIZ_FORM = "lesson_quiz_form"


def reply_to_list(events: list[Any]) -> ListReply | None:
    """The latest user message read against the list the assistant showed just before it."""
    user: UserUttered | None = None
    buttons: list[dict[str, Any]] = []
    for event in reversed(events):
        if isinstance(event, UserUttered):
            if user is not None:
                break
            user = event
        elif user is not None and isinstance(event, BotUttered):
            buttons = list((event.data or {}).get("buttons") or []) + buttons
    if user is None:
        return None
    intent = (user.intent or {}).get("name")
    return read_list_reply(user.text or "", intent, listed_lessons(buttons))


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class LessonListPolicy(ReadingPolicy):
    """Predicts the lesson actions for a reply to the lesson list; nothing otherwise."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Above RulePolicy (4): a reply to the list outranks the rule for its intent.
        return {"priority": 5}

    def next_action(self, tracker: DialogueStateTracker) -> str | None:
        if tracker.active_loop_name:
            return None  # a form waits for its answer
        events = list(tracker.events)
        reply = reply_to_list(events)
        if reply is None:
            return None
        latest = tracker.latest_action_name
        if latest == ACTION_LISTEN_NAME:
            return START if reply.kind == "choose" else LIST
        # Our action has run for this message: a lesson resumed at its quiz starts
        # the quiz form; otherwise wait for the customer.
        ran = [e.action_name for e in _since_user(events) if isinstance(e, ActionExecuted)]
        if ran == [START] and tracker.get_slot("lesson_stage") == "quiz":
            return QUIZ_FORM
        if ran and ran[0] in (START, LIST):
            return ACTION_LISTEN_NAME
        return None


def _since_user(events: list[Any]) -> list[Any]:
    """The events after the latest user message."""
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            return events[index + 1 :]
    return []
