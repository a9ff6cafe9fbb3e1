"""Choose the FallbackClassifier threshold by cross-validation on the training data.

The held-out set (tests/nlu/heldout.yml) stays a test set: it is not used to
tune anything. This script splits data/nlu into folds, trains the intent
classifier of config.yml (nlu.embedding_classifier, same options) on the
rest, and for each threshold prints how often the answer is right, how often
it is "not understood", and how often a turn that does not move money would
be read as a money-moving intent (MoneyIntentGuard's stricter threshold
included).

    .venv/bin/python bench/fallback_threshold.py [--folds 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml

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


def pipeline_options(config: Path) -> tuple[dict, float, float]:
    """The classifier's options, the fallback's ambiguity threshold and the money guard's."""
    from nlu.embedding_classifier import EmbeddingIntentClassifier

    pipeline = yaml.safe_load(config.read_text())["pipeline"]
    by_name = {c["name"].split(".")[-1]: c for c in pipeline}
    classifier = by_name["EmbeddingIntentClassifier"]
    options = {**EmbeddingIntentClassifier.get_default_config(), **classifier}
    options.pop("name")
    ambiguity = by_name["FallbackClassifier"].get("ambiguity_threshold", 0.1)
    money = by_name.get("MoneyIntentGuard", {}).get("threshold", 0.8)
    return options, ambiguity, money


def main() -> None:
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from nlu.components import MONEY_MOVING_INTENTS
    from nlu.embedding_classifier import EmbeddingIntentClassifier
    from nlu.minilm import SentenceEncoder

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--config", default=str(ROOT / "config.yml"))
    parser.add_argument("--data", default=str(ROOT / "data" / "nlu"))
    args = parser.parse_args()

    options, ambiguity, money_threshold = pipeline_options(Path(args.config))
    examples = [m for m in load_data(args.data).intent_examples if m.get("text")]
    order = np.random.default_rng(42).permutation(len(examples))
    encoder = CachedEncoder(SentenceEncoder.load())
    truth: list[str] = []
    said: list[str] = []
    rankings: list[np.ndarray] = []
    classes = None
    for fold in range(args.folds):
        held = set(order[fold :: args.folds].tolist())
        test = [examples[i] for i in sorted(held)]
        train = [examples[i] for i in range(len(examples)) if i not in held]
        with tempfile.TemporaryDirectory() as folder:
            classifier = EmbeddingIntentClassifier(
                options, LocalModelStorage(Path(folder)), Resource("intents"), encoder
            )
            classifier.train(TrainingData(train))
        fold_classes = list(classifier._weights["classes"])
        if classes is None:
            classes = fold_classes
        probabilities = classifier.probabilities([m.get("text") for m in test])
        rankings.extend(probabilities[:, [fold_classes.index(c) for c in classes]])
        truth.extend(m.get("intent") for m in test)
        said.extend(m.get("text") for m in test)
    assert classes is not None
    chances = np.stack(rankings)
    top = np.argsort(chances, axis=1)[:, ::-1]
    best = chances[np.arange(len(truth)), top[:, 0]]
    gap = best - chances[np.arange(len(truth)), top[:, 1]]
    predicted = [classes[i] for i in top[:, 0]]
    print(f"{len(truth)} training examples, {args.folds} folds, {len(classes)} intents")
    print(f"ambiguity threshold {ambiguity}, money-moving intents need {money_threshold}")
    print("threshold  right   not understood   non-money read as money-moving")
    for threshold in THRESHOLDS:
        right = fallback = false_money = 0
        for intent, guess, confidence, margin in zip(truth, predicted, best, gap, strict=True):
            needed = money_threshold if guess in MONEY_MOVING_INTENTS else threshold
            if confidence < needed or margin < ambiguity:
                fallback += 1
                right += intent == "out_of_scope"
                continue
            right += guess == intent
            false_money += guess in MONEY_MOVING_INTENTS and intent not in MONEY_MOVING_INTENTS
        n = len(truth)
        print(f"{threshold:9.2f}  {right / n:6.1%}  {fallback / n:15.1%}  {false_money:6d}")
    for text, intent, guess, confidence in zip(said, truth, predicted, best, strict=True):
        wrongly_money = guess in MONEY_MOVING_INTENTS and intent not in MONEY_MOVING_INTENTS
        if wrongly_money and confidence >= money_threshold:
            print(f"Read as {guess} ({confidence:.2f}), meant {intent}: {text!r}")


if __name__ == "__main__":
    main()
