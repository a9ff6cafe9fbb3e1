"""Where learners stop in a lesson, on a real database: each one who began and has not
finished is counted at their step or quiz question, in the lesson's order."""

from __future__ import annotations

import pytest

from lessons.analytics import lesson_stops
from lessons.errors import LessonNotFound


def test_each_unfinished_learner_is_counted_where_they_are(services, db):
    tutor = services.tutor
    _, content = services.lessons.published("safe-account-calls")
    for learner, steps in (("demo", 0), ("robert", 2), ("li", 2), ("sender:x", len(content.steps))):
        tutor.start(learner, "safe-account-calls")
        for _ in range(steps):
            tutor.next(learner)
    tutor.answer("sender:x", "A")  # on to the second question
    tutor.start("sender:y", "safe-account-calls")
    for _ in range(len(content.steps)):
        tutor.next("sender:y")
    for _ in content.quiz:
        tutor.answer("sender:y", "A")  # finished: not counted
    assert lesson_stops(db, "safe-account-calls") == [
        ("Step 1", 1),
        ("Step 3", 2),
        ("Quiz question 2", 1),
    ]
    assert lesson_stops(db, "romance-scams") == []
    with pytest.raises(LessonNotFound):
        lesson_stops(db, "no-such-lesson")
