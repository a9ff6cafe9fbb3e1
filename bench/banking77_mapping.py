"""BANKING77 through the checked-in mapping (nlu/banking77_mapping.yml).

BANKING77 (Casanueva et al. 2020, CC BY 4.0) is 13,083 banking requests
written by other people, in 77 categories. The mapping names the categories
that are one of our intents; the grey ones are left out; every other
category is out of scope. `score` counts what issue #14 asks for: accuracy
on the mapped part with "not understood" counted wrong, the share of out of
scope requests rejected, and how many out of scope requests became a
money-moving intent.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from nlu.components import MONEY_MOVING_INTENTS

ROOT = Path(__file__).resolve().parent.parent
MAPPING = ROOT / "nlu" / "banking77_mapping.yml"
# The repository's sibling shared/ folder, as in the main checkout and in CI;
# BANKING77_DIR points elsewhere (a git worktree, for example).
DEFAULT_DATA = Path(
    os.environ.get("BANKING77_DIR") or ROOT.parent / "shared" / "datasets" / "banking77"
)
OUT_OF_SCOPE = "out_of_scope"
# A bank question the assistant does not answer itself: named, and a person offered. For
# a sentence it cannot help with, that counts as rejected, as "cannot help" does.
BANK_QUESTION = "bank_question"
REJECTED = {OUT_OF_SCOPE, BANK_QUESTION, "nlu_fallback"}


@dataclass(frozen=True)
class Mapping:
    """Which BANKING77 category is which intent of ours."""

    mapped: dict[str, str]
    """Category -> our intent."""
    grey: frozenset[str]
    """Categories left out of every figure and of training."""
    also_right: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Category -> other intents whose answer serves the customer as well."""

    @classmethod
    def load(cls, path: Path = MAPPING) -> Mapping:
        raw = yaml.safe_load(path.read_text())
        also = {k: tuple(v) for k, v in (raw.get("also_right") or {}).items()}
        return cls(dict(raw["mapped"]), frozenset(raw.get("grey") or {}), also)

    def intent_for(self, category: str) -> str | None:
        """Our intent for a category; out_of_scope; None for a grey one."""
        if category in self.grey:
            return None
        return self.mapped.get(category, OUT_OF_SCOPE)


def read_split(name: str, data: Path = DEFAULT_DATA) -> list[tuple[str, str]]:
    """(text, category) rows of train.csv or test.csv; a clear error when absent."""
    path = data / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(
            f"BANKING77 {name} split not found at {path}. It lives outside the repository, "
            "in ../shared/datasets/banking77; set BANKING77_DIR to point elsewhere."
        )
    with path.open(newline="") as handle:
        return [(row["text"].strip(), row["category"]) for row in csv.DictReader(handle)]


def mapped_examples(rows: list[tuple[str, str]], mapping: Mapping) -> list[tuple[str, str]]:
    """(text, our intent) for every row whose category is not grey.

    Where another intent is also right, the intent reads "first|second".
    """
    out = []
    for text, category in rows:
        intent = mapping.intent_for(category)
        if intent is not None:
            out.append((text, "|".join((intent, *mapping.also_right.get(category, ())))))
    return out


@dataclass
class Score:
    in_scope: int = 0
    in_scope_right: int = 0
    in_scope_not_understood: int = 0
    out_of_scope: int = 0
    out_of_scope_rejected: int = 0
    out_of_scope_to_money: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    """(text, expected, predicted) of every wrong answer."""

    @property
    def accuracy(self) -> float:
        return self.in_scope_right / self.in_scope if self.in_scope else 0.0

    @property
    def rejection(self) -> float:
        return self.out_of_scope_rejected / self.out_of_scope if self.out_of_scope else 0.0


def score(parse: Callable[[str], str], examples: list[tuple[str, str]]) -> Score:
    """`parse` maps a text to the intent acted on (nlu_fallback when not understood)."""
    result = Score()
    for text, expected in examples:
        predicted = parse(text)
        if expected == OUT_OF_SCOPE:
            result.out_of_scope += 1
            if predicted in REJECTED:
                result.out_of_scope_rejected += 1
            else:
                result.misses.append((text, expected, predicted))
            result.out_of_scope_to_money += predicted in MONEY_MOVING_INTENTS
        else:
            result.in_scope += 1
            if predicted in expected.split("|"):
                result.in_scope_right += 1
            else:
                result.misses.append((text, expected, predicted))
                result.in_scope_not_understood += predicted == "nlu_fallback"
    return result
