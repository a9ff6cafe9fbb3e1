"""Quick recogniser trials: the same cached speech, Whisper with different settings.

A fast loop for trying changes to the recogniser (audio shaping, decoding
options, the correction after it) on two sets of sentences, each spoken once
by espeak-ng and kept as WAV in `var/bench/asr-trials/`:

- `bench`: the sentences bench/speech.py uses with `--per-intent 2`;
- `other`: later written examples of each intent in the held-out set (the
  7th and 8th), which bench/speech.py does not use with `--per-intent` up to 6;
- `third`: the 9th and 10th, a check on what the first two sets chose.

Each sentence is spoken once, in one of six conditions taken in turn (130,
160, 190 words a minute; clean or with brown noise as in bench/speech.py),
so a trial is 2 x 86 recognitions. A change is worth keeping only when it
helps on both sets.

    .venv/bin/python bench/asr_trials.py 'deployed={}' 'slow={"tempo": 0.85}' \
        'patience={"options": {"patience": 2}}'

Keys of a trial: tempo, pad_ms, highpass_hz, normalise, dither_db (bench/shaping.py),
first_beam, retry_logprob, beam_size, compute_type, options (faster-whisper), prompt
(the domain sentences that open Whisper's prompt), second (a second
recognition, voice.whisper.Second: shaping keys, with_prompt and tie_break (the
shaping keys of a third recognition when the first two disagree); the surest
transcript is kept; by default the deployed one; null: recognise once), e.g.
'once={"second": null}'.

With --interleaved, the trials are only timed: all loaded in one process,
each utterance recognised by each in turn.
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
import sys
import time
from pathlib import Path

import jiwer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.evaluate import load_examples  # noqa: E402
from bench.shaping import TrialShaping  # noqa: E402
from bench.speech import PAYEES, RATES, say, words  # noqa: E402
from voice.audio import to_pcm16k  # noqa: E402
from voice.errors import AudioRejected  # noqa: E402
from voice.shape import PAD_MS, SECOND_PAD_MS, THIRD_PAD_MS  # noqa: E402
from voice.vocabulary import spoken  # noqa: E402
from voice.whisper import DOMAIN_PROMPT, MODELS, Retry, Second, WhisperRecognizer  # noqa: E402

CACHE = ROOT / "var" / "bench" / "asr-trials"
SETS = {"bench": range(0, 2), "other": range(6, 8), "third": range(8, 10)}


def sentences(name: str) -> list[tuple[str, str]]:
    """(text, intent) of one set: the written held-out examples at the set's positions."""
    by_intent: dict[str, list[str]] = collections.defaultdict(list)
    for example in load_examples(ROOT / "tests" / "nlu" / "heldout.yml"):
        if not example.asr_style:
            by_intent[example.intent].append(example.text)
    return [
        (texts[i], intent)
        for intent, texts in by_intent.items()
        for i in SETS[name]
        if i < len(texts)
    ]


def recordings(name: str) -> list[tuple[str, str, bytes | None]]:
    """(condition, reference words, 16 kHz PCM or None when the upload checks refuse it)."""
    folder = CACHE / name
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for number, (text, _) in enumerate(sentences(name)):
        rate, noisy = RATES[number % 3], bool(number // 3 % 2)
        path = folder / f"{number}-{rate}-{'noisy' if noisy else 'clean'}.wav"
        if not path.exists():
            path.write_bytes(say(text, rate, folder / "tmp.wav", noisy))
        try:
            pcm: bytes | None = to_pcm16k(path.read_bytes()).data
        except AudioRejected:
            pcm = None
        out.append((f"{rate} {'noisy' if noisy else 'clean'}", spoken(text), pcm))
    return out


def build(trial: dict, model: str) -> WhisperRecognizer:
    shaping = shaping_of(trial)
    second = trial.get("second", {"pad_ms": SECOND_PAD_MS, "tie_break": {"pad_ms": THIRD_PAD_MS}})
    return WhisperRecognizer(
        MODELS[model],
        PAYEES,
        beam_size=trial.get("beam_size", 5),
        retry=Retry(trial.get("first_beam", 1), trial.get("retry_logprob", -0.25)),
        shaping=shaping,
        options=trial.get("options"),
        domain_prompt=trial.get("prompt", DOMAIN_PROMPT),
        second=None
        if second is None
        else Second(
            shaping_of(second) if set(second) & SHAPING else None,
            second.get("with_prompt", True),
            shaping_of(second["tie_break"]) if second.get("tie_break") else None,
        ),
        compute_type=trial.get("compute_type", "int8"),
    )


SHAPING = {"tempo", "pad_ms", "highpass_hz", "normalise", "dither_db"}


def shaping_of(trial: dict) -> TrialShaping:
    return TrialShaping(
        tempo=trial.get("tempo", 1.0),
        pad_ms=trial.get("pad_ms", PAD_MS),
        highpass_hz=trial.get("highpass_hz", 0),
        normalise=trial.get("normalise", False),
        dither_db=trial.get("dither_db", 0.0),
    )


def run(label: str, trial: dict, model: str, sets: list[str], show: bool) -> None:
    recognizer = build(trial, model)
    for name in sets:
        items = recordings(name)
        refs, hyps, busy = [], [], 0.0
        by_condition: dict[str, tuple[list[str], list[str]]] = collections.defaultdict(
            lambda: ([], [])
        )
        for condition, ref, pcm in items:
            started = time.perf_counter()
            hyp = words(recognizer.transcribe(pcm).text) if pcm is not None else ""
            busy += time.perf_counter() - started
            refs.append(ref)
            hyps.append(hyp)
            for key in (condition.split()[1], condition):
                by_condition[key][0].append(ref)
                by_condition[key][1].append(hyp)
            if show and ref != hyp:
                print(f"    {condition}: {ref!r} -> {hyp!r}")
        clean, noisy = (jiwer.wer(*by_condition[k]) for k in ("clean", "noisy"))
        per_rate = " ".join(
            f"{jiwer.wer(*by_condition[f'{rate} {noise}']):5.1%}"
            for noise in ("clean", "noisy")
            for rate in RATES
        )
        print(
            f"{label:>14} {name:>5}: WER {jiwer.wer(refs, hyps):6.1%} (clean {clean:5.1%}, "
            f"noisy {noisy:5.1%}), {busy / len(items) * 1000:4.0f} ms per utterance; "
            f"{'/'.join(map(str, RATES))} clean, noisy: {per_rate}"
            + (f"; second kept {recognizer.seconds_kept}" if recognizer.second else ""),
            flush=True,
        )


def interleaved(trials: dict[str, dict], model: str, sets: list[str]) -> None:
    """Time per utterance of each trial, all loaded in one process and run in turn on each
    utterance (the order rotated), so that the machine's other work weighs on all alike."""
    recognizers = {label: build(trial, model) for label, trial in trials.items()}
    spent: dict[str, list[float]] = {label: [] for label in recognizers}
    labels = list(recognizers)
    turn = 0
    for name in sets:
        for _, _, pcm in recordings(name):
            if pcm is None:
                continue
            turn += 1
            for label in labels[turn % len(labels) :] + labels[: turn % len(labels)]:
                started = time.perf_counter()
                recognizers[label].transcribe(pcm)
                spent[label].append(time.perf_counter() - started)
    for label, times in spent.items():
        times.sort()
        median, p95 = statistics.median(times), times[int(0.95 * (len(times) - 1))]
        print(
            f"{label:>14}: {len(times)} utterances, "
            f"median {median * 1000:4.0f} ms, p95 {p95 * 1000:4.0f} ms",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("trials", nargs="*", default=["deployed={}"], help="LABEL=JSON")
    parser.add_argument("--model", default="tiny.en", choices=sorted(MODELS))
    parser.add_argument("--sets", nargs="*", default=["bench", "other"], choices=list(SETS))
    parser.add_argument("--show", action="store_true", help="print each misheard sentence")
    parser.add_argument(
        "--interleaved", action="store_true", help="only time the trials, in turn on each utterance"
    )
    args = parser.parse_args()
    trials = {}
    for item in args.trials:
        label, _, spec = item.partition("=")
        trials[label] = json.loads(spec or "{}")
    if args.interleaved:
        interleaved(trials, args.model, args.sets)
        return
    for label, trial in trials.items():
        run(label, trial, args.model, args.sets, args.show)


if __name__ == "__main__":
    main()
