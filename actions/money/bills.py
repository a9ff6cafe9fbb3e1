"""check_bills and pay_bill: bills come from the ledger, payment needs a yes.

When nothing is due, every path (the list, the form's question, its
validator) gives the same answer: what was paid last and when, with the
customer's billers as buttons, so paying one of them is one press away.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import consent
from actions.consent import Question
from actions.context import CustomerAction
from actions.conversation_state import answered_this_turn, previous_bot_buttons
from actions.money.read_back import PreparePayment, reset
from actions.money.source_account import SourceAccountSlot, source_account_id
from actions.replies import button, day, latest_entity, money
from actions.said import conversation_text
from actions.services import bound_customer, services
from actions.words import bill_kind
from assistant.bank.payees import BillView
from assistant.bank.payments import PaymentPreview
from nlu.payment_words import asks_how_much_it_is

FORM_SLOTS = ["bill", "from_account"]


def _bill_line(bill: BillView) -> str:
    return f"{bill.payee_name}: {money(bill.amount_minor, bill.currency)}, due {day(bill.due_on)}."


def nothing_due(dispatcher: CollectingDispatcher, customer_id: str) -> None:
    """No bill is due: say what was paid last and when, and offer the billers."""
    book = services().payees
    text = "You have no bills waiting to be paid."
    last = book.last_bill_paid(customer_id)
    if last is not None:
        text += (
            f"\nThe last one you paid was {money(last.amount_minor, last.currency)} "
            f"to {last.payee_name} on {day(last.paid_at)}."
        )
    billers = book.payees(customer_id, kind="biller")
    dispatcher.utter_message(
        text=text,
        buttons=[button(f"Pay {p.name}", "transfer_money", transfer_payee=p.name) for p in billers],
    )


# "has the water bill been paid", "did I pay the gas bill", "is my phone bill paid yet":
# a question about whether a bill is paid, never an order to pay it.
_PAID_QUESTION = re.compile(
    r"\b(?:been|was|is|are|got|gets|get|is it)\s+paid\b|\bpaid (?:yet|already|off|up)\b"
    r"|\b(?:did|didn'?t)\b.*\bpay\b"
    r"|\b(?:have|has)\s+(?:i|we|you|it|they|he|she|the|my|that|this|our)\b.*\bpaid\b"
    r"|\b(?:haven'?t|hasn'?t)\b.*\bpaid\b"
    r"|\b(?:if|whether)\b.*\bpaid\b|\bpaid\b.*\?|\b(?:still|do i) owe\b"
    r"|^\W*(?:is|are|was|were)\b.*\bpaid\b"
    r"|\b(?:is|are) (?:there|any)\b.*\b(?:due|outstanding|owing)\b",
    re.IGNORECASE,
)


# "when did I last pay it": a question about what went out, answered from the history.
_WHEN_PAID = re.compile(r"^\W*when\b|\blast (?:pay|paid)\b", re.IGNORECASE)


# "a car payment that needs to be paid": a bill to pay, said as a need, not asked about.
_TO_BE_PAID = re.compile(
    r"\b(?:needs?|has|have|must|got|ought) (?:to )?be paid\b|\bneeds? paying\b", re.IGNORECASE
)


def asks_if_paid(text: str) -> bool:
    return (
        bool(_PAID_QUESTION.search(text))
        and not _WHEN_PAID.search(text)
        and not _TO_BE_PAID.search(text)
    )


def bill_asked_about(customer_id: str, text: str) -> BillView | None:
    """The due bill a question names (by biller or by kind); the one due bill when the
    question says "the bill" or "it" and names none; None when it names a bill that is
    not due, or speaks of no bill."""
    bills = services().payees.due_bills(customer_id)
    lowered = text.lower()
    named = [b for b in bills if any(w in lowered for w in b.payee_name.lower().split())]
    if named:
        return named[0]
    asked = bill_kind(text)
    if asked:
        return next((b for b in bills if _kind_of(customer_id, b) == asked), None)
    said = set(lowered.replace("?", " ").split())
    if not said & {"bill", "bills", "it", "that"}:
        return None  # "did I pay freshmart anything": a shop, not the bill that is due
    return bills[0] if len(bills) == 1 else None


def answer_if_paid(customer_id: str, text: str, dispatcher: CollectingDispatcher) -> bool:
    """ "has the water bill been paid" while it is due: what is due and when, and the
    offer to pay it (its one button, or a yes, reads it back; actions/money/confirm.py).
    False when the question is not one, or names no bill that is due (then what was
    paid answers it)."""
    if not asks_if_paid(text):
        return False
    bill = bill_asked_about(customer_id, text)
    if bill is None:
        return False
    amount = money(bill.amount_minor, bill.currency)
    end = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time.min)
    paid = services().ledger.history(
        customer_id, end - dt.timedelta(days=120), end, direction="out", merchant=bill.payee_name
    )
    last = ""
    if paid.entries:
        entry = paid.entries[0]
        was = money(-entry.amount_minor, bill.currency)
        last = (
            f"\nThe last payment to {bill.payee_name}, {was}, went out on {day(entry.booked_at)}."
        )
    dispatcher.utter_message(
        text=f"No, not yet. Your {bill.payee_name} bill of {amount} is due on "
        f"{day(bill.due_on)}.{last}\nShall I pay it now? I will read it back to you first.",
        buttons=[button(f"Pay {bill.payee_name}, {amount}", "pay_bill", bill=str(bill.id))],
    )
    return True


def answer_bill_amount(
    customer_id: str, tracker: Tracker, dispatcher: CollectingDispatcher
) -> bool:
    """ "how much is it" right after an answer that offered to pay one bill: that bill's
    amount and due day, and the same offer. False when no one bill was offered, or it is
    no longer due."""
    if not asks_how_much_it_is(tracker.latest_message.get("text") or ""):
        return False
    bill_id = offered_bill(tracker)
    due = services().payees.due_bills(customer_id)
    bill = next((b for b in due if str(b.id) == bill_id), None)
    if bill is None:
        return False
    amount = money(bill.amount_minor, bill.currency)
    dispatcher.utter_message(
        text=f"Your {bill.payee_name} bill is {amount}. It is due on {day(bill.due_on)}.\n"
        "Shall I pay it now? I will read it back to you first.",
        buttons=[button(f"Pay {bill.payee_name}, {amount}", "pay_bill", bill=str(bill.id))],
    )
    return True


# The assistant's answers about bills: a follow-up after one of them ("and the electric
# one too") is about bills as well.
BILL_ACTIONS = frozenset(
    {"action_check_bills", "pay_bill_form", "action_ask_bill", "action_prepare_bill_payment"}
)


def bill_follow_up(
    customer_id: str, tracker: Tracker, dispatcher: CollectingDispatcher
) -> list[dict[str, Any]] | None:
    """ "and the electric one too" while bills are being talked about: that kind of bill,
    read back for a yes when one is due; when none is, said so, and a saved biller of that
    kind offered money instead. None when the message names no kind of bill, or the talk
    was not about bills."""
    text = tracker.latest_message.get("text") or ""
    kind = bill_kind(text)
    if kind is None or not _talking_about_bills(tracker):
        return None
    bills = services().payees.due_bills(customer_id)
    due = [b for b in bills if _kind_of(customer_id, b) == kind]
    if len(due) == 1:
        return [SlotSet("bill", str(due[0].id)), ActiveLoop("pay_bill_form")]
    biller = next(
        (
            p.name
            for p in services().payees.payees(customer_id, kind="biller")
            if bill_kind(f"{p.name} {p.relation or ''}") == kind
        ),
        None,
    )
    if biller is not None and not due:
        offer_to_send_instead(dispatcher, biller)
        return []
    dispatcher.utter_message(text=f"You have no {kind} bill to pay right now.")
    return []


def _talking_about_bills(tracker: Tracker) -> bool:
    """One of the assistant's last two answers was about bills."""
    answers = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            answers += 1
            if answers > 2:
                return False
        elif event.get("event") == "action" and event.get("name") in BILL_ACTIONS:
            return answers > 0
    return False


def offered_bill(tracker: Tracker) -> str | None:
    """The one bill the assistant's last answer offered to pay ("pay it then" follows it)."""
    offered = [p for p in previous_bot_buttons(tracker) if p.startswith("/pay_bill")]
    if len(offered) != 1:
        return None
    match = re.search(r'"bill":\s*"(\d+)"', offered[0])
    return match.group(1) if match else None


class ActionCheckBills(CustomerAction):
    def name(self) -> str:
        return "action_check_bills"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        if answer_if_paid(customer_id, tracker.latest_message.get("text") or "", dispatcher):
            return []
        bills = services().payees.due_bills(customer_id)
        if not bills:
            nothing_due(dispatcher, customer_id)
            return []
        count = "one bill" if len(bills) == 1 else f"{len(bills)} bills"
        dispatcher.utter_message(
            text=f"You have {count} to pay.\n" + "\n".join(_bill_line(b) for b in bills),
            buttons=[button(f"Pay {b.payee_name}", "pay_bill", bill=str(b.id)) for b in bills],
        )
        return []


class ValidatePayBillForm(SourceAccountSlot, FormValidationAction):
    def name(self) -> str:
        return "validate_pay_bill_form"

    async def extract_bill(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        customer_id = bound_customer(tracker)
        if customer_id is None:
            return {}
        bills = services().payees.due_bills(customer_id)
        entity = latest_entity(tracker, "bill")
        if entity:
            return {"bill": str(entity["value"])}
        offered = offered_bill(tracker)
        if offered and any(str(b.id) == offered for b in bills):
            return {"bill": offered}  # "pay it then" right after one bill was offered
        text = (tracker.latest_message.get("text") or "").lower()
        named = [b for b in bills if any(w in text for w in b.payee_name.lower().split())]
        if len(named) == 1:
            return {"bill": str(named[0].id)}
        if _biller_named_without_a_bill(customer_id, text, bills):
            # "I want to pay Northern Power" with only the water bill due: never another
            # bill; the question offers to send them money (`ActionAskBill`).
            return {}
        if len(bills) == 1 and not tracker.get_slot("bill"):
            if tracker.get_slot("requested_slot") == "bill" and (
                tracker.get_intent_of_latest_message() not in TAKES_THE_ONE_BILL
                or latest_entity(tracker, "amount")
            ):
                if tracker.get_intent_of_latest_message() == "affirm":
                    # "Which bill?" is no yes-or-no question: a yes chooses nothing, even
                    # when one bill is offered. Which one, by name (`ActionAskBill`).
                    dispatcher.utter_message(text="Please tell me which bill, by its name.")
                # "cancel" at "Which bill?" is no answer (the rules stop the form), and
                # "80 dollars" chooses no bill: a bill is paid as it was billed.
                return {}
            asked = bill_kind(text)
            kind = _kind_of(customer_id, bills[0])
            other = "" if asked and asked == kind else asked or _other_bill_named(text, bills[0])
            if other:
                # "pay the electric bill", "pay my verizon bill", "a car payment" with only
                # the water bill due: never the water bill read back as if asked for; the
                # form asks which bill.
                dispatcher.utter_message(text=f"You have no {other} bill to pay right now.")
                return {}
            return {"bill": str(bills[0].id)}
        return {}

    async def validate_bill(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        customer_id = bound_customer(tracker)
        bills = services().payees.due_bills(customer_id) if customer_id else []
        if any(str(b.id) == str(value) for b in bills):
            return {"bill": str(value)}
        if not bills:
            if customer_id:
                nothing_due(dispatcher, customer_id)
            return {"bill": None, "requested_slot": None}
        dispatcher.utter_message(text="I could not find that bill.")
        return {"bill": None}


# Words that name no bill: "use my checking account and pay this month's bill please".
_NO_BILL_WORDS = """
    a about account accounts again all also am amount an and any are as at away be bill
    bills bring bucks can cents checking could current do dollars due for from get go got
    has have help i i'd id in is it just last let lets like make me money month months my
    need needs next now of off ok okay on one our out paid pay paying payment payments
    please pounds pull put quid right s savings saving settle show so sort take that the
    them then there these this to today too up use using want week would yes you
    zero two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred thousand
"""
_NAMES_NO_BILL = frozenset(_NO_BILL_WORDS.split())


def _other_bill_named(text: str, bill: BillView) -> str:
    """What the message names besides the bill that is due ("Verizon" in "pay this month's
    verizon bill", "car" in "a car payment that needs to be paid"); "" when it names
    nothing else."""
    own = set(re.findall(r"[a-z]+", bill.payee_name.lower()))
    words = re.findall(r"[a-z]+", text.lower())
    other = [w for w in words if w not in _NAMES_NO_BILL and w not in own]
    return " ".join(other)


def _biller_named_without_a_bill(customer_id: str, text: str, bills: list[BillView]) -> str | None:
    """A saved biller the customer named ("northern power") that has no bill due."""
    due = {b.payee_name for b in bills}
    for payee in services().payees.payees(customer_id):
        if payee.kind == "biller" and payee.name not in due and payee.name.lower() in text:
            return payee.name
    return None


# At "Which bill?" with one bill due, these take it ("that one", "pay it", "City
# Water"); a yes does not: it answers no question of which.
TAKES_THE_ONE_BILL = {"inform", "pay_bill"}


def _kind_of(customer_id: str, bill: BillView) -> str | None:
    """The kind of bill by its biller's name and how the customer knows it ("electricity")."""
    payees = services().payees.payees(customer_id)
    relation = next((p.relation or "" for p in payees if p.name == bill.payee_name), "")
    return bill_kind(f"{bill.payee_name} {relation}")


def offer_to_send_instead(dispatcher: CollectingDispatcher, biller: str) -> None:
    """A saved biller named with no bill of theirs due: paying them is sending them money,
    asked first ("pay them 72 dollars then" answers it with the amount)."""
    consent.ask(
        dispatcher,
        Question(
            "start_request",
            f"Do you want to send money to {biller}?",
            yes=f"Yes, send money to {biller}",
            declined="Okay. I have not sent anything.",
            detail={"intent": "transfer_money", "transfer_payee": biller},
        ),
        before=f"You have no bill from {biller} to pay right now.",
    )


class ActionAskBill(CustomerAction):
    def name(self) -> str:
        return "action_ask_bill"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        bills = services().payees.due_bills(customer_id)
        if not bills:
            nothing_due(dispatcher, customer_id)
            return [ActiveLoop(None), *reset(FORM_SLOTS)]
        text = (tracker.latest_message.get("text") or "").lower()
        biller = _biller_named_without_a_bill(customer_id, text, bills)
        if biller:
            offer_to_send_instead(dispatcher, biller)
            return [ActiveLoop(None), *reset(FORM_SLOTS)]
        names = ", ".join(f"{b.payee_name}, {money(b.amount_minor, b.currency)}" for b in bills)
        dispatcher.utter_message(
            text=f"Which bill would you like to pay? You can say its name: {names}.",
            buttons=[
                button(
                    f"{b.payee_name}, {money(b.amount_minor, b.currency)}", "inform", bill=str(b.id)
                )
                for b in bills
            ],
        )
        return []


class ActionPrepareBillPayment(PreparePayment):
    form_slots = FORM_SLOTS

    def name(self) -> str:
        return "action_prepare_bill_payment"

    def prepare(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> PaymentPreview | None:
        bill = tracker.get_slot("bill")
        if bill is None:
            # The form stopped without a bill (none is due): its rule still runs this
            # action, and int(None) here was the "something went wrong" after the answer.
            if not answered_this_turn(tracker):
                nothing_due(dispatcher, customer_id)
            return None
        return services().payments.prepare_bill(
            customer_id,
            bill_id=int(bill),
            from_account_id=source_account_id(customer_id, tracker.get_slot("from_account")),
            said=conversation_text(tracker),
        )
