"""dialog4: a balance follow-up keeps its subject; two requests in one message get one
question. Real Tracker, CollectingDispatcher and database, no Rasa."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.balance import balance_follow_up
from actions.which_first import ask_which_first
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


def _two(text: str, first: str, second: str, second_confidence: float = 0.3):
    tracker = make_tracker("s-any", text, "nlu_fallback")
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
    assert [b["payload"] for b in message["buttons"]] == ["/pay_bill", "/check_balance"]


def test_one_unclear_request_is_not_taken_for_two():
    dispatcher = CollectingDispatcher()
    assert not ask_which_first(_two("whats my balence", "check_balance", "pay_bill"), dispatcher)
    weak = _two("balance and stuff", "check_balance", "pay_bill", second_confidence=0.01)
    assert not ask_which_first(weak, dispatcher)
    assert not ask_which_first(_two("hello and goodbye", "greet", "goodbye"), dispatcher)
    assert dispatcher.messages == []
