"""Write data/nlu/voice.yml: the training examples as the recogniser hears them.

ASR-noise data augmentation. Each NLU training example written for
this project (data/nlu/*.yml except BANKING77's sample and this output) is
spoken by espeak-ng at 130, 160 or 190 words a minute, clean or with brown
noise (as bench/speech.py does), and transcribed by the deployed recogniser
(Whisper as `build_recognizer` makes it, with the demo payees in its prompt).
A transcript that differs from the sentence as written (compared as spoken
words, as the benchmark does) becomes an example of the same intent, kept
word for word as the recogniser wrote it, because that is what the NLU reads
in a voice turn.

Skipped: transcripts too far from the sentence to keep its intent (more than
half the words wrong and not nearly the same sound), with a "no" gained or
lost, transcripts that are empty, carry brackets (Rasa's entity markup),
hear another amount of money or period of time than the sentence said (the
entity extractor reads them from the text), are a training sentence already
(of any intent), or are a held-out or benchmark sentence (tests/nlu,
bench/data). At most `--cap` transcripts per intent, so training stays short;
a small intent has each example spoken a second time in another voice.

Deterministic: the order, rate and noise of each sentence come from a hash of
its text, sox's noise is seeded (-R), Whisper decodes greedily then by beam
search. Transcripts are kept in var/cache/voice-transcripts.jsonl, so a rerun
decodes only new sentences. Run by hand after changing the training data; the
output is committed:

    PYTHONPATH=$PWD nice -n 10 .venv/bin/python tools/make_voice_data.py [--cap 12]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from voice.settings import VoiceSettings

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "data" / "nlu" / "voice.yml"
NOT_SOURCES = {"banking77.yml", OUTPUT.name}  # the benchmark's sample; our own output
FORBIDDEN = [
    ROOT / "tests" / "nlu" / "heldout.yml",
    *sorted((ROOT / "bench" / "data").glob("*.yml")),
]
RATES = (130, 160, 190)
DEFAULT_CAP = 12  # transcripts per intent: about 500 in all, training about as long
PASSES = 2  # how many voices a sentence may be spoken in when its intent is short of the cap
CACHE = ROOT / "var" / "cache" / "voice-transcripts.jsonl"
RECOGNISER = "whisper tiny.en, demo payees"  # with the settings below, part of the cache key
TODAY = dt.date(2026, 1, 15)  # any fixed day: periods are compared, not used
MARKUP = set("[](){}")
# A transcript stays an example of the sentence's intent only while it is still
# close to it: most of its words, or nearly its sound (Metaphone codes, as
# nlu/sounds.py reads them: "balance" heard as "ballots" is kept, "exactly"
# heard as "and now, complete" is not).
MAX_WORD_ERRORS = 0.5
MAX_SOUND_ERRORS = 0.34
# A "no" heard where none was said (or lost) turns the meaning round: "uh huh" heard
# as "uh-uh" is no yes. Such a transcript is skipped.
NEGATIONS = frozenset({
    "no", "not", "never", "nope", "nah", "uh-uh", "don't", "dont", "won't", "wont", "can't",
    "cant", "cannot", "didn't", "isn't", "doesn't", "wasn't", "shouldn't", "wouldn't",
    "haven't", "hasn't", "aren't", "nothing", "none",
})  # fmt: skip


@dataclass(frozen=True)
class Heard:
    intent: str
    written: str
    transcript: str
    rate: int
    noisy: bool


def training_examples() -> dict[str, list[str]]:
    """Intent -> example sentences of the project's own training files."""
    by_intent: dict[str, list[str]] = collections.defaultdict(list)
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        if path.name in NOT_SOURCES:
            continue
        for block in (yaml.safe_load(path.read_text()) or {}).get("nlu") or []:
            for line in (block.get("examples") or "").splitlines():
                if "intent" in block and line.strip().startswith("- "):
                    by_intent[block["intent"]].append(line.strip()[2:].strip())
    return by_intent


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield from (line.strip().lstrip("- ").strip() for line in node.splitlines())
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def forbidden_keys() -> set[str]:
    """Held-out and benchmark sentences (and every training sentence): never to be written."""
    from nlu.heldout import file_sentences, sentence_key

    keys = {
        sentence_key(s) for path in FORBIDDEN for s in _strings(yaml.safe_load(path.read_text()))
    }
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        if path.name != OUTPUT.name:
            keys |= set(file_sentences(path))
    return keys


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def voice(text: str, attempt: int) -> tuple[int, bool]:
    """The rate and noise this sentence is spoken with on its `attempt`-th pass."""
    mixed = _hash(text)
    return RATES[(mixed + attempt) % len(RATES)], (mixed // len(RATES) + attempt) % 2 == 1


def same_entities(written: str, heard: str) -> bool:
    """Whether the amounts of money and the period of time read from both texts agree."""
    from nlu.money import find_amounts
    from nlu.periods import find_period

    def amounts(text: str) -> list[tuple[str, ...]]:
        found = find_amounts(text, "USD")
        return [
            tuple(map(str, getattr(a, "readings", (getattr(a, "value", None),)))) for a in found
        ]

    def period(text: str) -> tuple[str, str] | None:
        found = find_period(text, TODAY)
        return (found.start.isoformat(), found.end.isoformat()) if found else None

    return amounts(written) == amounts(heard) and period(written) == period(heard)


def negated(text: str) -> bool:
    return any(word.strip(".,!?;:\"'") in NEGATIONS for word in text.lower().split())


def close_enough(written: str, heard: str) -> bool:
    """Whether what was heard is near enough what was said to keep its intent."""
    import jellyfish
    import jiwer

    from bench.speech import words
    from nlu.sounds import sound_code

    if negated(written) != negated(heard):
        return False
    if jiwer.wer(words(written), words(heard) or "-") <= MAX_WORD_ERRORS:
        return True
    said, got = sound_code(written), sound_code(heard)
    distance = jellyfish.levenshtein_distance(said, got)
    return bool(said) and distance / max(len(said), len(got)) <= MAX_SOUND_ERRORS


class Transcripts:
    """What the recogniser wrote for a sentence in a voice, kept in var/cache/ so that a
    second run (another cap, new training sentences) decodes only what is new."""

    def __init__(self, recogniser: str, path: Path = CACHE) -> None:
        self.recogniser = recogniser
        self.path = path
        self.known: dict[str, str] = {}
        if path.is_file():
            for line in path.read_text().splitlines():
                entry = json.loads(line)
                self.known[entry["key"]] = entry["transcript"]

    def key(self, text: str, rate: int, noisy: bool) -> str:
        return hashlib.sha256(f"{self.recogniser}|{rate}|{noisy}|{text}".encode()).hexdigest()

    def get(self, text: str, rate: int, noisy: bool) -> str | None:
        return self.known.get(self.key(text, rate, noisy))

    def put(self, text: str, rate: int, noisy: bool, transcript: str) -> None:
        key = self.key(text, rate, noisy)
        self.known[key] = transcript
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a") as out:
            out.write(json.dumps({"key": key, "transcript": transcript}) + "\n")


def recogniser_key(settings: VoiceSettings) -> str:
    """The recogniser and its deployed settings: a change of either decodes afresh."""
    return (
        f"{RECOGNISER}, beams {settings.whisper_first_beam}/{settings.whisper_beam_size} "
        f"below {settings.whisper_retry_logprob}, pad {settings.whisper_pad_ms} ms, "
        f"second pad {settings.whisper_second_pad_ms} ms"
    )


def hear_all(cap: int = DEFAULT_CAP, intents: set[str] | None = None) -> list[Heard]:
    from bench.speech import PAYEES, say, words
    from nlu.heldout import sentence_key
    from voice.asr import build_recognizer
    from voice.audio import to_pcm16k
    from voice.errors import AudioRejected
    from voice.settings import VoiceSettings

    settings = VoiceSettings.from_env({**os.environ, "WHISPER_MODEL": "tiny.en"})
    recognizer = None
    cache = Transcripts(recogniser_key(settings))
    taken = forbidden_keys()
    work = Path(tempfile.mkdtemp(prefix="voice-data-"))
    kept: list[Heard] = []
    for intent, examples in sorted(training_examples().items()):
        if intents is not None and intent not in intents:
            continue
        order = sorted(examples, key=lambda text: (_hash(text), text))
        count = 0
        for attempt in range(PASSES):
            for text in order:
                if count >= cap:
                    break
                rate, noisy = voice(text, attempt)
                transcript = cache.get(text, rate, noisy)
                if transcript is None:
                    try:
                        pcm = to_pcm16k(say(text, rate, work / "said.wav", noisy, repeatable=True))
                    except AudioRejected:
                        continue
                    if recognizer is None:
                        recognizer = build_recognizer(replace(settings, engine="whisper"), PAYEES)
                    transcript = " ".join(recognizer.transcribe(pcm.data).text.split())
                    cache.put(text, rate, noisy, transcript)
                key = sentence_key(transcript)
                if (
                    not key
                    or sentence_key(words(transcript)) == sentence_key(words(text))
                    or key in taken
                    or MARKUP & set(transcript)
                    or not same_entities(text, transcript)
                    or not close_enough(text, transcript)
                ):
                    continue
                taken.add(key)
                kept.append(Heard(intent, text, transcript, rate, noisy))
                count += 1
                print(
                    f"{intent}: {text!r} -> {transcript!r} ({rate} wpm{', noise' if noisy else ''})"
                )
    return kept


HEADER = """\
version: "3.1"

# GENERATED by tools/make_voice_data.py: do not edit by hand, run it again.
# ASR-noise augmentation: the project's own training examples
# (data/nlu/*.yml but banking77.yml) spoken by espeak-ng (en-us, 130/160/190
# words a minute, clean or with sox brown noise) and transcribed by the deployed
# recogniser (Whisper tiny.en, domain prompt, demo payees). Only transcripts
# that differ from what was written but stay close to it (at most half the words
# wrong, or nearly the same sound), say "no" where it did and only there, keep
# the same amounts and periods, and are not a training, held-out or benchmark
# sentence; at most {cap} per intent.
nlu:
"""


def render(kept: list[Heard], cap: int) -> str:
    by_intent: dict[str, list[Heard]] = collections.defaultdict(list)
    for heard in kept:
        by_intent[heard.intent].append(heard)
    lines = [HEADER.format(cap=cap).rstrip("\n")]
    for intent in sorted(by_intent):
        lines += [f"  - intent: {intent}", "    examples: |"]
        for heard in by_intent[intent]:
            lines.append(f"      - {heard.transcript}")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cap", type=int, default=DEFAULT_CAP, help="most transcripts per intent")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument(
        "--intents", nargs="*", help="only these (to fill the cache in parallel processes)"
    )
    args = parser.parse_args()
    kept = hear_all(args.cap, set(args.intents) if args.intents else None)
    args.out.write_text(render(kept, args.cap))
    print(f"Wrote {len(kept)} examples to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
