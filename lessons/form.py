"""A lesson as the fields of the portal's form, and back to its Markdown.

The Markdown file with YAML front matter stays the one format that is stored,
imported and exported; the form is another way to write it. `read_fields` takes
a lesson file apart without judging it (a draft with problems must still open in
the form, to be fixed there), and `write_lesson` puts the fields back in the
library's layout, so a lesson written in that layout comes back unchanged:

    write_lesson(read_fields(text)) == text

The form names the right answer by the letter learners see, as the file does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import yaml

from lessons.errors import Problem
from lessons.format import (
    LETTERS,
    MAX_CHOICES,
    PICTURE_LINE,
    STEP_HEADING,
    plain_text,
    read_front_matter,
    unescape_alt,
)


@dataclass
class StepFields:
    title: str = ""
    """The step's heading, after '## '."""
    text: str = ""
    """What the step says, as written (lines kept)."""
    picture: str = ""
    """Its picture's name in the lesson file (pictures/....png), or empty."""
    alt: str = ""
    """What the picture shows, in words."""

    @property
    def words(self) -> int:
        """Words as the checker counts them (markup removed)."""
        return len(plain_text(self.text).split())


@dataclass
class QuestionFields:
    question: str = ""
    choices: list[str] = field(default_factory=lambda: ["", ""])
    """Two to four choices; the form shows four boxes and drops the empty ones."""
    answer: str = ""
    """The right choice's letter, A to D, as learners see it."""
    explanation: str = ""


@dataclass
class LessonFields:
    """Everything a lesson file holds, as the form's boxes hold it."""

    slug: str = ""
    title: str = ""
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    language: str = "en"
    minutes: str = "1"
    steps: list[StepFields] = field(default_factory=list)
    quiz: list[QuestionFields] = field(default_factory=list)


def read_fields(markdown: str) -> LessonFields:
    """The fields of a lesson file, whatever its problems.

    Raises:
        InvalidLesson: only when the front matter cannot be read at all (then the
            text editor, with its line-by-line advice, is the place to fix it).
    """
    meta, body = read_front_matter("lesson", markdown.replace("\r\n", "\n"))
    quiz = meta["quiz"] if isinstance(meta.get("quiz"), list) else []
    return LessonFields(
        slug=_text(meta.get("slug")),
        title=_text(meta.get("title")),
        summary=_text(meta.get("summary")),
        tags=_words(meta.get("tags")),
        keywords=_words(meta.get("keywords")),
        language=_text(meta.get("language", "en")),
        minutes=_text(meta.get("minutes", 1)),
        steps=_read_steps(body),
        quiz=[_read_question(item) for item in quiz],
    )


def write_lesson(fields: LessonFields) -> str:
    """The lesson file, in the library's layout (see lessons/content/)."""
    lines = [
        "---",
        f"slug: {_scalar(fields.slug)}",
        f"title: {_scalar(fields.title)}",
        f"summary: {_scalar(fields.summary)}",
        f"tags: {_flow(fields.tags)}",
        f"keywords: {_flow(fields.keywords)}",
        f"language: {_scalar(fields.language)}",
        f"minutes: {fields.minutes if fields.minutes.isdigit() else _quoted(fields.minutes)}",
        "quiz:" if fields.quiz else "quiz: []",
    ]
    for item in fields.quiz:
        lines.append(f"  - question: {_quoted(item.question)}")
        lines.append("    choices:")
        lines += [f"      - {_quoted(choice)}" for choice in item.choices]
        lines.append(f"    answer: {_scalar(item.answer)}")
        lines.append(f"    explanation: {_quoted(item.explanation)}")
    lines.append("---")
    steps = [
        f"## {' '.join(s.title.split())}\n{_picture_line(s)}{_step_text(s.text)}\n"
        for s in fields.steps
    ]
    return "\n".join(lines) + "\n" + "\n".join(steps)


def form_problems(fields: LessonFields) -> list[Problem]:
    """What the form allows but a lesson file cannot say: found before the file is written."""
    problems = []
    for number, step in enumerate(fields.steps, start=1):
        if not step.title:
            problems.append(Problem(f"Give step {number} a heading.", f"step-{number}-title"))
        if STEP_HEADING.search(step.text):
            problems.append(Problem(
                f"A line of step {number} starts with ##, which would start a new step. "
                "Add a step with the Add a step button instead.",
                f"step-{number}-text",
            ))  # fmt: skip
        if PICTURE_LINE.search(step.text):
            problems.append(Problem(
                f"A line of step {number} is a picture written as text. Use step {number}'s "
                "picture field instead.",
                f"step-{number}-text",
            ))  # fmt: skip
        if step.picture and not " ".join(step.alt.split()):
            problems.append(Problem(
                f"Say in words what step {number}'s picture shows: it is read aloud to "
                "learners who cannot see it.",
                f"step-{number}-picture-alt",
            ))  # fmt: skip
    return problems


# -- the form as posted -------------------------------------------------------


def from_form(form: Mapping[str, str]) -> LessonFields:
    """The fields from a posted form (names as `form_names` gives them)."""

    def get(name: str) -> str:
        return str(form.get(name, "")).replace("\r\n", "\n")

    steps: list[StepFields] = []
    while f"step-{len(steps) + 1}-title" in form or f"step-{len(steps) + 1}-text" in form:
        number = len(steps) + 1
        steps.append(
            StepFields(
                get(f"step-{number}-title").strip(),
                get(f"step-{number}-text"),
                get(f"step-{number}-picture").strip(),
                get(f"step-{number}-picture-alt").strip(),
            )
        )
    quiz: list[QuestionFields] = []
    while f"question-{len(quiz) + 1}-text" in form:
        number = len(quiz) + 1
        boxes = [get(f"question-{number}-choice-{letter}").strip() for letter in LETTERS]
        filled = [(letter, text) for letter, text in zip(LETTERS, boxes, strict=True) if text]
        chosen = get(f"question-{number}-answer").strip().upper()
        # Empty boxes are dropped, so the chosen letter moves with its choice.
        answer = next((LETTERS[i] for i, (letter, _) in enumerate(filled) if letter == chosen), "")
        quiz.append(
            QuestionFields(
                question=get(f"question-{number}-text").strip(),
                choices=[text for _, text in filled],
                answer=answer,
                explanation=get(f"question-{number}-explanation").strip(),
            )
        )
    return LessonFields(
        slug=get("slug").strip(),
        title=get("title").strip(),
        summary=get("summary").strip(),
        tags=_split(get("tags")),
        keywords=_split(get("keywords")),
        language=get("language").strip() or "en",
        minutes=get("minutes").strip(),
        steps=steps,
        quiz=quiz,
    )


def form_values(fields: LessonFields) -> dict[str, str]:
    """What the form's boxes hold for these fields: the inverse of `from_form`."""
    values = {
        "slug": fields.slug,
        "title": fields.title,
        "summary": fields.summary,
        "tags": ", ".join(fields.tags),
        "keywords": ", ".join(fields.keywords),
        "language": fields.language,
        "minutes": fields.minutes,
    }
    for number, step in enumerate(fields.steps, start=1):
        values[f"step-{number}-title"] = step.title
        values[f"step-{number}-text"] = step.text
        values[f"step-{number}-picture"] = step.picture
        values[f"step-{number}-picture-alt"] = step.alt
    for number, item in enumerate(fields.quiz, start=1):
        values[f"question-{number}-text"] = item.question
        for index, letter in enumerate(LETTERS[:MAX_CHOICES]):
            choice = item.choices[index] if index < len(item.choices) else ""
            values[f"question-{number}-choice-{letter}"] = choice
        values[f"question-{number}-answer"] = item.answer
        values[f"question-{number}-explanation"] = item.explanation
    return values


# -- changing the form's shape -------------------------------------------------

_ACTION = re.compile(r"^(add-step|add-question|remove-step|step-up|step-down|remove-question"
                     r"|remove-picture)(?:-(\d+))?$")  # fmt: skip


@dataclass(frozen=True)
class Changed:
    fields: LessonFields
    said: str
    """What was done and what happens next, for the page's status line."""
    focus: str
    """The id of the control that keeps the keyboard's place after the page reloads."""


def change_shape(fields: LessonFields, action: str) -> Changed | None:
    """Add, remove or move a step, add or remove a question; None if `action` is none of those."""
    match = _ACTION.match(action)
    if not match:
        return None
    kind, number = match.group(1), int(match.group(2) or 0)
    steps, quiz = list(fields.steps), list(fields.quiz)
    unsaved = "Nothing is saved until you choose Save draft."
    if kind == "add-step":
        steps.append(StepFields())
        said, focus = f"Step {len(steps)} added at the end. {unsaved}", f"step-{len(steps)}-title"
    elif kind == "add-question":
        quiz.append(QuestionFields())
        said, focus = (
            f"Question {len(quiz)} added at the end. {unsaved}",
            f"question-{len(quiz)}-text",
        )
    elif not 1 <= number <= (len(quiz) if kind == "remove-question" else len(steps)):
        return Changed(fields, "That step or question is no longer there.", "lesson-title")
    elif kind == "remove-step":
        gone = steps.pop(number - 1)
        said = f"Step {number} ({gone.title or 'no title'}) removed. {unsaved}"
        focus = "add-step"
    elif kind == "remove-question":
        quiz.pop(number - 1)
        said, focus = f"Question {number} removed. {unsaved}", "add-question"
    elif kind == "remove-picture":
        steps[number - 1] = replace(steps[number - 1], picture="", alt="")
        said = f"The picture of step {number} is taken off. {unsaved}"
        focus = f"step-{number}-picture-file"
    else:
        to = number - 1 if kind == "step-up" else number + 1
        if not 1 <= to <= len(steps):
            return Changed(fields, f"Step {number} is already the {'first' if to < 1 else 'last'}.",
                           f"{kind}-{number}")  # fmt: skip
        steps[number - 1], steps[to - 1] = steps[to - 1], steps[number - 1]
        said = f"Step {number} is now step {to}. {unsaved}"
        edge = (kind == "step-up" and to == 1) or (kind == "step-down" and to == len(steps))
        focus = f"step-{to}-title" if edge else f"{kind}-{to}"
    return Changed(replace(fields, steps=steps, quiz=quiz), said, focus)


# -- helpers -------------------------------------------------------------------


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _words(value: object) -> list[str]:
    if isinstance(value, list):
        return [_text(v) for v in value]
    return _split(_text(value))


def _split(text: str) -> list[str]:
    return [word.strip() for word in text.split(",") if word.strip()]


def _read_steps(body: str) -> list[StepFields]:
    headings = list(STEP_HEADING.finditer(body))
    steps = []
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(body)
        text = body[heading.end() : end]
        picture = PICTURE_LINE.search(text)
        if picture is None:
            steps.append(StepFields(heading.group(1), text.strip("\n")))
            continue
        # The first picture goes to the picture field; the file's checks name any other.
        rest = text[: picture.start()] + text[picture.end() :].removeprefix("\n")
        steps.append(
            StepFields(
                heading.group(1),
                rest.strip("\n"),
                picture.group(2),
                unescape_alt(picture.group(1)),
            )
        )
    if not headings and body.strip():
        steps.append(StepFields("", body.strip("\n")))
    return steps


def _read_question(item: object) -> QuestionFields:
    if not isinstance(item, dict):
        return QuestionFields(question=_text(item))
    choices = (
        [_text(c) for c in item.get("choices") or []]
        if isinstance(item.get("choices"), list)
        else []
    )
    answer = item.get("answer")
    if isinstance(answer, int) and not isinstance(answer, bool) and 1 <= answer <= len(choices):
        letter = LETTERS[answer - 1]  # an older file counted from 1: the form shows the letter
    else:
        letter = _text(answer).strip().upper()
    return QuestionFields(
        question=_text(item.get("question")),
        choices=choices,
        answer=letter,
        explanation=_text(item.get("explanation")),
    )


def _picture_line(step: StepFields) -> str:
    """The step's picture as its line in the file, right under the heading; brackets and
    backslashes in the words are escaped, so that they stay words."""
    if not step.picture:
        return ""
    alt = re.sub(r"([\\\[\]])", r"\\\1", " ".join(step.alt.split()))
    return f"![{alt}]({step.picture.strip()})\n"


def _step_text(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").strip("\n").split("\n")]
    return "\n".join(lines).strip()


def _plain_ok(value: str, wrap: str) -> bool:
    """Whether `value` reads back as itself written without quotes (inside `wrap`)."""
    if value != value.strip() or "\n" in value or not value or value.startswith(("'", '"')):
        return False
    try:
        return yaml.safe_load(wrap.format(value)) == yaml.safe_load(wrap.format(json.dumps(value)))
    except yaml.YAMLError:
        return False


def _scalar(value: str) -> str:
    return value if _plain_ok(value, "x: {}") else _quoted(value)


def _flow(values: list[str]) -> str:
    items = [v if _plain_ok(v, "[{}]") and "," not in v else _quoted(v) for v in values]
    return "[" + ", ".join(items) + "]"


def _quoted(value: str) -> str:
    """A YAML double-quoted string: JSON's escapes are YAML's too."""
    return json.dumps(" ".join(value.split()), ensure_ascii=False)
