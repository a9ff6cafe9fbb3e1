"""RequestsInOrder (nlu/two_requests.py) on messages whose two sides the classifier
read alone, run the way Rasa runs it: process() on Messages."""

from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message

from nlu.embedding_classifier import CLAUSES, _split
from nlu.two_requests import REQUESTS, RequestsInOrder


def _message(top: str, first: tuple[str, float], second: tuple[str, float]) -> Message:
    message = Message.build(text="one thing and another")
    ranking = [{"name": top, "confidence": 0.6}, {"name": "check_bills", "confidence": 0.3}]
    message.set("intent", ranking[0])
    message.set("intent_ranking", ranking)
    sides = [{"name": n, "confidence": c} for n, c in (first, second)]
    message.set(CLAUSES, sides)
    return message


def _run(message: Message) -> Message:
    RequestsInOrder(RequestsInOrder.get_default_config()).process([message])
    return message


def test_two_that_only_read_take_the_first_said_as_the_intent():
    message = _run(_message("check_bills", ("check_balance", 0.9), ("check_bills", 0.95)))
    assert message.get(REQUESTS) == ["check_balance", "check_bills"]
    assert message.get("intent")["name"] == "check_balance"
    assert [r["name"] for r in message.get("intent_ranking")][:2] == [
        "check_balance",
        "check_bills",
    ]


def test_a_change_to_money_or_access_is_asked_about():
    message = _run(_message("check_balance", ("check_balance", 0.9), ("pay_bill", 0.9)))
    assert message.get(REQUESTS) == ["check_balance", "pay_bill"]
    assert message.get("intent")["name"] == "nlu_fallback"
    message = _run(_message("check_balance", ("freeze_card", 0.9), ("check_balance", 0.9)))
    assert message.get("intent")["name"] == "nlu_fallback"


def test_unsure_sides_the_same_request_or_an_urgent_one_change_nothing():
    for first, second in (
        (("check_balance", 0.9), ("check_bills", 0.3)),  # unsure
        (("pay_bill", 0.9), ("pay_bill", 0.9)),  # "the water and the power bill"
        (("report_lost_card", 0.9), ("check_balance", 0.9)),  # stopped at once
        (("greet", 0.9), ("check_balance", 0.9)),  # "hello and my balance": one request
    ):
        message = _run(_message("check_balance", first, second))
        assert message.get(REQUESTS) is None
        assert message.get("intent")["name"] == "check_balance"


def test_a_message_is_split_at_its_first_joining_word():
    assert _split("what's my balance and also do I have any bills") == (
        "what's my balance",
        "do I have any bills",
    )
    assert _split("my balance then") is None
    assert _split("and also my bills") is None
    assert _split("my balance please") is None


def test_an_and_inside_an_amount_joins_no_second_request():
    text = "transfer 357 dollars and 83 cents from checking to savings"
    message = _message("move_money", ("transfer_money", 0.9), ("move_money", 0.9))
    message.set("text", text)
    message.set("entities", [{"entity": "amount", "start": 9, "end": 33, "value": 357.83}])
    assert _run(message).get(REQUESTS) is None
    assert message.get("intent")["name"] == "move_money"
