"""A message not understood gets the likeliest requests as a question."""

import pytest
from rasa_sdk import Tracker

from actions.conversation.help import ActionHelp
from actions.money.amend import ActionAnswerWithoutQuestion
from tests.support import answering, bind, make_tracker, run_action, say_yes

RANKING = [
    {"name": "nlu_fallback", "confidence": 0.3},
    {"name": "move_money", "confidence": 0.22},
    {"name": "pay_bill", "confidence": 0.12},
    {"name": "affirm", "confidence": 0.1},
    {"name": "transfer_money", "confidence": 0.08},
    {"name": "check_balance", "confidence": 0.05},
    {"name": "goodbye", "confidence": 0.02},
]


def not_understood(sender: str, text: str, ranking=RANKING, voice: bool = False) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": "nlu_fallback", "confidence": 0.3},
        "intent_ranking": ranking,
        "entities": [],
    }
    metadata = {"input": "voice", "asr_confidence": 0.9} if voice else {}
    events = [{"event": "user", "text": text, "parse_data": latest, "metadata": metadata}]
    return Tracker(sender, {}, latest, events, False, None, {}, "action_listen")


def test_the_likeliest_three_are_offered_with_something_else(db, services):
    bind(db, "s-c", "demo")
    said, _ = run_action(ActionAnswerWithoutQuestion(), not_understood("s-c", "distribute money"))
    assert said[0]["text"] == "Sorry, I am not sure what you would like. Do you want to:"
    assert [b["title"] for b in said[0]["buttons"]] == [
        "Move money between my accounts", "Pay a bill", "Send money", "Something else",
    ]  # fmt: skip
    assert said[0]["buttons"][0]["payload"] == "/move_money"


def test_nothing_likely_is_the_plain_not_understood(db, services):
    bind(db, "s-c", "demo")
    ranking = [{"name": "nlu_fallback", "confidence": 0.9}, {"name": "goodbye", "confidence": 0.1}]
    said, _ = run_action(
        ActionAnswerWithoutQuestion(), not_understood("s-c", "zzz", ranking=ranking)
    )
    assert said[0]["response"] == "utter_default"


def test_spoken_it_is_one_question_and_a_yes_goes_on(db, services):
    bind(db, "s-c", "demo")
    said, _ = run_action(
        ActionAnswerWithoutQuestion(), not_understood("s-c", "distribute money", voice=True)
    )
    assert said[0]["text"] == "Sorry, I am not sure. Did you mean: Move money between my accounts?"
    _, events = say_yes("s-c", "distribute money", said)
    assert events == [{"event": "active_loop", "timestamp": None, "name": "move_form"}]


def test_a_no_to_the_spoken_question_asks_for_a_few_words(db, services):
    from actions.money.confirm import ActionHandleDeny

    bind(db, "s-c", "demo")
    said, _ = run_action(
        ActionAnswerWithoutQuestion(), not_understood("s-c", "distribute money", voice=True)
    )
    no, events = run_action(ActionHandleDeny(), answering("s-c", "x", said, "no", "deny"))
    assert no[0]["text"].startswith("Okay. Please tell me in a few words")
    assert events == []


def test_something_else_gets_the_help_and_a_person_offered(db, services):
    tracker = make_tracker(
        "s-c", '/help{"topic": "something_else"}', "help",
        entities=[{"entity": "topic", "value": "something_else"}],
    )  # fmt: skip
    said, _ = run_action(ActionHelp(), tracker)
    assert said[0]["response"] == "utter_help"
    assert said[1]["text"] == "Or shall I ask a person from our team to call you?"


def _below_the_money_bar(text: str, amount: str, intent: str, second: str = "out_of_scope"):
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.8},
        {"name": intent, "confidence": 0.6},
        {"name": second, "confidence": 0.3},
    ]
    tracker = not_understood("s-c", text, ranking=ranking)
    tracker.latest_message["entities"] = [{"entity": "amount", "value": amount}]
    return tracker


def test_a_saved_payee_and_an_amount_start_the_payment_without_asking(db, services):
    bind(db, "s-c", "demo")
    tracker = _below_the_money_bar("give my daughter 383.78 dollars", "383.78", "transfer_money")
    said, events = run_action(ActionAnswerWithoutQuestion(), tracker)
    assert said == []
    assert events == [{"event": "active_loop", "timestamp": None, "name": "transfer_form"}]


def test_an_own_account_and_an_amount_start_the_move_without_asking(db, services):
    bind(db, "s-c", "demo")
    tracker = _below_the_money_bar("top up my checking with 96 from savings", "96", "move_money")
    _, events = run_action(ActionAnswerWithoutQuestion(), tracker)
    assert events == [{"event": "active_loop", "timestamp": None, "name": "move_form"}]


@pytest.mark.parametrize(
    "text",
    [
        "my daughter gave me 40 dollars",  # money coming in
        "give somebody 40 dollars",  # no saved payee named
        "send money to alice",  # no amount (the entity is left out below)
    ],
)
def test_without_both_or_with_money_coming_in_it_is_asked(text, db, services):
    bind(db, "s-c", "demo")
    tracker = _below_the_money_bar(text, "40", "transfer_money")
    if "40" not in text:
        tracker.latest_message["entities"] = []
    said, events = run_action(ActionAnswerWithoutQuestion(), tracker)
    assert said[0]["text"] == "Do you want to send money?"
    assert events == []


def test_with_a_payment_waiting_a_new_one_is_not_started(db, services):
    bind(db, "s-c", "demo")
    tracker = _below_the_money_bar("send 500 to alice anyway", "500", "transfer_money")
    tracker.slots["pending_request"] = "held-one"
    _, events = run_action(ActionAnswerWithoutQuestion(), tracker)
    assert events == []
