"""Greeting, repeating, and the voice controls (slower, faster, louder, softer)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import bound_customer, services
from actions.replies import button

MAIN_CHOICES = [
    button("My balance", "check_balance"),
    button("Send money", "transfer_money"),
    button("Pay a bill", "pay_bill"),
    button("Freeze my card", "freeze_card"),
    button("Talk to a person", "human_handoff"),
]

# Speech rate in words per minute and volume from 0 to 1; the voice channel reads them.
RATE_STEP, RATE_MIN, RATE_MAX, RATE_DEFAULT = 20, 100, 220, 150
VOLUME_STEP, VOLUME_MIN, VOLUME_MAX, VOLUME_DEFAULT = 0.15, 0.4, 1.0, 0.9


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
            dispatcher.utter_message(text=event.get("text"), buttons=data.get("buttons") or [])
        return []


class ActionAdjustVoice(Action):
    """speak_slower/faster/louder/softer: change and remember the speech settings."""

    def name(self) -> str:
        return "action_adjust_voice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        intent = tracker.get_intent_of_latest_message()
        rate = tracker.get_slot("speech_rate") or RATE_DEFAULT
        volume = tracker.get_slot("speech_volume") or VOLUME_DEFAULT
        if intent == "speak_slower":
            rate, said = max(RATE_MIN, rate - RATE_STEP), "I will speak more slowly."
        elif intent == "speak_faster":
            rate, said = min(RATE_MAX, rate + RATE_STEP), "I will speak a little faster."
        elif intent == "speak_louder":
            volume, said = min(VOLUME_MAX, volume + VOLUME_STEP), "I will speak louder."
        else:
            volume, said = max(VOLUME_MIN, volume - VOLUME_STEP), "I will speak more softly."
        dispatcher.utter_message(text=said)
        return [SlotSet("speech_rate", rate), SlotSet("speech_volume", round(volume, 2))]
