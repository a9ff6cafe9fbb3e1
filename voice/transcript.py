"""What every speech recogniser gives: events while listening, then one transcript.

A recogniser takes 16 kHz mono 16-bit PCM in chunks and yields `AsrEvent`s: any
number of "partial" events, then exactly one "final" event whose `transcript` has
the text, a confidence from 0 to 1 and the words with their own confidences. The
engines (voice/asr.py: Vosk, PocketSphinx; voice/whisper.py: Whisper) share these
types, and the web app knows only them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from voice.errors import SpeechUnavailable


@dataclass(frozen=True)
class Word:
    word: str
    start: float  # seconds from the start of the recording
    end: float
    confidence: float


@dataclass(frozen=True)
class Transcript:
    """What was heard. `confidence` is the mean of the word confidences (0 when empty)."""

    text: str
    confidence: float
    words: list[Word] = field(default_factory=list)
    engine: str = ""


@dataclass(frozen=True)
class AsrEvent:
    """One step of streaming recognition: "partial" (text so far) or "final"."""

    kind: str
    text: str
    transcript: Transcript | None = None


class Recognizer(Protocol):
    name: str

    def stream(self, chunks: Iterable[bytes]) -> Iterator[AsrEvent]:
        """Partial events while audio comes in, then one final event."""

    def transcribe(self, pcm: bytes) -> Transcript:
        """The final transcript of a whole recording."""


def final_transcript(events: Iterator[AsrEvent]) -> Transcript:
    """The transcript of the final event."""
    for event in events:
        if event.kind == "final" and event.transcript is not None:
            return event.transcript
    raise SpeechUnavailable("The speech recogniser stopped without a result.")
