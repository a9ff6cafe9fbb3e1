"""out_of_scope and bank_question: what the assistant cannot help with, unless it
follows the last answer, is a scam story, or a payment to a saved payee with its amount.
A question outside banking hears the short refusal; a bank question the assistant does
not answer itself hears what it is about and is offered a person, never "cannot help".

"a courier is coming for my card tonight" can read as small talk to the NLU; the
story's warning must still come (as for a message not understood, actions/money/amend.py).
Small talk ("how are you today love", "it's cold here isn't it") gets a kind word
before what the assistant can do, never "Sorry, I cannot help with that".
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import consent
from actions.consent import Question
from actions.conversation.followups import follow_up
from actions.conversation.kind_words import (
    life_event,
    small_talk,
)
from actions.conversation.topics import answer_by_kind
from actions.money.amend import amend_pending
from actions.money.money_question import start_named_payment
from actions.money.read_back import ONLY_NOW, say_waiting_again
from actions.protection.scams import (
    answer_after_warning,
    answer_slip,
    answer_told_scam,
    tells_a_scam_story,
)
from actions.replies import BANK_PHONE
from actions.services import bound_customer
from nlu.bank_topics import bank_topics
from nlu.payment_words import asks_for_later
from nlu.skills import SKILLS


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if answer_after_warning(tracker, dispatcher):
            return []  # "is that normal", "he's at the door now" just after a scam warning
        amended = amend_pending(tracker, dispatcher)
        if amended is not None:
            return amended  # "sorry, I meant wei" at a read-back: read back again
        events = follow_up(tracker, dispatcher)  # "i'd like to open one" after the rates
        if events is not None:
            return events
        text = tracker.latest_message.get("text") or ""
        if asks_for_later(text) and say_waiting_again(
            dispatcher, tracker, f"{ONLY_NOW}\nNothing has been sent. The payment is still waiting."
        ):
            return []  # "yes but tomorrow, not today", "will it go tomorrow or today?"
        if tells_a_scam_story(tracker):
            return answer_told_scam(bound_customer(tracker), dispatcher, tracker)
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
            return self.answer(dispatcher, tracker)
        return []

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        """What is said when nothing else fits: outside banking, the short refusal; at a
        read-back, the payment said again after it, so it is never left unsaid."""
        if not say_waiting_again(
            dispatcher,
            tracker,
            "Sorry, I did not follow that. Nothing has been sent. The payment is still waiting.",
        ):
            dispatcher.utter_message(response="utter_out_of_scope")
        return []


class ActionBankQuestion(ActionOutOfScope):
    """A bank question the assistant does not answer itself ("what's my routing number"):
    its subject said back, and a person offered. It goes through the same checks first (a
    scam story, a correction at a read-back, a subject it knows the answer to:
    actions/conversation/topics.py)."""

    def name(self) -> str:
        return "action_bank_question"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        topic = bank_topics().topic(tracker.latest_message.get("text") or "")
        if topic is not None and topic.answered_by:
            # "I just want to know if my pension has come in yet": the history answers it.
            return [FollowupAction(SKILLS[topic.answered_by].action)]
        about = topic.about if topic else None
        said = f"That is a question about {about}." if about else "That is a question for our team."
        # At a read-back: one question at a time, so the payment's own, said again.
        if say_waiting_again(
            dispatcher,
            tracker,
            f"{said} A person from our team can answer it; say 'talk to a person' any time.\n"
            "Nothing has been sent. The payment is still waiting.",
        ):
            return []
        return consent.ask(
            dispatcher,
            Question(
                "callback",
                "Shall I ask a person from our team to call you about it?",
                yes="Yes, call me",
                declined=f"Okay. You can also call us on {BANK_PHONE}.",
                detail={"topic": "bank_question"},
            ),
            before=f"{said} I cannot answer it here, but a person from our team can.",
        )
