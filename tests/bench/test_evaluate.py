"""Reading Rasa's parse result: what the assistant acts on, and what the classifier thought."""

from __future__ import annotations

from bench.evaluate import intent_of, top_intent_of


def test_a_fallback_hides_the_classifiers_guess_only_from_the_assistant():
    result = {
        "intent": {"name": "nlu_fallback", "confidence": 0.3},
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.3},
            {"name": "card_arrival", "confidence": 0.28},
            {"name": "card_linking", "confidence": 0.2},
        ],
    }
    assert intent_of(result) == "nlu_fallback"
    assert top_intent_of(result) == "card_arrival"


def test_an_understood_message_and_an_empty_one():
    balance = {"name": "check_balance"}
    understood = {"intent": balance, "intent_ranking": [balance]}
    assert intent_of(understood) == top_intent_of(understood) == "check_balance"
    assert intent_of({"intent": {"name": None}}) == top_intent_of({}) == "nlu_fallback"
