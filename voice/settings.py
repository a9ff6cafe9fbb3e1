"""Typed settings of the voice stages, read from the environment in one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import ConfigurationError
from assistant.settings import PROJECT_ROOT

VOSK_DEFAULT = PROJECT_ROOT / "models" / "vosk" / "vosk-model-small-en-us-0.15"
ENGINES = ("auto", "vosk", "whisper", "pocketsphinx")
WHISPER_MODELS = ("tiny.en", "base")


@dataclass(frozen=True)
class VoiceSettings:
    """How the assistant listens and speaks.

    Attributes:
        vosk_model: folder of a Vosk model (VOSK_MODEL). When it does not
            exist, `engine="auto"` uses Whisper, then PocketSphinx's bundled
            US English model.
        engine: auto, vosk, whisper or pocketsphinx (VOICE_ENGINE).
        whisper_model: tiny.en or base (WHISPER_MODEL); see voice/whisper.py.
        whisper_beam_size: 1 to 10 (WHISPER_BEAM_SIZE): 5 hears more words
            right, 1 answers sooner (bench/whisper_models.py).
        max_upload_bytes: largest recording accepted by /api/voice.
        max_seconds: longest recording accepted.
        min_confidence: transcripts below this are asked again.
        confirm_confidence: a spoken "yes" below this is asked again before money moves.
        rate_wpm, volume, pitch: the default speaking profile (espeak-ng
            pitch runs 0-99; 50 is the voice's own).
        sentence_pause_ms: silence between sentences. Older listeners follow
            better with pauses between sentences than with stretched words.
        tts_timeout_seconds: a synthesis slower than this restarts the speech worker.
    """

    vosk_model: Path = VOSK_DEFAULT
    engine: str = "auto"
    whisper_model: str = "tiny.en"
    whisper_beam_size: int = 5
    max_upload_bytes: int = 4 * 1024 * 1024
    max_seconds: float = 30.0
    min_confidence: float = 0.4
    confirm_confidence: float = 0.7
    rate_wpm: int = 150
    volume: float = 0.9
    pitch: int = 50
    sentence_pause_ms: int = 350
    tts_timeout_seconds: float = 20.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> VoiceSettings:
        env = os.environ if env is None else env
        engine = env.get("VOICE_ENGINE", "auto").lower()
        if engine not in ENGINES:
            raise ConfigurationError(
                f"VOICE_ENGINE must be one of {', '.join(ENGINES)}, got {engine!r}."
            )
        model = Path(env.get("VOSK_MODEL") or VOSK_DEFAULT)
        if engine == "vosk" and not (model / "am").is_dir():
            raise ConfigurationError(
                f"VOICE_ENGINE is vosk but there is no Vosk model in {model}. Run "
                "`make vosk-model` on a computer that is online, or set VOSK_MODEL "
                "to a model folder (it has am/ and conf/ inside)."
            )
        whisper_model = env.get("WHISPER_MODEL", "tiny.en")
        if whisper_model not in WHISPER_MODELS:
            raise ConfigurationError(
                f"WHISPER_MODEL must be one of {', '.join(WHISPER_MODELS)}, got {whisper_model!r}."
            )
        beam = env.get("WHISPER_BEAM_SIZE", "5")
        if not beam.isdigit() or not 1 <= int(beam) <= 10:
            raise ConfigurationError(
                f"WHISPER_BEAM_SIZE must be a whole number from 1 to 10, got {beam!r}."
            )
        return cls(
            vosk_model=model,
            engine=engine,
            whisper_model=whisper_model,
            whisper_beam_size=int(beam),
        )
