"""freeze_card, unfreeze_card and report_lost_card.

Freezing protects the customer, so it happens at once and says how to undo
it. Unfreezing lets money be spent again, so it needs a yes first. A lost
card is frozen for good and a replacement is ordered.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import CustomerAction, services
from actions.replies import YES_NO, button, latest_entity
from assistant.cards import CardView


def _chosen(customer_id: str, tracker: Tracker, wanted: set[str]) -> tuple[list[CardView], bool]:
    """The cards the customer means, and whether we must ask which one."""
    cards = [c for c in services().cards.cards(customer_id) if c.status in wanted]
    entity = latest_entity(tracker, "card_last4")
    text = tracker.latest_message.get("text") or ""
    named = [c for c in cards if (entity and str(entity["value"]) == c.last4) or c.last4 in text]
    if named:
        return named[:1], False
    return cards, len(cards) > 1


class ActionFreezeCard(CustomerAction):
    def name(self) -> str:
        return "action_freeze_card"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        cards, ask = _chosen(customer_id, tracker, {"active"})
        if not cards:
            dispatcher.utter_message(text="All your cards are already frozen or stopped.")
            return []
        if ask:
            dispatcher.utter_message(
                text="Which card should I freeze?",
                buttons=[
                    button(f"Card ending {c.last4}", "freeze_card", card_last4=c.last4)
                    for c in cards
                ],
            )
            return []
        card = services().cards.set_status(customer_id, cards[0].id, "frozen", "customer asked")
        dispatcher.utter_message(
            text=f"Done. Your card ending {card.last4} is frozen. No one can pay with it now.\n"
            "You can unfreeze it any time by asking me."
        )
        return []


class ActionUnfreezeCard(CustomerAction):
    def name(self) -> str:
        return "action_unfreeze_card"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        cards, ask = _chosen(customer_id, tracker, {"frozen"})
        if not cards:
            dispatcher.utter_message(text="None of your cards is frozen.")
            return []
        if ask:
            dispatcher.utter_message(
                text="Which card should I unfreeze?",
                buttons=[
                    button(f"Card ending {c.last4}", "unfreeze_card", card_last4=c.last4)
                    for c in cards
                ],
            )
            return []
        card = cards[0]
        dispatcher.utter_message(
            text=f"Unfreeze your card ending {card.last4}? It can be used for payments again.",
            buttons=YES_NO,
        )
        return [SlotSet("pending_card_action", f"unfreeze:{card.id}")]


class ActionReportLostCard(CustomerAction):
    def name(self) -> str:
        return "action_report_lost_card"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        cards, ask = _chosen(customer_id, tracker, {"active", "frozen"})
        if not cards:
            dispatcher.utter_message(text="I could not find a card to stop.")
            return []
        if ask:
            dispatcher.utter_message(
                text="Which card is lost?",
                buttons=[
                    button(f"Card ending {c.last4}", "report_lost_card", card_last4=c.last4)
                    for c in cards
                ],
            )
            return []
        card = services().cards.set_status(customer_id, cards[0].id, "lost", "reported lost")
        services().support.request_callback(customer_id, "card", f"lost card {card.last4}")
        dispatcher.utter_message(
            text=f"I have stopped your card ending {card.last4}. No one can use it now.\n"
            "A new card will come by post in about 5 working days.\n"
            "Someone from our team will also call you today to check everything is all right."
        )
        return []
