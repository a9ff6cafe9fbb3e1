"""The authoring format: every library lesson imports; bad or hostile text does not get through."""

from pathlib import Path

import pytest

from lessons.errors import InvalidLesson
from lessons.format import parse_lesson, plain_text
from lessons.settings import LessonSettings
from tests.support import GOOD

LIBRARY = sorted(LessonSettings().content_dir.glob("*.md"))


def test_the_library_has_at_least_twelve_lessons():
    assert len(LIBRARY) >= 12


@pytest.mark.parametrize("path", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_every_library_lesson_imports_within_the_reading_level(path: Path):
    settings = LessonSettings()
    content = parse_lesson(path.name, path.read_text(), max_grade=settings.max_grade)
    assert content.slug == path.stem
    assert 3 <= len(content.steps) <= 6
    assert 2 <= len(content.quiz) <= 3
    assert all(len(s.text.split()) <= settings.max_step_words for s in content.steps)
    assert content.reading_grade <= settings.max_grade
    assert not content.warnings, "library lessons are written as plain text"


def test_a_good_lesson_parses():
    content = parse_lesson("good.md", GOOD)
    assert [s.title for s in content.steps] == ["One", "Two", "Three"]
    assert content.quiz[1].answer == 1  # stored from 0
    assert content.quiz[1].choices == ["First", "Second", "Third"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("slug: test-lesson", "slug: Not A Slug"), "slug"),
        (("answer: B", "answer: 7"), "not the number 7"),
        (("choices: [Yes, No]", "choices: [Yes]"), "2 to 4 choices"),
        (("## Three\nHang up if you feel rushed.\n", ""), "3 to 6 steps"),
        (("Never tell anyone your PIN.", "word " * 61), "61 words"),
        (("minutes: 1", "minutes: lots"), "minutes"),
        (("---\nslug", "slug"), "front matter"),
        (("title: A test lesson", "title: [unclosed"), "Line 3: A list opened with [ on this line"),
    ],
)
def test_broken_lessons_are_refused_with_a_reason(change, problem):
    with pytest.raises(InvalidLesson) as caught:
        parse_lesson("bad.md", GOOD.replace(*change, 1))
    assert problem in str(caught.value)


def test_every_problem_is_reported_at_once():
    bad = GOOD.replace("slug: test-lesson", "slug: BAD").replace("answer: B", "answer: 9")
    with pytest.raises(InvalidLesson) as caught:
        parse_lesson("bad.md", bad)
    assert len(caught.value.problems) == 2


def test_hard_text_fails_the_reading_level():
    hard = GOOD.replace(
        "Never tell anyone your PIN.",
        "Authentication credentials, particularly personal identification numbers, "
        "necessitate comprehensive confidentiality considerations.",
    )
    with pytest.raises(InvalidLesson) as caught:
        parse_lesson("hard.md", hard, max_grade=6.0)
    assert "reading grade" in str(caught.value)


@pytest.mark.parametrize(
    ("hostile", "plain"),
    [
        ("<script>alert(1)</script>Hang up.", "Hang up."),
        ('<img src=x onerror="alert(1)">Hang up.', "Hang up."),
        ("&lt;script&gt;alert(1)&lt;/script&gt;Hang up.", "Hang up."),
        ('<a href="javascript:alert(1)">Call us</a>', "Call us"),
        ("[Call us](javascript:alert(1))", "Call us"),
        ("**Never** share <b>your</b> PIN", "Never share your PIN"),
        ("<style>body{}</style>Fine", "Fine"),
        ("1 < 2 and 3 > 2", "1 2 and 3 2"),
    ],
)
def test_markup_and_script_never_get_through(hostile, plain):
    assert plain_text(hostile) == plain


def test_hostile_lesson_is_stored_as_plain_text_with_a_warning():
    hostile = GOOD.replace("Never tell anyone your PIN.", "Never <script>steal()</script>tell.")
    hostile = hostile.replace("title: A test lesson", 'title: "<b onclick=x()>A</b> test"')
    content = parse_lesson("hostile.md", hostile)
    text = " ".join([content.title, *(s.text for s in content.steps)])
    assert "<" not in text and "script" not in text and "onclick" not in text
    assert content.steps[1].text == "Never tell."
    assert content.warnings


def test_importing_a_yaml_alias_bomb_is_refused():
    from tests.lessons.yaml_bombs import alias_bomb

    with pytest.raises(InvalidLesson, match="anchors or aliases"):
        parse_lesson("laughs.md", alias_bomb())


@pytest.mark.parametrize("field", ["slug", "title", "summary", "language"])
def test_front_matter_fields_must_be_text(field):
    text = f"---\n{field}: {{nested: [1, 2, 3]}}\n---\n## Step\nHello.\n"
    with pytest.raises(InvalidLesson, match=f"Write {field} as plain text"):
        parse_lesson("typed.md", text)


def test_a_right_answer_written_as_a_number_is_explained_on_its_line():
    with pytest.raises(InvalidLesson) as caught:
        parse_lesson("bad.md", GOOD.replace("answer: B", "answer: 2"))
    assert caught.value.problems == [
        "Line 14: Write the right answer of question 2 as the letter learners see (A to C), "
        "not the number 2. If you mean choice 2, write answer: B."
    ]
    assert caught.value.details[0].field == "question-2-answer"
    with pytest.raises(InvalidLesson) as caught:
        parse_lesson("bad.md", GOOD.replace("answer: B", "answer: 0"))
    assert caught.value.problems[0].endswith("not the number 0. Question 2 has 3 choices, A to C.")


def test_a_heading_with_one_hash_that_makes_a_step_too_long_is_named_on_its_line():
    long_step = GOOD.replace(
        "## Two\nNever tell anyone your PIN.",
        "## Two\nNever tell anyone your PIN.\n\n# What to do\n" + "Call the bank. " * 20,
    )
    with pytest.raises(InvalidLesson) as caught:
        parse_lesson("bad.md", long_step, max_step_words=60)
    assert caught.value.problems == [
        "Line 23: '# What to do' starts with one #, so it is read as part of step 2's text, "
        "which makes step 2 69 words long. Start a new step with two: ## What to do"
    ]
    assert caught.value.details[0].field == "step-2-text"


def test_a_step_too_long_says_the_limit_and_why():
    with pytest.raises(InvalidLesson) as caught:
        parse_lesson(
            "bad.md", GOOD.replace("Never tell anyone your PIN.", "Call the bank now. " * 17)
        )
    assert caught.value.problems == [
        "Line 20: Step 2 has 68 words; keep a step to 60 words or fewer so it can be read aloud."
    ]
