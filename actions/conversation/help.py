"""help: what the assistant can do, unless the customer asks what to do about a scam.

"what should I do?" or "I'm scared" in the few turns after a scam story's warning is
about the story: what to do now and the offers again (actions/protection/scams.py), not the list
of things the assistant can do.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import consent
from actions.consent import Question
from actions.conversation.followups import follow_up
from actions.conversation_state import previous_bot_action
from actions.protection.scams import answer_after_warning, answer_what_now
from actions.replies import latest_entity


class ActionHelp(Action):
    def name(self) -> str:
        return "action_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        topic = latest_entity(tracker, "topic")
        if topic and topic.get("value") == "something_else":
            # "Something else" after "Do you want to:": what can be done, and a person.
            dispatcher.utter_message(response="utter_help")
            return consent.ask(
                dispatcher,
                Question(
                    "callback",
                    "Or shall I ask a person from our team to call you?",
                    yes="Yes, please call me",
                    no="No, thank you",
                    declined="Okay. Tell me what you would like, in a few words.",
                ),
            )
        if answer_what_now(tracker, dispatcher):
            return []  # "what do I do now" in the middle of a scam, as often as asked
        followed = follow_up(tracker, dispatcher)
        if followed is not None:
            return followed  # "how do I open one of those" after the deposit rates
        # Once: a second "help" (or "what can you do?") hears what the assistant can do.
        if previous_bot_action(tracker) == self.name() or not answer_after_warning(
            tracker, dispatcher
        ):
            dispatcher.utter_message(response="utter_help")
        return []
