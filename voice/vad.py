"""Voice activity: is there speech in a recording, and where does it end?

Contract: `speech_seconds(pcm)` is how much of a 16 kHz mono recording is
speech; `Endpointer` takes microphone chunks and says when the speaker has
finished: after `end_silence` seconds of no speech following some speech.
The default of 1.2 s lets slow speakers pause between words without being
cut off; the reply then starts as soon as that silence has passed.

Uses the WebRTC-derived voice activity detector that PocketSphinx ships
(`pocketsphinx.Vad`), in its most aggressive mode so that steady noise is
not taken for speech.
"""

from __future__ import annotations

from dataclasses import dataclass

RATE = 16_000
FRAME_SECONDS = 0.03
FRAME_BYTES = int(RATE * FRAME_SECONDS) * 2


def _vad():  # type: ignore[no-untyped-def]
    from pocketsphinx import Vad

    return Vad(3, RATE, FRAME_SECONDS)


def speech_seconds(pcm: bytes) -> float:
    """Seconds of the recording the detector judges to be speech."""
    vad = _vad()
    frames = (pcm[i : i + FRAME_BYTES] for i in range(0, len(pcm) - FRAME_BYTES + 1, FRAME_BYTES))
    return sum(FRAME_SECONDS for frame in frames if vad.is_speech(frame))


@dataclass
class Endpointer:
    """Decides, chunk by chunk, when an utterance has ended."""

    end_silence: float = 1.2
    max_seconds: float = 30.0
    heard: float = 0.0
    silence: float = 0.0
    total: float = 0.0

    def __post_init__(self) -> None:
        self._vad = _vad()
        self._left = b""

    def feed(self, chunk: bytes) -> bool:
        """Add audio; True once the speaker has finished (or the time is up)."""
        data = self._left + chunk
        usable = len(data) - len(data) % FRAME_BYTES
        self._left = data[usable:]
        for i in range(0, usable, FRAME_BYTES):
            self.total += FRAME_SECONDS
            if self._vad.is_speech(data[i : i + FRAME_BYTES]):
                self.heard += FRAME_SECONDS
                self.silence = 0.0
            elif self.heard > 0.2:
                self.silence += FRAME_SECONDS
        return (self.heard > 0.2 and self.silence >= self.end_silence) or (
            self.total >= self.max_seconds
        )
