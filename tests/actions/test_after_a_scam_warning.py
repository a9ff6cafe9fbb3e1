"""The turns after a scam warning (actions/protection/scams.py, `answer_after_warning`):
what the NLU could not place, took for out of scope or help, or a yes with nothing waiting, is
answered as said about the scam; "I already clicked it" hears the lock-down's own
question, and nothing changes without its plain yes."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.conversation.help import ActionHelp
from actions.conversation.out_of_scope import ActionOutOfScope
from actions.money.amend import ActionAnswerWithoutQuestion
from actions.money.confirm import ActionHandleAffirm
from actions.money.transfer import ActionPrepareTransfer
from actions.protection.scams import (
    ADVICE,
    ALREADY_DONE,
    FIRM_NO,
    NAMES_ARE_EASY,
    RIGHT_NOW,
    ActionAnswerScamStory,
    ActionReportFraud,
)
from assistant.bank.models import FraudCase
from lessons.risk import SCAM_WARNING
from tests.support import bind, bot_events, make_tracker, run_action, slot_values

COURIER = "a courier is coming to collect my card"
POLICE = "the police called and told me to move my savings to a safe account"
PARCEL = "I got a text about my parcel, it says click the link and pay 1.99 to redeliver it"
TAX = "someone phoned saying they are from the tax office and I owe money"
PROTECT = "Shall I protect your accounts now?"


@pytest.fixture
def mary(db, services):
    bind(db, "s-mary", "demo")
    return "s-mary"


def _turn(text: str, intent: str, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": []}
    return [
        {"event": "user", "text": text, "parse_data": parse},
        {"event": "action", "name": "action_under_test"},
        *bot_events(messages),
        {"event": "action", "name": "action_listen"},
    ]


def after(
    sender: str,
    earlier: list[tuple[str, str, list[dict[str, Any]]]],
    text: str,
    intent: str,
    slots: dict[str, Any] | None = None,
) -> Tracker:
    """A tracker whose latest message `text` follows the `earlier` turns (what was said,
    its intent, and the assistant's messages)."""
    events = [e for said, guessed, messages in earlier for e in _turn(said, guessed, messages)]
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.6}, "entities": []}
    events.append({"event": "user", "text": text, "parse_data": latest})
    return make_tracker(sender, text, intent, confidence=0.6, slots=slots, events=events)


def warned(sender: str, story: str) -> tuple[str, str, list[dict[str, Any]]]:
    """The story told and the assistant's warning, as one earlier turn."""
    messages, _ = run_action(ActionAnswerScamStory(), make_tracker(sender, story, "scam_story"))
    return story, "scam_story", messages


def text_of(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def card_status(services) -> str:
    return services.cards.cards("demo")[0].status


def test_at_the_door_after_a_courier_warning_is_what_to_do_now(mary, services):
    messages, _ = run_action(
        ActionOutOfScope(),
        after(mary, [warned(mary, COURIER)], "he's at the door now", "out_of_scope"),
    )
    said = text_of(messages)
    assert said.startswith(ADVICE)
    assert "Do not open the door" in said and "555 0100 000" in said
    assert [b["title"] for b in messages[-1]["buttons"]] == [
        "Take the 1-minute lesson", "Call me back", "Freeze my card",
    ]  # fmt: skip
    assert card_status(services) == "active"


@pytest.mark.parametrize(
    ("action", "intent"),
    [(ActionAnswerWithoutQuestion(), "nlu_fallback"), (ActionOutOfScope(), "bank_question")],
)
def test_already_done_after_a_warning_asks_the_lock_down_question_only(
    mary, services, db, action, intent
):
    for story, done in [(PARCEL, "I already clicked it"), (POLICE, "I already moved some")]:
        messages, _ = run_action(action, after(mary, [warned(mary, story)], done, intent))
        said = text_of(messages)
        assert said.startswith(ALREADY_DONE) and PROTECT in said, done
        assert messages[-1]["question"]["kind"] == "protect_accounts"
    assert card_status(services) == "active"
    with db.session() as session:
        assert session.query(FraudCase).count() == 0


def test_already_done_without_a_log_in_is_told_to_call(db, services):
    bind(db, "s-guest", None)
    messages, _ = run_action(
        ActionAnswerWithoutQuestion(),
        after("s-guest", [warned("s-guest", PARCEL)], "I already clicked it", "nlu_fallback"),
    )
    assert text_of(messages) == (
        f"{ALREADY_DONE}\nPlease call us now on 555 0100 000, the number on your card, "
        "so we can stop it."
    )


def test_he_knew_my_name_hears_that_names_are_easy_to_find(mary):
    text = "but he knew my name and my address, so he must be real"
    messages, _ = run_action(
        ActionOutOfScope(), after(mary, [warned(mary, POLICE)], text, "bank_question")
    )
    said = text_of(messages)
    assert said.startswith(NAMES_ARE_EASY)
    assert "Hang up now, and do not move any money." in said


def test_should_i_do_it_said_as_a_yes_to_the_offers_is_a_firm_no(mary):
    phishing = "a message saying my account will be closed unless I confirm my details on a site"
    messages, _ = run_action(
        ActionHandleAffirm(), after(mary, [warned(mary, phishing)], "should I do it", "affirm")
    )
    assert messages[0]["text"].startswith(FIRM_NO)
    assert messages[0]["question"]["kind"] == "warning_offers", "a yes after it is to the offers"
    # "I already did it" (read as a yes) after it: harm may be done.
    earlier = [warned(mary, phishing), ("should I do it", "affirm", messages)]
    messages, _ = run_action(
        ActionHandleAffirm(), after(mary, earlier, "I already did it", "affirm")
    )
    assert PROTECT in messages[0]["text"]


def test_yes_protect_it_to_what_happened_asks_the_lock_down_question(mary, services):
    guess = "i think something bad happened with my money"
    asked, _ = run_action(
        ActionReportFraud(), make_tracker(mary, guess, "report_fraud", confidence=0.5)
    )
    assert asked[0]["text"].startswith("I want to understand.")
    earlier = [(guess, "report_fraud", asked)]
    messages, _ = run_action(ActionHandleAffirm(), after(mary, earlier, "yes protect it", "affirm"))
    assert PROTECT in messages[0]["text"]
    assert card_status(services) == "active"


def test_help_after_a_warning_is_the_advice_once(mary):
    story = warned(mary, "my grandson rang, hes in jail and needs bail money")
    messages, _ = run_action(ActionHelp(), after(mary, [story], "help me", "help"))
    said = text_of(messages)
    assert said.startswith(ADVICE) and "Call your family" in said and "Do not send money" in said
    again = after(mary, [story, ("help me", "help", messages)], "what can you do", "help")
    again.events.insert(-1, {"event": "action", "name": "action_help"})
    messages, _ = run_action(ActionHelp(), again)
    assert messages == [{**messages[0], "response": "utter_help"}]


def test_what_do_i_do_now_after_a_warning_is_what_to_do_as_often_as_asked(mary):
    story = warned(mary, "my grandson rang, hes in jail and needs bail money")
    messages, _ = run_action(ActionHelp(), after(mary, [story], "what should i do", "help"))
    said = text_of(messages)
    assert said.startswith(RIGHT_NOW) and "Call your family" in said
    again = after(mary, [story, ("what should i do", "help", messages)], "what now", "help")
    again.events.insert(-1, {"event": "action", "name": "action_help"})
    messages, _ = run_action(ActionHelp(), again)
    assert text_of(messages).startswith(RIGHT_NOW)


def test_what_is_not_about_a_warning_is_answered_as_before(mary):
    # No warning: the short refusal.
    messages, _ = run_action(
        ActionOutOfScope(), after(mary, [], "he's at the door now", "out_of_scope")
    )
    assert messages[0]["response"] == "utter_out_of_scope"
    # A warning four turns ago is no longer the subject.
    other = ("what is my balance", "check_balance", [{"text": "Your balance is $2,400.00."}])
    earlier = [warned(mary, COURIER), other, other, other]
    messages, _ = run_action(
        ActionOutOfScope(), after(mary, earlier, "he's at the door now", "out_of_scope")
    )
    assert messages[0]["response"] == "utter_out_of_scope"
    # The advice said just now: a second message not placed hears what the NLU made of it.
    advice = ("he is outside", "out_of_scope", [{"text": f"{ADVICE}\nDo not open the door."}])
    messages, _ = run_action(
        ActionOutOfScope(),
        after(mary, [warned(mary, COURIER), advice], "the weather is nice", "out_of_scope"),
    )
    assert not text_of(messages).startswith(ADVICE)


def test_a_payment_waiting_is_left_to_its_read_back(mary):
    messages, _ = run_action(
        ActionAnswerWithoutQuestion(),
        after(mary, [warned(mary, COURIER)], "A", "nlu_fallback", slots={"pending_request": "r1"}),
    )
    assert not text_of(messages).startswith(ADVICE)


TRANSFER = {"transfer_payee": "Alice Wong", "amount": "50", "from_account": "current"}


@pytest.mark.parametrize("story", [TAX, "he is still on the phone with me", COURIER])
def test_a_payment_after_any_warning_is_paused_and_can_still_be_sent_anyway(mary, db, story):
    """The general warning and a sign name no story the risk rules read in the words: the
    warning itself, recorded when said, pauses the next payment."""
    warned(mary, story)
    text = "send 50 dollars to my daughter"
    tracker = make_tracker(mary, text, "transfer_money", slots=TRANSFER)
    messages, events = run_action(ActionPrepareTransfer(), tracker)
    assert messages[1]["text"].startswith("I have paused this payment to keep you safe.\n")
    assert "Send it anyway" in [b["title"] for b in messages[1]["buttons"]]
    assert slot_values(events)["pending_request"]
    from assistant.bank.models import AuditRecord

    with db.session() as session:
        assert session.query(AuditRecord).filter_by(action=SCAM_WARNING).count() == 1


def test_already_done_read_as_a_yes_a_turn_after_the_warning_asks_the_lock_down_question(mary):
    # The warning, then a turn about something else, then "I already did it" read as a
    # yes: not "Earlier I asked you this", but the lock-down's own question.
    earlier = [
        warned(mary, COURIER),
        ("what do you mean", "nlu_fallback", [{"text": "This is what I advise:"}]),
    ]
    messages, _ = run_action(
        ActionHandleAffirm(), after(mary, earlier, "I already did it", "affirm")
    )
    assert PROTECT in messages[0]["text"]
    assert not messages[0]["text"].startswith("Earlier I asked you this")
