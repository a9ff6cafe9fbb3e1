"""How a quiz answer is told: every line a whole sentence, so a voice reading it, or a
channel joining its lines, never runs the right choice into the explanation."""

from __future__ import annotations

import pytest

from lessons import render
from lessons.format import parse_lesson
from lessons.settings import LessonSettings

LIBRARY = sorted(LessonSettings().content_dir.glob("*.md"))
QUESTIONS = [
    (path.stem, number, question)
    for path in LIBRARY
    for number, question in enumerate(parse_lesson(path.name, path.read_text()).quiz, 1)
]


def test_the_right_choice_ends_with_a_full_stop_before_the_explanation():
    lesson = parse_lesson(
        "first-hour", (LessonSettings().content_dir / "first-hour-after-a-scam.md").read_text()
    )
    told = render.feedback(lesson.quiz[0], chosen=0)["text"]
    assert told == (
        "Not quite. The answer is B. Call your bank at once.\n"
        "Call the bank at once. The sooner they know, the more they can stop."
    )


@pytest.mark.parametrize(
    ("slug", "number", "question"), QUESTIONS, ids=[f"{s}-{n}" for s, n, _ in QUESTIONS]
)
def test_every_answer_of_the_library_is_told_in_whole_sentences(slug, number, question):
    for chosen in range(len(question.choices)):
        for line in render.feedback(question, chosen)["text"].split("\n"):
            assert line.rstrip('"').endswith((".", "!", "?")), f"{slug} question {number}: {line!r}"
