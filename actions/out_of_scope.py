"""out_of_scope: what the assistant cannot help with, unless it follows the last answer
or is a scam story.

"a courier is coming for my card tonight" can read as small talk to the NLU; the
story's warning must still come (as for a message not understood, actions/amend.py).
Small talk ("how are you today love", "it's cold here isn't it") gets a kind word
before what the assistant can do, never "Sorry, I cannot help with that".
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import bound_customer
from actions.followups import follow_up
from actions.scams import answer_story, tells_a_scam_story

_HOW_ARE_YOU = re.compile(
    r"\bhow (?:are|r) (?:you|u)\b|\bhow'?s (?:it going|your day|you)\b|\bare you (?:well|ok)\b",
    re.IGNORECASE,
)
_WEATHER = re.compile(
    r"\b(?:cold|hot|warm|chilly|freezing|lovely|nice|wet|rainy|windy|sunny)\b"
    r".{0,20}\b(?:here|today|out|outside|day|weather|morning|afternoon)\b|\bweather\b",
    re.IGNORECASE,
)
_ASKS = re.compile(r"\s*(?:what|will|is it going|how|when|where)\b", re.IGNORECASE)
WHAT_I_DO = "I can help with your accounts, payments, cards, branches and savings."


def small_talk(text: str) -> str | None:
    """A kind answer to a pleasantry, or None when the message is none."""
    if _HOW_ARE_YOU.search(text):
        return f"I am well, thank you for asking. {WHAT_I_DO} What would you like to do?"
    if _WEATHER.search(text) and not _ASKS.match(text):  # not "what's the weather like"
        return f"I hope you are keeping comfortable. {WHAT_I_DO} What would you like to do?"
    return None


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        events = follow_up(tracker, dispatcher)  # "i'd like to open one" after the rates
        if events is not None:
            return events
        kind_word = small_talk(tracker.latest_message.get("text") or "")
        if tells_a_scam_story(tracker):
            answer_story(bound_customer(tracker), dispatcher, tracker)
        elif kind_word:
            dispatcher.utter_message(text=kind_word)
        else:
            dispatcher.utter_message(response="utter_out_of_scope")
        return []
