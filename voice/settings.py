"""Typed settings of the voice stages, read from the environment in one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import ConfigurationError
from assistant.runtime import RuntimeSettings
from assistant.settings import PROJECT_ROOT, env_setting, read_env

VOSK_DEFAULT = PROJECT_ROOT / "models" / "vosk" / "vosk-model-small-en-us-0.15"
ENGINES = ("auto", "vosk", "pocketsphinx")


@dataclass(frozen=True)
class ShellSettings:
    """`assistant voice-shell`: where the web app is and, for scripts, the PIN.

    Attributes:
        web_port: the web app's port on this computer (WEB_PORT, as `assistant run` uses).
        pin: the PIN to log in with (ASSISTANT_PIN); empty means ask for it.
    """

    web_port: int = env_setting("WEB_PORT", RuntimeSettings.web_port)
    pin: str = env_setting("ASSISTANT_PIN", "")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ShellSettings:
        return read_env(cls, env)


@dataclass(frozen=True)
class VoiceSettings:
    """How the assistant listens and speaks.

    Attributes:
        vosk_model: folder of a Vosk model (VOSK_MODEL). When it does not
            exist, `engine="auto"` falls back to PocketSphinx's bundled
            US English model.
        engine: auto, vosk or pocketsphinx (VOICE_ENGINE).
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

    vosk_model: Path = env_setting("VOSK_MODEL", VOSK_DEFAULT)
    engine: str = env_setting("VOICE_ENGINE", "auto", parse=str.lower)
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
        settings = read_env(cls, env)
        engine, model = settings.engine, settings.vosk_model
        if engine not in ENGINES:
            raise ConfigurationError(
                f"VOICE_ENGINE must be one of {', '.join(ENGINES)}, got {engine!r}."
            )
        if engine == "vosk" and not (model / "am").is_dir():
            raise ConfigurationError(
                f"VOICE_ENGINE is vosk but there is no Vosk model in {model}. Run "
                "`make vosk-model` on a computer that is online, or set VOSK_MODEL "
                "to a model folder (it has am/ and conf/ inside)."
            )
        return settings
