"""The rehearsal file: one YAML file per practice call, in lessons/rehearsals/content/.

    slug: safe-account-call
    title: The "safe account" call
    summary: A caller says your money is in danger and must be moved.
    lesson: safe-account-calls        # the lesson that offers this practice at its end
    keywords: [safe account, police]  # words that find it ("let me practise the police call")
    language: en
    remember: Real banks never ask you to move your money. Hang up and call the bank.
    steps:
      - id: the-call                  # the first step is where the call starts
        caller: Hello, this is Mark from your bank. Thieves are in your account.
        answers:
          - answer: Hang up           # the button; customers may also answer in words
            move: hang_up             # a move named in moves.py: safe, risky or neutral
            feedback: Well done. Hanging up is always safe.
            next: end                 # another step's id, or end (the default)
          - answer: Ask what to do
            move: ask_questions
            feedback: Asking is fair, but he has answers ready.
            next: the-code

Every text is made plain (lessons.format.plain_text) and checked: 2 to 8 steps; each
step with a caller's line and 2 to 4 answers, at least one safe and one risky; every
answer with feedback and a next step that exists; every step reachable from the first,
and no way back to an earlier step, so every call ends; the words short enough to be
read aloud, and the reading grade as for lessons. Every problem is reported at once,
with the line it is on and the portal form's field it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

import yaml

from lessons.errors import Problem
from lessons.format import plain_text, reading_grade
from lessons.rehearsals.errors import InvalidRehearsal
from lessons.rehearsals.moves import MOVES, NEUTRAL, RISKY, SAFE
from lessons.yaml_errors import yaml_problem

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
END = "end"
MIN_STEPS, MAX_STEPS = 2, 8
MIN_ANSWERS, MAX_ANSWERS = 2, 4
MAX_CALLER_WORDS = 40
MAX_FEEDBACK_WORDS = 35
MAX_ANSWER_WORDS, MAX_ANSWER_CHARS = 8, 50
MAX_REMEMBER_WORDS = 30
MAX_DECISIONS = 6  # the longest way through the call, in answers
MAX_FILE_CHARS = 20_000
# Feedback that cheers a risky move, or scolds a safe one, teaches the wrong thing.
_PRAISE = re.compile(r"^(?:well done|good|great|right|correct|perfect|excellent)\b", re.I)
_SCOLD = re.compile(r"^(?:that is (?:risky|what the scammer wants)|careful|wrong|no\b)", re.I)


@dataclass(frozen=True)
class Answer:
    answer: str
    """The button's words."""
    move: str
    """A move's name from moves.MOVES."""
    feedback: str
    """What the assistant says after this answer, kindly."""
    next: str
    """The next step's id, or END."""


@dataclass(frozen=True)
class Step:
    id: str
    caller: str
    """The scammer's line, shown marked as practice."""
    answers: list[Answer]


@dataclass(frozen=True)
class RehearsalContent:
    """One version of a rehearsal, checked and made plain."""

    slug: str
    title: str
    summary: str
    lesson: str | None
    keywords: list[str]
    language: str
    remember: str
    """The one thing to remember, said at the end."""
    steps: list[Step]
    reading_grade: float
    warnings: list[str] = field(default_factory=list)

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("warnings")
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RehearsalContent:
        steps = [
            Step(s["id"], s["caller"], [Answer(**a) for a in s["answers"]]) for s in data["steps"]
        ]
        return cls(**{**data, "steps": steps})


def parse_rehearsal(source: str, text: str, *, max_grade: float = 7.0) -> RehearsalContent:
    """Parse and check one rehearsal file.

    Raises:
        InvalidRehearsal: with every problem found, each with its form field and file line.
    """
    meta, lines = read_rehearsal_file(source, text)
    problems: list[Problem] = []
    warnings: list[str] = []

    def clean(value: object, where: str) -> str:
        if value is None:
            return ""
        cleaned = plain_text(value)
        if cleaned != " ".join(str(value).split()):
            warnings.append(f"Removed markup from {where}.")
        return cleaned

    def add(text: str, field: str | None, *path: object) -> None:
        line = None
        for end in range(len(path), 0, -1):  # the most precise line known
            line = lines.get(path[:end])
            if line is not None:
                break
        problems.append(Problem(text, field, line))

    for name in ("slug", "title", "summary", "language", "remember", "lesson"):
        if isinstance(meta.get(name), (list, dict)):
            add(f"Write {name} as plain text on one line.", name, name)
            meta[name] = ""
    slug = str(meta.get("slug") or "").strip()
    if not SLUG.match(slug) or len(slug) > 60:
        add("Give a slug of lowercase letters, digits and dashes, such as prize-call.",
            "slug", "slug")  # fmt: skip
    title = clean(meta.get("title"), "the title")
    if not 3 <= len(title) <= 80:
        add("Give a title of 3 to 80 characters.", "title", "title")
    summary = clean(meta.get("summary"), "the summary")
    if not 10 <= len(summary) <= 200:
        add("Give a summary of one sentence (10 to 200 characters).", "summary", "summary")
    lesson = str(meta.get("lesson") or "").strip() or None
    if lesson is not None and not SLUG.match(lesson):
        add("Name the matching lesson by its slug, such as safe-account-calls, or leave "
            "lesson out.", "lesson", "lesson")  # fmt: skip
    keywords = _keywords(meta.get("keywords"), add, clean)
    language = str(meta.get("language") or "en").strip().lower()
    if not re.fullmatch(r"[a-z]{2}", language):
        add("Give the language as a two-letter code, such as en.", "language", "language")
    remember = clean(meta.get("remember"), "the thing to remember")
    if not remember or len(remember.split()) > MAX_REMEMBER_WORDS:
        add(f"Give the one thing to remember, in {MAX_REMEMBER_WORDS} words or fewer.",
            "remember", "remember")  # fmt: skip
    for unknown in sorted(set(meta) - _KEYS, key=str):
        add(f"'{unknown}' is not part of a rehearsal. Use only: {', '.join(sorted(_KEYS))}.",
            None, unknown)  # fmt: skip

    steps = _steps(meta.get("steps"), add, clean)
    ids = [s.id for s in steps]
    if steps and all(SLUG.match(i) and i != END for i in ids) and len(set(ids)) == len(ids):
        _check_paths(steps, add)
    grade = 0.0
    texts = [s.caller for s in steps] + [a.feedback for s in steps for a in s.answers]
    if [t for t in texts if t]:
        grade = reading_grade([t for t in [*texts, remember] if t])
        if grade > max_grade:
            add(f"The reading grade is {grade:.1f}, above the limit of {max_grade:.1f}. "
                "Use shorter sentences and shorter words.", None)  # fmt: skip
    if problems:
        raise InvalidRehearsal(source, problems)
    return RehearsalContent(
        slug=slug,
        title=title,
        summary=summary,
        lesson=lesson,
        keywords=keywords,
        language=language,
        remember=remember,
        steps=steps,
        reading_grade=round(grade, 1),
        warnings=warnings,
    )


_KEYS = {"slug", "title", "summary", "lesson", "keywords", "language", "remember", "steps"}
_STEP_KEYS = {"id", "caller", "answers"}
_ANSWER_KEYS = {"answer", "move", "feedback", "next"}
Lines = dict[tuple[object, ...], int]


def read_rehearsal_file(source: str, text: str) -> tuple[dict[str, Any], Lines]:
    """The file as a dict, and the line of each key in it, before any check.

    Keys are paths: ("title",), ("steps", 2, "caller"), ("steps", 2, "answers", 1, "next"),
    counted from 1 as educators count. YAML anchors and aliases are refused before
    anything is built (they can expand to gigabytes); a YAML error is said as what to
    change on which line (lessons.yaml_errors).

    Raises:
        InvalidRehearsal: when the text is too long, not YAML, or not a set of names.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if len(text) > MAX_FILE_CHARS:
        raise InvalidRehearsal(
            source, [f"The file is too long: keep it under {MAX_FILE_CHARS} characters."]
        )
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise InvalidRehearsal(
                    source,
                    [Problem("The file uses YAML anchors or aliases (& or *). "
                             "Write each value out in full.", line=event.start_mark.line + 1)],
                )  # fmt: skip
        meta = yaml.safe_load(text) or {}
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise InvalidRehearsal(source, [yaml_problem(error, text, 1)]) from None
    if not isinstance(meta, dict):
        raise InvalidRehearsal(
            source, [Problem("Write the rehearsal as 'name: value' lines, starting with "
                             "slug: and title:.", line=1)]
        )  # fmt: skip
    lines: Lines = {}
    _walk(node, (), lines)
    return meta, lines


def _walk(node: yaml.Node | None, path: tuple[object, ...], lines: Lines) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = (*path, key.value)
            lines[here] = key.start_mark.line + 1
            _walk(value, here, lines)
    elif isinstance(node, yaml.SequenceNode):
        for number, item in enumerate(node.value, start=1):
            here = (*path, number)
            lines[here] = item.start_mark.line + 1
            _walk(item, here, lines)


def _keywords(value, add, clean) -> list[str]:  # type: ignore[no-untyped-def]
    if value is None or value == []:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        add("Write keywords as a list of words, such as [police, safe account].",
            "keywords", "keywords")  # fmt: skip
        return []
    return [w for w in (clean(v, "keywords").lower() for v in value) if w]


def _steps(value, add, clean) -> list[Step]:  # type: ignore[no-untyped-def]
    if not isinstance(value, list) or not MIN_STEPS <= len(value) <= MAX_STEPS:
        count = f"; this one has {len(value)}" if isinstance(value, list) else ""
        add(f"Write {MIN_STEPS} to {MAX_STEPS} steps under 'steps:'{count}.", "steps", "steps")
        if not isinstance(value, list):
            return []
    steps: list[Step] = []
    seen: set[str] = set()
    for n, item in enumerate(value, start=1):
        where = ("steps", n)
        if not isinstance(item, dict):
            add(f"Write step {n} with id, caller and answers.", f"step-{n}-id", *where)
            continue
        for unknown in sorted(set(item) - _STEP_KEYS, key=str):
            add(f"Step {n} has '{unknown}', which a step does not use. Use id, caller and "
                "answers.", f"step-{n}-id", *where, unknown)  # fmt: skip
        step_id = str(item.get("id") or "").strip()
        if not SLUG.match(step_id) or step_id == END or len(step_id) > 40:
            add(f"Give step {n} an id of lowercase words joined by dashes, such as the-code "
                f"(not '{END}').", f"step-{n}-id", *where, "id")  # fmt: skip
        elif step_id in seen:
            add(f"Two steps are called {step_id}. Give step {n} another id.",
                f"step-{n}-id", *where, "id")  # fmt: skip
        seen.add(step_id)
        caller = clean(item.get("caller"), f"step {n}")
        words = len(caller.split())
        if not caller:
            add(f"Write what the caller says in step {n}.", f"step-{n}-caller", *where, "caller")
        elif words > MAX_CALLER_WORDS:
            add(f"The caller says {words} words in step {n}; keep it to {MAX_CALLER_WORDS} "
                "or fewer so it can be read aloud.",
                f"step-{n}-caller", *where, "caller")  # fmt: skip
        answers = _answers(n, item.get("answers"), add, clean)
        steps.append(Step(step_id, caller, answers))
    return steps


def _answers(n: int, value, add, clean) -> list[Answer]:  # type: ignore[no-untyped-def]
    where = ("steps", n, "answers")
    if not isinstance(value, list) or not MIN_ANSWERS <= len(value) <= MAX_ANSWERS:
        add(f"Give step {n} {MIN_ANSWERS} to {MAX_ANSWERS} answers.", f"step-{n}-answers",
            *where)  # fmt: skip
        if not isinstance(value, list):
            return []
    answers: list[Answer] = []
    for m, item in enumerate(value, start=1):
        name = f"step-{n}-answer-{m}"
        said = f"answer {m} of step {n}"
        here = (*where, m)
        if not isinstance(item, dict):
            add(f"Write {said} with answer, move, feedback and next.", f"{name}-text", *here)
            continue
        for unknown in sorted(set(item) - _ANSWER_KEYS, key=str):
            add(f"{said.capitalize()} has '{unknown}', which an answer does not use. Use "
                "answer, move, feedback and next.", f"{name}-text", *here, unknown)  # fmt: skip
        text = clean(item.get("answer"), said)
        if not text:
            add(f"Write the button's words for {said}.", f"{name}-text", *here, "answer")
        elif len(text.split()) > MAX_ANSWER_WORDS or len(text) > MAX_ANSWER_CHARS:
            add(f"Keep the button of {said} to {MAX_ANSWER_WORDS} words and "
                f"{MAX_ANSWER_CHARS} characters.", f"{name}-text", *here, "answer")  # fmt: skip
        move = str(item.get("move") or "").strip()
        if move not in MOVES:
            add(f"Choose the move of {said}" + (f"; '{move}' is no move" if move else "")
                + f". Use one of: {', '.join(MOVES)}.", f"{name}-move", *here, "move")  # fmt: skip
        feedback = clean(item.get("feedback"), said)
        words = len(feedback.split())
        if not feedback:
            add(f"Write the feedback customers hear after {said}: kind, and why.",
                f"{name}-feedback", *here, "feedback")  # fmt: skip
        elif words > MAX_FEEDBACK_WORDS:
            add(f"The feedback of {said} has {words} words; keep it to {MAX_FEEDBACK_WORDS} "
                "or fewer.", f"{name}-feedback", *here, "feedback")  # fmt: skip
        kind = MOVES[move].kind if move in MOVES else None
        if feedback and kind == RISKY and _PRAISE.match(feedback):
            add(f"The feedback of {said} praises a risky move. Say kindly why it is risky.",
                f"{name}-feedback", *here, "feedback")  # fmt: skip
        elif feedback and kind == SAFE and _SCOLD.match(feedback):
            add(f"The feedback of {said} scolds a safe move. Say why it is safe.",
                f"{name}-feedback", *here, "feedback")  # fmt: skip
        next_id = str(item.get("next") or END).strip()
        answers.append(Answer(text, move, feedback, next_id))
    buttons = [a.answer.lower() for a in answers if a.answer]
    if len(set(buttons)) != len(buttons):
        add(f"Give the answers of step {n} different words.", f"step-{n}-answers", *where)
    kinds = {MOVES[a.move].kind for a in answers if a.move in MOVES}
    if answers and len(answers) == len(value) and a_move_each(answers):
        if SAFE not in kinds:
            add(f"Give step {n} at least one safe answer (hang_up, refuse, verify_with_bank "
                "or tell_someone): customers practise finding it.", f"step-{n}-answers",
                *where)  # fmt: skip
        if RISKY not in kinds:
            add(
                f"Give step {n} at least one risky answer, the one the scammer wants, so "
                "there is something to practise against.",
                f"step-{n}-answers",
                *where,
            )
    return answers


def a_move_each(answers: list[Answer]) -> bool:
    return all(a.move in MOVES for a in answers)


def _check_paths(steps: list[Step], add) -> None:  # type: ignore[no-untyped-def]
    """Every next names a step; every step is reached from the first; no way leads back."""
    index = {s.id: n for n, s in enumerate(steps, start=1) if s.id}
    names = ", ".join([*index, END])
    broken = False
    for n, step in enumerate(steps, start=1):
        for m, answer in enumerate(step.answers, start=1):
            if answer.next != END and answer.next not in index:
                broken = True
                add(f"Answer {m} of step {n} leads to '{answer.next}', which is no step. "
                    f"Use one of: {names}.", f"step-{n}-answer-{m}-next",
                    "steps", n, "answers", m, "next")  # fmt: skip
            elif answer.next == step.id:
                broken = True
                add(f"Answer {m} of step {n} leads back to step {n} itself, so the call could "
                    "go round forever. Lead it to a later step or to end.",
                    f"step-{n}-answer-{m}-next", "steps", n, "answers", m, "next")  # fmt: skip
    if broken:
        return
    reached = {steps[0].id}
    queue = [steps[0]]
    while queue:
        step = queue.pop()
        for answer in step.answers:
            if answer.next != END and answer.next not in reached:
                reached.add(answer.next)
                queue.append(steps[index[answer.next] - 1])
    for n, step in enumerate(steps, start=1):
        if step.id and step.id not in reached:
            add(f"No answer leads to step {n} ({step.id}), so no customer ever hears it. "
                "Point an answer's next at it, or remove the step.", f"step-{n}-id",
                "steps", n, "id")  # fmt: skip
    _check_loops_and_length(steps, index, add)


def _check_loops_and_length(steps: list[Step], index: dict[str, int], add) -> None:  # type: ignore[no-untyped-def]
    longest: dict[str, int] = {}
    on_path: list[str] = []

    def depth(step_id: str) -> int:
        if step_id in longest:
            return longest[step_id]
        if step_id in on_path:
            return -1
        on_path.append(step_id)
        n = index[step_id]
        best = 0
        for m, answer in enumerate(steps[n - 1].answers, start=1):
            if answer.next == END:
                best = max(best, 1)
                continue
            if answer.next in on_path:
                add(f"Answer {m} of step {n} leads back to step {index[answer.next]} "
                    f"({answer.next}), so the call could go round forever. Lead it to a later "
                    "step or to end.", f"step-{n}-answer-{m}-next",
                    "steps", n, "answers", m, "next")  # fmt: skip
                continue
            below = depth(answer.next)
            best = max(best, below + 1 if below >= 0 else 1)
        on_path.pop()
        longest[step_id] = best
        return best

    if depth(steps[0].id) > MAX_DECISIONS:
        add(f"The longest way through this call takes {longest[steps[0].id]} answers; keep it "
            f"to {MAX_DECISIONS} or fewer.", "steps", "steps")  # fmt: skip


def kind_counts(content: RehearsalContent) -> dict[str, int]:
    """How many answers of each kind the rehearsal has (for the portal's summary)."""
    counts = {SAFE: 0, RISKY: 0, NEUTRAL: 0}
    for step in content.steps:
        for answer in step.answers:
            counts[MOVES[answer.move].kind] += 1
    return counts
