"""What a version changes against the published one, said for a reviewer.

Steps and questions are matched up with difflib, so a step moved, added or
removed reads as that, not as every later step changed; a changed one shows
its words removed and added (difflib on words), never a patch of YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from lessons.format import LETTERS, LessonContent, Question, Step


@dataclass(frozen=True)
class Words:
    kind: str
    """"same", "removed" or "added"."""
    text: str


@dataclass(frozen=True)
class Change:
    label: str
    """What changed, such as "Step 2: What to do" or "Title"."""
    kind: str
    """"changed", "added" or "removed"."""
    lines: list[list[Words]]
    """The item's lines, each as runs of words kept, removed and added."""


@dataclass(frozen=True)
class Changes:
    about: list[Change]
    steps: list[Change]
    quiz: list[Change]

    @property
    def none(self) -> bool:
        return not (self.about or self.steps or self.quiz)


def compare(old: LessonContent | None, new: LessonContent) -> Changes:
    """`new` against `old` (None: nothing published yet, so everything is added)."""
    about = []
    for label, before, after in (
        ("Title", old.title if old else "", new.title),
        ("Summary", old.summary if old else "", new.summary),
        ("Tags", ", ".join(old.tags) if old else "", ", ".join(new.tags)),
        ("Keywords", ", ".join(old.keywords) if old else "", ", ".join(new.keywords)),
        ("Minutes", str(old.minutes) if old else "", str(new.minutes)),
    ):
        if before != after:
            about.append(Change(label, "changed" if before else "added", [words(before, after)]))
    steps = _items(
        [_step_lines(s) for s in old.steps] if old else [],
        [_step_lines(s) for s in new.steps],
        "Step",
    )
    quiz = _items(
        [_question_lines(q) for q in old.quiz] if old else [],
        [_question_lines(q) for q in new.quiz],
        "Question",
    )
    return Changes(about, steps, quiz)


def words(before: str, after: str) -> list[Words]:
    """`after` as runs of words kept, removed (from `before`) and added."""
    old, new = before.split(), after.split()
    runs: list[Words] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            runs.append(Words("removed", " ".join(old[i1:i2])))
        if tag in ("replace", "insert"):
            runs.append(Words("added", " ".join(new[j1:j2])))
        if tag == "equal":
            runs.append(Words("same", " ".join(new[j1:j2])))
    return runs


def _step_lines(step: Step) -> list[str]:
    return [step.title, step.text]


def _question_lines(item: Question) -> list[str]:
    return [
        item.question,
        *(f"{LETTERS[i]}. {choice}" for i, choice in enumerate(item.choices)),
        f"Right answer: {LETTERS[item.answer]}",
        f"Explanation: {item.explanation}",
    ]


def _items(old: list[list[str]], new: list[list[str]], name: str) -> list[Change]:
    """Steps or questions matched whole; those replaced are compared line by line."""
    changes = []
    matcher = SequenceMatcher(None, [tuple(i) for i in old], [tuple(i) for i in new])
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before, after = old[i1:i2], new[j1:j2]
        for offset in range(max(len(before), len(after))):
            number = j1 + offset + 1
            if offset >= len(after):
                item = before[offset]
                changes.append(
                    Change(f"{name} {i1 + offset + 1}: {item[0]}", "removed",
                           [[Words("removed", line)] for line in item])
                )  # fmt: skip
            elif offset >= len(before):
                item = after[offset]
                changes.append(
                    Change(f"{name} {number}: {item[0]}", "added",
                           [[Words("added", line)] for line in item])
                )  # fmt: skip
            else:
                lines = _lines(before[offset], after[offset])
                changes.append(Change(f"{name} {number}: {after[offset][0]}", "changed", lines))
    return changes


def _lines(before: list[str], after: list[str]) -> list[list[Words]]:
    """Line by line, so a choice added to a question is one line added."""
    lines: list[list[Words]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after).get_opcodes():
        if tag == "equal":
            lines += [[Words("same", line)] for line in after[j1:j2]]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            lines += [words(b, a) for b, a in zip(before[i1:i2], after[j1:j2], strict=True)]
        else:
            lines += [[Words("removed", line)] for line in before[i1:i2]]
            lines += [[Words("added", line)] for line in after[j1:j2]]
    return lines
