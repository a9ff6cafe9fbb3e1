"""What the customer said in this conversation, as the payment forms read it."""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.services import services
from lessons.rehearsals.policy import ANSWER

# Asking for a lesson about police scams is no sign of one: these turns are
# left out of what the risk rules read.
LESSON_INTENTS = {
    "list_lessons", "start_lesson", "lesson_of_the_day", "lesson_next", "lesson_back",
    "lesson_stop",
}  # fmt: skip

# What is said to start a practice call or in one ("let me practise the safe account
# call", "I'd send him the money") is practice: these actions answer it
# (actions/classroom/rehearsals.py), and the risk rules leave those turns out.
PRACTICE_ACTIONS = frozenset({"action_start_rehearsal", "action_list_rehearsals", ANSWER})


# How a request for a lesson is worded: "teach me about ...", "tell me how ...",
# "how do I spot ...". Scam words in such a turn are the topic, not a warning sign.
_ASKS_FOR_A_LESSON = re.compile(
    r"\b(lessons?|teach|learn\w*|classroom|quiz|tell me|show me|explain"
    r"|how (do|can|should) i|what (do|should|is|are) )",
    re.IGNORECASE,
)


def asks_for_a_lesson(text: str, intent: str | None) -> bool:
    """True when a turn is a request for a lesson, both by intent and by its words.

    The intent alone is not enough: "a man on the phone said I get a guaranteed
    return" may be read as start_lesson, and it is exactly what the risk rules
    must see.
    """
    return intent in LESSON_INTENTS and bool(_ASKS_FOR_A_LESSON.search(text))


def conversation_text(tracker: Tracker, turns: int = 30) -> str:
    """What the customer said in this session (the risk rules look for scam words).

    Button presses, requests for a lesson and what was said in a practice call are
    left out.
    """
    said: list[str] = []
    answered_by = None  # the first action that ran after the user turn being read
    for event in reversed(tracker.events):
        if event.get("event") == "session_started" or len(said) >= turns:
            break
        if event.get("event") == "action":
            answered_by = event.get("name")
            continue
        if event.get("event") != "user":
            continue
        text = event.get("text") or ""
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        practice = answered_by in PRACTICE_ACTIONS
        answered_by = None
        pressed = text.startswith("/")
        if text and not pressed and not practice and not asks_for_a_lesson(text, intent):
            said.append(text)
    return " \n ".join(reversed(said))


def heard_clearly(tracker: Tracker) -> bool:
    """The latest message was typed or pressed, or spoken and heard with the confidence a
    spoken yes needs (`VoiceSettings.confirm_confidence`): sure enough to act on."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            metadata = event.get("metadata") or {}
            if metadata.get("input") != "voice":
                return True
            return float(metadata.get("asr_confidence") or 0) >= services().voice.confirm_confidence
    return True
