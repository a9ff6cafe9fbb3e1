"""Taking a lesson with the real tutor and database: steps, quiz, score, resume."""

import datetime as dt

import pytest
from sqlalchemy import select

from lessons.format import Question
from lessons.models import LessonEvent
from lessons.settings import LessonSettings
from lessons.store import LessonStore
from lessons.tutor import Tutor, match_choice

QUESTION = Question(
    "A caller asks you to move money. What do you do?",
    [
        "Move the money fast",
        "Hang up and call your bank on the number on your card",
        "Give him your PIN",
    ],
    1,
    "Real police never ask you to move money.",
)


@pytest.mark.parametrize(
    ("said", "index"),
    [
        ("B", 1), ("b", 1), ("answer c", 2), ("the first one", 0), ("A", 0),
        ("option a", 0), ("number 2", 1), ("2", 1), ("the second", 1), ("the last one", 2),
        ("i think it's c", 2), ("hang up and call the bank", 1), ("give him my pin", 2),
        ("move the money", 0), ("um the second one", 1),
    ],
)  # fmt: skip
def test_an_answer_is_understood_however_it_is_said(said, index):
    assert match_choice(QUESTION, said) == index


@pytest.mark.parametrize("said", ["", "banana", "the fifth one", "what is my balance", "E"])
def test_an_unclear_answer_is_not_guessed(said):
    assert match_choice(QUESTION, said) is None


@pytest.fixture
def tutor(db):
    return Tutor(db, LessonStore(db, LessonSettings()))


def test_a_whole_lesson_with_its_quiz_and_score(tutor, db):
    first = tutor.start("demo", "safe-account-calls")
    assert first.stage == "step"
    assert first.messages[0]["text"].startswith('Lesson: The "safe account" phone call.')
    assert first.messages[1]["text"].startswith("Step 1 of 4: The call.")
    assert [b["title"] for b in first.messages[1]["buttons"]] == [
        "Next", "Repeat", "Stop the lesson",
    ]  # fmt: skip
    for number in (2, 3, 4):
        turn = tutor.next("demo")
        assert turn.messages[-1]["text"].startswith(f"Step {number} of 4")
    quiz = tutor.next("demo")
    assert quiz.stage == "quiz"
    assert quiz.messages[-1]["text"].startswith("Question 1 of 2:")
    assert [b["payload"] for b in quiz.messages[-1]["buttons"]] == ["A", "B", "C"]
    understood, turn = tutor.answer("demo", "B")
    assert understood and turn.messages[0]["text"].startswith("That's right.")
    assert turn.messages[-1]["text"].startswith("Question 2 of 2:")
    understood, turn = tutor.answer("demo", "the first one")  # wrong: the answer is B
    assert turn.stage == "done"
    assert turn.messages[0]["text"].startswith("Not quite. The answer is B.")
    assert turn.messages[-1]["text"].startswith("You got 1 of 2 right.")
    with db.session() as session:
        kinds = session.execute(
            select(LessonEvent.kind, LessonEvent.score, LessonEvent.out_of).order_by(LessonEvent.id)
        ).all()
    assert kinds == [("started", None, None), ("completed", 1, 2)]


def test_an_unclear_answer_asks_again_and_scores_nothing(tutor):
    tutor.start("demo", "keep-pins-secret")
    for _ in range(4):
        tutor.next("demo")
    tutor.next("demo")
    understood, turn = tutor.answer("demo", "purple elephants")
    assert not understood
    assert turn.messages[0]["text"] == "Sorry, I did not catch your answer. Please say A or B."
    assert tutor.current("demo")[2] == 0


def test_back_and_resume_where_the_learner_stopped(tutor):
    tutor.start("demo", "romance-scams")
    tutor.next("demo")
    tutor.next("demo")
    assert tutor.back("demo").messages[-1]["text"].startswith("Step 2 of 4")
    tutor.start("demo", "qr-code-scams")  # another lesson in between
    again = tutor.start("demo", "romance-scams")
    assert again.messages[0]["text"] == "You were on step 2 of 4."
    assert again.messages[1]["text"].startswith("Step 2 of 4")


def test_progress_belongs_to_each_learner(tutor):
    tutor.start("demo", "romance-scams")
    tutor.next("demo")
    assert tutor.current("robert") is None
    assert tutor.start("robert", "romance-scams").messages[1]["text"].startswith("Step 1 of 4")


def test_next_with_no_lesson_says_so(tutor):
    assert tutor.next("sender:nobody").stage == "none"


@pytest.mark.parametrize(
    ("said", "slug"),
    [
        ("teach me about phone scams", "safe-account-calls"),
        ("tell me about the safe account trick", "safe-account-calls"),
        ("lesson on romance scams", "romance-scams"),
        ("how do I spot fake banknotes", "spotting-fake-banknotes"),
        ("what do I do in the first hour after a scam", "first-hour-after-a-scam"),
        ("teach me about QR code scams", "qr-code-scams"),
        ("keep my PIN safe", "keep-pins-secret"),
        ("teach me about gift card scams", "prizes-and-gift-cards"),
    ],
)
def test_a_lesson_is_found_by_topic(tutor, said, slug):
    assert tutor.find(said) == slug


def test_the_lesson_of_the_day_changes_daily_and_is_published(tutor):
    days = [tutor.lesson_of_the_day(dt.date(2026, 11, d)).slug for d in range(1, 13)]
    assert len(set(days)) == 12
