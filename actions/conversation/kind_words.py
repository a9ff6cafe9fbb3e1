"""Answers that are kind before they are useful: small talk, a loss, a complaint.

"how are you today love" gets a thank-you, "my husband died" sympathy and a call from
the bereavement team, "i want to make a complaint" a person; never "Sorry, I cannot
help with that", and never the fraud first hour on a guess (actions/protection/scams.py).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import consent
from actions.consent import Question
from nlu import small_talk as small_talk_words

WHAT_I_DO = "I can help with your accounts, payments, cards, branches and savings."

BEREAVED = (
    "I am so sorry for your loss.\n"
    "Our bereavement team helps with the accounts of someone who has died, one step at "
    "a time. There is no rush."
)
COMPLAINT = "I am sorry to hear that.\nA person from our team will listen and put it right."
CALL_DECLINED = "Okay. If you change your mind, just say: call me."
LIFE_EVENTS = {"bereavement": BEREAVED, "complaint": COMPLAINT}


def life_event(text: str) -> dict[str, Any] | None:
    """A loss or a complaint, which a person handles: the reply, with the call offered
    as a question that a yes answers (actions/consent.py)."""
    topic = small_talk_words.life_event(text)
    if topic is None:
        return None
    question = Question(
        "callback",
        "Shall I ask them to call you?",
        yes="Yes, please call me",
        no="No, thank you",
        declined=CALL_DECLINED,
        detail={"topic": topic},
    )
    return consent.message(question, before=LIFE_EVENTS[topic])


def small_talk(text: str) -> str | None:
    """A kind answer to a pleasantry, or None when the message is none."""
    if small_talk_words.asks_how_i_am(text):
        return f"I am well, thank you for asking. {WHAT_I_DO} What would you like to do?"
    if small_talk_words.remarks_on_the_weather(text):
        return f"I hope you are keeping comfortable. {WHAT_I_DO} What would you like to do?"
    return None


# Said to a pleasantry the classifier took for a goodbye ("I'm fine thanks").
GLAD = "I am glad to hear it. Is there anything else I can help with?"


class ActionGoodbye(Action):
    """A goodbye said in so many words ("bye", "that's all for today") hears one; a
    pleasantry the classifier took for one ("I'm fine thanks", "he's a good boy") is
    answered kindly and the conversation goes on."""

    def name(self) -> str:
        return "action_goodbye"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        if small_talk_words.says_goodbye(text):
            dispatcher.utter_message(response="utter_goodbye")
        else:
            dispatcher.utter_message(text=GLAD)
        return []
