"""Benchmark: understanding the customer with the television on (a report, not a test).

The benchmark's spoken sentences (bench/speech.py: the first written held-out
examples of each intent, `--set bench`), each spoken once by espeak-ng at
130, 160 or 190 words a minute in turn, heard clean and with each noise of
bench/voice_noise_kinds.py (television, kitchen, street, fan) mixed in at 0,
5, 10 and 15 dB SNR (over the speech's active power), the noise seeded by the
sentence's number so that every run and every setting hears the same audio.

Each recording goes the way an upload to /api/voice goes: `to_pcm16k` (the
upload checks: a recording it refuses counts as nothing heard), the
recogniser the app builds from `VoiceSettings` (the environment: WHISPER_*),
then the trained Rasa model (models/bank.tar.gz, NLU only) on the transcript.
Prints word error rate and intent accuracy per noise and SNR beside clean,
and the recognition time (median, p95) per utterance.

Tune on `--set other` (later held-out examples) and report on `--set bench`:
what the deployed settings were chosen on is then not what they are judged on.

    .venv/bin/python bench/voice_noise.py [--set bench] [--kinds tv fan] [--snrs 10]
        [--limit 20] [--trial '{"beam_size": 5}'] [--suppress deepfilter] [--show]
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import os
import statistics
import sys
import tempfile
import time
import wave
from dataclasses import replace
from pathlib import Path

import jiwer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.asr_trials import SETS, build, sentences  # noqa: E402
from bench.chat_latency import machine  # noqa: E402
from bench.evaluate import model_parser  # noqa: E402
from bench.speech import PAYEES, RATES, say, words  # noqa: E402
from bench.voice_noise_kinds import KINDS, SNRS, mix  # noqa: E402
from bench.voice_noise_suppressors import SUPPRESSORS, suppressor  # noqa: E402
from voice.asr import build_recognizer  # noqa: E402
from voice.audio import to_pcm16k  # noqa: E402
from voice.errors import AudioRejected  # noqa: E402
from voice.settings import VoiceSettings  # noqa: E402
from voice.transcript import Recognizer  # noqa: E402
from voice.vocabulary import spoken  # noqa: E402

CLEAN = ("clean", None)


def wav(pcm: bytes) -> bytes:
    """16 kHz mono PCM as the WAV file a browser would upload."""
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(16_000)
        writer.writeframes(pcm)
    return out.getvalue()


def spoken_set(name: str, per_intent: int, limit: int | None) -> list[tuple[str, str, bytes]]:
    """(text, intent, 16 kHz PCM of the clean speech): the first `per_intent` sentences of
    each intent in the set, the first `limit` of those."""
    work = Path(tempfile.mkdtemp(prefix="bench-voice-noise-"))
    taken: dict[str, int] = collections.Counter()
    chosen = []
    for text, intent in sentences(name):
        taken[intent] += 1
        if taken[intent] <= per_intent:
            chosen.append((text, intent))
    out = []
    for number, (text, intent) in enumerate(chosen[:limit]):
        rate = RATES[number % len(RATES)]
        out.append((text, intent, to_pcm16k(say(text, rate, work / f"{number}.wav", False)).data))
    return out


def recogniser(trial: dict | None) -> Recognizer:
    """The recogniser the web app builds (WHISPER_* from the environment), or a trial's
    (bench/asr_trials.py keys) when one is given."""
    settings = VoiceSettings.from_env(os.environ)
    if trial is not None:
        return build(trial, settings.whisper_model)
    return build_recognizer(replace(settings, engine="whisper"), PAYEES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", default="bench", choices=list(SETS), dest="name")
    parser.add_argument("--kinds", nargs="*", default=list(KINDS), choices=list(KINDS))
    parser.add_argument("--snrs", nargs="*", type=int, default=list(SNRS))
    parser.add_argument("--no-clean", action="store_true", help="leave out the clean speech")
    parser.add_argument(
        "--per-intent", type=int, default=1, help="sentences of each intent (the set has 2)"
    )
    parser.add_argument("--limit", type=int, help="only the first N sentences")
    parser.add_argument("--trial", type=json.loads, help="bench/asr_trials.py keys (JSON)")
    parser.add_argument(
        "--suppress", choices=SUPPRESSORS, help="a noise suppressor tried before the recogniser"
    )
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "bank.tar.gz")
    parser.add_argument("--show", action="store_true", help="print each misheard sentence")
    parser.add_argument("--keep", type=Path, help="write every transcript here (JSON lines)")
    args = parser.parse_args()

    items = spoken_set(args.name, args.per_intent, args.limit)
    conditions = ([] if args.no_clean else [CLEAN]) + [
        (kind, snr) for kind in args.kinds for snr in args.snrs
    ]
    recognizer = recogniser(args.trial)
    clean_up = suppressor(args.suppress) if args.suppress else None
    parse = model_parser(args.model)
    print(f"Machine: {machine()}")
    print(
        f"Set {args.name!r}: {len(items)} sentences, each at one of {RATES} wpm; "
        f"recogniser: {getattr(recognizer, 'model_name', '')} "
        + (f"trial {json.dumps(args.trial)}" if args.trial is not None else "as deployed")
        + (f", after {args.suppress}" if args.suppress else "")
    )
    print("| noise | SNR | WER | intent accuracy | recognition p50 | p95 |")
    print("| --- | --- | --- | --- | --- | --- |")
    kept = []
    all_times: list[float] = []
    for kind, snr in conditions:
        refs, hyps, right, times = [], [], 0, []
        for number, (text, intent, clean) in enumerate(items):
            pcm = clean if snr is None else mix(clean, kind, snr, seed=number).pcm
            started = time.perf_counter()
            try:
                heard_pcm = to_pcm16k(wav(pcm)).data
                if clean_up is not None:
                    heard_pcm = clean_up(heard_pcm)
                heard = recognizer.transcribe(heard_pcm).text
            except AudioRejected:
                heard = ""
            times.append(time.perf_counter() - started)
            heard_as = parse(heard) if heard else "(nothing heard)"
            right += heard_as == intent
            refs.append(spoken(text))
            hyps.append(words(heard))
            kept.append({"noise": kind, "snr": snr, "intent": intent, "text": text,
                         "heard": heard, "heard_as": heard_as})  # fmt: skip
            if args.show and (heard_as != intent or refs[-1] != hyps[-1]):
                print(f"    {kind} {snr}: {text!r} heard {heard!r} -> {heard_as}")
        all_times += times
        times.sort()
        print(
            f"| {kind} | {'-' if snr is None else f'{snr} dB'} | {jiwer.wer(refs, hyps):.1%} "
            f"| {right / len(items):.1%} | {statistics.median(times) * 1000:.0f} ms "
            f"| {times[int(0.95 * (len(times) - 1))] * 1000:.0f} ms |",
            flush=True,
        )
    all_times.sort()
    print(
        f"All {len(all_times)} recognitions: p50 {statistics.median(all_times) * 1000:.0f} ms, "
        f"p95 {all_times[int(0.95 * (len(all_times) - 1))] * 1000:.0f} ms"
    )
    if args.keep is not None:
        args.keep.write_text("".join(json.dumps(k) + "\n" for k in kept))


if __name__ == "__main__":
    main()
