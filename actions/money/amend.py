"""Corrections at the read-back: "make it forty", "no, 40", "from my savings please".

The payment waiting for a yes is cancelled and a new one, with the change, is
prepared and read back in full. The old request can never be confirmed any
more, so a later "yes" never brings back a value the customer changed.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.clarify import answer_choice, ask_likeliest
from actions.conversation.conversation import (
    asks_to_hear_again,
    say_again,
)
from actions.conversation.followups import follow_up
from actions.conversation.kind_words import (
    life_event,
    small_talk,
)
from actions.conversation.topics import answer_by_kind
from actions.conversation.which_first import ask_which_first
from actions.conversation_state import previous_bot_texts
from actions.money.already_done import answer_undo
from actions.money.amounts import amount_in_message, ask_which_amount
from actions.money.codes import code_follow_up
from actions.money.money_question import ask_about_money_guess, start_named_payment
from actions.money.own_transfer import accounts_named, move_accounts_again
from actions.money.payees import say_who_can_be_paid
from actions.money.read_back import read_back, say_waiting_again
from actions.money.source_account import PAYING_KINDS, kind_named, paid_from_kind, source_account_id
from actions.protection.scams import (
    answer_after_warning,
    answer_slip,
    answer_told_scam,
    tells_a_scam_story,
)
from actions.replies import button, latest_entity
from actions.said import conversation_text
from actions.services import bound_customer, services
from actions.two_requests import the_other_thing
from actions.words import account_kind, account_kinds
from assistant.bank.money import to_minor
from assistant.bank.payees import match_payees
from assistant.bank.payment_kinds import BILL, OWN_TRANSFER, TIME_DEPOSIT, TRANSFER
from assistant.bank.payments import PaymentPreview
from assistant.errors import BankError
from nlu.bank_topics import bank_topics
from nlu.payment_words import without_accounts_paid_into
from nlu.replies import opens_with_no, relative_amount, says_amount_is_wrong


@dataclass(frozen=True)
class Change:
    """What the customer changed; None where they said nothing about it."""

    amount_minor: int | None = None
    account_kind: str | None = None
    payee_id: int | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.amount_minor, self.account_kind, self.payee_id))


def _account_meant(customer_id: str, text: str, preview: PaymentPreview) -> str | None:
    """The kind of account a correction asks to pay from: the one whose last four digits it
    says ("savings ending 3318"), else the one it names that is not the account read back
    ("from my savings instead of checking", "it still says checking. I want savings")."""
    accounts = services().ledger.accounts(customer_id)
    by_digits = [a.kind for a in accounts if a.last4 and a.last4 in text]
    if len(by_digits) == 1:
        return by_digits[0]
    if preview.kind != OWN_TRANSFER.name:
        text = without_accounts_paid_into(text)  # "put it in my savings": where it goes
    named = account_kinds(text)
    if len(named) > 1:
        named.discard(paid_from_kind(customer_id, preview))
    return named.pop() if len(named) == 1 else account_kind(text) if named else None


def change_in_message(customer_id: str, tracker: Tracker, preview: PaymentPreview) -> Change:
    text = tracker.latest_message.get("text") or ""
    home = services().settings.home_currency
    amount = amount_in_message(tracker)
    amount_minor = to_minor(amount, home) if amount is not None else None
    relative = relative_amount(text, preview.amount_minor)
    if relative is not None:
        amount_minor = relative  # "half that", "double it": against the amount read back
    kind = _account_meant(customer_id, text, preview)
    entity = latest_entity(tracker, "from_account")
    if entity:
        kind = str(entity["value"])
    payee_id = None
    if preview.kind == TRANSFER.name and not text.startswith("/"):
        people = services().payees.payees(customer_id, kind="person")
        others = match_payees(text, [p for p in people if p.id != preview.payee_id])
        current = [p for p in people if p.id == preview.payee_id]
        # "wei", "to wei please", and "not alice, wei" (both named, one refused).
        if len(others) == 1 and (
            not match_payees(text, current) or refuses_payee(customer_id, text, preview)
        ):
            payee_id = others[0].id
    return Change(
        amount_minor=amount_minor if amount_minor != preview.amount_minor else None,
        account_kind=kind if kind in PAYING_KINDS else None,
        payee_id=payee_id,
    )


def amend_pending(
    tracker: Tracker, dispatcher: CollectingDispatcher
) -> list[dict[str, Any]] | None:
    """Apply a correction to the payment waiting for a yes; None when there is none.

    Returns the events when the latest message changed (or asked to change) it.
    """
    customer_id = bound_customer(tracker)
    request_id = tracker.get_slot("pending_request")
    if not customer_id or not request_id:
        return None
    svc = services()
    preview = svc.payments.pending(customer_id, request_id)
    if preview is None:
        return None
    if ask_which_amount(tracker, dispatcher):
        return []
    change = change_in_message(customer_id, tracker, preview)
    moved = preview.kind == OWN_TRANSFER.name and any(
        accounts_named(tracker.latest_message.get("text") or "")
    )
    if not change and not moved and says_amount_is_wrong(tracker.latest_message.get("text") or ""):
        # "that's the wrong amount": the payment waits, and the amount is asked for.
        dispatcher.utter_message(
            text=f"Nothing has been sent. What amount should I send to {preview.payee_name}?"
        )
        return []
    text = tracker.latest_message.get("text") or ""
    refused = refuses_payee(customer_id, text, preview) and not change.payee_id
    if refused or (not change and not moved):
        if refused or _no_and_another(customer_id, text, preview):
            # "not alice, wei" with no Wei among the payees, "no, city water": a no first,
            # so nothing goes to Alice; then who or what can be paid.
            with contextlib.suppress(BankError):
                svc.payments.cancel(customer_id, request_id)
            dispatcher.utter_message(
                text=f"Okay. I have not sent anything to {preview.payee_name}."
            )
            _say_what_can_be_paid(customer_id, text, dispatcher)
            return [SlotSet("pending_request", None)]
        return None
    if preview.kind not in AMENDABLE_KINDS:
        # Nothing is cancelled: the read-back stays, and the customer can say no and start again.
        dispatcher.utter_message(text=CANNOT_AMEND)
        read_back(dispatcher, preview)
        return []
    with contextlib.suppress(BankError):
        svc.payments.cancel(customer_id, request_id, replaced=True)
    try:
        fresh = prepare_again(customer_id, tracker, preview, change)
    except BankError as error:
        dispatcher.utter_message(text=f"{error}\nI have not sent anything.")
        return [SlotSet("pending_request", None)]
    same = (fresh.amount_minor, fresh.payee_name, fresh.from_last4) == (
        preview.amount_minor,
        preview.payee_name,
        preview.from_last4,
    )
    # Never "I have changed it" for a read-back that says what it said before.
    dispatcher.utter_message(text=SAID_ALREADY if same else "All right, I have changed it.")
    read_back(dispatcher, fresh)
    return [SlotSet("pending_request", fresh.request_id)]


# "no, city water", "nope the other one": a no, then more than the no.
_NO_AND_MORE = re.compile(r"^\W*(?:no+|nope|nah)\b[\s,.!]+(?=\w)", re.IGNORECASE)
# "no, not him", "no, send it to my son": a no, then somebody else, saved or not.
_SOMEBODY_ELSE = re.compile(
    r"\bnot (?:him|her|them|that person|that one)\b|\bto (?:my|our) [a-z]+", re.IGNORECASE
)


def _no_and_another(customer_id: str, text: str, preview: PaymentPreview) -> bool:
    """ "no, city water": a no, then another of the customer's payees or billers, or
    somebody else ("no, not him, send it to my son", who need not be saved). A no
    followed by anything else ("no way to make it dirty", a mishearing of "no wait make it
    thirty") is left to be asked again."""
    if not _NO_AND_MORE.match(text):
        return False
    if preview.kind == "transfer" and _SOMEBODY_ELSE.search(text):
        return True
    others = [p for p in services().payees.payees(customer_id) if p.id != preview.payee_id]
    return bool(match_payees(text, others))


def _say_what_can_be_paid(customer_id: str, text: str, dispatcher: CollectingDispatcher) -> None:
    """After a refused payee: a bill named is paid as a bill; anyone else, who can be paid."""
    billers = match_payees(text, services().payees.payees(customer_id, kind="biller"))
    if len(billers) == 1:
        name = billers[0].name
        due = [b for b in services().payees.due_bills(customer_id) if b.payee_name == name]
        if due:
            dispatcher.utter_message(
                text=f"{name} is a bill. To pay it, press the button or say: pay the {name} bill.",
                buttons=[button(f"Pay {name}", "pay_bill", bill=str(due[0].id))],
            )
        else:
            dispatcher.utter_message(text=f"{name} is a bill, and there is none to pay now.")
        return
    say_who_can_be_paid(customer_id, dispatcher)


# "not alice", "not to my daughter", "alice is wrong", "the wrong person".
_REFUSING = re.compile(r"\b(?:not|wrong|isn'?t|never)\b", re.IGNORECASE)
_WRONG_PERSON = re.compile(r"\bwrong (?:person|name|one|payee|people)\b", re.IGNORECASE)


def refuses_payee(customer_id: str, text: str, preview: PaymentPreview) -> bool:
    """True when the customer says the payment's payee is not the one they meant."""
    if preview.kind != TRANSFER.name or text.startswith("/"):
        return False
    if _WRONG_PERSON.search(text):
        return True
    if not _REFUSING.search(text):
        return False
    people = services().payees.payees(customer_id, kind="person")
    return bool(match_payees(text, [p for p in people if p.id == preview.payee_id]))


SAID_ALREADY = "That is what it says already."
CANNOT_AMEND = "I cannot change this one. Say no to stop it, then tell me what you would like."


def prepare_again(
    customer_id: str, tracker: Tracker, old: PaymentPreview, change: Change
) -> PaymentPreview:
    """The payment `old` prepared anew with `change`, as its kind is prepared."""
    amount = change.amount_minor if change.amount_minor is not None else old.amount_minor
    return PREPARE_AGAIN[old.kind](customer_id, tracker, old, change, amount)


def _move_again(
    customer_id: str, tracker: Tracker, old: PaymentPreview, change: Change, amount: int
) -> PaymentPreview:
    source, target = move_accounts_again(
        customer_id,
        tracker.latest_message.get("text") or "",
        paid_from_kind(customer_id, old),
        kind_named(customer_id, old.payee_name),
    )
    if source == target:
        raise BankError("Money can only move between two different accounts.")
    return services().payments.prepare_own_transfer(
        customer_id,
        from_account_id=source_account_id(customer_id, source),
        to_account_id=source_account_id(customer_id, target),
        amount_minor=amount,
        currency=old.currency,
        said=conversation_text(tracker),
    )


def _paid_from(customer_id: str, old: PaymentPreview, change: Change) -> int:
    """The account the new payment comes from: the one named in the change, or the old one."""
    return source_account_id(customer_id, change.account_kind or paid_from_kind(customer_id, old))


def _transfer_again(
    customer_id: str, tracker: Tracker, old: PaymentPreview, change: Change, amount: int
) -> PaymentPreview:
    return services().payments.prepare_transfer(
        customer_id,
        payee_id=change.payee_id or old.payee_id or 0,
        amount_minor=amount,
        currency=old.currency,
        from_account_id=_paid_from(customer_id, old, change),
        said=conversation_text(tracker),
    )


def _deposit_again(
    customer_id: str, tracker: Tracker, old: PaymentPreview, change: Change, amount: int
) -> PaymentPreview:
    account_id = _paid_from(customer_id, old, change)
    svc = services()
    product = next(p for p in svc.directory.products("time_deposit") if p.name == old.payee_name)
    return svc.payments.prepare_time_deposit(
        customer_id, product_id=product.id, amount_minor=amount, from_account_id=account_id
    )


def _bill_again(
    customer_id: str, tracker: Tracker, old: PaymentPreview, change: Change, amount: int
) -> PaymentPreview:
    account_id = _paid_from(customer_id, old, change)
    if change.amount_minor is not None:
        raise BankError("A bill is paid in full, so I cannot change its amount.")
    svc = services()
    bill = next(b for b in svc.payees.due_bills(customer_id) if b.reference == old.reference)
    return svc.payments.prepare_bill(
        customer_id, bill_id=bill.id, from_account_id=account_id, said=conversation_text(tracker)
    )


# How each kind of payment is prepared again with a change, by the names of
# actions/money/payment_kinds.py (a kind missing here is read back with CANNOT_AMEND).
PREPARE_AGAIN: dict[str, Callable[[str, Tracker, PaymentPreview, Change, int], PaymentPreview]] = {
    TRANSFER.name: _transfer_again,
    BILL.name: _bill_again,
    TIME_DEPOSIT.name: _deposit_again,
    OWN_TRANSFER.name: _move_again,
}
AMENDABLE_KINDS = tuple(PREPARE_AGAIN)


class ActionAnswerWithoutQuestion(Action):
    """An answer ("forty", "from my savings") when no form asked for one.

    At a read-back it is a correction; otherwise the customer hears what they
    can do (or, for a message not understood, to say it another way).
    """

    def name(self) -> str:
        return "action_answer_without_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        customer_id = bound_customer(tracker)
        explained = code_follow_up(customer_id, tracker, dispatcher) if customer_id else None
        if explained is not None:
            return explained  # "what is that for" after a till code is no "what?"
        if answer_undo(customer_id, tracker, dispatcher):
            return []  # "oops, undo that please" right after a payment or a move
        if asks_to_hear_again(tracker):
            say_again(dispatcher, tracker)  # "what?" at a read-back: the read-back again
            return []
        if answer_after_warning(tracker, dispatcher):
            return []  # "should i send him 3000", "I already clicked it" after a scam warning
        chosen = answer_choice(tracker)
        if chosen is not None:
            return chosen  # "the water bill first" at "Which shall I do first?"
        events = amend_pending(tracker, dispatcher)
        if events is None:  # "and the other thing?" after two requests in one message
            events = await the_other_thing(dispatcher, tracker, domain)
        if events is None:
            events = follow_up(tracker, dispatcher)
        if events is not None:
            return events
        if tells_a_scam_story(tracker):
            # A story the NLU did not place still gets its warning.
            return answer_told_scam(bound_customer(tracker), dispatcher, tracker)
        known = answer_by_kind(tracker, dispatcher)
        if known is not None:
            return known  # "how long for" after the pause, "what time do you close today"
        text = tracker.latest_message.get("text") or ""
        if opens_with_no(text) and asked_a_question(tracker):
            # "no dont pay it yet, I will wait for my pension" at "Shall I pay it now?"
            return [FollowupAction("action_handle_deny")]
        if tracker.get_intent_of_latest_message(skip_fallback_intent=False) == "nlu_fallback":
            # Two requests first: "my balance and send money" is below the money bar too.
            if ask_which_first(tracker, dispatcher):
                return []
            started = start_named_payment(tracker)  # a saved payee and an amount: clear
            if started is not None:
                return started
            if ask_about_money_guess(tracker, dispatcher):
                return []
            if bank_topics().about(text):
                # "cancel my direct debit to the gym": a bank question we do not do, named
                # back with a person offered (or a waiting payment said again), never
                # buttons for a lost card or a fraud.
                return [FollowupAction("action_bank_question")]
            generic = "utter_default"
        elif (started := start_named_payment(tracker)) is not None:
            return started  # "give wei 0.5k" read as an answer: a payment all the same
        elif amount_in_message(tracker) and ask_about_money_guess(tracker, dispatcher):
            return []  # "sned 40 to alice" (an amount, money the second guess) is asked about.
        else:
            generic = "utter_inform_without_question"
        # "A", or an answer to no question, while a payment waits for a yes: the payment
        # again (as for "what?"), never a reply that leaves it unsaid.
        if say_waiting_again(dispatcher, tracker, NOT_CAUGHT):
            return []
        if answer_slip(text, dispatcher):
            return []  # "i sent 50 to the wrong person by mistake"
        event, kind_word = life_event(text), small_talk(text)
        if event:
            dispatcher.utter_message(**event)  # "we had a joint account, he passed away"
        elif kind_word:
            dispatcher.utter_message(text=kind_word)  # "it's cold here isn't it"
        elif generic == "utter_default" and ask_likeliest(tracker, dispatcher):
            pass  # not understood: what it most likely meant, asked as a question
        else:
            dispatcher.utter_message(response=generic)
        return []


NOT_CAUGHT = "Sorry, I did not catch that. Nothing has been sent."


def asked_a_question(tracker: Tracker) -> bool:
    """The assistant's last message asked a question ("Shall I pay it now? I will read it
    back to you first.")."""
    said = [t.strip() for t in previous_bot_texts(tracker) if t and t.strip()]
    return bool(said) and "?" in said[-1]
