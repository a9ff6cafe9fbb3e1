"""Benchmark: which Whisper model and beam size (a report, not a test).

For each configuration, in a fresh process: word error rate and intent
accuracy on the first written example of each intent in the held-out NLU
set plus the lesson words ("next", "back", "B", "number two"...), spoken by
espeak-ng at 160 words a minute; mean recognition time per utterance; the
process's memory with the model loaded. The prompt is the deployed one.

    .venv/bin/python bench/whisper_models.py [--rate 160]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jiwer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.evaluate import model_parser  # noqa: E402
from bench.speech import PAYEES, say, utterances, words  # noqa: E402
from voice.audio import to_pcm16k  # noqa: E402
from voice.vocabulary import spoken  # noqa: E402
from voice.whisper import MODELS, WhisperRecognizer  # noqa: E402

CONFIGS = [("tiny.en", 1), ("tiny.en", 5), ("base", 1), ("base", 5)]
LESSON_WORDS = ["next", "back", "repeat", "stop the lesson", "B", "the second one", "number two"]


def one(model: str, beam: int, rate: int) -> None:
    items = utterances(1)
    texts = [text for text, _ in items] + LESSON_WORDS
    work = Path(tempfile.mkdtemp(prefix="bench-whisper-"))
    pcms = [to_pcm16k(say(t, rate, work / f"{n}.wav", False)).data for n, t in enumerate(texts)]
    parse = model_parser(ROOT / "models" / "bank.tar.gz")
    recognizer = WhisperRecognizer(MODELS[model], PAYEES, beam_size=beam)
    hyps, busy, right = [], 0.0, 0
    for number, pcm in enumerate(pcms):
        started = time.perf_counter()
        text = recognizer.transcribe(pcm).text
        busy += time.perf_counter() - started
        hyps.append(words(text))
        if number < len(items):
            right += parse(text or "-") == items[number][1]
    wer = jiwer.wer([spoken(t) for t in texts], hyps)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"| {model} | {beam} | {wer:.1%} | {right}/{len(items)} ({right / len(items):.1%}) "
        f"| {busy / len(pcms):.2f} s | {peak:.0f} MB |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=int, default=160)
    parser.add_argument("--one", nargs=2, metavar=("MODEL", "BEAM"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args.one[0], int(args.one[1]), args.rate)
        return
    print(f"espeak-ng at {args.rate} wpm; peak memory of a process with NLU and the model")
    print("| model | beam | WER | intent accuracy | time per utterance | memory |")
    print("| --- | --- | --- | --- | --- | --- |")
    for model, beam in CONFIGS:
        subprocess.run(
            [sys.executable, __file__, "--rate", str(args.rate), "--one", model, str(beam)],
            check=True,
        )


if __name__ == "__main__":
    main()
