"""Test speech made with espeak-ng (and sox for noise): real audio, no fakes."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not installed: run `make system-deps` (Debian package {tool}).")
    return path


def espeak(text: str, out: Path, *, voice: str = "en-us", rate: int = 160) -> Path:
    """Speak `text` into a WAV file (22.05 kHz mono, espeak-ng's own format)."""
    subprocess.run(
        [need("espeak-ng"), "-v", voice, "-s", str(rate), "-w", str(out), text],
        check=True,
        capture_output=True,
    )
    return out


def balance_question_pcm(folder: Path) -> bytes:
    """16 kHz PCM of "What is my balance, please?" said fast (190 wpm), for shaping tests."""
    from voice.audio import to_pcm16k

    return to_pcm16k(
        espeak("What is my balance, please?", folder / "s.wav", rate=190).read_bytes()
    ).data


def sox(*args: str) -> None:
    subprocess.run([need("sox"), *args], check=True, capture_output=True)


def noise(out: Path, seconds: float, volume: float, kind: str = "whitenoise") -> Path:
    """Noise with no speech in it, 16 kHz mono."""
    sox("-n", "-r", "16000", "-c", "1", "-b", "16", str(out), "synth", str(seconds), kind,
        "vol", str(volume))  # fmt: skip
    return out


def words(transcript: str) -> str:
    """A transcript as lowercase words: Whisper writes "What is my balance?"."""
    return " ".join(re.sub(r"[^\w\s']", " ", transcript).lower().split())
