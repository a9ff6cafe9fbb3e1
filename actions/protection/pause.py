"""ask_about_pause: why payments are paused, until when, and how the pause is lifted.

"why are my payments paused", "can you unpause my payments", "how long for", "please
undo it, it was a mistake": the answer says the pause's real reason and when it ends
(assistant/bank/protection.py), and that only a person at the bank lifts it sooner. The
customer cannot lift it in chat, so the one thing offered is a call from a person (a
question, actions/consent.py); the lock-down is never offered again. A payment the risk
rules paused is said with its own warning. Nothing here changes anything.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import consent
from actions.consent import Question
from actions.context import CustomerAction
from actions.conversation_state import previous_bot_texts
from actions.replies import BANK_PHONE
from actions.services import services
from assistant.bank.models import utcnow
from assistant.bank.protection import PAUSE_LIFTED_HOW, current_pause, pause_said, when_said
from nlu.worries import asks_after_the_pause, names_the_pause


def asks_about_pause(tracker: Tracker) -> bool:
    """The latest message asks about a pause: names it, or follows an answer that did."""
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/"):
        return False
    if names_the_pause(text):
        return True
    return asks_after_the_pause(text) and any(
        "pause" in said.lower() for said in previous_bot_texts(tracker)
    )


def explain_pause(customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Why payments are paused, until when, how it is lifted; a call offered."""
    with services().db.session() as session:
        pause = current_pause(session, customer_id, utcnow())
        said = pause_said(pause) if pause is not None else None
        until = when_said(pause.until) if pause is not None else ""
    if said is not None:
        question = Question(
            "callback",
            "I cannot lift the pause myself. Shall I ask a person from our team to call you "
            "about it?",
            yes="Yes, call me",
            declined=f"Okay, no call. Payments stay paused until {until}; only a person at the "
            f"bank can lift the pause sooner. If it is urgent, call us on {BANK_PHONE}.",
            detail={"topic": "payment_pause"},
        )
        consent.ask(dispatcher, question, before=f"{said}\n{PAUSE_LIFTED_HOW}")
        return
    request_id = tracker.get_slot("pending_request")
    hold = services().payments.hold(customer_id, request_id) if request_id else None
    if hold is not None:
        dispatcher.utter_message(
            text="Your payments are not paused. I paused one payment, the one I read back "
            f"to you, to keep you safe.\n{hold.warning}\n"
            "You can cancel it, ask a person to call you, or say: send it anyway."
        )
        return
    dispatcher.utter_message(
        text="Your payments are not paused. You can send money and pay bills as usual."
    )


class ActionAskAboutPause(CustomerAction):
    """ "why are my payments paused": the reason, the end, and who can lift it."""

    def name(self) -> str:
        return "action_ask_about_pause"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        explain_pause(customer_id, dispatcher, tracker)
        return []
