"""Scam stories, "I've been scammed" and "what have you done?".

A story ("the police told me to move my savings to a safe account") gets the
warning for its kind of scam and three offers: the one-minute lesson, a call
from a person, freezing the card. No fraud case is opened unless money has
gone or the customer asks for one; then the first-hour response runs
(assistant/bank/protection.py), each step said as it is done.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions import consent
from actions.consent import Question, consent_button
from actions.context import CustomerAction
from actions.conversation.clarify import named_choice
from actions.conversation.kind_words import life_event
from actions.conversation.support import answer_callback_asked
from actions.conversation_state import previous_bot_texts
from actions.money.payment_kinds import said_as
from actions.protection.holds import warn_about_hold
from actions.protection.lockdown import PROTECT_ACCOUNTS, protect_question
from actions.protection.pause import asks_about_pause, explain_pause
from actions.protection.plain_answers import answer_detail_not_known, answer_is_it_the_bank
from actions.protection.unknown_payment import answer_unknown_payment, names_unknown_payment
from actions.replies import BANK_PHONE, account_phrase, button, money
from actions.said import conversation_text, heard_clearly
from actions.services import bound_customer, conversation_started, services
from assistant.bank import audit
from assistant.bank.payments import PaymentPreview
from assistant.bank.protection import FirstHourReport
from lessons import render
from lessons.models import Interception
from lessons.risk import SCAM_WARNING, Hold
from lessons.scam_stories import Family, ScamStories, Sign
from nlu.payment_words import says_a_code
from nlu.replies import asks_for_protection
from nlu.worries import (
    asks_about_our_call,
    asks_if_really_the_bank,
    asks_what_to_do_now,
    asks_what_to_say,
    detail_not_known,
    is_afraid,
    names_scam_way_to_pay,
)

FIRST_HOUR_LESSON = "first-hour-after-a-scam"
# NLU heard a scam story but no family matched: the advice that fits every scam.
GENERAL_WARNING = (
    "This sounds like a scam. Nobody genuine rushes you, asks you to keep a secret, "
    "or asks you to move money or share a code."
)


# Said under every story's warning: "what should I do?" after it hears the warning again.
DO_NOT_SEND = "Do not send money, and do not share any code or your PIN."


@functools.cache
def scam_stories() -> ScamStories:
    return ScamStories.load()


def spaced(text: str) -> str:
    """FR-4821-7730 -> "F R, 4 8 2 1, 7 7 3 0": easy to write down when heard."""
    return ", ".join(" ".join(part) for part in text.split("-"))


def _latest_text(tracker: Tracker) -> str:
    text = tracker.latest_message.get("text") or ""
    return "" if text.startswith("/") else text


def _earlier_text(tracker: Tracker) -> str:
    """What the customer said in this session before the latest message."""
    said = conversation_text(tracker)
    latest = _latest_text(tracker)
    if latest and said.endswith(latest):
        said = said[: -len(latest)]
    return said


def _offers(lesson: str) -> list[dict[str, Any]]:
    return [
        {"title": "Take the 1-minute lesson", "payload": render.start_payload(lesson)},
        button("Call me back", "human_handoff", topic="fraud"),
        consent_button("Freeze my card", "freeze_card"),
    ]


def offer(lesson: str) -> Question:
    """The three offers after a warning; a yes to them is asked which one
    (`answer_offers`)."""
    return Question(
        "warning_offers",
        "Would you like a one-minute lesson about it, a call from our team, "
        "or to freeze your card?",
        declined="Okay. Please do not send any money. I am here if you need me.",
        choices=_offers(lesson),
    )


def _recent_earlier_text(tracker: Tracker) -> str:
    """What the customer said in the few turns before the latest message."""
    said = conversation_text(tracker, turns=AFTER_WARNING_TURNS + 1)
    latest = _latest_text(tracker)
    return said[: -len(latest)] if latest and said.endswith(latest) else said


def signs_going_on(tracker: Tracker) -> list[Sign]:
    """The signs in the latest message, with harm told in the turns just before it put
    first ("she will ring back for more" after the gift card numbers were read out)."""
    return scam_stories().signs_going_on(_latest_text(tracker), _recent_earlier_text(tracker))


def _not_said(words: str, said: list[str]) -> str:
    """`words` without the sentences already in `said` ("This is a scam." after a story's
    own warning that ends so)."""
    before = " ".join(said)
    sentences = [s if s.endswith(".") else f"{s}." for s in words.split(". ")]
    return " ".join(s for s in sentences if s not in before) or words


def what_to_do_now(signs: list[Sign]) -> str:
    """The first (most urgent) sign's words; "Hang up now." first while the caller is
    still on the line and those words do not say it already."""
    words = signs[0].say.replace("{phone}", BANK_PHONE)
    if any(s.name == "on_the_line" for s in signs) and "hang up" not in words.lower():
        words = f"Hang up now. {words}"
    return words


def answer_story(
    customer_id: str | None, dispatcher: CollectingDispatcher, tracker: Tracker
) -> None:
    """The warning for the story told, added to what was said before; no case. Talk
    about scams that tells none happening to the customer gets a kind word instead."""
    stories = scam_stories()
    text = _latest_text(tracker)
    if answer_scam_talk(text, dispatcher):
        return
    told = stories.recognise(text)
    signs = signs_going_on(tracker)  # going on now: "he is still on the phone with me"
    before = {f.name for f in stories.recognise(_earlier_text(tracker))}
    lines: list[str] = []
    # A story heard unsurely by speech is warned about all the same, and said to be
    # maybe misheard; it is not logged, so it pauses no later payment on its own.
    clearly = heard_clearly(tracker)
    if not clearly:
        lines.append("I may not have heard you right, but this is important.")
    if told and all(f.name in before for f in told):
        lines.append("You told me about this already. My advice is the same.")
    elif before and (told or not signs):
        lines.append("This is another scam story, on top of the one you told me.")
    lines += [f.warning for f in told] or ([] if signs else [GENERAL_WARNING])
    lines.append(_not_said(what_to_do_now(signs), lines) if signs else DO_NOT_SEND)
    lesson = told[0].lesson if told else signs[0].lesson if signs else FIRST_HOUR_LESSON
    consent.ask(dispatcher, offer(lesson), before="\n".join(lines))
    if customer_id and clearly:
        record_warning(customer_id, ",".join(f.name for f in told) or "unknown", signs)


def record_warning(customer_id: str, families: str, signs: list[Sign] | None = None) -> None:
    """Log that the customer was warned about a scam, naming what they told: a payment
    later in the conversation is paused (the `warned` risk rule, lessons/risk.py)."""
    with services().db.session() as session:
        audit.record(
            session,
            customer_id,
            SCAM_WARNING,
            families=families,
            signs=",".join(s.name for s in signs or []),
        )


# Somebody got in touch with the customer: a caller, a text, an e-mail, a visitor.
_CONTACTED = re.compile(
    r"\b(?:call(?:ed|er|ing)?|phon(?:e|ed)|rang|ring|texts?|texted|messages?|e-?mail(?:ed)?|"
    r"contacted|told me|asked me|said (?:he|she|they) (?:was|were)|a (?:man|woman|lady|guy)|"
    r"someone (?:came|knocked)|whats ?app|scammer|pretend\w*)\b",
    re.IGNORECASE,
)


def first_hour_lines(report: FirstHourReport, contacted: bool = False) -> list[str]:
    """Each step of the first-hour response, said as done."""
    lines = ["I am sorry this happened. You did the right thing to tell us.", "Here is what I did:"]
    if report.frozen_last4:
        lines.append(f"One. I froze your card ending {' and '.join(report.frozen_last4)}.")
    else:
        lines.append("One. Your cards were already frozen or stopped.")
    if report.cancelled:
        word = "payment" if report.cancelled == 1 else "payments"
        lines.append(f"Two. I cancelled {report.cancelled} {word} that had not gone yet.")
    else:
        lines.append("Two. No payment was waiting, so nothing needed cancelling.")
    if report.paused_until is not None:
        hours = services().settings.scam_pause_hours
        lines.append(f"Three. I paused new payments from your accounts for {hours} hours.")
    number = report.case_number
    if report.case_is_new:
        lines.append(f"Four. I opened case {number}. That is {spaced(number)}.")
    else:
        lines.append(f"Four. I added this to your open case {number}. That is {spaced(number)}.")
    where = (
        f"on your number ending {report.callback_phone_last2}"
        if report.callback_phone_last2
        else "on the number we have for you"
    )
    lines.append(f"Five. Someone from our fraud team will call you {where} today.")
    if contacted:
        lines.append("Do not send any more money to the person who contacted you.")
        lines.append("If they call again, hang up.")
    else:
        lines.append("Please check your other accounts too.")
    lines.append(f"If it is urgent, call us on {BANK_PHONE}. We will never ask for your PIN.")
    return lines


def ask_to_protect(
    customer_id: str,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    sure: bool,
    before: str = "",
) -> list[dict[str, Any]]:
    """The first hour on a button that said it; its question when the customer's words
    say a fraud happened, after `before` (what to do now about a sign of the scam); a
    guess hears a question that offers no lock-down."""
    if consent.pressed(tracker):
        first_hour(customer_id, dispatcher, tracker)
        return []
    if not sure:
        return consent.ask(dispatcher, what_happened())
    # A fraud told in so many words: whatever the answer, a payment asked for later in
    # the conversation ("ok send 500 to alice then") is paused and checked; unless it was
    # heard unsurely by speech, when only the question is asked.
    if heard_clearly(tracker):
        record_warning(customer_id, "fraud_report")
    return consent.ask(dispatcher, protect_question(), before=before)


def what_happened() -> Question:
    """A guess at a fraud: what happened, asked with choices that change nothing. "I have
    been scammed" leads to the lock-down's own question, and its yes. A yes to it is
    answered as a yes to a warning's offers (`answer_offers`): one that asks for
    protection ("yes protect it") hears the lock-down's own question, any other which."""
    return Question(
        "warning_offers",
        "I want to understand. Has someone taken money from you, or tricked you into "
        "paying or sharing a code?",
        declined=f"Okay. I have not changed anything. If you are worried, call us on {BANK_PHONE}.",
        choices=[
            button("Yes, I have been scammed", "report_fraud"),
            button("Talk to a person", "human_handoff", topic="fraud"),
            button("No, something else", "help", topic="something_else"),
        ],
    )


async def answer_offers(
    customer_id: str, question: Question, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    """A yes to the offers after a warning. One that asks for protection ("yes please
    protect everything") hears the lock-down's own question, which names all it does and
    needs its own plain yes; any other yes is asked which offer."""
    if answer_words_after_warning(tracker, dispatcher):
        return []  # "should I do it", "I already did it": not a choice among the offers
    if customer_id and asks_for_protection(_latest_text(tracker)):
        return consent.ask(dispatcher, protect_question())
    chosen = named_choice(question, _latest_text(tracker))
    if chosen is not None and customer_id:
        taken = await _take_offer(customer_id, chosen, dispatcher, tracker)
        if taken is not None:
            return taken  # "yes freeze it", "yes call me back": the yes and its offer said
    return await consent.choose_again(customer_id, question, dispatcher, tracker)


async def _take_offer(
    customer_id: str, chosen: dict[str, str], dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]] | None:
    """The offer a yes named: the card frozen (its button says exactly that, so a yes that
    names it is the customer's consent), a call booked, the lesson started. None when the
    offer needs more (several cards: which one)."""
    payload = chosen.get("payload", "")
    if payload.startswith("/freeze_card"):
        cards = [c for c in services().cards.cards(customer_id) if c.status == "active"]
        if len(cards) != 1:
            return None
        card = cards[0]
        freeze = Question("freeze_card", "", detail={"card": str(card.id)})
        return await consent.change_maker(freeze.kind)(customer_id, freeze, dispatcher, tracker)
    if payload.startswith("/human_handoff"):
        call = Question("callback", "", detail={"topic": "fraud"})
        return await consent.change_maker(call.kind)(customer_id, call, dispatcher, tracker)
    return None


async def protect_now(
    customer_id: str, question: Question, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    first_hour(customer_id, dispatcher, tracker)
    return []


def first_hour(customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    svc = services()
    report = svc.first_hour.run(customer_id, "reported in chat")
    recent = " ".join(conversation_text(tracker, turns=4).split(" \n "))
    lines = first_hour_lines(report, bool(_CONTACTED.search(recent)))
    buttons = [
        {
            "title": "Lesson: the first hour after a scam",
            "payload": render.start_payload(FIRST_HOUR_LESSON),
        },
        button("What have you done?", "what_have_you_done"),
    ]
    contact = svc.contacts.contact(customer_id)
    if contact is None or not contact.verified:  # one who has not agreed is told nothing
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
        return
    dispatcher.utter_message(text="\n".join(lines))
    tell = Question(
        "tell_contact_scam",
        f"Shall I tell {contact.name}, your trusted contact?",
        yes=f"Yes, tell {contact.name}",
        declined=f"Okay. I have not told {contact.name}.",
    )
    dispatcher.utter_message(**{**consent.message(tell), "buttons": tell.buttons() + buttons})


# "I sent money to the wrong person", "cancel that last payment, it was a mistake": an
# honest slip, not a fraud, unless the customer says someone tricked them or took money.
_SLIP = re.compile(
    r"\b(?:by mistake|a mistake|mistaken(?:ly)?|wrong (?:person|account|name|amount|one)|"
    r"by accident|accidentally|get (?:it|the money|my money) back|undo|cancel (?:that|the|my) "
    r"(?:last )?(?:payment|transfer))\b",
    re.IGNORECASE,
)
_FRAUD_WORDS = re.compile(
    r"\b(?:scam\w*|trick\w*|fraud\w*|stole|stolen|hack\w*|con(?:ned)?|swindl\w*|"
    r"(?:don'?t|do not|didn'?t|did not) (?:recogni[sz]e|make|authori[sz]e)|"
    r"(?:don'?t|do not|didn'?t|did not) know (?:about )?(?:this|that|these|those|the|a|an|any) "
    r"(?:payments?|charges?|transactions?|purchases?|withdrawals?|debits?)|"
    r"someone (?:else )?(?:used|took|has taken)|not me)\b",
    re.IGNORECASE,
)
SLIP_ANSWER = (
    "I cannot take back a payment that has already gone.\n"
    "If you sent it to the wrong person by mistake, our team can ask the other bank "
    "to return it.\n"
    "If someone tricked you into paying, say: I have been scammed."
)


# Signs of a fraud in the customer's own words, beyond the scam words above.
_FRAUD_SIGNS = re.compile(
    r"\b(?:strange|unknown|odd|(?:don'?t|do not|didn'?t|did not|never) (?:recogni[sz]e|made|make|"
    r"do|did)|disappear\w*|missing|gone|stranger|persuaded|fooled|pretend\w*|talked into|"
    r"made me|got me to|(?:has|have|got|took|stole) (?:my|our) (?:card |bank |account )?details|"
    r"someone (?:is )?using)\b",
    re.IGNORECASE,
)
# Below this the classifier's "report_fraud" is a guess: it is asked about in plain words
# ("i want to make a complaint" read as fraud at 0.43); above it the question is urgent.
FRAUD_SURE = 0.8


# A question, not a report: "is my account hacked?", "how do I know this is real".
_ASKS = re.compile(
    r"\?\s*$|^\W*(?:(?:so|but|and|oh|well|um)\W+)*(?:is|are|was|how|what|who|why|can|could|"
    r"should|do|does|did)\b",
    re.IGNORECASE,
)


def sure_of_fraud(text: str, confidence: float) -> bool:
    """Enough to offer the lock-down: the customer's own words that a fraud or a scam
    happened to them, or a confident classifier on words that ask nothing."""
    stories = scam_stories()
    return (
        (confidence >= FRAUD_SURE and not _ASKS.search(text))
        or not text  # the "I have been scammed" button
        or bool(_FRAUD_WORDS.search(text) or _FRAUD_SIGNS.search(text))
        or bool(stories.recognise(text))
        or stories.money_gone(text)
        or stories.asks_for_case(text)
    )


def honest_slip(text: str) -> bool:
    """A payment sent by mistake, with no word of anyone tricking the customer."""
    return bool(_SLIP.search(text)) and not _FRAUD_WORDS.search(text)


def answer_scam_talk(text: str, dispatcher: CollectingDispatcher) -> bool:
    """Talk about scams that reports none ("my neighbour got one of those calls, she didn't
    fall for it"): a kind word, the one rule, and the lessons; no warning is logged, so no
    payment is paused by it. False when the text reports harm to the customer."""
    stories = scam_stories()
    if not stories.only_talk(text):
        return False
    dispatcher.utter_message(text=SCAM_TALK, buttons=[button("Safety lessons", "list_lessons")])
    return True


def answer_slip(text: str, dispatcher: CollectingDispatcher) -> bool:
    """How a payment sent by mistake can be put right; False when the text is no slip
    (or tells a scam story)."""
    if not honest_slip(text) or scam_stories().recognise(text):
        return False
    dispatcher.utter_message(
        text=SLIP_ANSWER,
        buttons=[
            button("Talk to a person", "human_handoff"),
            button("I have been scammed", "report_fraud"),  # asks before it protects
        ],
    )
    return True


def answered_as_no_fraud(
    customer_id: str, text: str, dispatcher: CollectingDispatcher, tracker: Tracker
) -> bool:
    """Words the classifier may take for a fraud report that report none: "how do I know
    this is the bank", "I don't know his account number", a question about the pause,
    a payment not recognised. Each its own answer; False when the text is none of them."""
    stories = scam_stories()
    if stories.money_gone(text) and not names_unknown_payment(text):
        return False
    if stories.asks_for_case(text) or stories.recognise(text):
        return False
    if asks_if_really_the_bank(text):
        answer_is_it_the_bank(dispatcher)
    elif asks_about_pause(tracker):
        explain_pause(customer_id, dispatcher, tracker)
    elif names_unknown_payment(text):
        answer_unknown_payment(customer_id, dispatcher, tracker)
    elif detail_not_known(text):
        answer_detail_not_known(dispatcher)
    else:
        return False
    return True


class ActionReportFraud(CustomerAction):
    """ "I've been scammed": the first-hour response; a bare story gets its warning.

    A payment sent by mistake is no fraud: payments are not paused for it, and the
    customer hears how it can be put right.
    """

    def name(self) -> str:
        return "action_report_fraud"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        stories = scam_stories()
        text = _latest_text(tracker)
        if answer_scam_talk(text, dispatcher):
            return []  # "we watched a programme about gift card scams": no lock-down
        asked = answer_our_call(tracker, dispatcher)
        if asked is not None:
            return asked  # "when will the fraud team ring me": the call-back booked
        if answered_as_no_fraud(customer_id, text, dispatcher, tracker):
            return []
        if answer_slip(text, dispatcher):
            return []
        if stories.recognise(text) and not (
            stories.money_gone(text) or stories.asks_for_case(text)
        ):
            answer_story(customer_id, dispatcher, tracker)
            return []
        confidence = float((tracker.latest_message.get("intent") or {}).get("confidence") or 0)
        sure = sure_of_fraud(text, confidence)
        if not sure:
            # "his name was on my account" just after "my husband died": a loss, not a fraud.
            event = life_event(conversation_text(tracker, turns=2))
            if event:
                dispatcher.utter_message(**event)
                return []
        return ask_to_protect(customer_id, dispatcher, tracker, sure)


class ActionAnswerScamStory(CustomerAction):
    """A scam story: warn and offer; only money gone or a request opens a case.

    Anyone gets the warning, logged in or not (`run`); the first-hour
    response needs a customer (`act`).
    """

    def name(self) -> str:
        return "action_answer_scam_story"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if bound_customer(tracker) is None:
            answer_story(None, dispatcher, tracker)
            return []
        return await super().run(dispatcher, tracker, domain)

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        return answer_told_scam(customer_id, dispatcher, tracker)


def answer_told_scam(
    customer_id: str | None, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    """A scam story, however it was reached (its intent, or words the NLU did not place):
    money already gone, or a case asked for, hears the question to protect the accounts;
    any other story its warning and offers."""
    stories = scam_stories()
    text = _latest_text(tracker)
    asked = answer_our_call(tracker, dispatcher)
    if asked is not None:
        return asked  # "when will your fraud team call me": our own call, no scam
    if (
        customer_id
        and not stories.only_talk(text)
        and (stories.money_gone(text) or stories.asks_for_case(text))
    ):
        # "I already bought the cards and read her the numbers": what to do now about
        # it (call the card company), then the lock-down's own question.
        signs = signs_going_on(tracker)
        now = what_to_do_now(signs) if signs else ""
        return ask_to_protect(customer_id, dispatcher, tracker, sure=True, before=now)
    answer_story(customer_id, dispatcher, tracker)
    return []


def answer_our_call(
    tracker: Tracker, dispatcher: CollectingDispatcher
) -> list[dict[str, Any]] | None:
    """ "when will someone from your fraud team call me", "you said they would ring me
    today": the bank's own call-back asked about, answered from the one booked
    (actions/conversation/support.py); never a scam warning. None when the message asks
    no such thing, or tells a scam as well."""
    if tells_a_scam_story(tracker) or not asks_about_our_call(_latest_text(tracker)):
        return None
    return answer_callback_asked(dispatcher, tracker)


def _payment_words(detail: dict[str, str]) -> str:
    # Amounts are masked in the audit log like account numbers; the payee is enough.
    return said_as(detail.get("kind")).in_the_log(detail.get("to", ""))


STEP_WORDS = {
    "card_frozen": lambda d: f"I froze your card ending {d.get('card', '')}.",
    "card_lost": lambda d: f"I stopped your card ending {d.get('card', '')}. A new one is coming.",
    "card_active": lambda d: f"I unfroze your card ending {d.get('card', '')}.",
    "payment_cancelled": lambda d: "I cancelled a payment that had not gone yet.",
    "payments_paused": lambda d: "I paused new payments from your accounts.",
    "fraud_case_opened": lambda d: f"I opened case {d.get('case', '')}.",
    "fraud_case_added_to": lambda d: f"I added your report to case {d.get('case', '')}.",
    "callback_requested": lambda d: "I asked our team to call you back.",
    "trusted_contact_told": lambda d: "I told your trusted contact.",
    "trusted_contact_asked": lambda d: "I asked your trusted contact about a paused payment.",
    "payment_code_issued": lambda d: "I made you a new payment code.",
    "payment_executed": _payment_words,
}


def steps_said(done: list[tuple[str, dict[str, str]]]) -> list[str]:
    """Each step once, oldest first; cancelled payments counted in one line."""
    cancelled = sum(1 for action, _ in done if action == "payment_cancelled")
    lines: list[str] = []
    for action, detail in done:
        if action == "payment_cancelled" and cancelled > 1:
            line = f"I cancelled {cancelled} payments that had not gone yet."
        else:
            line = STEP_WORDS[action](detail)
        if line not in lines or action == "payment_executed":
            lines.append(line)
    return lines


NOTHING_DONE = "I have not changed anything in this conversation. Nothing was sent or frozen."


class ActionWhatHaveYouDone(CustomerAction):
    """ "What have you done?": what the audit log recorded in this conversation, in order;
    never a count kept anywhere else."""

    def name(self) -> str:
        return "action_what_have_you_done"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        if answer_words_after_warning(tracker, dispatcher):
            return []  # "i already did it, what now" after a warning: the lock-down question
        since = conversation_started(tracker.sender_id)
        with services().db.session() as session:
            done = audit.changes_since(session, customer_id, since)
        if done:
            lines = ["Here is what I have done in this conversation:", *steps_said(done)]
            said = "\n".join(lines)
        else:
            said = NOTHING_DONE
        if not consent.ask_again(dispatcher, tracker, before=said):
            dispatcher.utter_message(text=said)  # else the question asked, after it
        return []


def hold_of(request_id: str) -> Hold | None:
    with services().db.session() as session:
        row = session.scalar(select(Interception).where(Interception.request_id == request_id))
        if row is None:
            return None
        return Hold(row.id, [], row.lesson_slug, row.warning)


def read_back_held(dispatcher: CollectingDispatcher, preview: PaymentPreview) -> None:
    """The read-back of a paused payment says why it is paused: before any yes."""
    amount = money(preview.amount_minor, preview.currency)
    source = account_phrase(preview.from_account_name, preview.from_last4)
    what = said_as(preview.kind).what(preview, amount, source)
    dispatcher.utter_message(
        text=f"Please check this payment.\n{what}.\nThe money comes from your {source}."
    )
    hold = hold_of(preview.request_id)
    if hold is None:  # pragma: no cover - a held request always has its interception
        hold = Hold(0, [], FIRST_HOUR_LESSON, GENERAL_WARNING)
    warn_about_hold(dispatcher, hold)


def tells_a_scam_story(tracker: Tracker) -> bool:
    """The latest message tells one of the scam stories or shows a scam going on now
    (whatever the NLU made of it)."""
    text = _latest_text(tracker)
    return bool(scam_stories().recognise(text) or scam_stories().signs_in(text))


def collects_the_card(tracker: Tracker) -> bool:
    """A story of someone coming for the card ("the bank is sending a courier to pick up
    my card") that the NLU took for a lost card: the card itself is not said to be lost."""
    text = _latest_text(tracker)
    return bool(scam_stories().recognise(text)) and not scam_stories().card_lost(text)


def warned_last(tracker: Tracker) -> bool:
    """The assistant's last answer was a scam story's warning or what to do now."""
    said = [DO_NOT_SEND, *(what_to_do_now([sign]) for sign in scam_stories().signs)]
    return any(w in text for text in previous_bot_texts(tracker) for w in said)


# Doubt right after a warning: "should i send him 3000", "is that normal", "are you sure",
# "but what if he is real".
DOUBT = re.compile(
    r"^\W*(?:(?:so|but|well|ok|okay|and)\W+)*(?:should|shall|can|could|must) i\b"
    r"|\b(?:can|could|will|would) you (?:just )?(?:send|pay|give|transfer)(?: it)? "
    r"(?:him|her|them)\b"
    r"|\bis (?:that|it|this|he|she) (?:normal|real|true|ok|okay|safe|legit\w*|genuine|right)\b"
    r"|\b(?:can|should) i (?:trust|believe)\b|\bare you sure\b"
    r"|\bbut (?:he|she|they) (?:said|says|sounded|seemed)\b"
    r"|\bwhat if (?:he|she|they|it)(?:'s|'re| is| are| was| were) (?:real|genuine|true|"
    r"telling the truth|right|from the bank|the bank|the police)\b",
    re.IGNORECASE,
)
FIRM_NO = (
    "No. Please do not send anything.\n"
    "This is how the scam works: they make it feel urgent and real.\n"
    f"If you are not sure, hang up and call us on {BANK_PHONE}."
)


def _say_firm_no(tracker: Tracker, dispatcher: CollectingDispatcher) -> None:
    """The firm no, and the offers again: a yes after it is a yes to them (`answer_offers`),
    never "nothing waiting"."""
    consent.ask(dispatcher, offer(_lesson_told(tracker)), before=FIRM_NO)


def answer_way_to_pay(tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """ "where is the nearest bitcoin machine" in the turns after a scam warning: the firm
    no, never the way to the machine. False when it is not that."""
    text = _latest_text(tracker)
    if not warned_lately(tracker) or not names_scam_way_to_pay(text):
        return False
    _say_firm_no(tracker, dispatcher)
    return True


def answer_doubt(tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """A firm no to a doubt said right after a scam warning; False when it is not one."""
    if not warned_last(tracker) or not DOUBT.search(_latest_text(tracker)):
        return False
    _say_firm_no(tracker, dispatcher)
    return True


# After a warning, for this many of the assistant's turns, what the NLU could not place
# is heard as said about the scam.
AFTER_WARNING_TURNS = 3
ADVICE = "This is what I advise:"
SCAM_TALK = (
    "It is wise to know about these. If anyone ever asks you for money, a code or your PIN, "
    f"hang up and call us on {BANK_PHONE}, the number on your card."
)
RIGHT_NOW = "Here is what to do now:"
CALM = "You did the right thing to tell me. You are safe as long as you send nothing."
NOTHING_TO_SAY = "You do not need to say anything to them, or explain yourself."
SAFEST_NOW = "The safest thing now is to protect your accounts."
CARD_ADVICE = "My advice is to say yes, so that no one else can use your card."
CARD_CHANGES = {"stop_card", "freeze_card"}
NAMES_ARE_EASY = (
    "Scammers find names and addresses easily, and can make any number show on your "
    "phone. Knowing them does not make a caller real."
)
ALREADY_DONE = "Thank you for telling me. Do not send or share anything more."
CALL_US = f"Call us on {BANK_PHONE}, the number on your card."
CALL_US_NOW = f"Please call us now on {BANK_PHONE}, the number on your card, so we can stop it."
NOT_THERE = "If someone is on the phone, hang up now."
DO_NOT_OPEN = "Do not open the door."
# "he's at the door now", "he is outside", "they are coming round".
_AT_THE_DOOR = re.compile(
    r"\b(?:door\w*|outside|knock\w*|bell|here now|on (?:his|her|their) way|"
    r"coming (?:round|over|here|now)|arrived)\b",
    re.IGNORECASE,
)


def _warnings() -> list[str]:
    """What the assistant says only when it warns about a scam."""
    stories = scam_stories()
    return [
        GENERAL_WARNING, DO_NOT_SEND, FIRM_NO, ADVICE, NAMES_ARE_EASY, ALREADY_DONE,
        *(f.warning for f in stories.families),
        *(what_to_do_now([sign]) for sign in stories.signs),
    ]  # fmt: skip


def _recent_turns(tracker: Tracker, turns: int) -> list[list[str]]:
    """What the assistant said in each of its last `turns` turns, newest first."""
    said: list[list[str]] = []
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "session_started":
            break
        if kind == "user":
            if len(said) == turns:
                break
            said.append([])
        elif kind == "bot" and said:
            said[-1].append(event.get("text") or "")
    return said


def warned_lately(tracker: Tracker, turns: int = AFTER_WARNING_TURNS) -> bool:
    """The assistant warned about a scam in one of its last `turns` turns."""
    warnings = _warnings()
    return any(
        w in text for turn in _recent_turns(tracker, turns) for text in turn for w in warnings
    )


def _told_lately(tracker: Tracker) -> tuple[list[Family], list[Sign]]:
    """The stories and the signs of a scam the customer told in the last few turns."""
    recent = conversation_text(tracker, turns=AFTER_WARNING_TURNS + 1)
    return scam_stories().recognise(recent), scam_stories().signs_in(recent)


def _lesson_told(tracker: Tracker) -> str:
    told, signs = _told_lately(tracker)
    return told[0].lesson if told else signs[0].lesson if signs else FIRST_HOUR_LESSON


def _advise(tracker: Tracker, dispatcher: CollectingDispatcher, lead: str) -> None:
    """After `lead`, what to do now about the scam told lately, and the offers again."""
    told, signs = _told_lately(tracker)
    now = [told[0].now] if told and told[0].now else []
    if signs and not now:
        now = [what_to_do_now(signs)]
    now = now or [NOT_THERE]
    if _AT_THE_DOOR.search(_latest_text(tracker)) and "door" not in now[0]:
        now.insert(0, DO_NOT_OPEN)
    lines = [lead, *now, DO_NOT_SEND]
    if not any(BANK_PHONE in line for line in lines):
        lines.append(CALL_US)
    consent.ask(dispatcher, offer(_lesson_told(tracker)), before="\n".join(lines))


def answer_words_after_warning(tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """The customer's answer to a warning in the last few turns, whatever the NLU made of
    it: "I already clicked it" (harm may be done) hears the lock-down's own question;
    "he knew my name, so he must be real" that names are easy to find; "should I do it"
    a firm no. False when it is none of these, or no warning came lately."""
    text = _latest_text(tracker)
    if not text or not warned_lately(tracker) or tells_a_scam_story(tracker):
        return False
    stories = scam_stories()
    customer_id = bound_customer(tracker)
    if stories.already_done(text):
        if customer_id:
            consent.ask(dispatcher, protect_question(), before=ALREADY_DONE)
        else:
            dispatcher.utter_message(text=f"{ALREADY_DONE}\n{CALL_US_NOW}")
    elif says_a_code(text):
        # "its 482913" typed after a warning about codes: the code itself, maybe read out.
        if customer_id:
            consent.ask(dispatcher, protect_question(), before=CODE_GIVEN)
        else:
            dispatcher.utter_message(text=f"{CODE_GIVEN}\n{CALL_US_NOW}")
    elif stories.seems_real(text):
        _advise(tracker, dispatcher, NAMES_ARE_EASY)
    elif DOUBT.search(text):
        _say_firm_no(tracker, dispatcher)
    else:
        return False
    return True


CODE_GIVEN = (
    "Do not read that code to anyone. No bank or company ever asks for it.\n"
    "If you have already said it, the caller can use it now."
)


def answer_what_now(tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """ "what do I do now", "what should I say to him" in the middle of a scam: what to do
    now about it, said again as often as asked (never the help list). Right after the
    protection question it is that question again, with why. False when it is not such a
    question, or no scam was told lately."""
    text = _latest_text(tracker)
    if not text or not asks_what_to_do_now(text):
        return False
    question, just_asked = consent.last_question(tracker)
    if question is not None and just_asked and question.kind == PROTECT_ACCOUNTS:
        consent.ask(dispatcher, question, before=f"{SAFEST_NOW}\n{CALL_US}")
        return True
    if question is not None and just_asked and question.kind in CARD_CHANGES:
        # "what should I do" at "Shall I stop your card?" after the cash machine kept it
        consent.ask(dispatcher, question, before=CARD_ADVICE)
        return True
    if not warned_lately(tracker):
        return False
    _advise(tracker, dispatcher, NOTHING_TO_SAY if asks_what_to_say(text) else RIGHT_NOW)
    return True


def answer_after_warning(tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """A message the NLU could not place (or took for out of scope, help or a stray yes)
    in the few turns after a scam warning: answered as said about that scam, with what
    to do now and the offers again (`answer_words_after_warning` first). A question about
    our own call-back ("you said they would ring me today") is answered as such, warned
    lately or not. Left to the
    caller: a new story (its own warning), a payment waiting for a yes or an amount
    said (a payment, paused by the risk rules), and a second such message in a row.
    False when not answered."""
    if answer_our_call(tracker, dispatcher) is not None:
        return True  # "you said your fraud team would ring me today"
    if answer_words_after_warning(tracker, dispatcher) or answer_what_now(tracker, dispatcher):
        return True
    if not _latest_text(tracker) or not warned_lately(tracker) or tells_a_scam_story(tracker):
        return False
    entities = tracker.latest_message.get("entities") or []
    if tracker.get_slot("pending_request") or any(e.get("entity") == "amount" for e in entities):
        return False
    if is_afraid(_latest_text(tracker)):
        _advise(tracker, dispatcher, CALM)  # "I'm scared", as often as it is said
        return True
    if any(text.startswith(ADVICE) for text in previous_bot_texts(tracker)):
        return False  # said just now: a second time hears what the NLU made of it
    _advise(tracker, dispatcher, ADVICE)
    return True
