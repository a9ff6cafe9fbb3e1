"""Measure the trained model on a held-out NLU test set.

Reports accuracy (all, and the speech-recognition-style part), per-intent
precision, recall and F1, and the safety figure that matters most here: how
often text that is not a money request lands on a money-moving intent.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sklearn.metrics import precision_recall_fscore_support

from nlu.components import MONEY_MOVING_INTENTS

# In tests/nlu/heldout.yml the last five examples of each intent are ASR-style.
ASR_PER_INTENT = 5


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    asr_style: bool


@dataclass
class Report:
    examples: int
    accuracy: float
    asr_accuracy: float
    macro_f1: float
    per_intent: dict[str, dict[str, float]]
    out_of_scope_to_money: float  # share of out_of_scope examples taken as money-moving
    money_false_alarms: int  # non-money examples taken as money-moving
    errors: list[dict[str, str]]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True)


def load_examples(path: Path) -> list[Example]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    examples: list[Example] = []
    by_intent: dict[str, list[str]] = {}
    for message in data.intent_examples:
        by_intent.setdefault(message.get("intent"), []).append(message.get("text"))
    for intent, texts in by_intent.items():
        for index, text in enumerate(texts):
            examples.append(Example(text, intent, index >= len(texts) - ASR_PER_INTENT))
    return examples


def evaluate(parse: Callable[[str], str], examples: list[Example]) -> Report:
    """`parse` maps a text to the predicted intent name (nlu_fallback included)."""
    predicted = [parse(e.text) for e in examples]
    truth = [e.intent for e in examples]
    labels = sorted(set(truth))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    per_intent = {
        label: {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "n": int(n)}
        for label, p, r, f, n in zip(labels, precision, recall, f1, support, strict=True)
    }
    correct = [p == t for p, t in zip(predicted, truth, strict=True)]
    asr = [c for c, e in zip(correct, examples, strict=True) if e.asr_style]
    oos = [p for p, e in zip(predicted, examples, strict=True) if e.intent == "out_of_scope"]
    false_money = sum(
        1
        for p, e in zip(predicted, examples, strict=True)
        if p in MONEY_MOVING_INTENTS and e.intent not in MONEY_MOVING_INTENTS
    )
    return Report(
        examples=len(examples),
        accuracy=round(sum(correct) / len(correct), 4),
        asr_accuracy=round(sum(asr) / len(asr), 4) if asr else 0.0,
        macro_f1=round(sum(v["f1"] for v in per_intent.values()) / len(per_intent), 4),
        per_intent=per_intent,
        out_of_scope_to_money=round(
            sum(p in MONEY_MOVING_INTENTS for p in oos) / len(oos), 4
        ) if oos else 0.0,
        money_false_alarms=false_money,
        errors=[
            {"text": e.text, "expected": e.intent, "predicted": p}
            for p, e, ok in zip(predicted, examples, correct, strict=True)
            if not ok
        ],
    )  # fmt: skip


class TimedParse:
    """A parse function that keeps how long each call took, in milliseconds."""

    def __init__(self, parse: Callable[[str], str]) -> None:
        self._parse = parse
        self.took: list[float] = []

    def __call__(self, text: str) -> str:
        started = time.perf_counter()
        intent = self._parse(text)
        self.took.append((time.perf_counter() - started) * 1000)
        return intent

    def summary(self) -> str:
        cuts = statistics.quantiles(self.took, n=100)
        return (
            f"NLU parse time: p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms, "
            f"max {max(self.took):.1f} ms"
        )


def model_results(model_path: Path) -> Callable[[str], dict[str, Any]]:
    """Rasa's whole parse result (intent, ranking, entities) from the trained model."""
    import logging

    import structlog
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings

    # Rasa logs every parsed text at debug level; keep reports readable.
    configure_logging_and_warnings(logging.WARNING)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    loop = asyncio.new_event_loop()
    agent = Agent.load(str(model_path))

    def parse(text: str) -> dict[str, Any]:
        return loop.run_until_complete(agent.parse_message(text))

    return parse


def intent_of(result: dict[str, Any]) -> str:
    """The intent the assistant acts on (nlu_fallback when it did not understand)."""
    return (result.get("intent") or {}).get("name") or "nlu_fallback"


def top_intent_of(result: dict[str, Any]) -> str:
    """The classifier's best intent before the fallback and the money guard stepped in."""
    ranked = [r["name"] for r in result.get("intent_ranking") or [] if r["name"] != "nlu_fallback"]
    return ranked[0] if ranked else "nlu_fallback"


def model_parser(model_path: Path) -> Callable[[str], str]:
    """A parse function backed by the trained Rasa model (NLU part only)."""
    results = model_results(model_path)
    return lambda text: intent_of(results(text))
