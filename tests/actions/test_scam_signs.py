"""A scam going on now gets what to do now, whichever action the NLU's guess reached.

The NLU makes such a message a scam story (lessons/scam_signs.py); the actions that
answer what the NLU could not place (out of scope, not understood) read the same
signs, so a model trained before a sign was added still warns.
"""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.classroom.lessons import ActionLessonStop
from actions.conversation.out_of_scope import ActionOutOfScope
from actions.conversation.support import ActionHumanHandoff
from actions.money.amend import ActionAnswerWithoutQuestion
from actions.protection.scams import ActionAnswerScamStory, ActionReportFraud
from actions.replies import BANK_PHONE
from assistant.bank.models import CallbackRequest, FraudCase, PaymentPause
from tests.support import bind, make_tracker

SAFE_ACCOUNT = "the bank called and said my money is not safe and i must move it to a safe account"


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages


@pytest.fixture
def mary(db, services):
    bind(db, "s-mary", "demo")
    return "s-mary"


def nothing_changed(db, services):
    with db.session() as session:
        assert session.query(FraudCase).filter_by(customer_id="demo").count() == 0
        assert session.query(PaymentPause).filter_by(customer_id="demo").count() == 0
    assert all(c.status == "active" for c in services.cards.cards("demo"))


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("He gave me an account number to move my money to, he is still on the phone with me",
         ["Do not send money to an account a caller gave you", "Hang up now."]),
        ("I clicked a link in a text about my parcel and typed in my card details",
         ["your card must be frozen now", "press Freeze my card"]),
        ("my granddaughter texted from a new number, she lost her phone and needs 300",
         ["Do not send anything yet", "number you already have"]),
        ("I already told him the code",
         ["That code must not be used", f"Call us now on {BANK_PHONE}"]),
        ("he says hurry", ["Rushing you is how scammers work.", "Hang up now."]),
        ("I got a text about a parcel, there was a small fee of 1.99",
         ["Do not press the link, and do not pay."]),
        ("I clicked it and put my card number in and the three numbers on the back",
         ["your card must be frozen now"]),
        ("Someone sent me a text saying my account is locked and I should click the link",
         ["Do not press the link", "never sends a link to unlock your account"]),
        ("So should I click on the link in the text", ["No. Do not press the link."]),
        ("She wants me to pay her bill to a new account, I think it is my daughter",
         ["Do not send anything yet", "a new account", "number you already have"]),
        ("she says she will ring back for more", ["When they ring back, hang up."]),
    ],
)  # fmt: skip
@pytest.mark.parametrize(
    ("action", "intent"),
    [
        (ActionAnswerScamStory(), "scam_story"),
        (ActionOutOfScope(), "out_of_scope"),
        (ActionAnswerWithoutQuestion(), "nlu_fallback"),
    ],
)
def test_a_scam_going_on_now_hears_what_to_do_now(mary, db, services, action, intent, text, wanted):
    [message] = run(action, make_tracker(mary, text, intent))
    for words in wanted:
        assert words in message["text"], message["text"]
    assert "Sorry" not in message["text"] and "This is another scam story" not in message["text"]
    titles = [b["title"] for b in message["buttons"]]
    assert titles == ["Take the 1-minute lesson", "Call me back", "Freeze my card"]
    freeze = message["buttons"][2]["payload"]
    assert freeze.startswith("/freeze_card") and '"consent"' in freeze, "the press is the yes"
    nothing_changed(db, services)


def test_the_warning_is_short_and_urgent(mary):
    [message] = run(
        ActionOutOfScope(),
        make_tracker(mary, "he is still on the phone with me", "out_of_scope"),
    )
    first = message["text"].split("\n")[0]
    assert first == (
        "Hang up now. Do not send anything, and do not share any code. "
        f"Call us on {BANK_PHONE}, the number on your card."
    )


def test_hurry_after_a_story_is_what_to_do_now_not_another_story(mary):
    """ "he says hurry" straight after the safe-account warning got "did not understand"."""
    warned = run(ActionAnswerScamStory(), make_tracker(mary, SAFE_ACCOUNT, "scam_story"))
    events = [
        {"event": "user", "text": SAFE_ACCOUNT},
        {"event": "action", "name": "action_answer_scam_story"},
        {"event": "bot", "text": warned[0]["text"], "data": {"buttons": warned[0]["buttons"]}},
        {"event": "user", "text": "he says hurry"},
    ]
    [message] = run(
        ActionAnswerWithoutQuestion(),
        make_tracker(mary, "he says hurry", "nlu_fallback", events=events),
    )
    assert message["text"].startswith("Rushing you is how scammers work.")
    assert "another scam story" not in message["text"]


def test_a_doubt_after_what_to_do_now_gets_a_firm_no(mary):
    warned = run(
        ActionAnswerScamStory(), make_tracker(mary, "he is still on the line", "scam_story")
    )
    events = [
        {"event": "user", "text": "he is still on the line"},
        {"event": "bot", "text": warned[0]["text"]},
        {"event": "user", "text": "should i send him the money"},
    ]
    [message] = run(
        ActionOutOfScope(),
        make_tracker(mary, "should i send him the money", "out_of_scope", events=events),
    )
    assert message["text"].startswith("No. Please do not send anything.")


def test_a_story_with_a_sign_names_the_scam_then_says_what_to_do(mary, db, services):
    text = "a man from the police told me to move my savings to a safe account and not tell anyone"
    [message] = run(ActionAnswerScamStory(), make_tracker(mary, text, "scam_story"))
    lines = message["text"].split("\n")
    assert lines[0].startswith("Real police and bank staff never ask you to move your money.")
    assert lines[1].startswith("Do not send money to an account a caller gave you")
    assert message["buttons"][0]["payload"].endswith('"safe-account-calls"}')
    nothing_changed(db, services)


def test_a_code_given_is_warned_about_not_taken_for_money_gone(mary, db, services):
    [message] = run(ActionAnswerScamStory(), make_tracker(mary, "I gave him my pin", "scam_story"))
    assert message["text"].startswith("That code must not be used")
    nothing_changed(db, services)


def test_a_guest_hears_what_to_do_now_too(db, services):
    bind(db, "s-guest", None)
    [message] = run(ActionAnswerScamStory(), make_tracker("s-guest", "he says hurry", "scam_story"))
    assert message["text"].startswith("Rushing you is how scammers work.")


GIFT_CARDS = "a woman from the tax office says I owe taxes and must pay in gift cards"
CARDS_READ_OUT = "I already bought two hundred dollars of cards and read her the numbers"


def test_gift_card_numbers_read_out_hear_to_call_the_card_company_then_the_lock_down(
    mary, db, services
):
    """Money gone into gift cards: what to do now first, then the lock-down's own question,
    which changes nothing by itself."""
    [message] = run(ActionAnswerScamStory(), make_tracker(mary, CARDS_READ_OUT, "scam_story"))
    assert message["text"].startswith("Call the gift card company now, on the number on the back")
    assert "Do not buy any more cards." in message["text"]
    assert "Shall I protect your accounts now?" in message["text"]
    nothing_changed(db, services)


def test_ringing_back_for_more_after_the_numbers_were_read_keeps_the_card_company_first(mary):
    events = [
        {"event": "user", "text": GIFT_CARDS},
        {"event": "bot", "text": "No real company or office asks to be paid in gift cards."},
        {"event": "user", "text": CARDS_READ_OUT},
        {"event": "bot", "text": "Call the gift card company now."},
        {"event": "user", "text": "she says she will ring back for more, what should I do"},
    ]
    tracker = make_tracker(
        mary, "she says she will ring back for more, what should I do", "scam_story", events=events
    )
    [message] = run(ActionAnswerScamStory(), tracker)
    assert message["text"].startswith("Call the gift card company now")
    assert "hang up" in message["text"]


def test_stop_the_lesson_with_a_sign_stops_it_and_warns(mary, db, services):
    text = "Stop the lesson. She says she will ring back for more in an hour. What should I do"
    messages = run(ActionLessonStop(), make_tracker(mary, text, "lesson_stop"))
    said = "\n".join(m.get("text") or "" for m in messages)
    assert said.startswith("Okay, we have stopped the lesson.")
    assert "When they ring back, hang up." in said
    nothing_changed(db, services)


OUR_CALL = "Good. And when will someone from the fraud team call me"


@pytest.mark.parametrize(
    ("action", "intent"),
    [
        (ActionAnswerScamStory(), "scam_story"),
        (ActionReportFraud(), "report_fraud"),
        (ActionOutOfScope(), "out_of_scope"),
        (ActionHumanHandoff(), "human_handoff"),
    ],
)
@pytest.mark.parametrize(
    "text", [OUR_CALL, "No. I mean your own fraud team. You said they would ring me today"]
)
def test_our_own_call_back_asked_about_is_answered_from_the_one_booked(
    mary, db, services, action, intent, text
):
    services.first_hour.run("demo", "reported in chat")
    [message] = run(action, make_tracker(mary, text, intent))
    assert message["text"].startswith(
        "Yes. Someone from our fraud team will call you on your number ending 42 today."
    )
    assert "scam" not in message["text"].lower()
    with db.session() as session:
        assert session.query(CallbackRequest).filter_by(customer_id="demo").count() == 1


def test_our_call_back_asked_about_with_none_booked_is_offered_and_nothing_booked(mary, db):
    [message] = run(ActionAnswerScamStory(), make_tracker(mary, OUR_CALL, "scam_story"))
    assert message["text"].startswith("I have not asked anyone from our team to call you")
    assert [b["title"] for b in message["buttons"]] == ["Yes, please call me", "No, thank you"]
    with db.session() as session:
        assert session.query(CallbackRequest).filter_by(customer_id="demo").count() == 0


def test_a_call_back_booked_by_a_person_is_within_one_working_day(mary, services):
    services.support.request_callback("demo", "loan")
    [message] = run(ActionAnswerScamStory(), make_tracker(mary, OUR_CALL, "scam_story"))
    assert message["text"].startswith(
        "Yes. A person from our team will call you on your number ending 42, "
        "within one working day."
    )
