"""Every NLU target (docs/understanding.md), measured in one run on this machine.

    nice -n 10 .venv/bin/python bench/nlu_targets.py [--train] [--model models/bank.tar.gz]
        [--data ../shared/datasets/banking77] [--misses 30]

--train first trains the whole assistant (`rasa train --force`: every
component again, none from Rasa's cache; the classifier's own embedding cache
in var/cache/ is used if present) into a temporary folder and times it.
Then it prints: BANKING77 test split through nlu/banking77_mapping.yml
(in-scope accuracy with "not understood" counted wrong, out-of-scope
rejected, out-of-scope taken as money-moving),
the own held-out set (all and speech-style part), and NLU parse time p50/p95
over all those texts (wall clock, and the CPU time this process used: on a
shared machine the wall clock also counts waiting for a core).
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.banking77_mapping import DEFAULT_DATA, Mapping, mapped_examples, read_split, score  # noqa: E402
from bench.evaluate import evaluate, load_examples, model_parser  # noqa: E402

HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"


def train(out: Path) -> float:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "--out", str(out), "--fixed-model-name", "bank",
         "--force", "--quiet"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "bank.tar.gz"))
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--train", action="store_true", help="train first, and time it")
    parser.add_argument("--misses", type=int, default=0, help="print this many misses")
    args = parser.parse_args()
    model = Path(args.model)
    if args.train:
        model = Path(tempfile.mkdtemp(prefix="nlu-targets-")) / "bank.tar.gz"
        seconds = train(model.parent)
        cores = os.cpu_count()
        print(f"Full training (rasa train, NLU and dialogue): {seconds:.0f} s on {cores} cores")
    parse = model_parser(model)
    took: list[float] = []
    cpu: list[float] = []

    def timed(text: str) -> str:
        started, started_cpu = time.perf_counter(), time.process_time()
        intent = parse(text)
        took.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        return intent

    mapping = Mapping.load()
    test = mapped_examples(read_split("test", Path(args.data)), mapping)
    b77 = score(timed, test)
    print(f"BANKING77 test split, {len(test)} texts ({len(mapping.grey)} grey categories left out)")
    print(
        f"  in scope: {b77.accuracy:.2%} right ({b77.in_scope_right} of {b77.in_scope}); "
        f"'not understood' {b77.in_scope_not_understood} (counted wrong)"
    )
    print(
        f"  out of scope: {b77.rejection:.2%} rejected ({b77.out_of_scope_rejected} of "
        f"{b77.out_of_scope}); taken as money-moving: {b77.out_of_scope_to_money}"
    )
    wrong = collections.Counter((e, p) for _, e, p in b77.misses)
    print("  most frequent misses (expected -> predicted): " + ", ".join(
        f"{e}->{p} {n}" for (e, p), n in wrong.most_common(8)))  # fmt: skip
    for text, expected, predicted in b77.misses[: args.misses]:
        print(f"    {expected:>16} -> {predicted:<20} {text}")
    own = evaluate(timed, load_examples(HELDOUT))
    print(
        f"Own held-out set, {own.examples} texts: {own.accuracy:.2%} "
        f"(speech-style part {own.asr_accuracy:.2%}); out of scope to money "
        f"{own.out_of_scope_to_money:.0%}, money false alarms {own.money_false_alarms}"
    )
    for error in own.errors[: args.misses]:
        print(f"    {error['expected']:>16} -> {error['predicted']:<20} {error['text']}")
    cuts = statistics.quantiles(took, n=100)
    print(f"NLU parse time over {len(took)} texts: p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms")
    # CPU time of this process: what a parse costs, apart from waiting for a shared core.
    used = statistics.quantiles(cpu, n=100)
    print(f"  CPU time per parse: p50 {used[49]:.1f} ms, p95 {used[94]:.1f} ms")


if __name__ == "__main__":
    main()
