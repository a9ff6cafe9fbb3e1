"""help: what the assistant can do, unless the customer asks what to do about a scam.

"what should I do?" right after a scam story's warning is about the story: the
warning and its offers again, not the list of things the assistant can do.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import say_again
from actions.conversation_state import previous_bot_action
from actions.scams import warned_last


class ActionHelp(Action):
    def name(self) -> str:
        return "action_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        # Once: a second "help" (or "what can you do?") hears what the assistant can do.
        if warned_last(tracker) and previous_bot_action(tracker) != self.name():
            dispatcher.utter_message(text="This is what I advise:")
            say_again(dispatcher, tracker)
        else:
            dispatcher.utter_message(response="utter_help")
        return []
