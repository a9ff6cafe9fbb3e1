"""Errors of the campaigns: kinds of the lessons' errors, so that the portal handles them
as it handles a lesson's.

    LessonError (lessons.errors)
    ├── InvalidLesson
    │   └── InvalidCampaign     the form breaks a rule; `details` lists each as a
    │                           `Problem` with its form field
    └── LessonNotFound
        └── CampaignNotFound    no campaign with that number
"""

from __future__ import annotations

from lessons.errors import InvalidLesson, LessonNotFound


class InvalidCampaign(InvalidLesson):
    """The campaign asked for cannot be scheduled as it is."""


class CampaignNotFound(LessonNotFound):
    """No campaign with that number."""
