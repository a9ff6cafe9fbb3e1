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
        answer: 2                                   # counted from 1
        explanation: Real police never ask you to move money.
    ---
    ## The call
    Step text, at most about 60 words.

    ## What to do
    ...

Every text is made plain on the way in: HTML and script are removed with nh3
(the Ammonia sanitiser), entities are decoded, Markdown emphasis is dropped.
The result is checked (3-6 steps, 2-3 questions, words per step, reading grade)
and every problem is reported at once.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import nh3
import textstat
import yaml

from lessons.errors import InvalidLesson

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_STEP_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)(.*)\Z", re.DOTALL)
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")

MIN_STEPS, MAX_STEPS = 3, 6
MIN_QUESTIONS, MAX_QUESTIONS = 2, 3
MIN_CHOICES, MAX_CHOICES = 2, 4
MAX_EXPLANATION_WORDS = 30


@dataclass(frozen=True)
class Step:
    title: str
    text: str


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
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LessonContent:
        return cls(
            **{
                **data,
                "steps": [Step(**s) for s in data["steps"]],
                "quiz": [Question(**q) for q in data["quiz"]],
            }
        )


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
    source: str, text: str, *, max_grade: float = 7.0, max_step_words: int = 60
) -> LessonContent:
    """Parse and check one lesson file.

    Args:
        source: a name for messages (the file name, or "draft").
        text: the whole Markdown file.
        max_grade: the import fails above this Flesch-Kincaid grade.
        max_step_words: most words in one step.

    Raises:
        InvalidLesson: with every problem found, each as a sentence.
    """
    problems: list[str] = []
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        raise InvalidLesson(
            source, ["Start the file with front matter between two lines of three dashes (---)."]
        )
    meta = _front_matter(source, match.group(1))

    warnings: list[str] = []

    def clean(value: object, where: str) -> str:
        cleaned = plain_text(value)
        if cleaned != " ".join(str(value).split()):
            warnings.append(f"Removed markup from {where}.")
        return cleaned

    for name in ("slug", "title", "summary", "language"):
        if not isinstance(meta.get(name, ""), str):
            problems.append(f"Write {name} as plain text on one line.")
            meta[name] = ""
    slug = str(meta.get("slug", "")).strip()
    if not _SLUG.match(slug) or len(slug) > 60:
        problems.append("Give a slug of lowercase letters, digits and dashes, such as phone-scams.")
    title = clean(meta.get("title", ""), "the title")
    if not 3 <= len(title) <= 80:
        problems.append("Give a title of 3 to 80 characters.")
    summary = clean(meta.get("summary", ""), "the summary")
    if not 10 <= len(summary) <= 200:
        problems.append("Give a summary of one sentence (10 to 200 characters).")
    tags = _word_list(meta.get("tags"), "tags", problems, clean)
    keywords = _word_list(meta.get("keywords", []), "keywords", problems, clean, required=False)
    language = str(meta.get("language", "en")).strip().lower()
    if not re.fullmatch(r"[a-z]{2}", language):
        problems.append("Give the language as a two-letter code, such as en.")
    minutes = meta.get("minutes", 1)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 10:
        problems.append("Give minutes as a whole number from 1 to 10.")
        minutes = 1

    steps = _steps(match.group(2), problems, clean, max_step_words)
    quiz = _quiz(meta.get("quiz"), problems, clean)

    grade = 0.0
    if steps:
        grade = reading_grade([s.text for s in steps])
        if grade > max_grade:
            problems.append(
                f"The reading grade is {grade:.1f}, above the limit of {max_grade:.1f}. "
                "Use shorter sentences and shorter words."
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


MAX_FRONT_MATTER_CHARS = 16_000


def _front_matter(source: str, text: str) -> dict[str, Any]:
    """The YAML front matter as a dict, refusing what could blow up in memory.

    YAML aliases (`*name`) are refused before anything is built: nested
    aliases of a few hundred bytes ("billion laughs") expand to gigabytes
    when a value is turned into text. Lessons never need them.
    """
    if len(text) > MAX_FRONT_MATTER_CHARS:
        raise InvalidLesson(
            source, [f"The front matter is too long: keep it under {MAX_FRONT_MATTER_CHARS} "
                     "characters."]
        )  # fmt: skip
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise InvalidLesson(
                    source,
                    ["The front matter uses YAML anchors or aliases (& or *). "
                     "Write each value out in full."],
                )  # fmt: skip
        meta = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise InvalidLesson(source, [f"The front matter is not valid YAML: {error}."]) from None
    if not isinstance(meta, dict):
        raise InvalidLesson(source, ["The front matter must be a set of 'name: value' lines."])
    return meta


def _word_list(value, name, problems, clean, required=True) -> list[str]:  # type: ignore[no-untyped-def]
    if value is None or value == []:
        if required:
            problems.append(f"Give at least one entry in {name}.")
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"Write {name} as a list of words, such as [phone, police].")
        return []
    words = [clean(v, name).lower() for v in value]
    return [w for w in words if w]


def _steps(body, problems, clean, max_words) -> list[Step]:  # type: ignore[no-untyped-def]
    parts = _STEP_HEADING.split(body)
    if parts[0].strip():
        problems.append("Put every paragraph under a step heading that starts with '## '.")
    steps = []
    for number, (heading, text) in enumerate(zip(parts[1::2], parts[2::2], strict=True), start=1):
        step = Step(clean(heading, f"step {number}"), clean(text, f"step {number}"))
        words = len(step.text.split())
        if not step.text:
            problems.append(f"Step {number} has no text.")
        elif words > max_words:
            problems.append(
                f"Step {number} has {words} words; keep each step to {max_words} words or fewer."
            )
        steps.append(step)
    if not MIN_STEPS <= len(steps) <= MAX_STEPS:
        problems.append(f"Write {MIN_STEPS} to {MAX_STEPS} steps; this lesson has {len(steps)}.")
    return steps


def _quiz(value, problems, clean) -> list[Question]:  # type: ignore[no-untyped-def]
    if not isinstance(value, list) or not MIN_QUESTIONS <= len(value) <= MAX_QUESTIONS:
        problems.append(f"Write {MIN_QUESTIONS} to {MAX_QUESTIONS} quiz questions under 'quiz:'.")
        return []
    questions = []
    for number, item in enumerate(value, start=1):
        where = f"question {number}"
        if not isinstance(item, dict):
            problems.append(f"Write {where} with question, choices, answer and explanation.")
            continue
        choices = item.get("choices")
        if not isinstance(choices, list) or not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
            problems.append(f"Give {where} {MIN_CHOICES} to {MAX_CHOICES} choices.")
            continue
        answer = item.get("answer")
        if not isinstance(answer, int) or isinstance(answer, bool):
            problems.append(f"Give the answer of {where} as the number of the right choice.")
            continue
        if not 1 <= answer <= len(choices):
            problems.append(f"The answer of {where} must be a choice from 1 to {len(choices)}.")
            continue
        explanation = clean(item.get("explanation", ""), where)
        if not explanation or len(explanation.split()) > MAX_EXPLANATION_WORDS:
            problems.append(
                f"Give {where} a one-line explanation of {MAX_EXPLANATION_WORDS} words or fewer."
            )
        text = clean(item.get("question", ""), where)
        if not text:
            problems.append(f"Give {where} its question text.")
        cleaned_choices = [clean(c, where) for c in choices]
        if not all(cleaned_choices) or len(set(c.lower() for c in cleaned_choices)) != len(
            cleaned_choices
        ):
            problems.append(f"Give {where} different, non-empty choices.")
        questions.append(Question(text, cleaned_choices, answer - 1, explanation))
    return questions
