"""The trained model on both test sets: no regression, no money on a guess.

The own held-out set (tests/nlu/heldout.yml): the report goes to
var/reports/nlu_report.json on every run; the baseline it is held to is
tests/nlu/baseline.json (update it with `bench/nlu_eval.py --update-baseline`
when a change is meant to move it).

BANKING77's test split, written by other people, through
nlu/banking77_mapping.yml (bench/banking77_mapping.py): held to the targets in docs/understanding.md
and never allowed to put an out-of-scope request on a money-moving intent.
"""

import json
from pathlib import Path

import pytest

from bench.banking77_mapping import Mapping, mapped_examples, read_split, score
from bench.evaluate import evaluate, load_examples, model_parser

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "bank.tar.gz"
# What trainers labelled in the trainer portal (`assistant nlu export`): training data
# like the rest of data/, so the gate holds the model trained on it to the same rules.
REVIEWED = ROOT / "data" / "nlu" / "reviewed.yml"
BASELINE = json.loads((ROOT / "tests" / "nlu" / "baseline.json").read_text())
ALLOWED_DROP = 0.02  # two points
# The targets on BANKING77's test split ("not understood" counts wrong).
BANKING77_IN_SCOPE = 0.95
BANKING77_REJECTED = 0.90


@pytest.fixture(scope="module")
def report():
    if not MODEL.exists():
        pytest.fail("No trained model: run `make test`, which trains it first.")
    result = evaluate(model_parser(MODEL), load_examples(ROOT / "tests" / "nlu" / "heldout.yml"))
    out = ROOT / "var" / "reports" / "nlu_report.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(result.to_json())
    print(
        f"\nNLU held-out: accuracy {result.accuracy:.1%}, speech-style {result.asr_accuracy:.1%}, "
        f"macro F1 {result.macro_f1:.3f} (baseline {BASELINE['accuracy']:.1%})"
    )
    return result


def test_test_set_is_large_enough(report):
    assert all(v["n"] >= 15 for v in report.per_intent.values())
    assert report.examples >= 15 * 31


def test_accuracy_does_not_regress(report):
    assert report.accuracy >= BASELINE["accuracy"] - ALLOWED_DROP, report.errors[:20]
    assert report.asr_accuracy >= BASELINE["asr_accuracy"] - ALLOWED_DROP
    assert report.macro_f1 >= BASELINE["macro_f1"] - ALLOWED_DROP


def test_out_of_scope_never_lands_on_money_moving_intents(report):
    assert report.out_of_scope_to_money == 0.0
    assert report.money_false_alarms <= BASELINE["money_false_alarms"]


def test_reviewed_examples_are_learned_and_never_move_money_by_mistake(report):
    """A poisoned label shows here: the model was trained on these very sentences."""
    assert REVIEWED.exists(), "data/nlu/reviewed.yml is part of the training data"
    assert MODEL.stat().st_mtime >= REVIEWED.stat().st_mtime, (
        "The model is older than data/nlu/reviewed.yml: run `make train`."
    )
    reviewed = load_examples(REVIEWED)
    if not reviewed:
        return  # nothing exported yet: the file is the empty export
    result = evaluate(model_parser(MODEL), reviewed)
    assert result.out_of_scope_to_money == 0.0, result.errors
    assert result.money_false_alarms == 0, result.errors


@pytest.fixture(scope="module")
def banking77():
    if not MODEL.exists():
        pytest.fail("No trained model: run `make test`, which trains it first.")
    examples = mapped_examples(read_split("test"), Mapping.load())
    result = score(model_parser(MODEL), examples)
    print(
        f"\nBANKING77 test split: in scope {result.accuracy:.1%} right, "
        f"out of scope {result.rejection:.1%} rejected, "
        f"{result.out_of_scope_to_money} out of scope taken as money-moving"
    )
    return result


def test_banking77_in_scope_requests_are_understood(banking77):
    assert banking77.accuracy >= BANKING77_IN_SCOPE, banking77.misses[:20]


def test_banking77_out_of_scope_requests_are_rejected(banking77):
    assert banking77.rejection >= BANKING77_REJECTED, banking77.misses[:20]


def test_banking77_out_of_scope_never_moves_money(banking77):
    assert banking77.out_of_scope_to_money == 0, [
        m for m in banking77.misses if m[1] == "out_of_scope"
    ][:20]
