"""The lesson actions with real trackers: the events the dialogue depends on."""

import datetime as dt

import pytest

from actions.classroom.lessons import (
    AFTER_THE_SCORE,
    NO_LESSON,
    ActionAskQuizAnswer,
    ActionLessonBack,
    ActionLessonFinished,
    ActionLessonNext,
    ActionLessonOfTheDay,
    ActionListLessons,
    ActionStartLesson,
    ValidateLessonQuizForm,
)
from actions.money.confirm import ActionHandleAffirm
from actions.money.held_payment import ActionReleasePayment
from actions.money.transfer import ActionPrepareTransfer
from lessons import render
from lessons.tutor import Tutor
from tests.support import bind, make_tracker, slot_values
from tests.support import run_action as run

PIN_TITLE = "Your PIN and codes are only for you"
QUIZ = {"forms": {"lesson_quiz_form": {"required_slots": ["quiz_answer"]}}}


@pytest.fixture
def mary(db, services):
    bind(db, "s-mary", "demo")
    return "s-mary"


@pytest.fixture
def guest(db, services):
    bind(db, "s-guest", None)
    return "s-guest"


def lesson_entity(slug):
    return [{"entity": "lesson", "value": slug}]


def test_lessons_are_open_to_a_conversation_with_no_customer(guest):
    messages, events = run(ActionStartLesson(), make_tracker(guest, "teach me about romance scams"))
    assert messages[1]["text"].startswith("Step 1 of 4: A new friend.")
    assert slot_values(events) == {"lesson_stage": "step", "quiz_asked": False}


def after_reply(message, text, intent="inform"):
    """Events: the assistant's reply `message` (text and buttons), then the customer's text."""
    return [
        {"event": "user", "text": "earlier", "parse_data": {}},
        {"event": "action", "name": "action_list_lessons"},
        {"event": "bot", "text": message["text"], "data": {"buttons": message.get("buttons")}},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}},
    ]


def show_list(sender, text, intent, previous=None, shown=None):
    """The list action's reply to `text`, said after the `previous` list (if any)."""
    events = after_reply(previous, text, intent) if previous else None
    slots_then = {"lessons_shown": shown} if shown else {}
    return run(
        ActionListLessons(), make_tracker(sender, text, intent, events=events, slots=slots_then)
    )


def titles(message):
    return [b["title"] for b in message["buttons"]][:-1]


def test_the_list_pages_through_every_lesson(mary):
    messages, events = show_list(mary, "show me the lessons", "list_lessons")
    first = [b["title"] for b in messages[0]["buttons"]]
    assert len(first) == 5 and first[-1] == "More lessons"
    shown = slot_values(events)["lessons_shown"]
    second, _ = show_list(mary, "/list_lessons", "list_lessons", messages[0], shown)
    assert not set(first[:-1]) & set(titles(second[0]))


@pytest.mark.parametrize(("said", "intent"), [("next", "lesson_next"), ("more", "inform")])
def test_next_at_the_list_shows_the_next_page(mary, said, intent):
    first, events = show_list(mary, "show me the lessons", "list_lessons")
    shown = slot_values(events)["lessons_shown"]
    second, events = show_list(mary, said, intent, first[0], shown)
    assert titles(second[0])[0] == "Fake text messages and links"
    assert slot_values(events)["lessons_shown"] == "8"


def test_back_at_the_list_shows_the_page_before_and_repeat_the_same(mary):
    first, events = show_list(mary, "show me the lessons", "list_lessons")
    second, events = show_list(mary, "next", "lesson_next", first[0], "4")
    back, events = show_list(mary, "back", "lesson_back", second[0], "8")
    assert titles(back[0]) == titles(first[0])
    assert slot_values(events)["lessons_shown"] == "4"


@pytest.mark.parametrize(
    ("said", "intent", "lesson"),
    [
        ("B", "affirm", "The first hour after a scam"),
        ("the second one", "inform", "The first hour after a scam"),
        (
            "Your PIN and codes are only for you",
            "change_pin",
            "Your PIN and codes are only for you",
        ),
        ("the safe account one", "inform", 'The "safe account" phone call'),  # not on this page
    ],
)
def test_a_reply_to_the_list_starts_the_lesson_it_names(mary, said, intent, lesson):
    listed, _ = show_list(mary, "show me the lessons", "list_lessons")
    tracker = make_tracker(mary, said, intent, events=after_reply(listed[0], said, intent))
    messages, events = run(ActionStartLesson(), tracker)
    assert messages[0]["text"].startswith(f"Lesson: {lesson}.")
    assert slot_values(events)["lesson_stage"] == "step"


def test_a_choice_not_found_shows_the_same_page_again(mary):
    run(ActionStartLesson(), make_tracker(mary, "", entities=lesson_entity("romance-scams")))
    listed, _ = show_list(mary, "show me the lessons", "list_lessons")
    events = after_reply(listed[0], "the fifth one", "inform")
    messages, _ = run(
        ActionStartLesson(),
        make_tracker(mary, "the fifth one", events=events, slots={"lessons_shown": "4"}),
    )
    # Not the lesson in progress (romance) resumed: the list again, to choose from.
    assert titles(messages[0]) == titles(listed[0])


def test_go_back_after_the_score_offers_the_lesson_again_or_another(mary):
    score = {
        "text": "You got 2 of 2 right. Well done!",
        "buttons": [
            {"title": render.ANOTHER_LESSON, "payload": "/list_lessons"},
            {"title": render.TAKE_IT_AGAIN, "payload": render.start_payload("keep-pins-secret")},
        ],
    }
    tracker = make_tracker(mary, "go back", "lesson_back", events=after_reply(score, "go back"))
    messages, events = run(ActionLessonBack(), tracker)
    assert messages[0]["text"] == AFTER_THE_SCORE
    assert messages[0]["buttons"] == score["buttons"]
    assert NO_LESSON not in [m["text"] for m in messages]


ON_A_STEP = {"lesson_stage": "step"}  # what the previous lesson turn set


def test_next_in_a_new_conversation_shows_where_the_learner_was(mary):
    run(ActionStartLesson(), make_tracker(mary, "", entities=lesson_entity("keep-pins-secret")))
    run(ActionLessonNext(), make_tracker(mary, "next", "lesson_next", slots=ON_A_STEP))
    messages, events = run(ActionLessonNext(), make_tracker(mary, "next", "lesson_next"))
    assert messages[0]["text"] == "You were on step 2 of 4.", messages
    assert messages[1]["text"].startswith("Step 2 of 4"), messages
    assert slot_values(events)["lesson_stage"] == "step"


def test_the_last_step_leads_into_the_quiz_and_the_question_is_not_asked_twice(mary):
    run(ActionStartLesson(), make_tracker(mary, "", entities=lesson_entity("keep-pins-secret")))
    for _ in range(3):
        run(ActionLessonNext(), make_tracker(mary, "next", "lesson_next", slots=ON_A_STEP))
    messages, events = run(
        ActionLessonNext(), make_tracker(mary, "next", "lesson_next", slots=ON_A_STEP)
    )
    assert messages[-1]["text"].startswith("Question 1 of 2")
    assert slot_values(events) == {"lesson_stage": "quiz", "quiz_asked": True}
    messages, events = run(ActionAskQuizAnswer(), make_tracker(mary, slots={"quiz_asked": True}))
    assert messages == [] and slot_values(events) == {"quiz_asked": None}


def test_quiz_answers_are_validated_until_the_last(mary):
    run(ActionStartLesson(), make_tracker(mary, "", entities=lesson_entity("keep-pins-secret")))
    for _ in range(4):
        run(ActionLessonNext(), make_tracker(mary, "next", "lesson_next", slots=ON_A_STEP))

    def answer(text, intent="inform"):
        # What Rasa sends the validator: the text, already put in the slot.
        events = [
            {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}},
            {"event": "slot", "name": "quiz_answer", "value": text},
        ]
        tracker = make_tracker(
            mary, text, intent, slots={"quiz_answer": text}, events=events,
            requested_slot="quiz_answer",
        )  # fmt: skip
        tracker.active_loop = {"name": "lesson_quiz_form"}
        return run(ValidateLessonQuizForm(), tracker, QUIZ)

    messages, events = answer("what is my balance", "check_balance")
    assert messages[0]["text"].startswith("Sorry, I did not catch your answer.")
    assert slot_values(events)["quiz_answer"] is None
    messages, events = answer("repeat", "repeat")
    assert messages[0]["text"].startswith("Question 1 of 2")
    messages, events = answer("never share it hang up and call the bank yourself")
    assert messages[0]["text"].startswith("That's right.")
    assert slot_values(events)["quiz_answer"] is None
    messages, events = answer("in my memory only")
    assert messages[-1]["text"] == "You got 2 of 2 right. Well done!"
    assert slot_values(events)["quiz_answer"] == "done"
    assert slot_values(events)["lesson_stage"] == "done"


def test_a_choice_s_words_taken_for_a_request_are_still_the_answer(mary, services):
    """The slot's mapping leaves requests out (they leave the quiz); a message that
    plainly names a choice of the question asked is the answer all the same."""
    run(ActionStartLesson(), make_tracker(mary, "", entities=lesson_entity("safe-account-calls")))
    for _ in range(4):
        run(ActionLessonNext(), make_tracker(mary, "next", "lesson_next", slots=ON_A_STEP))
    asked = render.question(services.lessons.published("safe-account-calls")[1], 0)

    def validate(text, intent):
        """The validator's reply when the slot's mapping extracted nothing."""
        events = after_reply(asked, text, intent)
        tracker = make_tracker(mary, text, intent, events=events, requested_slot="quiz_answer")
        tracker.active_loop = {"name": "lesson_quiz_form"}
        return run(ValidateLessonQuizForm(), tracker, QUIZ)

    messages, events = validate(
        "Hang up, then call your bank on the number on your card", "report_lost_card"
    )
    assert messages[0]["text"].startswith("That's right.")
    assert messages[1]["text"].startswith("Question 2 of 2")
    for text, intent in (
        ("I lost my purse with my cards", "report_lost_card"),
        ("what bills do I have", "check_bills"),
    ):
        messages, events = validate(text, intent)
        assert messages == [] and "quiz_answer" not in slot_values(events)


def _paused_transfer(mary):
    said = [
        {"event": "user", "text": "the police phoned, they said my money is not safe"},
        {"event": "user", "text": "send 50 dollars to my daughter"},
    ]
    tracker = make_tracker(
        mary, "send 50 dollars to my daughter", "transfer_money", events=said,
        slots={"transfer_payee": "Alice Wong", "amount": "50", "from_account": "current"},
    )  # fmt: skip
    _, events = run(ActionPrepareTransfer(), tracker)
    return slot_values(events)["pending_request"]


def test_a_yes_to_a_paused_payment_gets_the_warning_and_four_choices(mary, services):
    request_id = _paused_transfer(mary)
    yes = make_tracker(
        mary, "yes", "affirm", slots={"pending_request": request_id},
        events=[{"event": "action", "name": "action_prepare_transfer"},
                {"event": "user", "text": "yes"}],
    )  # fmt: skip
    before = services.ledger.accounts("demo", kind="current")[0].balance_minor
    messages, events = run(ActionHandleAffirm(), yes)
    assert messages[0]["text"].startswith("I have paused this payment to keep you safe.\n")
    assert "Real police and bank staff never ask you to move your money." in messages[0]["text"]
    assert [b["title"] for b in messages[0]["buttons"]] == [
        "Take the 1-minute lesson", "Cancel the payment", "Call me back", "Send it anyway",
    ]  # fmt: skip
    assert events == []
    assert services.ledger.accounts("demo", kind="current")[0].balance_minor == before


def test_the_offered_lesson_is_linked_to_the_interception(mary, services):
    request_id = _paused_transfer(mary)
    tracker = make_tracker(
        mary, "", "start_lesson", entities=lesson_entity("safe-account-calls"),
        slots={"pending_request": request_id},
    )  # fmt: skip
    run(ActionStartLesson(), tracker)
    assert services.payments.hold("demo", request_id).interception_id is not None
    from lessons.analytics import lesson_analytics

    figures = lesson_analytics(services.db, "safe-account-calls")
    assert figures["interceptions"] == {"offered": 1, "led_to_lesson": 1}
    messages, _ = run(
        ActionLessonFinished(), make_tracker(mary, slots={"pending_request": request_id})
    )
    assert messages[0]["text"] == (
        "Your payment of $50.00 to Alice Wong is still paused. What would you like to do?"
    )


def test_send_it_anyway_asks_for_a_fresh_yes(mary, services):
    request_id = _paused_transfer(mary)
    messages, _ = run(
        ActionReleasePayment(),
        make_tracker(
            mary, "send it anyway", "proceed_anyway", slots={"pending_request": request_id}
        ),
    )
    assert messages[0]["text"] == "Okay. Please check it once more before I send it."
    assert messages[1]["text"].startswith("Please check this payment.\nPay $50.00 to Alice Wong.")
    again, _ = run(
        ActionReleasePayment(),
        make_tracker(
            mary, "send it anyway", "proceed_anyway", slots={"pending_request": request_id}
        ),
    )
    assert again[0]["text"] == "There is no paused payment waiting."


def test_a_guest_cannot_release_anything(guest):
    messages, _ = run(
        ActionReleasePayment(),
        make_tracker(guest, "send it anyway", "proceed_anyway", slots={"pending_request": "x"}),
    )
    assert messages[0]["text"] == "There is no paused payment right now."


def send_50_after(mary, first: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """`first` (read as start_lesson), then $50 to Alice and a yes: the answers to the yes."""
    said = [
        {"event": "user", "text": first, "parse_data": {"intent": {"name": "start_lesson"}}},
        {"event": "user", "text": "send 50 dollars to my daughter",
         "parse_data": {"intent": {"name": "transfer_money"}}},
    ]  # fmt: skip
    tracker = make_tracker(
        mary, "send 50 dollars to my daughter", "transfer_money", events=said,
        slots={"transfer_payee": "Alice Wong", "amount": "50", "from_account": "current"},
    )  # fmt: skip
    messages, events = run(ActionPrepareTransfer(), tracker)
    assert messages[0]["text"].startswith("Please check this payment.")
    yes = make_tracker(
        mary, "yes", "affirm", slots={"pending_request": slot_values(events)["pending_request"]},
        events=[{"event": "action", "name": "action_prepare_transfer"},
                {"event": "user", "text": "yes"}],
    )  # fmt: skip
    messages, _ = run(ActionHandleAffirm(), yes)
    return messages


def test_asking_for_a_lesson_about_police_scams_does_not_pause_a_payment(mary):
    messages = send_50_after(mary, "teach me about fake police calls")
    assert messages[0]["text"].startswith("Done. I sent $50.00 to Alice Wong.")


def test_scam_words_read_as_a_lesson_intent_still_pause_a_payment(mary):
    # The classifier may take a plain report for a lesson request; only a turn
    # worded as a request ("teach me", "tell me about") is left out.
    messages = send_50_after(mary, "a man on the phone said I get a guaranteed return")
    assert "investment" in messages[0]["text"]  # the story's or the words' warning
    assert not any(m["text"].startswith("Done.") for m in messages)


def test_the_lesson_of_the_day_is_the_same_day_as_on_matrix(mary, services, db):
    """ "Today" is the tutor's clock (UTC) on every channel, not the action server's local date."""
    tomorrow = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(days=1)
    services.tutor = Tutor(db, services.lessons, clock=lambda: tomorrow)
    messages, _ = run(ActionLessonOfTheDay(), make_tracker(mary, "", "lesson_of_the_day"))
    expected = services.tutor.lesson_of_the_day(tomorrow.date())
    assert messages[0]["text"].startswith(f"Today's lesson is: {expected.title}.")
