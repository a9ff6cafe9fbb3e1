"""freeze_card, unfreeze_card and report_lost_card.

Each changes what the customer's card can do, so each asks one question first
and acts on its yes (actions/consent.py): "Shall I freeze your card ending 4821
now?", "Shall I stop it now?". A button that says exactly the change ("Freeze
my card" after a scam warning) is the yes. A lost card is stopped for good and
a replacement is ordered.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import consent
from actions.consent import Question
from actions.context import CustomerAction
from actions.money.codes import code_follow_up
from actions.money.read_back import drop_waiting_payment
from actions.protection.lockdown import protect_question
from actions.protection.scams import answer_story, collects_the_card
from actions.replies import button, latest_entity
from actions.services import services
from assistant.bank.cards import FRAUD_REASONS, CardView
from nlu.card_words import asks_about_state, asks_card_status, card_found, kept_by_machine
from nlu.replies import asks_for_protection

# "a temporary block", "I can't remember where I left it": a card that may turn up, so
# frozen for now (undone when found), not stopped for good. Never for a stolen card.
_MAY_TURN_UP = re.compile(
    r"\b(?:temporar\w*|for now|for the moment|for a while|until i find|misplaced|mislaid|"
    r"(?:can'?t|cannot|don'?t|do not) (?:remember|recall|know) where|not sure where|"
    r"might turn up|may turn up|somewhere (?:in|at|around) (?:the|my) (?:house|home|flat))\b",
    re.IGNORECASE,
)
_STOLEN = re.compile(r"\b(?:stol\w*|steal\w*|thie\w*|took it|taken|robbed|pickpocket\w*)\b", re.I)


FOUND_IT = "I am glad you found it."


async def answer_card_found(
    customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
) -> list[dict[str, Any]] | None:
    """ "I found my card": nothing is stopped or frozen; a card frozen while it was
    missing is offered back (its own question), else how the cards stand. None when the
    message says no such thing."""
    if not card_found(tracker.latest_message.get("text") or ""):
        return None
    return await ActionUnfreezeCard().act(customer_id, dispatcher, tracker, domain)


def may_turn_up(text: str) -> bool:
    """The card is mislaid, not stolen: a freeze for now is what fits."""
    return bool(_MAY_TURN_UP.search(text)) and not _STOLEN.search(text)


def card_state(customer_id: str, card: CardView) -> str:
    """One plain sentence: how the card stands and why."""
    what = f"Your card ending {card.last4}"
    if card.status == "active":
        return f"{what} is working. It is not frozen."
    if card.status == "lost":
        return (
            f"{what} is stopped because you reported it lost. It cannot be turned back on. "
            "A new card is on its way to you."
        )
    if services().cards.reason(customer_id, card.id) in FRAUD_REASONS:
        return (
            f"{what} is frozen because fraud was reported. Our fraud team will turn it "
            "back on with you when they call."
        )
    return f"{what} is frozen. No one can pay with it. I can unfreeze it if you ask me."


def say_card_states(
    customer_id: str, dispatcher: CollectingDispatcher, offer_freeze: bool = True
) -> None:
    """How each card stands. After a question about them the one working card may be
    offered for freezing; never after a request to turn a card back on (`offer_freeze`
    False), where a freeze is the opposite of what was asked."""
    cards = services().cards.cards(customer_id)
    if not cards:
        dispatcher.utter_message(text="I could not find a card in your name.")
        return
    active = [c for c in cards if c.status == "active"]
    states = "\n".join(card_state(customer_id, c) for c in cards)
    if len(active) == len(cards) and not offer_freeze:
        them = "it" if len(cards) == 1 else "them"
        dispatcher.utter_message(
            text=f"{states}\nYou can use {them} as usual. Nothing needs doing."
        )
    elif len(active) == 1 and offer_freeze:
        # The one working card can be frozen from here: a yes or the button does it.
        offer = replace(
            freeze_question(active[0]), text="Shall I freeze it now?", yes="Freeze it now"
        )
        consent.ask(dispatcher, offer, before=states)
    else:
        dispatcher.utter_message(text=states)


def _chosen(customer_id: str, tracker: Tracker, wanted: set[str]) -> tuple[list[CardView], bool]:
    """The cards the customer means, and whether we must ask which one."""
    cards = [c for c in services().cards.cards(customer_id) if c.status in wanted]
    entity = latest_entity(tracker, "card_last4")
    text = tracker.latest_message.get("text") or ""
    named = [c for c in cards if (entity and str(entity["value"]) == c.last4) or c.last4 in text]
    if named:
        return named[:1], False
    return cards, len(cards) > 1


def _ask_which_card(dispatcher: CollectingDispatcher, verb: str, cards: list[CardView]) -> None:
    """One button per card; pressing it says the intent again with the card's last four."""
    dispatcher.utter_message(
        text=f"Which card should I {verb}?",
        buttons=[
            button(f"Card ending {c.last4}", f"{verb}_card", card_last4=c.last4) for c in cards
        ],
    )


class ActionFreezeCard(CustomerAction):
    def name(self) -> str:
        return "action_freeze_card"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        found = await answer_card_found(customer_id, dispatcher, tracker, domain)
        if found is not None:
            return found  # "I found it, it was under the sofa": nothing to freeze
        if asks_about_state(tracker.latest_message.get("text") or ""):
            say_card_states(customer_id, dispatcher)
            return []
        cards, ask = _chosen(customer_id, tracker, {"active"})
        text = tracker.latest_message.get("text") or ""
        if not cards and asks_for_protection(text):
            # "yes protect my accounts please" with every card frozen already: the rest of
            # the protection (payments paused, a case) is still there to ask about.
            before = "Your cards are already frozen or stopped."
            return consent.ask(dispatcher, protect_question(), before=before)
        if not cards:
            dispatcher.utter_message(text="All your cards are already frozen or stopped.")
            return []
        if ask:
            _ask_which_card(dispatcher, "freeze", cards)
            return []
        question = freeze_question(cards[0])
        if consent.pressed(tracker) or consent.yes_to_offered(tracker, "freeze_card"):
            return await freeze_now(customer_id, question, dispatcher, tracker)
        return consent.ask(dispatcher, question)


def freeze_question(card: CardView) -> Question:
    return Question(
        "freeze_card",
        f"Shall I freeze your card ending {card.last4} now? No one will be able to pay with it.",
        yes="Yes, freeze it",
        declined=f"Okay. I have not frozen it. Your card ending {card.last4} still works.",
        detail={"card": str(card.id)},
    )


async def freeze_now(
    customer_id: str, question: Question, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    if question.detail.get(OR_STOP) and _SAYS_STOP.search(tracker.latest_message.get("text") or ""):
        # "yes, stop it" to "freeze it for now, or stop it": the stop's own question.
        card = next(
            c for c in services().cards.cards(customer_id) if str(c.id) == question.detail["card"]
        )
        return consent.ask(dispatcher, stop_question(card))
    card = services().cards.set_status(
        customer_id, int(question.detail["card"]), "frozen", "customer asked"
    )
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
        text = tracker.latest_message.get("text") or ""
        if card_found(text):
            dispatcher.utter_message(text=FOUND_IT)  # then, maybe, the offer to turn it on
        elif "card" not in text.lower():
            explained = code_follow_up(customer_id, tracker, dispatcher)
            if explained is not None:
                return explained  # "it's not working" right after a till code: the code
        frozen, _ = _chosen(customer_id, tracker, {"frozen"})
        cards = [
            c for c in frozen if services().cards.reason(customer_id, c.id) not in FRAUD_REASONS
        ]
        if not cards or (asks_about_state(text) and "again" not in text.lower()):
            # Nothing the customer alone may turn back on: say how each card stands; a
            # request to turn it on is offered no freeze (the opposite of what was asked).
            say_card_states(customer_id, dispatcher, offer_freeze=asks_about_state(text))
            return []
        ask = len(cards) > 1
        if ask:
            _ask_which_card(dispatcher, "unfreeze", cards)
            return []
        card = cards[0]
        return consent.ask(
            dispatcher,
            Question(
                "unfreeze_card",
                f"Unfreeze your card ending {card.last4}? It can be used for payments again.",
                declined="Okay. Your card stays frozen.",
                detail={"card": str(card.id)},
            ),
        )


async def unfreeze_now(
    customer_id: str, question: Question, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    card = services().cards.set_status(
        customer_id, int(question.detail["card"]), "active", "customer asked in chat"
    )
    dispatcher.utter_message(text=f"Done. Your card ending {card.last4} works again.")
    return []


MACHINE_KEPT_IT = (
    "I am sorry. A card kept by a cash machine is not given back: the machine holds it "
    "safely and the bank destroys it. You will need a new card.\n"
)


class ActionReportLostCard(CustomerAction):
    def name(self) -> str:
        return "action_report_lost_card"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        found = await answer_card_found(customer_id, dispatcher, tracker, domain)
        if found is not None:
            return found  # "I found my card": never heard as "I lost my card"
        if asks_card_status(tracker.latest_message.get("text") or ""):
            say_card_states(customer_id, dispatcher)  # "card status?": nothing to stop
            return []
        if collects_the_card(tracker):
            # A courier story is a scam, not a lost card: warn, and offer to freeze it.
            answer_story(customer_id, dispatcher, tracker)
            return drop_waiting_payment(dispatcher, tracker)
        cards, ask = _chosen(customer_id, tracker, {"active", "frozen"})
        if not cards:
            # Already stopped (or none): how each card stands, a lost one with its new card.
            say_card_states(customer_id, dispatcher)
            return drop_waiting_payment(dispatcher, tracker)
        if ask:
            dispatcher.utter_message(
                text="Which card is lost?",
                buttons=[
                    button(f"Card ending {c.last4}", "report_lost_card", card_last4=c.last4)
                    for c in cards
                ],
            )
            return []
        card = cards[0]
        text = tracker.latest_message.get("text") or ""
        if card.status == "active" and may_turn_up(text) and not consent.pressed(tracker):
            events = drop_waiting_payment(dispatcher, tracker)
            return events + consent.ask(dispatcher, freeze_for_now_question(card))
        question = stop_question(card, kept=kept_by_machine(text))
        # A payment read back before the card was lost is not sent by a later stray yes.
        events = drop_waiting_payment(dispatcher, tracker)
        if consent.pressed(tracker):
            return events + await stop_now(customer_id, question, dispatcher, tracker)
        return events + consent.ask(dispatcher, question)


def stop_question(card: CardView, kept: bool = False) -> Question:
    return Question(
        "stop_card",
        (MACHINE_KEPT_IT if kept else "I am sorry. ")
        + f"Shall I stop your card ending {card.last4} now? "
        "No one will be able to use it, and we will send you a new one.",
        yes="Yes, stop it",
        declined=f"Okay. I have not stopped it. Your card ending {card.last4} "
        + ("still works." if card.status == "active" else "stays frozen."),
        detail={"card": str(card.id)},
    )


# A freeze offered for now, with stopping the card the other choice.
OR_STOP = "or_stop"
_SAYS_STOP = re.compile(r"\b(?:stop|cancel|new (?:one|card)|for good)\b", re.IGNORECASE)


def freeze_for_now_question(card: CardView) -> Question:
    """A card that may turn up: frozen for now, with stopping it for good one press away."""
    question = freeze_question(card)
    return replace(
        question,
        detail={**question.detail, OR_STOP: "yes"},
        text="I am sorry. I can freeze it for now, until you find it. No one will be able "
        f"to pay with it, and you can turn it back on.\nShall I freeze your card ending "
        f"{card.last4} now?",
        choices=[
            button(question.yes, "affirm"),
            consent.consent_button(
                "Stop it and send a new card", "report_lost_card", card_last4=card.last4
            ),
            button("No", "deny"),
        ],
    )


async def stop_now(
    customer_id: str, question: Question, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    card = services().cards.set_status(
        customer_id, int(question.detail["card"]), "lost", "reported lost"
    )
    services().support.request_callback(customer_id, "card", f"lost card {card.last4}")
    dispatcher.utter_message(
        text=f"I have stopped your card ending {card.last4}. No one can use it now.\n"
        "A new card will come by post in about 5 working days.\n"
        "Someone from our team will also call you today to check everything is all right."
    )
    return []
