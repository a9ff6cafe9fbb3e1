"""BANKING77 benchmark: the project's NLU pipeline on a public banking data set.

Trains the pipeline in config.yml (same components; --epochs overrides DIET's
for a shorter run) on BANKING77's 10,003 training utterances and reports
accuracy and macro-F1 on its 3,080 test utterances, next to the published
full-data figures (Casanueva et al. 2020, CC BY 4.0).

    .venv/bin/python bench/banking77.py [--data ../shared/datasets/banking77] [--epochs 80]
        [--config config.yml] [--without COMPONENT]

--without drops one component (for example SentenceEmbeddingFeaturizer) to
measure what it brings. --probe skips Rasa and measures the sentence
embeddings alone (nlu/minilm.py) with a logistic regression: how good the
features are, apart from DIET.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from sklearn.metrics import f1_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.evaluate import intent_of, model_results, top_intent_of  # noqa: E402

PUBLISHED = {"BERT-large (full data)": 93.7, "USE+ConveRT (full data)": 93.4}


def read(path: Path) -> list[tuple[str, str]]:
    with path.open(newline="") as handle:
        return [(row["text"], row["category"]) for row in csv.DictReader(handle)]


def write_nlu(rows: list[tuple[str, str]], path: Path) -> None:
    by_intent: dict[str, list[str]] = {}
    for text, intent in rows:
        by_intent.setdefault(intent, []).append(text)
    nlu = [
        {"intent": intent, "examples": "".join(f"- {t.strip()}\n" for t in texts)}
        for intent, texts in by_intent.items()
    ]
    path.write_text(yaml.safe_dump({"version": "3.1", "nlu": nlu}, sort_keys=False, width=10_000))


def probe(train: list[tuple[str, str]], test: list[tuple[str, str]]) -> None:
    from sklearn.linear_model import LogisticRegression

    from nlu.minilm import SentenceEncoder

    encoder = SentenceEncoder.load()
    started = time.perf_counter()
    features = encoder.encode([text for text, _ in train])
    held_out = encoder.encode([text for text, _ in test])
    per_text_ms = (time.perf_counter() - started) / (len(train) + len(test)) * 1000
    model = LogisticRegression(C=10, max_iter=2000).fit(features, [i for _, i in train])
    predicted = list(model.predict(held_out))
    truth = [intent for _, intent in test]
    accuracy = sum(p == t for p, t in zip(predicted, truth, strict=True)) / len(truth)
    macro = f1_score(truth, predicted, average="macro")
    print("BANKING77 probe: all-MiniLM-L6-v2 sentence embeddings + logistic regression (C=10)")
    print(f"Accuracy {accuracy:.1%}, macro-F1 {macro:.3f}; embedding {per_text_ms:.1f} ms a text")
    for name, figure in PUBLISHED.items():
        print(f"Published {name}: {figure}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "datasets" / "banking77"))
    parser.add_argument("--epochs", type=int, default=None, help="override DIET's epochs")
    parser.add_argument("--config", default=str(ROOT / "config.yml"))
    parser.add_argument("--without", default=None, help="leave out the component with this name")
    parser.add_argument("--probe", action="store_true", help="embeddings + logistic regression")
    args = parser.parse_args()
    data = Path(args.data)
    train, test = read(data / "train.csv"), read(data / "test.csv")
    if args.probe:
        probe(train, test)
        return
    work = Path(tempfile.mkdtemp(prefix="banking77-"))
    config = yaml.safe_load(Path(args.config).read_text())
    config["policies"] = []
    if args.without:
        config["pipeline"] = [c for c in config["pipeline"] if not c["name"].endswith(args.without)]
    for component in config["pipeline"]:
        if component["name"] == "DIETClassifier" and args.epochs:
            component["epochs"] = args.epochs
    (work / "config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    write_nlu(train, work / "nlu.yml")
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "nlu", "--config", str(work / "config.yml"),
         "--nlu", str(work / "nlu.yml"), "--out", str(work), "--fixed-model-name", "b77"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    trained = time.perf_counter() - started
    parse = model_results(work / "b77.tar.gz")
    started = time.perf_counter()
    results = [parse(text) for text, _ in test]
    per_turn_ms = (time.perf_counter() - started) / len(test) * 1000
    truth = [intent for _, intent in test]
    labels = sorted(set(truth))

    def scores(predicted: list[str]) -> tuple[float, float]:
        right = sum(p == t for p, t in zip(predicted, truth, strict=True)) / len(truth)
        return right, f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)

    predicted = [intent_of(r) for r in results]
    accuracy, macro = scores(predicted)
    top_accuracy, top_macro = scores([top_intent_of(r) for r in results])
    fallback = sum(p == "nlu_fallback" for p in predicted) / len(truth)
    epochs = next(
        (c.get("epochs") for c in config["pipeline"] if c["name"] == "DIETClassifier"), None
    )
    print(f"BANKING77: {len(train)} training, {len(test)} test utterances, 77 intents")
    names = ", ".join(c["name"].split(".")[-1] for c in config["pipeline"])
    diet = f" (DIET epochs {epochs})" if epochs else ""
    print(f"Pipeline: {names}{diet}; training took {trained:.0f} s")
    right = round(accuracy * len(truth))
    print(
        f"Accuracy {accuracy:.2%} ({right} of {len(truth)}), macro-F1 {macro:.3f}"
        f" (answered 'not understood': {fallback:.1%})"
    )
    print(f"Top intent before the fallback: accuracy {top_accuracy:.2%}, macro-F1 {top_macro:.3f}")
    print(f"Parse time per utterance: {per_turn_ms:.1f} ms")
    for name, figure in PUBLISHED.items():
        print(f"Published {name}: {figure}%")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
