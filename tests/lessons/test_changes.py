"""What a version changes, for a reviewer: steps matched whole, words removed and added."""

from dataclasses import replace

from lessons.changes import Words, compare, words
from lessons.format import Question, Step, parse_lesson
from tests.support import GOOD

OLD = parse_lesson("old.md", GOOD)


def test_words_removed_and_added():
    assert words("Call the bank now", "Call your bank now") == [
        Words("same", "Call"), Words("removed", "the"), Words("added", "your"),
        Words("same", "bank now"),
    ]  # fmt: skip


def test_a_step_added_in_the_middle_is_one_step_added_not_every_later_step_changed():
    steps = [*OLD.steps[:1], Step("New", "A new step."), *OLD.steps[1:]]
    changes = compare(OLD, replace(OLD, steps=steps))
    assert [(c.label, c.kind) for c in changes.steps] == [("Step 2: New", "added")]
    assert changes.about == [] and changes.quiz == []


def test_a_new_right_answer_is_shown_as_such():
    quiz = [OLD.quiz[0], Question(OLD.quiz[1].question, OLD.quiz[1].choices, 2, "Third.")]
    change = compare(OLD, replace(OLD, quiz=quiz)).quiz[0]
    assert change.label.startswith("Question 2") and change.kind == "changed"
    runs = [w for line in change.lines for w in line if w.kind != "same"]
    assert Words("removed", "B") in runs and Words("added", "C") in runs


def test_nothing_published_means_everything_is_added_and_the_same_text_means_none():
    assert compare(OLD, OLD).none
    first = compare(None, OLD)
    assert {c.kind for c in first.steps + first.quiz + first.about} == {"added"}
