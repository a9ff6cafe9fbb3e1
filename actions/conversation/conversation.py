"""Greeting, repeating, and the voice controls (slower, faster, louder, softer)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import consent
from actions.forms import task_forms
from actions.money.already_done import answer_undo
from actions.money.read_back import say_waiting_again
from actions.replies import button
from actions.responses import response_texts
from actions.services import bound_customer, services
from lessons.campaigns.dialogue import offer_at_greeting
from nlu import hesitation, skills
from nlu.bank_topics import bank_topics
from nlu.replies import says_relative_amount
from voice.profiles import CHANGES, adjusted
from voice.tts import SpeechProfile

# The greeting's choices, offered by their labels in nlu/skills.py.
MAIN_CHOICES = [
    button(skills.SKILLS[intent].label, intent)
    for intent in ("check_balance", "transfer_money", "pay_bill", "freeze_card", "human_handoff")
]


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        customer_id = bound_customer(tracker)
        name = services().customer_name(customer_id) if customer_id else ""
        hello = f"Hello {name}." if name else "Hello."
        dispatcher.utter_message(text=f"{hello} How can I help you today?", buttons=MAIN_CHOICES)
        # A lesson or practice call an educator scheduled for this customer, offered once.
        today = dt.datetime.now(dt.timezone.utc).date()
        offer = offer_at_greeting(services().campaigns, customer_id, today)
        for message in offer.messages if offer else []:
            dispatcher.utter_message(text=message["text"], buttons=message.get("buttons", []))
        return []


# Turns that are about the voice or the pace, not an answer ("take your time", "that was
# not clear"): "repeat" says the answer before them.
NOT_ANSWERS = {"action_adjust_voice", "action_repeat", "action_take_your_time"}
# Asked when "go on" chose none of an offer's buttons: the offer again, not an answer, so
# its "Say it again" button says the answer before it.
WHICH_OF_THE_OFFER = "Which would you like?"


def last_answer(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The bot messages of the assistant's last real answer before the latest user turn."""
    turns: list[tuple[set[str], list[dict[str, Any]]]] = []
    for event in events:
        if event.get("event") == "user":
            turns.append((set(), []))
        elif turns and event.get("event") == "action":
            turns[-1][0].add(event.get("name") or "")
        elif turns and event.get("event") == "bot":
            turns[-1][1].append(event)
    for actions, said in reversed(turns[:-1]):
        if said and not actions & NOT_ANSWERS and not _only_asks_which(said):
            return said
    return []


def _only_asks_which(said: list[dict[str, Any]]) -> bool:
    return all(event.get("text") == WHICH_OF_THE_OFFER for event in said)


def asks_to_hear_again(tracker: Tracker) -> bool:
    """The latest message asks for the last answer again, whatever the NLU was sure of."""
    return wanted_to_hear_again(tracker.latest_message)


def wanted_to_hear_again(message: dict[str, Any] | None) -> bool:
    """True for the repeat intent, for a message not understood whose best guess
    was repeat (a bare "what?"), and for a lone "what?", "huh?" or "eh?"."""
    message = message or {}
    if says_relative_amount(message.get("text") or ""):
        return False  # "half that please" read as "say that again": an amount, never a "what?"
    intent = (message.get("intent") or {}).get("name")
    ranking = [i.get("name") for i in message.get("intent_ranking") or []]
    if intent == "repeat" or (intent == "nlu_fallback" and ranking[1:2] == ["repeat"]):
        return True
    return hesitation.asks_to_hear_again(message.get("text") or "")


# Replies that say nothing of their own (the domain's responses named here, and two of
# the yes and the cancel, actions/money/confirm.py): "what?" after one of them hears what
# the assistant can do instead.
GENERIC_RESPONSES = ("utter_inform_without_question", "utter_you_are_welcome", "utter_default")
NOTHING_WAITING = "There is nothing waiting for a yes right now. What would you like to do?"
ANYTHING_ELSE = "Okay. Is there anything else I can help with?"


def generic_replies() -> set[str]:
    """The texts of the replies that say nothing of their own."""
    texts = response_texts()
    return {texts[name] for name in GENERIC_RESPONSES} | {NOTHING_WAITING, ANYTHING_ELSE}


WHAT_I_CAN_DO = (
    "I can tell you your balance, send money, pay a bill, freeze your card, "
    "or find a branch. What would you like to do?"
)


def say_again(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The assistant's last answer once more, word for word, with its buttons.

    While a form waits for an answer nothing is said here: the form asks its
    question again right after this action.
    """
    # A task form asks its question again by itself after any interruption
    # (data/rules_forms.yml): saying it here too would say it twice.
    if (tracker.active_loop or {}).get("name") in task_forms():
        return
    last_turn = last_answer(tracker.events)
    if not last_turn:
        dispatcher.utter_message(text="I have not said anything yet. How can I help?")
    if last_turn and all(e.get("text") in generic_replies() for e in last_turn):
        # "what?" after "Thank you. What would you like to do?": saying it again helps
        # nobody; what the assistant can do does.
        dispatcher.utter_message(text=WHAT_I_CAN_DO, buttons=MAIN_CHOICES)
        return
    for event in last_turn:
        data = event.get("data") or {}
        dispatcher.utter_message(
            text=event.get("text"),
            buttons=data.get("buttons") or [],
            json_message=data.get("custom"),  # a lesson card stays a card
        )


class ActionRepeat(Action):
    """Say the assistant's last answer again, word for word ("louder" is no answer)."""

    def name(self) -> str:
        return "action_repeat"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if answer_undo(bound_customer(tracker), tracker, dispatcher):
            return []  # "oh no undo that" after a move: never the "Done" said again
        say_again(dispatcher, tracker)
        return []


# Asking for louder or slower speech means the last answer was not heard.
SAY_AGAIN_AFTER = {"speak_louder", "speak_slower"}


class ActionAdjustVoice(Action):
    """speak_slower/faster/louder/softer: change the speaking profile at once.

    For a logged-in customer the profile is stored (voice/profiles.py) and the
    voice channel speaks every later answer with it; the slots carry it for
    conversations with no customer.
    """

    def name(self) -> str:
        return "action_adjust_voice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        intent = tracker.get_intent_of_latest_message()
        if intent not in CHANGES:
            return []
        profiles = services().voice_profiles
        customer_id = bound_customer(tracker)
        current = profiles.get(customer_id)
        if customer_id is None and tracker.get_slot("speech_rate"):
            current = SpeechProfile(
                int(tracker.get_slot("speech_rate")),
                float(tracker.get_slot("speech_volume") or current.volume),
                current.pitch,
            )
        profile, said = adjusted(current, intent)
        if customer_id is not None:
            profiles.save(customer_id, profile)
        dispatcher.utter_message(text=said)
        if intent in SAY_AGAIN_AFTER and last_answer(tracker.events):
            # "louder please", "I'm a bit deaf": the answer not heard, said again that way.
            say_again(dispatcher, tracker)
        return [SlotSet("speech_rate", profile.rate_wpm), SlotSet("speech_volume", profile.volume)]


NOT_CLEAR = (
    "Sorry, that was not clear. I can say it again, or someone from our team can explain it to you."
)
# A help line for each question a form asks (the form asks it again right after).
SLOT_HINTS = {
    "amount": "You can say an amount, like 20 dollars.",
    "transfer_payee": "You can say a name, or press one of the buttons.",
    "from_account": "You can say checking or savings.",
    "to_account": "You can say checking or savings.",
    "bill": "You can say which bill, or press one of the buttons.",
    "deposit_product": "You can press one of the buttons.",
    "town": "You can say the name of a town, or press one of the buttons.",
}


class ActionTakeYourTime(Action):
    """ "hmm", "...", "let me think": no request and no answer, so wait.

    A read-back waiting for a yes stays as it is, and the customer hears how to go
    on; a form asks its question again after this (data/rules_forms.yml).
    """

    def name(self) -> str:
        return "action_take_your_time"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if tracker.active_loop_name:
            text = tracker.latest_message.get("text") or ""
            hint = SLOT_HINTS.get(tracker.get_slot("requested_slot") or "", "")
            if hesitation.unsure(text) and hint:
                # "I don't know" at "How much?": help, then the form asks again.
                dispatcher.utter_message(text=f"That is all right. {hint} Or say stop.")
            else:
                dispatcher.utter_message(text="Take your time.")
            return []
        if say_waiting_again(dispatcher, tracker, "Take your time. Nothing has been sent yet."):
            return []
        text = tracker.latest_message.get("text") or ""
        lost = hesitation.lost(text)
        if not lost and consent.ask_again(dispatcher, tracker, before="Take your time."):
            return []  # "hmm", "wait" at "Shall I stop your card?": the question stays
        if lost and bank_topics().about(text):
            # "I don't understand my statement": a question about statements, for a
            # person; not "the last answer was not clear".
            return [FollowupAction("action_bank_question")]
        if tracker.get_slot("lesson_stage") == "step":
            dispatcher.utter_message(
                text="That is all right. Say repeat to hear it again, or next when you are ready."
                if lost
                else "Take your time. Say next when you are ready.",
                buttons=[
                    *([button("Repeat", "repeat")] if lost else []),
                    button("Next", "lesson_next"),
                    button("Stop the lesson", "lesson_stop"),
                ],
            )
            return []
        if lost:
            # "I don't understand" after the loans: say it again, or a person explains.
            dispatcher.utter_message(
                text=NOT_CLEAR,
                buttons=[
                    button("Say it again", "repeat"),
                    button("Talk to a person", "human_handoff"),
                ],
            )
            return []
        dispatcher.utter_message(text="Take your time. I am here when you are ready.")
        return []
