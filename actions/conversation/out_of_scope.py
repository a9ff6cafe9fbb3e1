"""out_of_scope: what the assistant cannot help with, unless it follows the last answer,
is a scam story, or a payment to a saved payee with its amount.

"a courier is coming for my card tonight" can read as small talk to the NLU; the
story's warning must still come (as for a message not understood, actions/money/amend.py).
Small talk ("how are you today love", "it's cold here isn't it") gets a kind word
before what the assistant can do, never "Sorry, I cannot help with that".
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.followups import follow_up
from actions.conversation.kind_words import life_event, small_talk
from actions.conversation.topics import answer_by_kind
from actions.money.amend import amend_pending
from actions.money.money_question import start_named_payment
from actions.protection.scams import answer_doubt, answer_slip, answer_story, tells_a_scam_story
from actions.services import bound_customer


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if answer_doubt(tracker, dispatcher):
            return []  # "is that normal" right after a scam warning: no
        amended = amend_pending(tracker, dispatcher)
        if amended is not None:
            return amended  # "sorry, I meant wei" at a read-back: read back again
        events = follow_up(tracker, dispatcher)  # "i'd like to open one" after the rates
        if events is not None:
            return events
        text = tracker.latest_message.get("text") or ""
        if tells_a_scam_story(tracker):
            answer_story(bound_customer(tracker), dispatcher, tracker)
            return []
        known = answer_by_kind(tracker, dispatcher)
        if known is not None:
            return known  # "the cash machine ate my card", "why are my payments paused"
        if answer_slip(text, dispatcher):
            return []  # "i sent 50 to the wrong person by mistake"
        started = start_named_payment(tracker)
        if started is not None:
            return started  # "give Wei 0.5k": a saved payee and an amount, sending likeliest
        event, kind_word = life_event(text), small_talk(text)
        if event:
            dispatcher.utter_message(**event)  # "my husband died", "i want to complain"
        elif kind_word:
            dispatcher.utter_message(text=kind_word)
        else:
            dispatcher.utter_message(response="utter_out_of_scope")
        return []
