"""Fraud reports, PIN advice, loans and handing over to a person."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import CustomerAction, bound_customer, services
from actions.deposits import rate_words, term_words
from actions.replies import button, latest_entity

BANK_PHONE = "555 0100 000"
# Somebody got in touch with the customer: a caller, a text, an e-mail, a visitor.
_CONTACTED = re.compile(
    r"\b(?:call(?:ed|er|ing)?|phon(?:e|ed)|rang|ring|texts?|texted|messages?|e-?mail(?:ed)?|"
    r"contacted|told me|asked me|said (?:he|she|they) (?:was|were)|a (?:man|woman|lady|guy)|"
    r"someone (?:came|knocked)|whats ?app|scammer|pretend\w*)\b",
    re.IGNORECASE,
)


def _spaced(text: str) -> str:
    """FR-4821-7730 -> "F R, 4 8 2 1, 7 7 3 0": easy to write down when heard."""
    return ", ".join(" ".join(part) for part in text.split("-"))


class ActionReportFraud(CustomerAction):
    def name(self) -> str:
        return "action_report_fraud"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        svc = services()
        frozen = svc.cards.freeze_all(customer_id, "fraud reported")
        case = svc.support.open_fraud_case(customer_id, "reported in chat")
        svc.support.request_callback(customer_id, "fraud", f"case {case}")
        lines = ["I am sorry this happened. You did the right thing to tell us."]
        if frozen:
            endings = " and ".join(c.last4 for c in frozen)
            lines.append(f"I have frozen your card ending {endings}.")
        lines.append(f"Your case number is {case}. That is {_spaced(case)}.")
        lines.append("Someone from our fraud team will call you back today.")
        said = " ".join(_recent_texts(tracker))
        if _CONTACTED.search(said):
            lines.append("Do not send any more money to the person who contacted you.")
            lines.append("If they call again, hang up. We will never ask for your PIN.")
        else:
            lines.append("Please check your other accounts too, and do not share your PIN.")
        dispatcher.utter_message(text="\n".join(lines))
        return []


def _recent_texts(tracker: Tracker, turns: int = 3) -> list[str]:
    """What the customer typed or said in the last few turns (not button presses)."""
    texts = [
        e.get("text") or ""
        for e in tracker.events
        if e.get("event") == "user" and not (e.get("text") or "").startswith("/")
    ]
    return texts[-turns:]


class ActionChangePin(Action):
    """Explain the safe way; never take a PIN in chat."""

    def name(self) -> str:
        return "action_change_pin"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        # The web gateway has already turned a typed PIN into "****".
        if re.search(r"\b\d{4,6}\b|\*{4}", text):
            dispatcher.utter_message(
                text="Please never type your PIN here, or tell it to anyone. Not even to us."
            )
        dispatcher.utter_message(
            text="For your safety, I cannot change your PIN in a chat.\n"
            "You can change it at any of our cash machines: choose 'PIN services'.\n"
            f"Or visit a branch, or call us on {BANK_PHONE}. We will never ask for your PIN."
        )
        return []


class ActionLoanConsultation(Action):
    """Product facts from the product table, and an offer of a call."""

    def name(self) -> str:
        return "action_loan_consultation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        loans = services().directory.products("loan")
        lines = ["Here are our loans:"]
        for loan in loans:
            lines.append(
                f"{loan.name}: from {rate_words(loan.rate_bp)} a year, "
                f"up to {term_words(loan.term_months)}. {loan.facts}"
            )
        dispatcher.utter_message(text="\n".join(lines))
        dispatcher.utter_message(
            text="A loan is a big decision. Would you like one of our advisers to call you?",
            buttons=[
                button("Yes, please call me", "human_handoff", topic="loan"),
                button("No, thank you", "deny"),
            ],
        )
        return []


class ActionHumanHandoff(Action):
    """Store a call-back request; anyone may ask, account data is not needed."""

    def name(self) -> str:
        return "action_human_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        entity = latest_entity(tracker, "topic")
        book_callback(dispatcher, tracker, str(entity["value"]) if entity else "general")
        return []


def book_callback(dispatcher: CollectingDispatcher, tracker: Tracker, topic: str) -> None:
    """Ask a person to call; a payment waiting for a yes stays paused until then."""
    customer_id = bound_customer(tracker)
    request_id = tracker.get_slot("pending_request")
    paused = False
    if customer_id and request_id and services().payments.hold(customer_id, request_id):
        paused = True
        services().payments.note_callback(customer_id, request_id)
        topic = "paused_payment"
    callback = services().support.request_callback(customer_id, topic)
    if callback.phone_last2:
        when = f"on your number ending {callback.phone_last2}"
    else:
        when = "on the number we have for you"
    dispatcher.utter_message(
        text=f"I have asked a person from our team to call you {when}, "
        "within one working day.\n"
        f"If it is urgent, please call us on {BANK_PHONE}."
        + ("\nYour payment stays paused until you decide." if paused else "")
    )
