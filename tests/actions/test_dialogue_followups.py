"""A balance follow-up keeps its subject; two requests in one message get one
question. Real Tracker, CollectingDispatcher and database, no Rasa."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.accounts.balance import balance_follow_up
from actions.conversation.followups import PAID_QUESTION
from actions.conversation.kind_words import life_event, small_talk
from actions.conversation.which_first import CHOICES, ask_which_first
from actions.protection.scams import DOUBT, sure_of_fraud
from nlu.spoken import OTHER_REQUESTS, SECOND_REQUESTS
from tests.support import bind, make_tracker


def _texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("text") or "" for m in dispatcher.messages]


def test_and_the_savings_one_after_a_balance_gives_the_savings(db, services):
    bind(db, "s-mary", "demo")
    dispatcher = CollectingDispatcher()
    assert balance_follow_up("demo", dispatcher, "and the savings one?", "how much in checking")
    assert len(dispatcher.messages) == 1
    assert "Savings account ending 7730" in _texts(dispatcher)[0]


def test_my_other_account_is_the_one_not_named_before(db, services):
    dispatcher = CollectingDispatcher()
    assert balance_follow_up("demo", dispatcher, "and my other account", "whats in my savings")
    assert len(dispatcher.messages) == 1
    assert "4821" in _texts(dispatcher)[0]


def test_a_message_that_is_no_balance_follow_up_is_left_alone(db, services):
    dispatcher = CollectingDispatcher()
    # No balance before and no "what about ...": not a follow-up.
    assert not balance_follow_up("demo", dispatcher, "from my savings please", None)
    assert not balance_follow_up("demo", dispatcher, "and the other one", None)
    assert dispatcher.messages == []


def _two(text: str, first: str, second: str, second_confidence: float = 0.3, sender: str = "s-any"):
    tracker = make_tracker(sender, text, "nlu_fallback")
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.7},
        {"name": first, "confidence": 0.4},
        {"name": second, "confidence": second_confidence},
    ]
    return tracker


def test_two_requests_joined_get_one_question_with_both_as_buttons():
    dispatcher = CollectingDispatcher()
    tracker = _two("whats my balance and can you pay the water bill", "pay_bill", "check_balance")
    assert ask_which_first(tracker, dispatcher)
    (message,) = dispatcher.messages
    assert message["text"] == "I can do one thing at a time. Which shall I do first?"
    # In the order said, whatever the classifier's order.
    assert [b["payload"] for b in message["buttons"]] == ["/check_balance", "/pay_bill"]


def test_one_unclear_request_is_not_taken_for_two():
    dispatcher = CollectingDispatcher()
    assert not ask_which_first(_two("whats my balence", "check_balance", "pay_bill"), dispatcher)
    weak = _two("balance and stuff", "check_balance", "pay_bill", second_confidence=0.01)
    assert not ask_which_first(weak, dispatcher)
    assert not ask_which_first(_two("hello and goodbye", "greet", "goodbye"), dispatcher)
    assert dispatcher.messages == []


@pytest.mark.parametrize(
    ("pattern", "said", "matches"),
    [
        # A question whether a bill was paid is no order to pay it.
        (PAID_QUESTION, "did i pay the water bill", True),
        (PAID_QUESTION, "um have i paid it yet", True),
        (PAID_QUESTION, "when did i last pay city water", True),
        (PAID_QUESTION, "has the bill been paid?", True),
        (PAID_QUESTION, "is it paid?", True),
        (PAID_QUESTION, "pay it please", False),
        (PAID_QUESTION, "i have to pay the water bill", False),
        (PAID_QUESTION, "can you pay that one now", False),
        # A doubt right after a scam warning, told from other answers.
        (DOUBT, "should i send him 3000", True),
        (DOUBT, "so can i pay them", True),
        (DOUBT, "is that normal", True),
        (DOUBT, "are you sure", True),
        (DOUBT, "but he sounded so real", True),
        (DOUBT, "freeze my card", False),
        (DOUBT, "thank you", False),
        (DOUBT, "i should call my son", False),
    ],
)
def test_questions_that_are_no_orders_are_read_as_questions(pattern, said, matches):
    assert bool(pattern.search(said)) is matches


def test_the_choices_are_the_other_requests_and_the_money_ones():
    """One list of requests beside money, read by the NLU guard and by the choice."""
    money = {"transfer_money", "pay_bill", "move_money"}
    assert set(CHOICES) == set(OTHER_REQUESTS) | money
    assert set(SECOND_REQUESTS) <= set(OTHER_REQUESTS)


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("how are you today love", "thank you for asking"),
        ("its cold here isnt it", "keeping comfortable"),
        ("lovely day today", "keeping comfortable"),
        ("what's the weather like", None),  # a question we cannot answer, said so
        ("tell me a joke", None),
        ("send 40 to alice", None),
    ],
)
def test_small_talk_gets_a_kind_word(said, kind):
    answer = small_talk(said)
    assert (answer is None) if kind is None else (kind in (answer or ""))


@pytest.mark.parametrize(
    ("said", "guesses", "currency", "payloads"),
    [
        # The classifier's second guess misses "freeze my card"; its words do not. The
        # payment's button keeps the amount and the person: pressing it reads back.
        (
            "send $40 to alice and then freeze my card",
            ("transfer_money", "check_balance"),
            "USD",
            ['/transfer_money{"amount": "40", "transfer_payee": "Alice Wong"}', "/freeze_card"],
        ),
        # An amount in another currency is not put on the button.
        (
            "send 40 euros to alice and block my card",
            ("transfer_money", "greet"),
            "EUR",
            ['/transfer_money{"transfer_payee": "Alice Wong"}', "/freeze_card"],
        ),
        # A payment said second keeps its words too, the payee from its own clause.
        (
            "check my balance and also send 40 to my daughter",
            ("check_balance", "transfer_money"),
            "USD",
            ["/check_balance", '/transfer_money{"amount": "40", "transfer_payee": "Alice Wong"}'],
        ),
    ],
)
def test_the_payment_of_two_requests_keeps_what_was_said_on_its_button(
    db, services, said, guesses, currency, payloads
):
    sender = f"s-two-{abs(hash(said))}"
    bind(db, sender, "demo")
    dispatcher = CollectingDispatcher()
    tracker = _two(said, *guesses, second_confidence=0.02, sender=sender)
    tracker.latest_message["entities"] = [
        {"entity": "amount", "value": 40, "additional_info": {"amount": "40", "currency": currency}}
    ]
    assert ask_which_first(tracker, dispatcher)
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == payloads


@pytest.mark.parametrize(
    ("said", "starts"),
    [
        ("my husband died last month", "I am so sorry for your loss."),
        ("we had a joint account, my late husband's", "I am so sorry for your loss."),
        ("i want to make a complaint", "I am sorry to hear that."),
        ("i was charged twice", "I am sorry to hear that."),
        ("what is my balance", None),
    ],
)
def test_a_loss_or_a_complaint_is_offered_a_person(said, starts):
    event = life_event(said)
    if starts is None:
        assert event is None
    else:
        assert event and event["text"].startswith(starts)
        assert event["text"].endswith("Shall I ask them to call you?")
        assert [b["payload"] for b in event["buttons"]] == ["/affirm", "/deny"]


@pytest.mark.parametrize(
    ("said", "confidence", "sure"),
    [
        ("i want to make a complaint", 0.43, False),  # a guess: ask before freezing anything
        ("his name was on my account", 0.65, False),
        ("there are strange payments on my account", 0.5, True),  # the customer's own words
        ("i didnt make this payment", 0.5, True),
        ("I think I've been scammed", 0.5, True),
        ("i want to make a complaint", 0.9, True),  # a confident classifier is believed
        ("", 0.3, True),  # the "I have been scammed" button
    ],
)
def test_the_fraud_first_hour_needs_a_sure_classifier_or_words_of_fraud(said, confidence, sure):
    assert sure_of_fraud(said, confidence) is sure
