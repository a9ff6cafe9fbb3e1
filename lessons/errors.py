"""Errors of the micro-classroom.

    BankError (assistant.errors)
    └── LessonError            something an educator or a learner can act on
        ├── InvalidLesson      the lesson file or draft breaks a rule; `problems` lists each,
        │                      `details` the same as `Problem`s with their field and line
        ├── LessonNotFound     no such lesson or version (or none published)
        ├── WorkflowError      the step is not allowed from the version's status
        ├── NotAllowed         the caller's role may not do this
        └── BadPicture         an uploaded picture is not one a lesson can show

Every message is a short sentence that says what to change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.errors import BankError


@dataclass(frozen=True)
class Problem:
    """One thing to change in a lesson, said so that an educator can act on it."""

    text: str
    """A sentence that says what to change, without the line number."""
    field: str | None = None
    """The editor's field it belongs to ("title", "step-2-text", "question-1-answer"), if any."""
    line: int | None = None
    """The line of the lesson file it is on, counted from 1, when known."""

    def __str__(self) -> str:
        return f"Line {self.line}: {self.text}" if self.line else self.text


class LessonError(BankError):
    """Base class: `str(error)` is safe to show to the person who asked."""


class InvalidLesson(LessonError):
    def __init__(self, source: str, problems: Sequence[str | Problem]) -> None:
        self.details = [p if isinstance(p, Problem) else Problem(p) for p in problems]
        self.problems = [str(p) for p in self.details]
        super().__init__(f"{source}: " + " ".join(self.problems))
        self.source = source


class LessonNotFound(LessonError):
    """No such lesson or version, or nothing published for it."""


class WorkflowError(LessonError):
    """A status change that the workflow does not allow."""


class NotAllowed(LessonError):
    """The caller's role does not allow this step."""


class BadPicture(LessonError):
    """A picture refused: not an image, too big, animated, or of a kind not taken."""
