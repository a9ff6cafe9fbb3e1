"""Errors of the voice stages.

    BankError (assistant.errors)
    └── VoiceError             something about speech the customer or operator can act on
        ├── AudioRejected      the upload is not usable audio (empty, silent, corrupt, too long)
        └── SpeechUnavailable  a speech engine is missing or stopped answering

Every message is a short sentence that can be shown or spoken.
"""

from __future__ import annotations

from assistant.errors import BankError


class VoiceError(BankError):
    """Base class: `str(error)` is safe to show to the customer."""


class AudioRejected(VoiceError):
    """The upload is not audio we can use; `status` is the HTTP code that fits."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class SpeechUnavailable(VoiceError):
    """An engine could not be loaded or did not answer in time."""
