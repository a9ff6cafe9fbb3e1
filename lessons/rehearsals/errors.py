"""Errors of the rehearsals: kinds of the lessons' errors, so that the portal, the
educators' API and the actions handle them as they handle a lesson's.

    LessonError (lessons.errors)
    ├── InvalidLesson
    │   └── InvalidRehearsal    the rehearsal file or form breaks a rule; `details` lists
    │                           each as a `Problem` with its form field and file line
    └── LessonNotFound
        └── RehearsalNotFound   no such rehearsal or version (or none published)
"""

from __future__ import annotations

from lessons.errors import InvalidLesson, LessonNotFound


class InvalidRehearsal(InvalidLesson):
    """The rehearsal breaks a rule of the format."""


class RehearsalNotFound(LessonNotFound):
    """No such rehearsal or version, or nothing published for it."""
