"""Choose the FallbackClassifier threshold by cross-validation on the training data.

The held-out set (tests/nlu/heldout.yml) stays a test set: it is not used to
tune anything. This script splits data/nlu into folds, trains the intent
classifier of config.yml (nlu.embedding_classifier, same options) on the
rest, then runs the pipeline's own FallbackClassifier (at each threshold)
and MoneyIntentGuard on its answers, and prints how often the answer is
right, how often it is "not understood", and how often a turn that does not
move money would be read as a money-moving intent.

    .venv/bin/python bench/fallback_threshold.py [--folds 5]
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


class CachedEncoder:
    """Embeds each distinct text once, so the folds do not repeat the work."""

    def __init__(self, encoder) -> None:  # type: ignore[no-untyped-def]
        self._encoder = encoder
        self._seen: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self._seen]
        if new:
            self._seen.update(zip(new, self._encoder.encode(new), strict=True))
        return np.stack([self._seen[t] for t in texts])


def pipeline_options(config: Path) -> tuple[dict, dict, dict]:
    """The options of the classifier, the FallbackClassifier and the MoneyIntentGuard."""
    from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier

    from nlu.components import MoneyIntentGuard
    from nlu.embedding_classifier import EmbeddingIntentClassifier

    pipeline = yaml.safe_load(config.read_text())["pipeline"]
    by_name = {c["name"].split(".")[-1]: c for c in pipeline}

    def options(component: type, name: str) -> dict:
        merged = {**component.get_default_config(), **by_name.get(name, {})}
        merged.pop("name", None)
        return merged

    return (
        options(EmbeddingIntentClassifier, "EmbeddingIntentClassifier"),
        options(FallbackClassifier, "FallbackClassifier"),
        options(MoneyIntentGuard, "MoneyIntentGuard"),
    )


def decide(parsed: list[Message], fallback: dict, guard: dict) -> list[tuple[str, float]]:
    """Each message's intent and confidence after the fallback and the money guard."""
    from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier

    from nlu.components import MoneyIntentGuard

    messages = [copy.deepcopy(m) for m in parsed]
    FallbackClassifier(fallback).process(messages)
    MoneyIntentGuard(guard).process(messages)
    return [(m.get(INTENT)["name"], m.get(INTENT)["confidence"]) for m in messages]


def main() -> None:
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from nlu.embedding_classifier import EmbeddingIntentClassifier
    from nlu.minilm import SentenceEncoder

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--config", default=str(ROOT / "config.yml"))
    parser.add_argument("--data", default=str(ROOT / "data" / "nlu"))
    args = parser.parse_args()

    options, fallback, guard = pipeline_options(Path(args.config))
    examples = [m for m in load_data(args.data).intent_examples if m.get(TEXT)]
    order = np.random.default_rng(42).permutation(len(examples))
    encoder = CachedEncoder(SentenceEncoder.load())
    truth: list[str] = []
    parsed: list[Message] = []
    for fold in range(args.folds):
        held = set(order[fold :: args.folds].tolist())
        train = [examples[i] for i in range(len(examples)) if i not in held]
        with tempfile.TemporaryDirectory() as folder:
            classifier = EmbeddingIntentClassifier(
                options, LocalModelStorage(Path(folder)), Resource("intents"), encoder
            )
            classifier.train(TrainingData(train))
        for i in sorted(held):
            truth.append(examples[i].get(INTENT))
            parsed.append(Message.build(text=examples[i].get(TEXT)))
        classifier.process(parsed[-len(held) :])
    print(f"{len(truth)} training examples, {args.folds} folds")
    print(f"ambiguity threshold {fallback['ambiguity_threshold']}, money-moving intents need "
          f"{guard['threshold']}")  # fmt: skip
    print("threshold  right   not understood   non-money read as money-moving")
    money = set(guard["intents"])
    for threshold in THRESHOLDS:
        decided = decide(parsed, {**fallback, "threshold": threshold}, guard)
        right = fallback_count = false_money = 0
        for intent, (answer, _) in zip(truth, decided, strict=True):
            if answer == "nlu_fallback":
                fallback_count += 1
                right += intent == "out_of_scope"
                continue
            right += answer == intent
            false_money += answer in money and intent not in money
        n = len(truth)
        print(f"{threshold:9.2f}  {right / n:6.1%}  {fallback_count / n:15.1%}  {false_money:6d}")
    # A money false alarm passes the guard whatever the threshold: list them.
    for message, intent, (answer, confidence) in zip(
        parsed, truth, decide(parsed, fallback, guard), strict=True
    ):
        if answer in money and intent not in money:
            print(f"Read as {answer} ({confidence:.2f}), meant {intent}: {message.get(TEXT)!r}")


if __name__ == "__main__":
    main()
