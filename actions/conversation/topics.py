"""Requests known by their kind, wherever the classifier put them.

A message the NLU took for out of scope, not understood, a fraud report or a yes may
still be one of these, read from its words; each gets its own answer, and none of
them changes anything:

- "is this really the bank? how do I know this is real": how to check that a caller
  or a message is the bank; never the fraud lock-down;
- "I don't know his account number": a detail not known is no fraud; what can be done;
- "the cash machine ate my card": a card problem (actions/cards/cards.py asks to stop it);
- "a payment to amazon for 89 dollars wasn't me": looked up
  (actions/protection/unknown_payment.py);
- "why are my payments paused", "how long for": the pause (actions/protection/pause.py);
- "what time do you close today": the hours, after asking which town (actions/places/branches.py);
- "has the water bill been paid": what is due, and the offer to pay it (actions/money/bills.py);
- a bank subject the assistant knows the answer to (nlu/bank_topics.yml `answer`: "what
  number do I call", "when will the new one come"): that answer, and a person offered.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions import consent
from actions.consent import Question
from actions.conversation_state import previous_bot_texts
from actions.money.bills import answer_if_paid
from actions.money.read_back import say_waiting_again
from actions.places.branches import answer_place_question
from actions.protection.pause import asks_about_pause, explain_pause
from actions.protection.plain_answers import answer_detail_not_known, answer_is_it_the_bank
from actions.protection.unknown_payment import answer_unknown_payment, names_unknown_payment
from actions.replies import BANK_PHONE
from actions.services import bound_customer
from nlu.bank_topics import bank_topics
from nlu.card_words import asks_if_it_works, card_found, kept_by_machine
from nlu.worries import asks_hours_of_the_bank, asks_if_really_the_bank, detail_not_known


def about_a_card(tracker: Tracker) -> bool:
    """The latest message or the assistant's last turn speaks of a card."""
    said = [tracker.latest_message.get("text") or "", *previous_bot_texts(tracker)]
    return any("card" in text.lower() for text in said)


def answer_by_kind(
    tracker: Tracker, dispatcher: CollectingDispatcher
) -> list[dict[str, Any]] | None:
    """The answer to a request of a kind above; None when the message is none of them."""
    text = tracker.latest_message.get("text") or ""
    if not text or text.startswith("/"):
        return None
    customer_id = bound_customer(tracker)
    if asks_if_really_the_bank(text):
        answer_is_it_the_bank(dispatcher)
        return []
    if kept_by_machine(text):
        return [FollowupAction("action_report_lost_card")]
    if customer_id and card_found(text) and about_a_card(tracker):
        return [FollowupAction("action_unfreeze_card")]  # "oh I found it, it was in my coat"
    if customer_id and asks_if_it_works(text) and about_a_card(tracker):
        return [FollowupAction("action_freeze_card")]  # "is it working now?": how it stands
    if customer_id and names_unknown_payment(text):
        answer_unknown_payment(customer_id, dispatcher, tracker)
        return []
    if customer_id and asks_about_pause(tracker):
        explain_pause(customer_id, dispatcher, tracker)
        return []
    if detail_not_known(text):
        answer_detail_not_known(dispatcher)
        return []
    if customer_id and answer_if_paid(customer_id, text, dispatcher):
        return []
    if answer_place_question(dispatcher, text):
        return []  # "is the library service point wheelchair accessible"
    if asks_hours_of_the_bank(text):
        return [ActiveLoop("branch_form")]  # "Which town's branch would you like?"
    topic = bank_topics().topic(text)
    if topic is not None and topic.answer:
        # "what number do I call", "when will the new one come": said plainly, whatever
        # the classifier took it for.
        return answer_known_topic(dispatcher, tracker, topic.answer)
    return None


def answer_known_topic(
    dispatcher: CollectingDispatcher, tracker: Tracker, answer: str
) -> list[dict[str, Any]]:
    """A bank subject the assistant knows the plain answer to (nlu/bank_topics.yml): that
    answer (its "{phone}" the bank's number), and a person offered for anything more; at
    a read-back, the payment said again after it."""
    answer = answer.replace("{phone}", BANK_PHONE)
    if say_waiting_again(
        dispatcher, tracker, f"{answer}\nNothing has been sent. The payment is still waiting."
    ):
        return []
    return consent.ask(
        dispatcher,
        Question(
            "callback",
            "Would you like a person from our team to call you about it?",
            yes="Yes, call me",
            declined=f"Okay. You can also call us on {BANK_PHONE}.",
            detail={"topic": "bank_question"},
        ),
        before=answer,
    )
