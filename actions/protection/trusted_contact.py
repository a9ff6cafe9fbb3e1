"""The trusted contact in the dialogue: offered before a paused payment is sent anyway.

"Send it anyway" on a paused payment, for a customer with a trusted contact:
the assistant offers to ask them first ("ask_trusted_contact"). Until the
contact says "it looks fine", or the cooling-off is over, the payment stays
paused; then the customer gets a fresh read-back and must say yes again.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import consent
from actions.consent import Question
from actions.context import CustomerAction
from actions.protection.scams import answer_after_warning
from actions.replies import BANK_PHONE
from actions.services import services
from assistant.bank.contact_replies import CALL_FIRST
from assistant.bank.models import utcnow
from assistant.bank.trusted_contacts import CONTACT_REMOVED, Gate, TrustedContacts

# "i want my son to be my trusted contact", "make my son my second key", "can I add one".
_WANTS_ONE = re.compile(
    r"\b(?:to be|become|make|set up|setup|add|name|change|choose|pick|register)\b"
    r".*\b(?:trusted|second key|contact)\b",
    re.I,
)
# "who is my trusted contact", "do i have one", a bare "my trusted contact".
_WHO = re.compile(
    r"\bwho\b|\bdo i have\b|\bis there\b"
    r"|^\W*(?:my|the)?\s*(?:trusted (?:contact|person)|second key)\W*$",
    re.I,
)
WHAT_FOR = (
    "A trusted contact is someone I can ask to look at a payment I have paused "
    "to keep you safe, before it is sent."
)
# web/trusted_contact_api.py needs the PIN again; in the chat, the bank's people help.
HOW_TO_NAME = (
    f"To name one, please call us on {BANK_PHONE} or visit a branch. We will check it is you first."
)


def contacts() -> TrustedContacts:
    return services().contacts


def _when(moment: dt.datetime | None) -> str:
    if moment is None:
        return "later"
    left = moment - utcnow()
    hours = max(int(left.total_seconds() // 3600), 0)
    if hours >= 1:
        return f"in about {hours} hour{'s' if hours != 1 else ''}"
    minutes = max(int(left.total_seconds() // 60), 1)
    return f"in about {minutes} minute{'s' if minutes != 1 else ''}"


def contact_blocks_release(
    customer_id: str, request_id: str, dispatcher: CollectingDispatcher
) -> bool:
    """Say why the paused payment cannot be sent yet; False when it may be."""
    gate = contacts().gate(customer_id, request_id)
    if gate.open:
        if gate.state == "looks_fine":
            dispatcher.utter_message(text=f"{gate.contact_name} said it looks fine.")
        return False
    name = gate.contact_name
    if gate.state == "not_asked":
        consent.ask(dispatcher, ask_contact_question(name))
    elif gate.state == CONTACT_REMOVED:
        dispatcher.utter_message(
            text="Your trusted contact was changed while this payment was paused, so it "
            f"stays paused. You can send it {_when(gate.release_after)}. Someone from the "
            "bank will call you about it."
        )
    elif gate.state == CALL_FIRST:
        dispatcher.utter_message(
            text=f"{name} asked to talk to you first. Please call them. "
            f"The payment stays paused. You can send it {_when(gate.release_after)}."
        )
    else:
        dispatcher.utter_message(text=waiting_text(gate))
    return True


def waiting_text(gate: Gate) -> str:
    return (
        f"I have asked {gate.contact_name}. The payment stays paused until they answer. "
        f"Without an answer, you can send it {_when(gate.release_after)}."
    )


def answer_about_contact(customer_id: str, text: str, dispatcher: CollectingDispatcher) -> bool:
    """ "who is my trusted contact", "i want my son to be my trusted contact": who they
    are, or how one is named; False when the message asks neither."""
    contact = contacts().contact(customer_id)
    if _WANTS_ONE.search(text):
        now = f"Your trusted contact now is {contact.name}. " if contact else ""
        dispatcher.utter_message(text=f"{now}{HOW_TO_NAME}")
        return True
    if _WHO.search(text):
        if contact is None:
            dispatcher.utter_message(text=f"You have no trusted contact. {WHAT_FOR}\n{HOW_TO_NAME}")
        else:
            waiting = (
                "" if contact.verified
                else f" We are waiting for {contact.name} to agree to it."
            )  # fmt: skip
            dispatcher.utter_message(
                text=f"Your trusted contact is {contact.name}.{waiting} {WHAT_FOR} "
                "They cannot see your balances or move your money."
            )
        return True
    return False


def nothing_to_tell(customer_id: str) -> str:
    contact = contacts().contact(customer_id)
    if contact is None:
        return (
            f"{WHAT_FOR} No payment is paused now, so there is nothing to tell.\n"
            f"You have no trusted contact yet. {HOW_TO_NAME}"
        )
    return f"{WHAT_FOR} No payment is paused now, so there is nothing to tell {contact.name}."


class ActionAskTrustedContact(CustomerAction):
    """The customer said yes to asking the trusted contact about the paused payment."""

    def name(self) -> str:
        return "action_ask_trusted_contact"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        if answer_about_contact(customer_id, text, dispatcher):
            return []  # "who is my trusted contact": a question, never a message to them
        request_id = tracker.get_slot("pending_request")
        hold = services().payments.hold(customer_id, request_id) if request_id else None
        question, fresh = consent.last_question(tracker)
        if hold is None and answer_after_warning(tracker, dispatcher):
            return []  # "what do I tell her then", "I already told him" in a scam
        if hold is None and fresh and question is not None and question.kind == "tell_contact_scam":
            # "tell her" in answer to "Shall I tell Anna?" after the first-hour response.
            return await tell_about_scam_now(customer_id, question, dispatcher, tracker)
        if hold is None:
            # "tell my daughter" with nothing paused: what telling them is for.
            dispatcher.utter_message(text=nothing_to_tell(customer_id))
            return []
        if fresh and question is not None and question.kind == "ask_contact":
            # "ask my daughter" in answer to "shall I ask Anna?": the answer is yes.
            return await ask_about_payment_now(customer_id, question, dispatcher, tracker)
        contact = contacts().contact(customer_id)
        if contact is None:
            dispatcher.utter_message(text=nothing_to_tell(customer_id))
            return []
        return consent.ask(dispatcher, ask_contact_question(contact.name))


def ask_contact_question(name: str) -> Question:
    return Question(
        "ask_contact",
        f"Before I send it, shall I ask {name}, your trusted contact? "
        "They will not see your balances.",
        yes=f"Yes, ask {name}",
        no="Cancel the payment",
        no_intent="cancel",
        declined=f"Okay. I have not asked {name}. The payment stays paused.",
    )


async def ask_about_payment_now(
    customer_id: str, question: Question, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    """A yes to "shall I ask Anna?" about the payment paused and waiting."""
    request_id = tracker.get_slot("pending_request")
    hold = services().payments.hold(customer_id, request_id) if request_id else None
    if hold is None:
        dispatcher.utter_message(text=nothing_to_tell(customer_id))
        return []
    gate = contacts().ask(customer_id, request_id, hold.warning)
    dispatcher.utter_message(text=waiting_text(gate))
    return []


async def tell_about_scam_now(
    customer_id: str, question: Question, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    """A yes to "Shall I tell Anna, your trusted contact?" after the first hour."""
    contact = contacts().tell_scam(customer_id)
    dispatcher.utter_message(text=f"Done. I have told {contact.name}.")
    return []
