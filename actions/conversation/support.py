"""PIN advice, loans and handing over to a person (fraud reports: actions/protection/scams.py)."""

from __future__ import annotations

import contextlib
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import consent
from actions.consent import Question
from actions.money.amounts import amount_said
from actions.replies import BANK_PHONE, button, latest_entity, money, rate_words, term_words
from actions.services import bound_customer, conversation_started, services
from assistant.bank.directory import ProductView
from assistant.bank.loans import monthly_payment
from assistant.bank.models import utcnow
from assistant.bank.money import to_minor
from assistant.bank.support import BookedCallback
from assistant.errors import BankError
from nlu.worries import asks_about_our_call, calls_them_themselves


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
        cost = _monthly_cost(tracker, loans)
        if cost:
            dispatcher.utter_message(text=cost)
        return consent.ask(
            dispatcher,
            Question(
                "callback",
                "A loan is a big decision. Would you like one of our advisers to call you?",
                yes="Yes, please call me",
                no="No, thank you",
                declined="Okay. Ask me any time if you would like a call.",
                detail={"topic": "loan"},
            ),
        )


def _monthly_cost(tracker: Tracker, loans: list[ProductView]) -> str:
    """ "how much would a loan of 5000 cost me each month": what the first loan that lends
    that much costs a month at its lowest rate, over its shortest and longest usual terms;
    "" when no amount in the home currency was said, or no loan lends it."""
    said = amount_said(tracker.latest_message)
    home = services().settings.home_currency
    if said is None or said[1] != home:
        return ""
    amount_minor = to_minor(said[0], home)
    loan = next((p for p in loans if p.term_months and p.min_amount_minor <= amount_minor), None)
    if loan is None or loan.term_months is None:
        return ""
    terms = sorted({min(36, loan.term_months), loan.term_months})
    costs = " or ".join(
        f"{money(monthly_payment(amount_minor, loan.rate_bp, t), home)} a month over "
        f"{term_words(t)}"
        for t in terms
    )
    return (
        f"At {rate_words(loan.rate_bp)} a year, borrowing {money(amount_minor, home)} "
        f"with a {loan.name} costs about {costs}.\n"
        "That is at our lowest rate. An adviser tells you your own rate."
    )


class ActionHumanHandoff(Action):
    """Store a call-back request; anyone may ask, account data is not needed."""

    def name(self) -> str:
        return "action_human_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        if not text.startswith("/") and asks_about_our_call(text):
            return answer_callback_asked(dispatcher, tracker)  # "when will you ring me"
        if not text.startswith("/") and calls_them_themselves(text):
            # "I will call him on his old number": the customer's own call, no call-back.
            dispatcher.utter_message(
                text=CALL_THEM_YOURSELF, buttons=[button("Call me back", "human_handoff")]
            )
            return []
        entity = latest_entity(tracker, "topic")
        return book_callback(dispatcher, tracker, str(entity["value"]) if entity else "general")


CALL_THEM_YOURSELF = (
    "Yes, call them yourself, on the number you already have for them.\n"
    "If you also want a person from our team to call you, press Call me back."
)


async def call_back_now(
    customer_id: str, question: Question, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    """A yes to "Shall I ask them to call you?"."""
    return book_callback(dispatcher, tracker, question.detail.get("topic", "general"))


def book_callback(
    dispatcher: CollectingDispatcher, tracker: Tracker, topic: str
) -> list[dict[str, Any]]:
    """Ask a person to call. A payment paused by a scam check stays paused until then; a
    payment only waiting for its yes is not sent: the customer wanted a person instead, so
    no later yes can send it."""
    customer_id = bound_customer(tracker)
    request_id = tracker.get_slot("pending_request")
    paused = False
    events: list[dict[str, Any]] = []
    not_sent = ""
    if customer_id and request_id and services().payments.hold(customer_id, request_id):
        paused = True
        services().payments.note_callback(customer_id, request_id)
        topic = "paused_payment"
    elif customer_id and request_id:
        preview = services().payments.pending(customer_id, request_id)
        with contextlib.suppress(BankError):
            services().payments.cancel(customer_id, request_id)
        if preview is not None:
            not_sent = f"I have not sent the payment to {preview.payee_name}.\n"
        events.append(SlotSet("pending_request", None))
    callback = services().support.request_callback(customer_id, topic)
    if callback.phone_last2:
        when = f"on your number ending {callback.phone_last2}"
    else:
        when = "on the number we have for you"
    dispatcher.utter_message(
        text=f"{not_sent}I have asked a person from our team to call you {when}, "
        "within one working day.\n"
        f"If it is urgent, please call us on {BANK_PHONE}."
        + ("\nYour payment stays paused until you decide." if paused else "")
    )
    return events


OUR_CALL_IS_SAFE = (
    "When we call, we will never ask for your PIN or a code, or ask you to move money.\n"
    f"If it is urgent, or no one has called, please call us on {BANK_PHONE}."
)


def answer_callback_asked(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    """ "when will someone from your fraud team call me": the call-back booked in this
    conversation, with the number we will ring and when, as it was said when it was
    booked (the first hour's fraud team today; any other within one working day). None
    booked: a call offered, booked only on a yes."""
    customer_id = bound_customer(tracker)
    if customer_id is None:
        dispatcher.utter_message(
            text="I can see the calls booked for you once you log in.\n"
            f"If it is urgent, please call us on {BANK_PHONE}."
        )
        return []
    booked = services().support.booked_callback(
        customer_id, conversation_started(tracker.sender_id)
    )
    if booked is None:
        return consent.ask(
            dispatcher,
            Question(
                "callback",
                "I have not asked anyone from our team to call you in this conversation. "
                "Shall I ask a person to call you?",
                yes="Yes, please call me",
                no="No, thank you",
                declined=f"Okay. If you are worried, call us on {BANK_PHONE}.",
                detail={"topic": "fraud"},
            ),
        )
    dispatcher.utter_message(text=f"{callback_promise(booked)}\n{OUR_CALL_IS_SAFE}")
    return []


def callback_promise(booked: BookedCallback) -> str:
    """What was promised: "Someone from our fraud team will call you on your number
    ending 77 today." for the first hour's call booked today."""
    where = (
        f"on your number ending {booked.phone_last2}"
        if booked.phone_last2
        else "on the number we have for you"
    )
    if booked.case_number and booked.asked_at.date() == utcnow().date():
        return f"Yes. Someone from our fraud team will call you {where} today."
    team = "fraud team" if booked.topic == "fraud" else "team"
    return f"Yes. A person from our {team} will call you {where}, within one working day."
