"""A message not understood gets a short question, never "say it another way".

The likeliest requests in the classifier's ranking (labelled in nlu/skills.py) are
offered as large buttons, with "Something else". Spoken, it is one yes-or-no question
about the likeliest. A button or a yes goes on as if the request had been understood:
a payment still gets its read-back and its yes, a card its own question
(actions/consent.py). The money bar is not lowered: a money-moving request is reached
only by a pressed button or a clear yes to a question that names it.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import consent
from actions.consent import CONSENT, Question
from actions.replies import button, read_payload
from nlu import skills
from nlu.replies import AFTER_YES

# Below this a guess is noise, not a likely meaning.
OFFER_AT_LEAST = 0.04
MOST = 3
SOMETHING_ELSE = button("Something else", "help", topic="something_else")


def likeliest(tracker: Tracker) -> list[str]:
    """The requests the latest message most likely meant, likeliest first."""
    return likeliest_in(tracker.latest_message.get("intent_ranking") or [])


def likeliest_in(ranking: list[dict[str, Any]]) -> list[str]:
    """The requests offered for a classifier's ranking, likeliest first.

    Apart from the tracker so that a benchmark can count, from the parse alone,
    whether the meant request would have been among the buttons.
    """
    offered = skills.labels()
    found = [
        str(r["name"])
        for r in ranking
        if r.get("name") in offered
        and r.get("name") != "help"
        and float(r.get("confidence") or 0) >= OFFER_AT_LEAST
    ]
    return found[:MOST]


def _spoken(tracker: Tracker) -> bool:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return (event.get("metadata") or {}).get("input") == "voice"
    return False


def ask_likeliest(tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """Ask what the customer meant; False when nothing is likely enough to offer."""
    options = likeliest(tracker)
    if not options:
        return False
    labels = skills.labels()
    if _spoken(tracker):
        first = options[0]
        question = Question(
            "start_request",
            f"Sorry, I am not sure. Did you mean: {labels[first]}?",
            declined="Okay. Please tell me in a few words what you would like to do.",
            detail={"intent": first},
        )
    else:
        question = Question(
            "choose",
            "Sorry, I am not sure what you would like. Do you want to:",
            declined="Okay. Please tell me in a few words what you would like to do.",
            choices=[button(labels[i], i) for i in options] + [SOMETHING_ELSE],
        )
    consent.ask(dispatcher, question)
    return True


async def start_request(
    customer_id: str, question: Question, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]]:
    """A yes to "Did you mean: Send money?": that request, as if it had been said, with
    what the question already named ("Send money to Northern Power?": the payee)."""
    skill = skills.SKILLS[question.detail["intent"]]
    named = [SlotSet(k, v) for k, v in question.detail.items() if k != "intent"]
    if skill.form:
        # The form asks what it still needs, then the read-back.
        return [*named, ActiveLoop(skill.form)]
    return [*named, FollowupAction(skill.action)]


# How sure the words after a yes must be read to start their request: a money-moving one
# as sure as the money bar (nlu.components.MoneyIntentGuard), any other one plainly.
REQUEST_AFTER_YES_AT = 0.5
MONEY_REQUEST_AFTER_YES_AT = 0.8


def request_after_yes(tracker: Tracker) -> list[dict[str, Any]] | None:
    """ "actually yes please call me" where the yes answers nothing: the request said
    after it, as if it had been said alone (a payment still gets its read-back and its
    yes, a card its own question). None when no request we know was said clearly."""
    guess = tracker.latest_message.get(AFTER_YES) or {}
    skill = skills.SKILLS.get(str(guess.get("name")))
    if skill is None or not skill.request:
        return None
    bar = MONEY_REQUEST_AFTER_YES_AT if skill.moves_money else REQUEST_AFTER_YES_AT
    if float(guess.get("confidence") or 0) < bar:
        return None
    if skill.form:
        return [ActiveLoop(skill.form)]
    return [FollowupAction(skill.action)]


# Words a choice may be named by besides its button's: "the water bill first" is the bill.
_ALSO_NAMED = {
    "pay_bill": "pay bill bills water electric electricity gas phone power",
    "move_money": "savings checking current own between",
    "transfer_money": "send someone",
    "check_balance": "balance",
    "freeze_card": "freeze block",
    "human_handoff": "person someone call",
    "start_lesson": "lesson",
}
_WORD = re.compile(r"[a-z]+")


def _words_of(choice: dict[str, str]) -> set[str]:
    intent, entities = _payload(choice)
    # The consent entity's "yes" is no word of the choice: a bare yes names no offer.
    values = [str(v) for k, v in entities.items() if k != CONSENT]
    said = " ".join([choice.get("title", ""), _ALSO_NAMED.get(intent, ""), *values])
    return set(_WORD.findall(said.lower()))


def _payload(choice: dict[str, str]) -> tuple[str, dict[str, Any]]:
    return read_payload(choice.get("payload", ""))


def named_choice(question: Question, text: str) -> dict[str, str] | None:
    """The one choice of `question` that `text` names by a word no other choice has ("the
    water bill first" of Pay a bill / Send money); None when it names none, or several."""
    said = set(_WORD.findall(text.lower()))
    words = [_words_of(c) for c in question.choices]
    named = [
        choice
        for choice, own in zip(question.choices, words, strict=True)
        if said & (own - set().union(*(w for w in words if w is not own)))
    ]
    return named[0] if len(named) == 1 else None


def answer_choice(tracker: Tracker) -> list[dict[str, Any]] | None:
    """A reply that names one of the choices just offered: that request, as its button
    would start it; None when the message names none of them. A choice that changes money
    or a card still asks its own question or reads back before anything happens."""
    question, fresh = consent.last_question(tracker)
    if question is None or not fresh or not question.choices:
        return None
    choice = named_choice(question, tracker.latest_message.get("text") or "")
    if choice is None:
        return None
    intent, entities = _payload(choice)
    skill = skills.SKILLS.get(intent)
    if skill is None or entities.get(consent.CONSENT):
        return None  # a button that is itself the yes is pressed, never named
    slots = [SlotSet(k, v) for k, v in entities.items() if k in tracker.slots]
    if skill.form:
        return [*slots, ActiveLoop(skill.form)]
    return [*slots, FollowupAction(skill.action)]
