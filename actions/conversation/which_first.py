"""Two requests in one message ("what's my balance and can you pay the water bill").

The NLU cannot place such a message on one intent, so it is not understood; when
its two best guesses are both requests we know and the customer joined two
clauses, the assistant asks which to do first: one question, two buttons.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import consent
from actions.consent import Question
from actions.money.amounts import amount_said
from actions.replies import button
from actions.services import bound_customer, services
from actions.two_requests import requests_said
from assistant.bank.payees import match_payees
from nlu import skills
from nlu.spoken import JOINED, amounts_as_one_word, second_request, two_requests

# Requests that can be offered as a choice, with the button's words.
CHOICES = {intent: skills.labels()[intent] for intent in skills.requests()}
# Below this the second guess is noise, not a second request.
SECOND_AT_LEAST = 0.1


def ask_which_first(tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """Ask which of two requests to do first; False when the message is not two."""
    # An "and" inside an amount ("three hundred and fifteen dollars") joins nothing.
    text = amounts_as_one_word(
        tracker.latest_message.get("text") or "", tracker.latest_message.get("entities") or []
    )
    if not JOINED.search(text):
        return False
    guesses = [
        i
        for i in tracker.latest_message.get("intent_ranking") or []
        if i.get("name") != "nlu_fallback"
    ]
    ranking = [str(i.get("name")) for i in guesses[:1]] + [
        str(i.get("name"))
        for i in guesses[1:2]
        if float(i.get("confidence") or 0) >= SECOND_AT_LEAST
    ]
    named = second_request(text)  # "... and then freeze my card", in so many words
    if ranking and named and named != ranking[0]:
        ranking = [ranking[0], named]
    both = two_requests(text)  # "freeze my card and tell me my balance"
    if both:
        ranking = list(both)
    said = requests_said(tracker.latest_message)  # each side classified alone, in order
    if said:
        ranking = said
    if len(ranking) < 2:
        return False
    first, second = ranking
    if first not in CHOICES or second not in CHOICES:
        return False
    # A question with choices (actions/consent.py): a yes is asked which one, and "the
    # water bill first" takes that one (actions/conversation/clarify.py `answer_choice`).
    consent.ask(
        dispatcher,
        Question(
            "choose",
            "I can do one thing at a time. Which shall I do first?",
            declined="Okay. What would you like to do?",
            choices=[
                button(CHOICES[first], first, **_said_for(first, tracker, clause=0)),
                button(CHOICES[second], second, **_said_for(second, tracker, clause=1)),
            ],
        ),
    )
    return True


def _said_for(intent: str, tracker: Tracker, clause: int) -> dict[str, Any]:
    """What the customer said for a payment, kept on its button: pressing it then
    does not ask for the amount and the person again. `clause`: 0 for the words
    before the joining word, 1 for those after it."""
    if intent != "transfer_money":
        return {}
    customer_id = bound_customer(tracker)
    if customer_id is None:
        return {}
    kept: dict[str, Any] = {}
    said = amount_said(tracker.latest_message)
    if said and said[1] == services().settings.home_currency:
        kept["amount"] = said[0]
    text = tracker.latest_message.get("text") or ""
    joined = JOINED.search(text)
    if joined:
        text = text[joined.end() :] if clause else text[: joined.start()]
    found = match_payees(text, services().payees.payees(customer_id))
    if len(found) == 1:
        kept["transfer_payee"] = found[0].name
    return kept
