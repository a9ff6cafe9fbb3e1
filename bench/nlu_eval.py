"""Accuracy and per-intent F1 of the trained model on the held-out test set.

    .venv/bin/python bench/nlu_eval.py [--update-baseline]

Writes var/reports/nlu_report.json; with --update-baseline also
tests/nlu/baseline.json, which `make test` holds the model to.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.evaluate import TimedParse, evaluate, load_examples, model_parser  # noqa: E402

TEST_SET = ROOT / "tests" / "nlu" / "heldout.yml"
BASELINE = ROOT / "tests" / "nlu" / "baseline.json"
REPORT = ROOT / "var" / "reports" / "nlu_report.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "bank.tar.gz"))
    parser.add_argument("--update-baseline", action="store_true")
    args = parser.parse_args()
    timed = TimedParse(model_parser(Path(args.model)))
    report = evaluate(timed, load_examples(TEST_SET))
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report.to_json())
    print(f"Held-out examples: {report.examples}")
    print(f"Accuracy: {report.accuracy:.1%} (speech-style part: {report.asr_accuracy:.1%})")
    print(f"Macro F1: {report.macro_f1:.3f}")
    print(f"Out-of-scope taken as money-moving: {report.out_of_scope_to_money:.1%}")
    print(f"Non-money examples taken as money-moving: {report.money_false_alarms}")
    worst = sorted(report.per_intent.items(), key=lambda kv: kv[1]["f1"])[:5]
    print("Lowest F1: " + ", ".join(f"{k} {v['f1']:.2f}" for k, v in worst))
    print(timed.summary())
    if args.update_baseline:
        BASELINE.write_text(report.to_json())
        print(f"Baseline written to {BASELINE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
