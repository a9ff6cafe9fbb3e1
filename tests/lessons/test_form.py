"""The lesson form: a lesson file taken apart into the form's boxes and put back gives
the same text, for every library lesson and for generated ones; add, remove and move."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.form import (
    LessonFields,
    QuestionFields,
    StepFields,
    change_shape,
    form_problems,
    form_values,
    from_form,
    read_fields,
    write_lesson,
)
from lessons.format import parse_lesson
from lessons.settings import LessonSettings

LIBRARY = sorted(LessonSettings().content_dir.glob("*.md"))


@pytest.mark.parametrize("path", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_every_library_lesson_comes_back_from_the_form_unchanged(path: Path):
    text = path.read_text(encoding="utf-8")
    fields = read_fields(text)
    assert write_lesson(fields) == text
    assert write_lesson(from_form(form_values(fields))) == text, "through the posted form too"


def _line(min_size: int = 1) -> st.SearchStrategy[str]:
    letters = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
    return (
        st.text(letters, min_size=min_size, max_size=40)
        .map(lambda s: " ".join(s.split()))
        .filter(lambda s: len(s) >= min_size)
    )


_word = _line().filter(lambda s: "," not in s)
_step_text = (
    st.lists(_line(), min_size=1, max_size=3)
    .map("\n".join)
    .filter(lambda s: not any(line.startswith("#") for line in s.split("\n")))
)
_steps = st.lists(st.builds(StepFields, title=_line(), text=_step_text), min_size=1, max_size=6)
_questions = st.lists(
    st.lists(_line(), min_size=2, max_size=4).flatmap(
        lambda choices: st.builds(
            QuestionFields,
            question=_line(),
            choices=st.just(choices),
            answer=st.sampled_from("ABCD"[: len(choices)]),
            explanation=_line(),
        )
    ),
    min_size=1,
    max_size=3,
)
_lessons = st.builds(
    LessonFields,
    slug=_line(),
    title=_line(),
    summary=_line(),
    tags=st.lists(_word, max_size=4),
    keywords=st.lists(_word, max_size=4),
    language=_line(),
    minutes=st.one_of(st.integers(1, 10).map(str), _line()),
    steps=_steps,
    quiz=_questions,
)


@settings(max_examples=150, deadline=None)
@given(_lessons)
def test_any_lesson_written_from_the_form_reads_back_as_the_same_text(fields):
    text = write_lesson(fields)
    again = read_fields(text)
    assert write_lesson(again) == text
    assert write_lesson(from_form(form_values(again))) == text
    assert again.title == fields.title and again.tags == fields.tags
    assert [s.title for s in again.steps] == [s.title for s in fields.steps]
    assert [q.answer for q in again.quiz] == [q.answer for q in fields.quiz]


def test_awkward_values_are_quoted_so_the_lesson_still_parses():
    fields = read_fields(LIBRARY[0].read_text(encoding="utf-8"))
    fields.title = 'Scams: what to do #1 "now"'
    fields.language = "no"  # YAML would read a bare no as false
    fields.tags = ["[phone]", "on"]
    text = write_lesson(fields)
    content = parse_lesson("form", text.replace('language: "no"', "language: en"))
    assert content.title == 'Scams: what to do #1 "now"'
    assert content.tags == ["[phone]", "on"]
    assert read_fields(text).language == "no"


def test_the_answer_letter_follows_its_choice_when_a_box_above_is_left_empty():
    form = {
        "question-1-text": "Which?",
        "question-1-choice-A": "First",
        "question-1-choice-B": "",
        "question-1-choice-C": "Right one",
        "question-1-answer": "C",
        "question-1-explanation": "Because.",
    }
    item = from_form(form).quiz[0]
    assert item.choices == ["First", "Right one"] and item.answer == "B"
    form["question-1-answer"] = "B"  # the empty box was marked right
    assert from_form(form).quiz[0].answer == ""


def _three_steps() -> LessonFields:
    return LessonFields(
        steps=[StepFields("One", "a"), StepFields("Two", "b"), StepFields("Three", "c")]
    )


def test_steps_move_up_and_down_and_the_keyboard_keeps_its_place():
    moved = change_shape(_three_steps(), "step-up-3")
    assert [s.title for s in moved.fields.steps] == ["One", "Three", "Two"]
    assert moved.said.startswith("Step 3 is now step 2.") and "Save draft" in moved.said
    assert moved.focus == "step-up-2"
    top = change_shape(_three_steps(), "step-up-2")
    assert top.focus == "step-1-title", "the first step has no Move up button to land on"
    assert [s.title for s in change_shape(_three_steps(), "step-down-1").fields.steps] == [
        "Two", "One", "Three",
    ]  # fmt: skip
    assert change_shape(_three_steps(), "step-down-3").fields.steps[2].title == "Three"


def test_steps_and_questions_are_added_and_removed():
    removed = change_shape(_three_steps(), "remove-step-2")
    assert [s.title for s in removed.fields.steps] == ["One", "Three"]
    assert "Step 2 (Two) removed" in removed.said
    added = change_shape(_three_steps(), "add-step")
    assert len(added.fields.steps) == 4 and added.focus == "step-4-title"
    asked = change_shape(_three_steps(), "add-question")
    assert len(asked.fields.quiz) == 1 and asked.focus == "question-1-text"
    assert change_shape(asked.fields, "remove-question-1").fields.quiz == []
    assert change_shape(_three_steps(), "remove-step-9").fields.steps == _three_steps().steps
    assert change_shape(_three_steps(), "save") is None


def test_what_the_form_allows_but_a_file_cannot_say():
    fields = LessonFields(steps=[StepFields("", "text"), StepFields("Two", "a\n## sneaky")])
    problems = {p.field: p.text for p in form_problems(fields)}
    assert problems["step-1-title"] == "Give step 1 a heading."
    assert "starts with ##" in problems["step-2-text"]


@settings(max_examples=100, deadline=None)
@given(
    alt=_line(), name=st.from_regex(r"pictures/[a-z0-9][a-z0-9-]{0,20}\.(png|jpg)", fullmatch=True)
)
def test_a_steps_picture_and_its_words_come_back_as_they_were(alt, name):
    fields = _three_steps()
    fields.steps[1] = StepFields("Two", "b", picture=name, alt=alt)
    text = write_lesson(fields)
    again = read_fields(text)
    assert (again.steps[1].picture, again.steps[1].alt) == (name, alt)
    assert again.steps[1].text == "b" and again.steps[0].picture == ""
    assert write_lesson(from_form(form_values(again))) == text


def test_a_picture_is_taken_off_and_moves_with_its_step():
    fields = _three_steps()
    fields.steps[0] = StepFields("One", "a", picture="pictures/call.png", alt="A phone")
    moved = change_shape(fields, "step-down-1")
    assert moved.fields.steps[1].picture == "pictures/call.png"
    off = change_shape(moved.fields, "remove-picture-2")
    assert (off.fields.steps[1].picture, off.fields.steps[1].alt) == ("", "")
    assert off.focus == "step-2-picture-file" and "taken off" in off.said
    fields.steps[0].alt = " "
    assert [p.field for p in form_problems(fields)] == ["step-1-picture-alt"]
