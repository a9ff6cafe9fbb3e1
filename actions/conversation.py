"""Greeting, repeating, and the voice controls (slower, faster, louder, softer)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import bound_customer, services
from actions.replies import button
from voice.profiles import CHANGES, adjusted
from voice.tts import SpeechProfile

MAIN_CHOICES = [
    button("My balance", "check_balance"),
    button("Send money", "transfer_money"),
    button("Pay a bill", "pay_bill"),
    button("Freeze my card", "freeze_card"),
    button("Talk to a person", "human_handoff"),
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
        return []


class ActionRepeat(Action):
    """Say the assistant's last turn again, word for word."""

    def name(self) -> str:
        return "action_repeat"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        last_turn: list[dict[str, Any]] = []
        seen_user = False
        for event in reversed(tracker.events):
            if event.get("event") == "user":
                if seen_user and last_turn:
                    break
                seen_user = True
            elif event.get("event") == "bot" and seen_user:
                last_turn.insert(0, event)
        if not last_turn:
            dispatcher.utter_message(text="I have not said anything yet. How can I help?")
        for event in last_turn:
            data = event.get("data") or {}
            dispatcher.utter_message(
                text=event.get("text"),
                buttons=data.get("buttons") or [],
                json_message=data.get("custom"),  # a lesson card stays a card
            )
        return []


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
        return [SlotSet("speech_rate", profile.rate_wpm), SlotSet("speech_volume", profile.volume)]
