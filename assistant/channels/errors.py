"""What the channels raise.

AssistantUnavailable  Rasa did not answer; nothing was changed (the web app answers 503)
"""

from __future__ import annotations


class AssistantUnavailable(Exception):
    """Rasa is down, too slow or answered with an error; the customer may try again."""

    status = 503

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
