"""The authoring format: one Markdown file with YAML front matter per lesson.

    ---
    slug: safe-account-calls
    title: The "safe account" call
    summary: Real police and bank staff never ask you to move your money.
    tags: [phone, police, impersonation]
    keywords: [police, safe account, prosecutor]   # words that find the lesson
    language: en
    minutes: 1
    quiz:
      - question: A caller asks you to move money to a safe account. What do you do?
        choices: [Move it quickly, Hang up and call the bank yourself, Tell him your PIN]
        answer: B                                   # the letter learners see
        explanation: Real police never ask you to move money.
    ---
    ## The call
    ![A phone showing a call from "Your Bank"](pictures/safe-account-call.png)
    Step text, at most about 60 words.

    ## What to do
    ...

A step may show one picture: a line of its own, `![what it shows](pictures/<file>)`,
right under the heading. The words in the brackets (the alt text) are required: they
are read aloud, sent with the picture on Matrix and read by screen readers. The
picture is looked up by its name (lessons/pictures.py keeps them); without a way to
look it up (`pictures=None`) only the name and the words are kept.

Every text is made plain on the way in: HTML and script are removed with nh3
(the Ammonia sanitiser), entities are decoded, Markdown emphasis is dropped.
The result is checked (3-6 steps, 2-3 questions, words per step, reading grade)
and every problem is reported at once, with the line it is on and the editor's
field it belongs to (`lessons.errors.Problem`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import nh3
import textstat
import yaml

from lessons.errors import BadPicture, InvalidLesson, Problem
from lessons.yaml_errors import yaml_problem

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STEP_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)
_ONE_HASH_HEADING = re.compile(r"^#[ \t]+(\S.*?)\s*$", re.MULTILINE)
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)(.*)\Z", re.DOTALL)
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
# A step's picture: a line of its own, ![alt text](pictures/name.png); \] in the alt text
# is a bracket, not its end.
PICTURE_LINE = re.compile(r"^!\[((?:\\.|[^\\\]\n])*)\]\(\s*([^()\s]*)\s*\)[ \t]*$", re.MULTILINE)
PICTURE_NAME = re.compile(r"^pictures/[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*\.(?:png|jpg|jpeg)$")
MAX_ALT_WORDS = 30

MIN_STEPS, MAX_STEPS = 3, 6
MIN_QUESTIONS, MAX_QUESTIONS = 2, 3
MIN_CHOICES, MAX_CHOICES = 2, 4
MAX_EXPLANATION_WORDS = 30
LETTERS = "ABCD"  # how learners see the choices, and how the file names the right one


@dataclass(frozen=True)
class Picture:
    """A step's picture, as the lesson file names it and as it is kept."""

    name: str
    """Its file name in the lesson file, such as pictures/phone-call.png."""
    alt: str
    """What it shows, in words: read aloud, and sent as its text where it cannot be shown."""
    sha256: str = ""
    """The kept picture's hash (lessons/pictures.py); empty when it was not looked up."""
    media_type: str = ""
    width: int = 0
    height: int = 0


PictureLookup = Callable[[str], "Picture | None"]
"""Finds a picture by its name; None when there is none. May raise BadPicture."""


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    picture: Picture | None = None


@dataclass(frozen=True)
class Question:
    question: str
    choices: list[str]
    answer: int  # index into choices, from 0
    explanation: str


@dataclass(frozen=True)
class LessonContent:
    """One version of a lesson, validated and made plain."""

    slug: str
    title: str
    summary: str
    tags: list[str]
    keywords: list[str]
    language: str
    minutes: int
    steps: list[Step]
    quiz: list[Question]
    reading_grade: float
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("warnings")
        for step in data["steps"]:
            if step["picture"] is None:
                del step["picture"]  # the JSON of a lesson without pictures is as it was
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LessonContent:
        return cls(
            **{
                **data,
                "steps": [
                    Step(s["title"], s["text"], _picture_of(s.get("picture")))
                    for s in data["steps"]
                ],
                "quiz": [Question(**q) for q in data["quiz"]],
            }
        )


def _picture_of(data: dict[str, Any] | None) -> Picture | None:
    return Picture(**data) if data else None


def plain_text(value: object) -> str:
    """Text with no HTML, no script, no Markdown emphasis, and single spaces.

    Decoding entities can reveal new markup (`&lt;script&gt;`), so cleaning is
    repeated until nothing changes.
    """
    text = str(value)
    for _ in range(5):
        cleaned = html.unescape(nh3.clean(text, tags=set(), clean_content_tags={"script", "style"}))
        if cleaned == text:
            break
        text = cleaned
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    return " ".join(text.replace("<", " ").replace(">", " ").split())


def reading_grade(texts: list[str]) -> float:
    """Flesch-Kincaid grade of the lesson's reading text, as one passage."""
    return float(textstat.flesch_kincaid_grade(" ".join(texts)))


def parse_lesson(
    source: str,
    text: str,
    *,
    max_grade: float = 7.0,
    max_step_words: int = 60,
    pictures: PictureLookup | None = None,
) -> LessonContent:
    """Parse and check one lesson file.

    Args:
        source: a name for messages (the file name, or "draft").
        text: the whole Markdown file.
        max_grade: the import fails above this Flesch-Kincaid grade.
        max_step_words: most words in one step.
        pictures: finds the steps' pictures by name; None keeps only their names.

    Raises:
        InvalidLesson: with every problem found, each as a `Problem` with the
            editor's field it belongs to and the line of the file it is on.
    """
    problems: list[Problem] = []
    text = text.lstrip("\ufeff")
    match = FRONT_MATTER.match(text)
    if not match:
        raise InvalidLesson(
            source,
            [Problem("Start the file with front matter between two lines of three dashes (---).",
                     line=1)],
        )  # fmt: skip
    first_line = text[: match.start(1)].count("\n") + 1
    meta, lines = _front_matter(source, match.group(1), first_line)

    warnings: list[str] = []

    def clean(value: object, where: str) -> str:
        cleaned = plain_text(value)
        if cleaned != " ".join(str(value).split()):
            warnings.append(f"Removed markup from {where}.")
        return cleaned

    def add(text: str, field: str | None, key: object = None) -> None:
        problems.append(Problem(text, field, lines.get(key if key is not None else field)))

    for name in ("slug", "title", "summary", "language"):
        if not isinstance(meta.get(name, ""), str):
            add(f"Write {name} as plain text on one line.", name)
            meta[name] = ""
    slug = str(meta.get("slug", "")).strip()
    if not _SLUG.match(slug) or len(slug) > 60:
        add("Give a slug of lowercase letters, digits and dashes, such as phone-scams.", "slug")
    title = clean(meta.get("title", ""), "the title")
    if not 3 <= len(title) <= 80:
        add("Give a title of 3 to 80 characters.", "title")
    summary = clean(meta.get("summary", ""), "the summary")
    if not 10 <= len(summary) <= 200:
        add("Give a summary of one sentence (10 to 200 characters).", "summary")
    tags = _word_list(meta.get("tags"), "tags", add, clean)
    keywords = _word_list(meta.get("keywords", []), "keywords", add, clean, required=False)
    language = str(meta.get("language", "en")).strip().lower()
    if not re.fullmatch(r"[a-z]{2}", language):
        add("Give the language as a two-letter code, such as en.", "language")
    minutes = meta.get("minutes", 1)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 10:
        add("Give minutes as a whole number from 1 to 10.", "minutes")
        minutes = 1

    body_line = text[: match.start(2)].count("\n") + 1
    steps = _steps(match.group(2), body_line, problems, clean, max_step_words, pictures)
    quiz = _quiz(meta.get("quiz"), lines, problems, clean)

    grade = 0.0
    if steps:
        grade = reading_grade([s.text for s in steps])
        if grade > max_grade:
            add(
                f"The reading grade is {grade:.1f}, above the limit of {max_grade:.1f}. "
                "Use shorter sentences and shorter words.",
                None,
            )
    if problems:
        raise InvalidLesson(source, problems)
    return LessonContent(
        slug=slug,
        title=title,
        summary=summary,
        tags=tags,
        keywords=keywords,
        language=language,
        minutes=minutes,
        steps=steps,
        quiz=quiz,
        reading_grade=round(grade, 1),
        warnings=warnings,
    )


MAXFRONT_MATTER_CHARS = 16_000


def _front_matter(source: str, text: str, first_line: int) -> tuple[dict[str, Any], Lines]:
    """The YAML front matter as a dict, and the file line of each key in it.

    YAML aliases (`*name`) are refused before anything is built: nested
    aliases of a few hundred bytes ("billion laughs") expand to gigabytes
    when a value is turned into text. Lessons never need them. A YAML
    error is said as what to change on which line (yaml_errors.py), never
    as the parser's own words.
    """
    if len(text) > MAXFRONT_MATTER_CHARS:
        raise InvalidLesson(
            source, [f"The front matter is too long: keep it under {MAXFRONT_MATTER_CHARS} "
                     "characters."]
        )  # fmt: skip
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise InvalidLesson(
                    source,
                    [Problem("The front matter uses YAML anchors or aliases (& or *). "
                             "Write each value out in full.",
                             line=first_line + event.start_mark.line)],
                )  # fmt: skip
        meta = yaml.safe_load(text) or {}
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise InvalidLesson(source, [yaml_problem(error, text, first_line)]) from None
    if not isinstance(meta, dict):
        raise InvalidLesson(
            source, [Problem("The front matter must be a set of 'name: value' lines.",
                             line=first_line)]
        )  # fmt: skip
    return meta, _key_lines(node, first_line)


Lines = dict[object, int]


def read_front_matter(source: str, text: str) -> tuple[dict[str, Any], str]:
    """The front matter as a dict and the Markdown body after it, before any check.

    Raises:
        InvalidLesson: when there is no front matter or it cannot be read as YAML.
    """
    match = FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        raise InvalidLesson(
            source, ["Start the file with front matter between two lines of three dashes (---)."]
        )
    first_line = text.lstrip("\ufeff")[: match.start(1)].count("\n") + 1
    meta, _ = _front_matter(source, match.group(1), first_line)
    return meta, match.group(2)


def _key_lines(node: yaml.Node | None, first_line: int) -> Lines:
    """The file line of each top-level key, and of each question's keys as ("quiz", i, key)."""
    lines: Lines = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key, value in node.value:
        lines[key.value] = first_line + key.start_mark.line
        if key.value == "quiz" and isinstance(value, yaml.SequenceNode):
            for number, item in enumerate(value.value, start=1):
                lines[("quiz", number)] = first_line + item.start_mark.line
                if isinstance(item, yaml.MappingNode):
                    for item_key, _ in item.value:
                        lines[("quiz", number, item_key.value)] = (
                            first_line + item_key.start_mark.line
                        )
    return lines


def _word_list(value, name, add, clean, required=True) -> list[str]:  # type: ignore[no-untyped-def]
    if value is None or value == []:
        if required:
            add(f"Give at least one entry in {name}.", name)
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        add(f"Write {name} as a list of words, such as [phone, police].", name)
        return []
    words = [clean(v, name).lower() for v in value]
    return [w for w in words if w]


def _steps(body, first_line, problems, clean, max_words, pictures) -> list[Step]:  # type: ignore[no-untyped-def]
    """The steps under their `## ` headings; a line that starts with one `#` was meant as a
    heading, so it is named with its line rather than only the step it made too long."""
    headings = list(STEP_HEADING.finditer(body))

    def line_of(offset: int) -> int:
        return first_line + body[:offset].count("\n")

    def step_of(offset: int) -> int:
        return sum(1 for h in headings if h.start() < offset)  # 0: before the first step

    one_hash: dict[int, list[re.Match[str]]] = {}
    for heading in _ONE_HASH_HEADING.finditer(body):
        one_hash.setdefault(step_of(heading.start()), []).append(heading)
    before = body[: headings[0].start()] if headings else body
    if before.strip():
        if 0 in one_hash:
            first = one_hash[0][0]
            problems.append(Problem(
                f"Start a step heading with two # and a space, like ## {first.group(1)}",
                "steps", line_of(first.start()),
            ))  # fmt: skip
        else:
            offset = len(before) - len(before.lstrip())
            problems.append(Problem(
                "Put every paragraph under a step heading that starts with '## '.",
                "steps", line_of(offset),
            ))  # fmt: skip
    steps = []
    for number, heading in enumerate(headings, start=1):
        end = headings[number].start() if number < len(headings) else len(body)
        raw = body[heading.end() : end]
        raw, picture = _picture(raw, number, heading.end(), line_of, problems, clean, pictures)
        step = Step(
            clean(heading.group(1), f"step {number}"), clean(raw, f"step {number}"), picture
        )
        words = len(step.text.split())
        field = f"step-{number}-text"
        if not step.text:
            problems.append(Problem(f"Step {number} has no text.", field,
                                    line_of(heading.start())))  # fmt: skip
        elif number in one_hash:
            inner = one_hash[number][0]
            too_long = (
                f", which makes step {number} {words} words long" if words > max_words else ""
            )
            problems.append(Problem(
                f"'{inner.group(0).strip()}' starts with one #, so it is read as part of "
                f"step {number}'s text{too_long}. Start a new step with two: "
                f"## {inner.group(1)}",
                field, line_of(inner.start()),
            ))  # fmt: skip
        elif words > max_words:
            problems.append(Problem(
                f"Step {number} has {words} words; keep a step to {max_words} words or fewer "
                "so it can be read aloud.",
                field, line_of(heading.start()),
            ))  # fmt: skip
        steps.append(step)
    if not MIN_STEPS <= len(steps) <= MAX_STEPS:
        problems.append(Problem(
            f"Write {MIN_STEPS} to {MAX_STEPS} steps; this lesson has {len(steps)}.", "steps"
        ))  # fmt: skip
    return steps


def unescape_alt(text: str) -> str:
    """The alt text as meant: `\\]` in the file is a bracket."""
    return re.sub(r"\\(.)", r"\1", text)


def _picture(raw, number, offset, line_of, problems, clean, lookup):  # type: ignore[no-untyped-def]
    """The step's text without its picture line, and the picture (None if it has none)."""
    found = list(PICTURE_LINE.finditer(raw))
    if not found:
        return raw, None
    field = f"step-{number}-picture"
    first = found[0]
    line = line_of(offset + first.start())
    if len(found) > 1:
        problems.append(Problem(
            f"Step {number} has {len(found)} pictures; give a step one picture at most.",
            field, line_of(offset + found[1].start()),
        ))  # fmt: skip
    rest = raw[: first.start()] + raw[first.end() :]
    name = first.group(2)
    alt = clean(unescape_alt(first.group(1)), f"step {number}'s picture")
    if not PICTURE_NAME.match(name):
        problems.append(Problem(
            f"Name step {number}'s picture as a file in the pictures folder, such as "
            "pictures/phone-call.png (PNG or JPEG, lowercase letters, digits and dashes).",
            field, line,
        ))  # fmt: skip
        return rest, None
    if not alt:
        problems.append(Problem(
            f"Say in words what step {number}'s picture shows (its alt text): it is read "
            "aloud to learners who cannot see it.",
            f"{field}-alt", line,
        ))  # fmt: skip
    elif len(alt.split()) > MAX_ALT_WORDS:
        problems.append(Problem(
            f"Describe step {number}'s picture in {MAX_ALT_WORDS} words or fewer; it has "
            f"{len(alt.split())}.",
            f"{field}-alt", line,
        ))  # fmt: skip
    if lookup is None:
        return rest, Picture(name, alt)
    try:
        kept = lookup(name)
    except BadPicture as bad:
        problems.append(Problem(f"Step {number}'s picture {name}: {bad}", field, line))
        return rest, None
    if kept is None:
        problems.append(Problem(
            f"There is no picture called {name}. Upload it with step {number}'s picture "
            "field in the lesson form, or put the file in the library's pictures folder.",
            field, line,
        ))  # fmt: skip
        return rest, None
    return rest, replace(kept, name=name, alt=alt)


def _quiz(value, lines, problems, clean) -> list[Question]:  # type: ignore[no-untyped-def]
    if not isinstance(value, list) or not MIN_QUESTIONS <= len(value) <= MAX_QUESTIONS:
        problems.append(Problem(
            f"Write {MIN_QUESTIONS} to {MAX_QUESTIONS} quiz questions under 'quiz:'.",
            "quiz", lines.get("quiz"),
        ))  # fmt: skip
        return []
    questions = []
    for number, item in enumerate(value, start=1):
        where = f"question {number}"

        def add(text: str, key: str, field: str, number: int = number) -> None:
            line = lines.get(("quiz", number, key), lines.get(("quiz", number)))
            problems.append(Problem(text, f"question-{number}-{field}", line))

        if not isinstance(item, dict):
            add(f"Write {where} with question, choices, answer and explanation.", "", "text")
            continue
        choices = item.get("choices")
        if not isinstance(choices, list) or not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
            add(f"Give {where} {MIN_CHOICES} to {MAX_CHOICES} choices.", "choices", "choices")
            continue
        answer = _answer(item.get("answer"), len(choices), where)
        if isinstance(answer, str):
            add(answer, "answer", "answer")
            continue
        explanation = clean(item.get("explanation", ""), where)
        if not explanation or len(explanation.split()) > MAX_EXPLANATION_WORDS:
            add(
                f"Give {where} a one-line explanation of {MAX_EXPLANATION_WORDS} words or fewer.",
                "explanation",
                "explanation",
            )
        text = clean(item.get("question", ""), where)
        if not text:
            add(f"Give {where} its question text.", "question", "text")
        cleaned_choices = [clean(c, where) for c in choices]
        if not all(cleaned_choices) or len(set(c.lower() for c in cleaned_choices)) != len(
            cleaned_choices
        ):
            add(f"Give {where} different, non-empty choices.", "choices", "choices")
        questions.append(Question(text, cleaned_choices, answer, explanation))
    return questions


def _answer(value: object, choices: int, where: str) -> int | str:
    """The right choice's index from its letter, or what to write instead.

    The file names the right answer by the letter learners see (A, B, C, D), as the
    editor's form does: a number left it unclear whether counting starts at 0 or 1.
    """
    letters = LETTERS[:choices]
    span = f"{letters[0]} to {letters[-1]}"
    if isinstance(value, str) and value.strip().upper() in letters and value.strip():
        return letters.index(value.strip().upper())
    if isinstance(value, int) and not isinstance(value, bool):
        if 1 <= value <= choices:
            meant = f"If you mean choice {value}, write answer: {letters[value - 1]}"
        else:
            meant = f"{where.capitalize()} has {choices} choices, {span}"
        return (
            f"Write the right answer of {where} as the letter learners see ({span}), "
            f"not the number {value}. {meant}."
        )
    return f"Choose the right answer of {where}: the letter of the right choice, {span}."
