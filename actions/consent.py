"""One rule for everything that changes a customer's money or access.

Three levels of action:

1. Answering a question changes nothing. Actions that only read never come here.
2. A change (a card frozen or stopped, the fraud first hour that freezes cards,
   pauses payments and opens a case, a payment code issued, the trusted contact
   told, a call booked on an offer) happens only when the customer
   - said yes, by text, button or voice, to the one question that named it, asked
     in the assistant's last turn (`answer_yes`), or
   - pressed a button that says exactly that change: its payload carries the
     `consent` entity (`consent_button`).
   Urgency shortens the words, never skips the yes: "I lost my card" hears
   "Shall I stop it now?". Payments and moves have their own question, the
   read-back, under the same rule (actions/money/confirm.py).
3. A guess is a question: an action unsure of the request asks (`ask`) and acts
   on nothing.

The question asked is one record, a `Question`, carried in the metadata of the
bot message that asks it. So the record is where the conversation is: the yes
and no actions read the newest one and a yes always answers the last question
asked; a yes to an older question hears that question again, never its action.

What a yes does is one table, `ON_YES`: a kind of change and the function that
makes it, imported when first used so that this module imports no action.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import button
from nlu.replies import (
    QUESTION_RECORD,
    acknowledges,
    echoes_yes,
    names_offered_payee,
    yes_after_no,
    yes_titles,
)

# Each kind of change and where the function that makes it lives ("module:function").
# The function is called as f(customer_id, question, dispatcher, tracker) and returns
# the events of the turn; it may trust that the customer agreed to `question`.
ON_YES = {
    "freeze_card": "actions.cards.cards:freeze_now",
    "stop_card": "actions.cards.cards:stop_now",
    "unfreeze_card": "actions.cards.cards:unfreeze_now",
    "protect_accounts": "actions.protection.scams:protect_now",
    "tell_contact_scam": "actions.protection.trusted_contact:tell_about_scam_now",
    "ask_contact": "actions.protection.trusted_contact:ask_about_payment_now",
    "payment_code": "actions.money.codes:issue_now",
    "callback": "actions.conversation.support:call_back_now",
    "choose": "actions.consent:choose_again",
    "warning_offers": "actions.protection.scams:answer_offers",
    "start_request": "actions.conversation.clarify:start_request",
}
# Changes that need no logged-in customer (a call-back; which of several offers).
ANYONE = {"callback", "choose", "warning_offers", "start_request"}
# Changes to a card, a code or what a contact is told: "ok" or "ok good" may only say the
# answer before the question was heard, so these need a yes (a call-back takes an "ok").
NEEDS_A_YES = {"freeze_card", "stop_card", "unfreeze_card", "payment_code", "tell_contact_scam",
               "ask_contact"}  # fmt: skip
# Kinds whose yes changes nothing but asks the next, narrower question (which offer; the
# lock-down's own question): any yes may lead there, clear or not.
ONLY_ASK = {"choose", "warning_offers"}
# Kinds whose yes may come in any words ("yes have someone ring me"): a call booked
# changes nothing the customer would need to undo.
LIGHT = {"callback"}
# The entity a button's payload carries when the button says exactly the change.
CONSENT = "consent"
_METADATA_KEY = QUESTION_RECORD


@dataclass(frozen=True)
class Question:
    """A question whose yes makes one change.

    Attributes:
        kind: what a yes does, a key of `ON_YES`.
        text: the question, as said ("Shall I freeze your card ending 4821 now?").
        yes: the title of its Yes button.
        no: the title of its No button.
        no_intent: what its No button says: "deny", or "cancel" where the no also
            stops what waits ("Cancel the payment").
        declined: what a no hears ("Okay. Your card still works.").
        detail: what the change needs (a card's id, a call's topic), as strings.
        choices: for kind "choose": the buttons offered, each a whole request.
        firm: only a plain yes counts ("yes", "yes please", the Yes button), never "ok"
            or "hmm ok": for a lock-down, whose change is hard on the customer.
    """

    kind: str
    text: str
    yes: str = "Yes"
    no: str = "No"
    declined: str = "Okay. I have not changed anything."
    detail: dict[str, str] = field(default_factory=dict)
    choices: list[dict[str, str]] = field(default_factory=list)
    no_intent: str = "deny"
    firm: bool = False

    def __post_init__(self) -> None:
        if self.kind not in ON_YES:
            raise ValueError(f"Unknown kind of change {self.kind!r}: add it to ON_YES.")

    def buttons(self) -> list[dict[str, str]]:
        if self.choices:
            return list(self.choices)
        return [button(self.yes, "affirm"), button(self.no, self.no_intent)]

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Question | None:
        try:
            return cls(**record)
        except (TypeError, ValueError):
            return None  # written by an older version, or not a question of ours


def message(question: Question, before: str = "") -> dict[str, Any]:
    """The keyword arguments of `utter_message` that ask `question` (after `before`)."""
    text = f"{before}\n{question.text}" if before else question.text
    return {"text": text, "buttons": question.buttons(), _METADATA_KEY: asdict(question)}


def ask(
    dispatcher: CollectingDispatcher, question: Question, before: str = ""
) -> list[dict[str, Any]]:
    """Ask the question; nothing changes until it is answered."""
    dispatcher.utter_message(**message(question, before))
    return []


def consent_button(title: str, intent: str, **entities: Any) -> dict[str, str]:
    """A button that says exactly the change it makes ("Freeze my card"): pressing it is
    the customer's yes."""
    return button(title, intent, **entities, **{CONSENT: "yes"})


def pressed(tracker: Tracker) -> bool:
    """The latest message is a button that said exactly its change."""
    text = tracker.latest_message.get("text") or ""
    entities = tracker.latest_message.get("entities") or []
    return text.startswith("/") and any(
        e.get("entity") == CONSENT and e.get("value") == "yes" for e in entities
    )


def ask_again(dispatcher: CollectingDispatcher, tracker: Tracker, before: str = "") -> bool:
    """The question the assistant's last turn asked, asked again after `before`: "hmm",
    "wait" or "what happens now" answer nothing, and the question must not be lost.
    False when the last turn asked none."""
    question, fresh = last_question(tracker)
    if question is None or not fresh:
        return False
    ask(dispatcher, question, before=before)
    return True


def yes_to_offered(tracker: Tracker, intent: str) -> bool:
    """ "yes freeze it" right after a question that offered exactly that change as a
    button ("Freeze my card" among a warning's offers): the yes and the change said, as
    good as pressing it. False for a yes with a doubt in it, or with no such offer."""
    question, fresh = last_question(tracker)
    if question is None or not fresh:
        return False
    offered = any(
        c.get("payload", "").startswith(f"/{intent}") and f'"{CONSENT}": "yes"' in c["payload"]
        for c in question.choices
    )
    return offered and plain_yes(tracker.latest_message.get("text") or "")


def last_question(tracker: Tracker) -> tuple[Question | None, bool]:
    """The newest question asked in this session, and whether the assistant asked it in
    its last turn (so the latest message answers it)."""
    users_seen = 0
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "session_started":
            break
        if kind == "user":
            users_seen += 1
        elif kind == "bot" and users_seen:
            record = (event.get("metadata") or {}).get(_METADATA_KEY)
            if record:
                return Question.from_record(record), users_seen == 1
    return None, False


def echoed(question: Question, text: str) -> bool:
    """`text` is a yes that says the question's own change ("yes, freeze it" to "Shall I
    freeze your card ending 4821 now?", or after a first thought "no its not there. ok
    stop it"): a yes to it, as clear as the Yes button."""
    titles = yes_titles(question.buttons())
    return echoes_yes(text, question.text, titles) or (
        yes_after_no(text, question.text, titles) == "order"
    )


# A plain yes: yes said (after "ok" too), or "please do", "go ahead"; never "ok" or
# "alright" alone, and never "I guess".
_PLAIN_YES = re.compile(
    r"^\W*(?:oh\W+)?(?:(?:ok|okay|alright|right)\W+)?"
    r"(?:yes|yeah|yea|yep|yup|aye|please do|do it|go ahead)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:hmm+|um+|erm*|uh+|guess|suppose|maybe|perhaps|not sure|whatever|dunno|i think)\b",
    re.IGNORECASE,
)


_SAYS_PROTECT = re.compile(r"\b(?:protect|lock)\b", re.IGNORECASE)
_NOT = re.compile(r"\b(?:no|not|nope|don'?t|never|wait)\b", re.IGNORECASE)


def plain_yes(text: str) -> bool:
    """A yes without a doubt in it: the Yes button, a yes said with no hedge, or the
    change said ("ok, protect my accounts")."""
    if text.startswith("/"):
        return True
    said = bool(_PLAIN_YES.search(text) or _SAYS_PROTECT.search(text))
    return said and not _HEDGE.search(text) and not _NOT.search(text)


def _gives_amount(question: Question, tracker: Tracker) -> bool:
    """ "pay them 72 dollars then" or "the northern power, yes" to "Do you want to send
    money to Northern Power?": the answer the payment's own questions would ask for, or
    the payee named, as clear as a yes. The payment is still read back for its own yes."""
    entities = tracker.latest_message.get("entities") or []
    payee = question.detail.get("transfer_payee") or ""
    text = tracker.latest_message.get("text") or ""
    return (
        question.kind == "start_request"
        and bool(payee)
        and (any(e.get("entity") == "amount" for e in entities) or names_offered_payee(text, payee))
    )


ChangeMaker = Callable[
    [str, Question, CollectingDispatcher, Tracker], Awaitable[list[dict[str, Any]]]
]


def change_maker(kind: str) -> ChangeMaker:
    module, function = ON_YES[kind].split(":")
    maker: ChangeMaker = getattr(importlib.import_module(module), function)
    return maker


async def answer_yes(
    customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, clear: bool
) -> list[dict[str, Any]] | None:
    """A yes to the question asked last: the change it names, or the question again
    when the yes was not clear. None when the last turn asked none of these questions."""
    question, fresh = last_question(tracker)
    if question is None or not fresh:
        return None
    text = tracker.latest_message.get("text") or ""
    if question.firm and not plain_yes(text):
        return ask(dispatcher, question, before="This is a big change. Please say yes or no.")
    if question.kind in NEEDS_A_YES and acknowledges(text) and not plain_yes(text):
        # "ok good" to "It is not frozen. Shall I freeze it now?" may only say the answer
        # was heard: a change needs a yes.
        return ask(dispatcher, question, before="Please say yes or no.")
    if not clear and question.kind not in ONLY_ASK | LIGHT and not _gives_amount(question, tracker):
        return ask(dispatcher, question, before="I want to be sure.")
    return await change_maker(question.kind)(customer_id, question, dispatcher, tracker)


# A yes this many customer messages after a question may still mean it ("what does
# frozen mean?" in between); later, or once the question was answered, it never does.
STALE_TURNS = 2
# What answers a question: a yes, a no, a stop, or a button pressed.
_ANSWERS = {"affirm", "deny", "cancel"}


def open_question(tracker: Tracker) -> Question | None:
    """The question asked before the assistant's last turn that nobody answered yet, asked
    at most `STALE_TURNS` customer messages ago; None otherwise."""
    between: list[dict[str, Any]] = []
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "session_started":
            return None
        if kind == "user":
            between.append(event)
        elif kind == "bot" and len(between) > 1:
            record = (event.get("metadata") or {}).get(_METADATA_KEY)
            if record:
                answered = any(
                    (e.get("text") or "").startswith("/")
                    or ((e.get("parse_data") or {}).get("intent") or {}).get("name") in _ANSWERS
                    for e in between[1:]
                )
                if answered or len(between) - 1 > STALE_TURNS:
                    return None
                return Question.from_record(record)
    return None


def answer_stale_yes(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """A yes a little after a question nobody answered yet ("what does frozen mean?" in
    between): that question again, never its change. False when there is none: a yes to a
    question answered already, or long ago, asks nothing again."""
    question, fresh = last_question(tracker)
    if question is None or fresh:
        return False
    question = open_question(tracker)
    if question is None:
        return False
    ask(dispatcher, question, before="Earlier I asked you this. I want to be sure.")
    return True


def answer_no(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """A no to the question asked last: what was not done; False when there is none."""
    question, fresh = last_question(tracker)
    if question is None or not fresh:
        return False
    dispatcher.utter_message(text=question.declined)
    return True


async def choose_again(
    customer_id: str, question: Question, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    """A yes to an offer of several things: which one, never a guess."""
    titles = [c["title"] for c in question.choices]
    listed = ", ".join(titles[:-1]) + f", or {titles[-1]}" if len(titles) > 1 else titles[0]
    dispatcher.utter_message(
        text=f"Which would you like? {listed}.",
        buttons=question.choices,
        **{_METADATA_KEY: asdict(question)},
    )
    return []
