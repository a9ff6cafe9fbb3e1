"""Audio shaped for the recogniser: silence added around the speech.

Contract: `Shaping(pad_ms).apply(pcm)` takes 16 kHz mono 16-bit PCM and returns
PCM of the same format, the words unchanged, with `pad_ms` of silence at both
ends; `original_seconds` maps a time in what it returned back to the recording.

Whisper's encoder always reads a 30 s window, so a longer recording costs
nothing there; what the pad buys is measured in README "Voice". Other shapings
tried and not deployed (slowing, high-pass, normalising) live with their trials
in bench/shaping.py.

Try it: `tools/voice_check.py shape IN.wav OUT.wav --pad-ms 300`.
"""

from __future__ import annotations

from dataclasses import dataclass

RATE = 16_000
# Silence before and after the speech for Whisper, chosen by bench/asr_trials.py
# (README "Voice"): speech that starts at the first sample is heard worse.
PAD_MS = 300
# ... and a second recognition hears it with 600 ms (voice.whisper.Second):
# of the two, the surer transcript is kept.
SECOND_PAD_MS = 600
# ... and when those two hearings disagree, a third with 900 ms breaks the tie.
THIRD_PAD_MS = 900


@dataclass(frozen=True)
class Shaping:
    """What is done to the audio before the recogniser hears it.

    Attributes:
        pad_ms: silence added before and after the speech.
    """

    pad_ms: int = 0

    def apply(self, pcm: bytes) -> bytes:
        """`pcm` (16 kHz mono s16le) the way the recogniser hears it."""
        return padded(pcm, self.pad_ms)

    def original_seconds(self, shaped: float) -> float:
        """A time in the shaped audio as a time in the recording it came from."""
        return max(0.0, float(shaped) - self.pad_ms / 1000)


def padded(pcm: bytes, pad_ms: int) -> bytes:
    """`pcm` with `pad_ms` of silence before and after it."""
    pad = b"\0\0" * (RATE * pad_ms // 1000)
    return pad + pcm + pad
