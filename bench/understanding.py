"""Understanding words nobody here wrote: what a customer gets, sentence by sentence.

    nice -n 10 .venv/bin/python bench/understanding.py [--model models/bank.tar.gz]
        [--leave-out-model PATH | --config config.yml] [--examples 10]

Three sets, each counted into the same outcomes:

1. BANKING77's test split through nlu/banking77_mapping.yml, with the normal model.
2. The same split with a model trained without a sentence from BANKING77: a copy of
   data/nlu without data/nlu/banking77.yml (tools/import_banking77.py's sample) and
   without any other training sentence that BANKING77 also holds, trained with
   `rasa train nlu` into a temporary folder (or --leave-out-model, one trained so
   before; --config, another pipeline to train it with, to try a variant with --model
   trained on it too). The gap to set 1 is what the model borrowed from BANKING77's
   phrasing.
3. HWU64 (home-robot requests) through bench/data/hwu64_mapping.yml, normal model:
   its short replies that mean ours, and everything else as out of scope.

A sentence we can do something for is understood at once (the intent acted on is
right: above the fallback bar and, for money, the money bar), understood after one
question (not understood, but the right request is among the buttons
actions/conversation/clarify.py offers), a wrong intent, or not understood (no right button, or
taken for out of scope). A sentence out of scope is rejected (out_of_scope, or not
understood), read as one of our intents, or read as a money-moving one (must be 0).
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actions.conversation.clarify import likeliest_in  # noqa: E402
from bench.banking77_mapping import (  # noqa: E402
    DEFAULT_DATA,
    OUT_OF_SCOPE,
    REJECTED,
    Mapping,
    mapped_examples,
    read_split,
)
from bench.evaluate import intent_of, model_results  # noqa: E402
from nlu.components import MONEY_MOVING_INTENTS  # noqa: E402

HWU64_MAPPING = ROOT / "bench" / "data" / "hwu64_mapping.yml"
# Beside BANKING77 in the sibling shared/ folder; HWU64_DIR points elsewhere.
HWU64_DIR = Path(os.environ.get("HWU64_DIR") or ROOT.parent / "shared" / "datasets" / "hwu64")
BANKING77_SAMPLE = "banking77.yml"  # written by tools/import_banking77.py


class Outcome(Enum):
    """What one sentence got."""

    AT_ONCE = "understood at once"
    AFTER_QUESTION = "understood after one question"
    WRONG = "wrong intent"
    NOT_UNDERSTOOD = "not understood"
    REJECTED = "out of scope, rejected"
    TAKEN = "out of scope, read as one of ours"
    TO_MONEY = "out of scope, read as money-moving"


IN_SCOPE = (Outcome.AT_ONCE, Outcome.AFTER_QUESTION, Outcome.WRONG, Outcome.NOT_UNDERSTOOD)
OUTSIDE = (Outcome.REJECTED, Outcome.TAKEN, Outcome.TO_MONEY)


def outcome(expected: tuple[str, ...], result: dict[str, Any]) -> Outcome:
    """Where one parse result falls, for a sentence meaning any of `expected`.

    `expected` is (out_of_scope,) for a sentence the assistant cannot help with.
    """
    acted = intent_of(result)
    if expected == (OUT_OF_SCOPE,):
        if acted in REJECTED:
            return Outcome.REJECTED
        return Outcome.TO_MONEY if acted in MONEY_MOVING_INTENTS else Outcome.TAKEN
    if acted in expected:
        return Outcome.AT_ONCE
    if acted == "nlu_fallback":
        offered = likeliest_in(result.get("intent_ranking") or [])
        if any(intent in offered for intent in expected):
            return Outcome.AFTER_QUESTION
        return Outcome.NOT_UNDERSTOOD
    return Outcome.NOT_UNDERSTOOD if acted == OUT_OF_SCOPE else Outcome.WRONG


@dataclass(frozen=True)
class Answer:
    """One sentence, what it means, and what the assistant made of it."""

    text: str
    expected: tuple[str, ...]
    acted: str
    """The intent acted on (nlu_fallback when not understood)."""
    offered: tuple[str, ...]
    """The buttons a clarifying question would offer, when one is asked."""
    outcome: Outcome


@dataclass
class Tally:
    """The outcomes of one set, and how long each parse took."""

    name: str
    answers: list[Answer] = field(default_factory=list)
    took_ms: list[float] = field(default_factory=list)
    """Wall clock of each parse: on a shared machine it also counts waiting for a core."""
    cpu_ms: list[float] = field(default_factory=list)
    """CPU time this process spent on each parse: what a parse costs, apart from waiting."""

    def add(self, text: str, expected: tuple[str, ...], result: dict[str, Any]) -> None:
        acted = intent_of(result)
        offered = (
            likeliest_in(result.get("intent_ranking") or []) if acted == "nlu_fallback" else []
        )
        self.answers.append(
            Answer(text, expected, acted, tuple(offered), outcome(expected, result))
        )

    def count(self, *outcomes: Outcome) -> int:
        return sum(a.outcome in outcomes for a in self.answers)

    @property
    def in_scope(self) -> int:
        return self.count(*IN_SCOPE)

    @property
    def out_of_scope(self) -> int:
        return self.count(*OUTSIDE)

    def share(self, *outcomes: Outcome) -> float | None:
        """The share of its part (in scope or out of scope) these outcomes make."""
        whole = self.out_of_scope if outcomes[0] in OUTSIDE else self.in_scope
        return self.count(*outcomes) / whole if whole else None

    @staticmethod
    def percentile(times: list[float], cut: int) -> float:
        return statistics.quantiles(times, n=100)[cut - 1] if len(times) > 1 else 0.0

    def misses(self) -> list[tuple[tuple[str, str], list[Answer]]]:
        """Wrong answers grouped by (meant, got), the largest group first."""
        groups: dict[tuple[str, str], list[Answer]] = collections.defaultdict(list)
        for answer in self.answers:
            if answer.outcome not in (Outcome.AT_ONCE, Outcome.AFTER_QUESTION, Outcome.REJECTED):
                groups["|".join(answer.expected), answer.acted].append(answer)
        return sorted(groups.items(), key=lambda group: -len(group[1]))


@dataclass(frozen=True)
class Hwu64Mapping:
    """HWU64's intents as ours (bench/data/hwu64_mapping.yml)."""

    mapped: dict[str, tuple[str, ...]]
    """HWU64 intent -> our intent first, then others as right."""
    grey: frozenset[str]
    out_of_scope: frozenset[str]

    @classmethod
    def load(cls, path: Path = HWU64_MAPPING) -> Hwu64Mapping:
        raw = yaml.safe_load(path.read_text())
        mapped = {
            name: (entry["intent"], *entry.get("also_right", ()))
            for name, entry in raw["mapped"].items()
        }
        return cls(mapped, frozenset(raw["grey"]), frozenset(raw["out_of_scope"]))

    def examples(self, rows: Iterable[tuple[str, str]]) -> list[tuple[str, tuple[str, ...]]]:
        """(text, intents meant) of every row not grey; an unlisted intent is an error."""
        out = []
        for text, intent in rows:
            if intent in self.mapped:
                out.append((text, self.mapped[intent]))
            elif intent in self.out_of_scope:
                out.append((text, (OUT_OF_SCOPE,)))
            elif intent not in self.grey:
                raise ValueError(f"HWU64 intent {intent!r} is not in {HWU64_MAPPING.name}")
        return out


def read_hwu64(data: Path = HWU64_DIR) -> list[tuple[str, str]]:
    path = data / "hwu64.csv"
    if not path.exists():
        raise FileNotFoundError(
            f"HWU64 not found at {path}. It lives outside the repository, in "
            "../shared/datasets/hwu64; set HWU64_DIR to point elsewhere."
        )
    with path.open(newline="") as handle:
        return [(row["text"].strip(), row["intent"]) for row in csv.DictReader(handle)]


def banking77_examples(data: Path = DEFAULT_DATA) -> list[tuple[str, tuple[str, ...]]]:
    rows = mapped_examples(read_split("test", data), Mapping.load())
    return [(text, tuple(intents.split("|"))) for text, intents in rows]


def sentence_key(text: str) -> str:
    """A sentence as compared across data sets: lowercase words, no punctuation."""
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.lower()).split())


def plain_text(example: str) -> str:
    """A Rasa training example without its entity marks: "[50](amount)" -> "50"."""
    return re.sub(r"\[([^\]]*)\]\s*(\([^)]*\)|\{[^}]*\})", r"\1", example)


def without_sentences(nlu: dict[str, Any], keys: set[str]) -> tuple[dict[str, Any], int]:
    """An NLU file's content without the examples whose sentence key is in `keys`.

    An intent left with no example is left out whole (Rasa refuses an empty one).
    """
    dropped = 0
    items = []
    for item in nlu.get("nlu") or []:
        if "intent" in item and "examples" in item:
            kept = []
            for line in item["examples"].splitlines():
                sentence = line.strip().removeprefix("- ")
                if line.strip() and sentence_key(plain_text(sentence)) in keys:
                    dropped += 1
                else:
                    kept.append(line)
            if not any(line.strip() for line in kept):
                continue
            item["examples"] = "\n".join(kept) + "\n"
        items.append(item)
    if "nlu" in nlu:
        nlu["nlu"] = items
    return nlu, dropped


def copy_without_banking77(source: Path, target: Path, keys: set[str]) -> int:
    """data/nlu copied without the BANKING77 sample or any sentence BANKING77 holds.

    Returns how many sentences were dropped from the other files.
    """
    target.mkdir(parents=True)
    dropped = 0
    for path in sorted(source.glob("*.yml")):
        if path.name == BANKING77_SAMPLE:
            continue
        content, count = without_sentences(yaml.safe_load(path.read_text()) or {}, keys)
        dropped += count
        (target / path.name).write_text(yaml.safe_dump(content, sort_keys=False, width=10_000))
    return dropped


def banking77_keys(banking77: Path = DEFAULT_DATA) -> set[str]:
    """The sentence key of every BANKING77 sentence, training and test split."""
    return {sentence_key(t) for split in ("train", "test") for t, _ in read_split(split, banking77)}


def train_without_banking77(
    work: Path, banking77: Path = DEFAULT_DATA, config: Path = ROOT / "config.yml"
) -> Path:
    """An NLU model of `config` on data/nlu with nothing from BANKING77, in `work`."""
    keys = banking77_keys(banking77)
    dropped = copy_without_banking77(ROOT / "data" / "nlu", work / "nlu", keys)
    print(f"Leave-BANKING77-out data: without {BANKING77_SAMPLE}, and {dropped} other sentences "
          "BANKING77 also holds")  # fmt: skip
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "nlu", "--config", str(config),
         "--nlu", str(work / "nlu"), "--out", str(work), "--fixed-model-name", "leave-b77-out"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    print(f"  trained in {time.perf_counter() - started:.0f} s")
    return work / "leave-b77-out.tar.gz"


def measure(
    name: str,
    parse: Callable[[str], dict[str, Any]],
    examples: list[tuple[str, tuple[str, ...]]],
) -> Tally:
    tally = Tally(name)
    for text, expected in examples:
        started, started_cpu = time.perf_counter(), time.process_time()
        result = parse(text)
        tally.took_ms.append((time.perf_counter() - started) * 1000)
        tally.cpu_ms.append((time.process_time() - started_cpu) * 1000)
        tally.add(text, expected, result)
    return tally


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.1%}"


def table(tallies: list[Tally]) -> str:
    """The figures of every set as one Markdown table."""
    head = (
        "| set | in scope | at once | within one question | wrong intent | not understood "
        "| out of scope | rejected | out of scope to money | parse p50 / p95 | CPU p50 / p95 |"
    )
    lines = [head, "|" + " --- |" * 11]
    for t in tallies:
        cells = [
            t.name,
            str(t.in_scope),
            _percent(t.share(Outcome.AT_ONCE)),
            _percent(t.share(Outcome.AT_ONCE, Outcome.AFTER_QUESTION)),
            _percent(t.share(Outcome.WRONG)),
            _percent(t.share(Outcome.NOT_UNDERSTOOD)),
            str(t.out_of_scope),
            _percent(t.share(Outcome.REJECTED)),
            str(t.count(Outcome.TO_MONEY)),
            f"{t.percentile(t.took_ms, 50):.0f} / {t.percentile(t.took_ms, 95):.0f} ms",
            f"{t.percentile(t.cpu_ms, 50):.0f} / {t.percentile(t.cpu_ms, 95):.0f} ms",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "bank.tar.gz"))
    parser.add_argument("--leave-out-model", default=None, help="skip training: use this model")
    parser.add_argument(
        "--config", default=str(ROOT / "config.yml"), help="the leave-out model's pipeline"
    )
    parser.add_argument("--banking77", default=str(DEFAULT_DATA))
    parser.add_argument("--hwu64", default=str(HWU64_DIR))
    parser.add_argument("--examples", type=int, default=10, help="sentences shown a kind of miss")
    parser.add_argument("--kinds", type=int, default=6, help="kinds of miss shown a set")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="understanding-"))
    trained = Path(tempfile.mkdtemp(prefix="leave-b77-out-"))
    # A copy, so that a retrain by someone else during the run changes nothing here.
    model = work / "bank.tar.gz"
    shutil.copyfile(args.model, model)
    print(f"Normal model {args.model} (sha256 {_fingerprint(model)})")
    leave_out = Path(
        args.leave_out_model
        or train_without_banking77(trained, Path(args.banking77), Path(args.config))
    )
    banking77 = banking77_examples(Path(args.banking77))
    hwu64 = Hwu64Mapping.load().examples(read_hwu64(Path(args.hwu64)))
    normal = model_results(model)
    tallies = [
        measure("BANKING77 test split, normal model", normal, banking77),
        measure("BANKING77 test split, left out of training", model_results(leave_out), banking77),
        measure("HWU64, normal model", normal, hwu64),
    ]
    print(table(tallies))
    for tally in tallies:
        money = [a for a in tally.answers if a.outcome is Outcome.TO_MONEY]
        if money:  # each one would have started a payment's questions: all of them shown
            print(f"\n{tally.name}: out of scope read as money-moving")
            for answer in money:
                print(f"  {answer.acted}: {answer.text}")
        print(f"\n{tally.name}: kinds of miss (meant -> acted on), largest first")
        for (meant, acted), answers in tally.misses()[: args.kinds]:
            print(f"  {meant} -> {acted}: {len(answers)}")
            for answer in answers[: args.examples]:
                buttons = f"  [buttons: {', '.join(answer.offered)}]" if answer.offered else ""
                print(f"      {answer.text}{buttons}")
    shutil.rmtree(work, ignore_errors=True)
    if not args.leave_out_model:
        print(f"\nThe leave-out model is kept in {trained}: --leave-out-model {leave_out} "
              "measures again without training.")  # fmt: skip


if __name__ == "__main__":
    main()
