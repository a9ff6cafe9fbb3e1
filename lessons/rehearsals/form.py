"""A rehearsal as the fields of the portal's form, and back to its YAML file.

The file stays the one format that is stored, imported and exported; the form is
another way to write it. `read_fields` takes a file apart without judging it (a draft
with problems must still open in the form), and `write_rehearsal` puts the fields back
in the library's layout, so that a file written in that layout comes back unchanged:

    write_rehearsal(read_fields(text)) == text

Field names: slug, title, summary, lesson, keywords, language, remember; for step n,
step-n-id and step-n-caller; for its answer m, step-n-answer-m-text, -move, -feedback
and -next. They are the `field` of the format's problems, so each problem is shown
next to its box.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import yaml

from lessons.rehearsals.format import END, MAX_ANSWERS, MAX_STEPS, read_rehearsal_file


@dataclass
class AnswerFields:
    text: str = ""
    move: str = ""
    feedback: str = ""
    next: str = END


@dataclass
class StepFields:
    id: str = ""
    caller: str = ""
    answers: list[AnswerFields] = field(default_factory=lambda: [AnswerFields(), AnswerFields()])


@dataclass
class RehearsalFields:
    slug: str = ""
    title: str = ""
    summary: str = ""
    lesson: str = ""
    keywords: list[str] = field(default_factory=list)
    language: str = "en"
    remember: str = ""
    steps: list[StepFields] = field(default_factory=list)


def read_fields(text: str) -> RehearsalFields:
    """The fields of a rehearsal file, whatever its problems.

    Raises:
        InvalidRehearsal: only when the file cannot be read as YAML at all (then the text
            editor, with its line-by-line advice, is the place to fix it).
    """
    meta, _ = read_rehearsal_file("rehearsal", text)
    steps = meta["steps"] if isinstance(meta.get("steps"), list) else []
    keywords = meta.get("keywords")
    return RehearsalFields(
        slug=_text(meta.get("slug")),
        title=_text(meta.get("title")),
        summary=_text(meta.get("summary")),
        lesson=_text(meta.get("lesson")),
        keywords=[_text(k) for k in keywords] if isinstance(keywords, list) else [],
        language=_text(meta.get("language", "en")),
        remember=_text(meta.get("remember")),
        steps=[_read_step(item) for item in steps],
    )


def write_rehearsal(fields: RehearsalFields) -> str:
    """The rehearsal file, in the library's layout (see lessons/rehearsals/content/)."""
    lines = [
        f"slug: {_scalar(fields.slug)}",
        f"title: {_scalar(fields.title)}",
        f"summary: {_scalar(fields.summary)}",
    ]
    if fields.lesson:
        lines.append(f"lesson: {_scalar(fields.lesson)}")
    lines += [
        f"keywords: {_flow(fields.keywords)}",
        f"language: {_scalar(fields.language)}",
        f"remember: {_scalar(fields.remember)}",
        "steps:" if fields.steps else "steps: []",
    ]
    for step in fields.steps:
        lines.append(f"  - id: {_scalar(step.id)}")
        lines.append(f"    caller: {_scalar(step.caller)}")
        lines.append("    answers:" if step.answers else "    answers: []")
        for answer in step.answers:
            lines.append(f"      - answer: {_scalar(answer.text)}")
            lines.append(f"        move: {_scalar(answer.move)}")
            lines.append(f"        feedback: {_scalar(answer.feedback)}")
            lines.append(f"        next: {_scalar(answer.next or END)}")
    return "\n".join(lines) + "\n"


# -- the form as posted ---------------------------------------------------------------


def from_form(form: Mapping[str, str]) -> RehearsalFields:
    """The fields from a posted form (names as `form_values` gives them)."""

    def get(name: str) -> str:
        return " ".join(str(form.get(name, "")).split())

    steps: list[StepFields] = []
    while f"step-{len(steps) + 1}-id" in form and len(steps) < MAX_STEPS * 2:
        n = len(steps) + 1
        answers: list[AnswerFields] = []
        while f"step-{n}-answer-{len(answers) + 1}-text" in form and len(answers) < 8:
            name = f"step-{n}-answer-{len(answers) + 1}"
            answers.append(
                AnswerFields(
                    get(f"{name}-text"),
                    get(f"{name}-move"),
                    get(f"{name}-feedback"),
                    get(f"{name}-next") or END,
                )
            )
        steps.append(StepFields(get(f"step-{n}-id"), get(f"step-{n}-caller"), answers))
    return RehearsalFields(
        slug=get("slug"),
        title=get("title"),
        summary=get("summary"),
        lesson=get("lesson"),
        keywords=[w.strip() for w in get("keywords").split(",") if w.strip()],
        language=get("language") or "en",
        remember=get("remember"),
        steps=steps,
    )


def form_values(fields: RehearsalFields) -> dict[str, str]:
    """What the form's boxes hold for these fields: the inverse of `from_form`."""
    values = {
        "slug": fields.slug,
        "title": fields.title,
        "summary": fields.summary,
        "lesson": fields.lesson,
        "keywords": ", ".join(fields.keywords),
        "language": fields.language,
        "remember": fields.remember,
    }
    for n, step in enumerate(fields.steps, start=1):
        values[f"step-{n}-id"] = step.id
        values[f"step-{n}-caller"] = step.caller
        for m, answer in enumerate(step.answers, start=1):
            name = f"step-{n}-answer-{m}"
            values[f"{name}-text"] = answer.text
            values[f"{name}-move"] = answer.move
            values[f"{name}-feedback"] = answer.feedback
            values[f"{name}-next"] = answer.next
    return values


# -- changing the form's shape ---------------------------------------------------------

_ACTION = re.compile(r"^(add-step|remove-step|add-answer|remove-answer)(?:-(\d+))?(?:-(\d+))?$")


@dataclass(frozen=True)
class Changed:
    fields: RehearsalFields
    said: str
    """What was done, for the page's status line."""
    focus: str
    """The id of the control that keeps the keyboard's place after the page reloads."""


def change_shape(fields: RehearsalFields, action: str) -> Changed | None:
    """Add or remove a step or an answer; None if `action` is none of those."""
    match = _ACTION.match(action)
    if not match:
        return None
    kind = match.group(1)
    n, m = int(match.group(2) or 0), int(match.group(3) or 0)
    steps = [replace(s, answers=list(s.answers)) for s in fields.steps]
    unsaved = "Nothing is saved until you choose Save draft."
    if kind == "add-step":
        if len(steps) >= MAX_STEPS:
            return Changed(fields, f"A rehearsal has at most {MAX_STEPS} steps.", "add-step")
        steps.append(StepFields(id=f"step-{len(steps) + 1}"))
        said, focus = f"Step {len(steps)} added at the end. {unsaved}", f"step-{len(steps)}-id"
    elif not 1 <= n <= len(steps):
        return Changed(fields, "That step is no longer there.", "title")
    elif kind == "remove-step":
        gone = steps.pop(n - 1)
        said, focus = f"Step {n} ({gone.id or 'no id'}) removed. {unsaved}", "add-step"
    elif kind == "add-answer":
        if len(steps[n - 1].answers) >= MAX_ANSWERS:
            return Changed(fields, f"A step has at most {MAX_ANSWERS} answers.", f"add-answer-{n}")
        steps[n - 1].answers.append(AnswerFields())
        count = len(steps[n - 1].answers)
        said = f"Answer {count} added to step {n}. {unsaved}"
        focus = f"step-{n}-answer-{count}-text"
    else:
        if not 1 <= m <= len(steps[n - 1].answers):
            return Changed(fields, "That answer is no longer there.", f"add-answer-{n}")
        steps[n - 1].answers.pop(m - 1)
        said, focus = f"Answer {m} of step {n} removed. {unsaved}", f"add-answer-{n}"
    return Changed(replace(fields, steps=steps), said, focus)


# -- helpers ----------------------------------------------------------------------------


def _text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def _read_step(item: object) -> StepFields:
    if not isinstance(item, dict):
        return StepFields(caller=_text(item), answers=[])
    answers = item.get("answers") if isinstance(item.get("answers"), list) else []
    return StepFields(
        id=_text(item.get("id")),
        caller=_text(item.get("caller")),
        answers=[_read_answer(a) for a in answers or []],
    )


def _read_answer(item: object) -> AnswerFields:
    if not isinstance(item, dict):
        return AnswerFields(text=_text(item))
    return AnswerFields(
        text=_text(item.get("answer")),
        move=_text(item.get("move")),
        feedback=_text(item.get("feedback")),
        next=_text(item.get("next")) or END,
    )


def _plain_ok(value: str, wrap: str) -> bool:
    """Whether `value` reads back as itself written without quotes (inside `wrap`)."""
    if not value or value != value.strip() or value.startswith(("'", '"')):
        return False
    try:
        return yaml.safe_load(wrap.format(value)) == yaml.safe_load(wrap.format(json.dumps(value)))
    except yaml.YAMLError:
        return False


def _scalar(value: str) -> str:
    return value if _plain_ok(value, "x: {}") else json.dumps(value, ensure_ascii=False)


def _flow(values: list[str]) -> str:
    items = [
        v if _plain_ok(v, "[{}]") and "," not in v else json.dumps(v, ensure_ascii=False)
        for v in values
    ]
    return "[" + ", ".join(items) + "]"
