"""Errors of the micro-classroom.

    BankError (assistant.errors)
    └── LessonError            something an educator or a learner can act on
        ├── InvalidLesson      the lesson file or draft breaks a rule; `problems` lists each
        ├── LessonNotFound     no such lesson or version (or none published)
        ├── WorkflowError      the step is not allowed from the version's status
        └── NotAllowed         the caller's role may not do this

Every message is a short sentence that says what to change.
"""

from __future__ import annotations

from assistant.errors import BankError


class LessonError(BankError):
    """Base class: `str(error)` is safe to show to the person who asked."""


class InvalidLesson(LessonError):
    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"{source}: " + " ".join(problems))
        self.source = source
        self.problems = problems


class LessonNotFound(LessonError):
    """No such lesson or version, or nothing published for it."""


class WorkflowError(LessonError):
    """A status change that the workflow does not allow."""


class NotAllowed(LessonError):
    """The caller's role does not allow this step."""
