"""Mistakes in a lesson file's front matter are said as what to change on which line,
never as the YAML parser's own words."""

import pytest

from lessons.errors import InvalidLesson
from lessons.format import parse_lesson
from tests.support import GOOD

PARSER_WORDS = ("while parsing", "block mapping", "<block end>", "mapping values", "column")


def problems(text: str) -> list[str]:
    with pytest.raises(InvalidLesson) as caught:
        parse_lesson("bad.md", text)
    said = caught.value.problems
    assert not any(word in p for p in said for word in PARSER_WORDS), said
    return said


def test_an_unquoted_colon_in_a_value_says_to_quote_the_value():
    bad = GOOD.replace("summary: A short lesson used by the tests.", "summary: Scams: what to do")
    assert problems(bad) == [
        "Line 4: A colon inside a value needs quotes around the value, like "
        'summary: "Scams: what to do"'
    ]


def test_an_unquoted_colon_in_a_question_says_to_quote_it():
    bad = GOOD.replace("  - question: Is this a test?", "  - question: Test: is it?")
    assert problems(bad) == [
        "Line 8: A colon inside a value needs quotes around the value, like "
        'question: "Test: is it?"'
    ]


@pytest.mark.parametrize(
    ("wrong", "said"),
    [
        (
            "     answer: B",
            "Line 14: This line starts with 5 spaces, one space too many: start it with 4 spaces",
        ),
        (
            "   answer: B",
            "Line 14: This line starts with 3 spaces, one space too few: start it with 4 spaces",
        ),
    ],
)
def test_one_space_of_wrong_indent_names_the_line_and_the_spaces(wrong, said):
    said_now = problems(GOOD.replace("    answer: B", wrong))
    assert len(said_now) == 1 and said_now[0].startswith(said)


def test_a_question_one_space_too_far_in_is_lined_up_with_the_other_question():
    said = problems(
        GOOD.replace("  - question: Pick the second.", "   - question: Pick the second.")
    )
    assert said[0].startswith("Line 12: This line starts with 3 spaces, one space too many: "
                              "start it with 2 spaces")  # fmt: skip


def test_a_tab_an_open_quote_and_an_open_list_are_each_named():
    assert problems(GOOD.replace("    answer: B", "\tanswer: B")) == [
        "Line 14: Use spaces, not tabs, at the start of this line."
    ]
    assert problems(GOOD.replace("title: A test lesson", 'title: "A test lesson')) == [
        "Line 3: A quote opened on this line is not closed: end the value with the same quote mark."
    ]
    assert problems(GOOD.replace("tags: [test]", "tags: [test")) == [
        "Line 5: A list opened with [ on this line is not closed with ]. End it with ], "
        "or put quotes around a value that starts with [."
    ]


def test_even_indent_mistakes_still_point_at_a_line_in_words():
    said = problems(GOOD.replace("    answer: B", "      answer: B"))
    assert said[0].startswith("Line 14: The spaces at the start of this line do not line up")
