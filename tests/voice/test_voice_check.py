"""tools/voice_check.py, run as a person runs it: each stage of the voice pipeline by hand."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.speech, pytest.mark.slow]


def voice_check(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "voice_check.py"), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_a_sentence_spoken_compressed_and_read_back_as_audio(tmp_path: Path) -> None:
    wav, ogg = tmp_path / "hello.wav", tmp_path / "hello.ogg"
    spoken = voice_check("speak", "Hello Mary.", "Your balance is ten dollars.", "-o", wav)
    assert spoken.returncode == 0, spoken.stderr
    assert wav.read_bytes()[:4] == b"RIFF"
    squeezed = voice_check("compress", wav, "-o", ogg)
    assert squeezed.returncode == 0, squeezed.stderr
    assert "bytes of audio/ogg" in squeezed.stdout and ogg.read_bytes()[:4] == b"OggS"
    heard = voice_check("audio", ogg)
    assert heard.returncode == 0, heard.stderr
    assert "s of 16 kHz mono PCM" in heard.stdout


def test_a_file_that_is_not_audio_is_refused_with_the_reason(tmp_path: Path) -> None:
    text = tmp_path / "notes.wav"
    text.write_text("not a recording")
    refused = voice_check("audio", text)
    assert refused.returncode == 1
    assert refused.stdout.startswith("rejected (")
