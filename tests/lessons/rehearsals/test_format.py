"""The rehearsal file: the library parses, and each broken rule is said with its line
and the form's field."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons.rehearsals.errors import InvalidRehearsal
from lessons.rehearsals.format import RehearsalContent, kind_counts, parse_rehearsal
from lessons.rehearsals.store import CONTENT_DIR
from tests.lessons.rehearsals.support import GOOD


def problems(text: str) -> list[tuple[str | None, int | None, str]]:
    with pytest.raises(InvalidRehearsal) as raised:
        parse_rehearsal("test.yml", text)
    return [(p.field, p.line, p.text) for p in raised.value.details]


def test_the_library_has_five_rehearsals_of_three_to_five_steps():
    files = sorted(CONTENT_DIR.glob("*.yml"))
    assert len(files) >= 5
    for path in files:
        content = parse_rehearsal(path.name, path.read_text())
        assert path.stem == content.slug
        assert 3 <= len(content.steps) <= 5, path.name
        assert content.reading_grade <= 4.0, (path.name, content.reading_grade)
        assert kind_counts(content)["safe"] >= len(content.steps)
        assert not content.warnings


def test_a_good_file_round_trips_through_json():
    content = parse_rehearsal("test.yml", GOOD)
    assert content.steps[1].answers[0].next == "end"  # next left out means the end
    assert RehearsalContent.from_json(content.to_json()) == content


def test_an_unknown_next_step_names_the_steps_there_are():
    found = problems(GOOD.replace("next: again", "next: agian"))
    assert found == [(
        "step-1-answer-2-next", 17,
        "Answer 2 of step 1 leads to 'agian', which is no step. Use one of: the-call, "
        "again, end.",
    )]  # fmt: skip


def test_an_unreachable_step_is_named():
    found = problems(GOOD.replace("next: again", "next: end"))
    assert found == [(
        "step-2-id", 18,
        "No answer leads to step 2 (again), so no customer ever hears it. Point an answer's "
        "next at it, or remove the step.",
    )]  # fmt: skip


def test_a_way_back_is_refused_so_every_call_ends():
    looped = GOOD.replace(
        "feedback: Well done. Saying no is safe.",
        "feedback: Well done. Saying no is safe.\n        next: the-call",
    )
    field, line, text = problems(looped)[0]
    assert field == "step-2-answer-1-next" and line == 24
    assert "leads back to step 1 (the-call)" in text


def test_missing_feedback_an_unknown_move_and_a_step_without_a_safe_answer():
    broken = GOOD.replace("        feedback: Good. Hanging up is safe.\n", "").replace(
        "move: refuse", "move: say_no"
    )
    found = {field: text for field, _, text in problems(broken)}
    assert found["step-1-answer-1-feedback"].startswith("Write the feedback customers hear")
    assert "'say_no' is no move. Use one of: hang_up, refuse" in found["step-2-answer-1-move"]


def test_feedback_that_praises_a_risky_move_is_refused():
    praised = GOOD.replace("feedback: That code lets him take your money.",
                           "feedback: Well done, that helps him.")  # fmt: skip
    assert problems(praised) == [(
        "step-2-answer-2-feedback", 26,
        "The feedback of answer 2 of step 2 praises a risky move. Say kindly why it is risky.",
    )]  # fmt: skip


def test_hard_words_fail_the_reading_grade():
    with pytest.raises(InvalidRehearsal) as raised:
        parse_rehearsal("test.yml", GOOD, max_grade=-1.0)
    assert "Use shorter sentences and shorter words." in raised.value.problems[0]


def test_a_yaml_mistake_is_said_as_what_to_change_on_its_line():
    found = problems(GOOD.replace("summary: A caller wants a code", "summary: Note: a caller"))
    assert found[0][1] == 3 and "colon inside a value needs quotes" in found[0][2]


def test_aliases_are_refused_before_anything_is_built():
    found = problems("slug: &a x\ntitle: *a\n")
    assert "anchors or aliases" in found[0][2]


def test_markup_is_removed_and_said():
    content = parse_rehearsal("t", GOOD.replace("Hang up\n", "<b>Hang</b> up\n", 1))
    assert content.steps[0].answers[0].answer == "Hang up"
    assert content.warnings == ["Removed markup from answer 1 of step 1."]


def test_every_library_file_is_in_the_folder_the_store_reads():
    assert Path(__file__).resolve().parents[3] / "lessons/rehearsals/content" == CONTENT_DIR
