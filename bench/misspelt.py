"""The held-out set as a hurried typist writes it, and the model measured on both.

    PYTHONPATH=$PWD .venv/bin/python bench/misspelt.py [--model models/bank.tar.gz] [--seed 28]

`misspell` makes a seeded misspelt copy of a sentence: in one or two of its words
(three letters or more, no digit), one letter is left out, swapped with the next,
doubled or replaced by a letter next to it on the keyboard. Digits and the other
words stay as they are. Prints, for the held-out set (tests/nlu/heldout.yml) as
written and misspelt: the share understood right, the share not understood, and
the NLU parse time (p50, p95) over all the texts.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.evaluate import Example, TimedParse, evaluate, load_examples, model_parser  # noqa: E402

TEST_SET = ROOT / "tests" / "nlu" / "heldout.yml"
SEED = 28
_WORD = re.compile(r"(?<![\w'])[A-Za-z]{3,}(?![\w'])")
# Letters next to each other on a QWERTY keyboard: a slip lands on one of them.
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
NEIGHBOURS = {
    c: "".join(row[j] for j in (i - 1, i + 1) if 0 <= j < len(row))
    for row in _ROWS
    for i, c in enumerate(row)
}
SLIPS = ("drop", "swap", "double", "replace")


def _slip(word: str, rng: random.Random) -> str:
    kind = rng.choice(SLIPS)
    at = rng.randrange(len(word))
    if kind == "drop":
        return word[:at] + word[at + 1 :]
    if kind == "swap" and at + 1 < len(word) and word[at] != word[at + 1]:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if kind == "double":
        return word[: at + 1] + word[at] + word[at + 1 :]
    letter = word[at]
    near = NEIGHBOURS.get(letter.lower(), "") or "e"
    typed = rng.choice(near)
    return word[:at] + (typed.upper() if letter.isupper() else typed) + word[at + 1 :]


def misspell(text: str, rng: random.Random) -> str:
    """`text` with one letter wrong in one or two of its words."""
    words = list(_WORD.finditer(text))
    if not words:
        return text
    chosen = sorted(rng.sample(words, min(len(words), rng.choice((1, 2)))), key=lambda m: m.start())
    out, last = [], 0
    for match in chosen:
        out += [text[last : match.start()], _slip(match.group(0), rng)]
        last = match.end()
    return "".join(out) + text[last:]


def misspelt_examples(examples: list[Example], seed: int = SEED) -> list[Example]:
    """Each example misspelt, the same for the same seed."""
    return [
        replace(e, text=misspell(e.text, random.Random(f"{seed}:{n}")))
        for n, e in enumerate(examples)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "bank.tar.gz"))
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    timed = TimedParse(model_parser(Path(args.model)))

    written = load_examples(TEST_SET)
    for name, examples in (("as written", written), ("misspelt", misspelt_examples(written))):
        report = evaluate(timed, examples)
        missed = sum(e["predicted"] == "nlu_fallback" for e in report.errors) / report.examples
        print(
            f"held-out {name}: {report.examples} sentences, understood right "
            f"{report.accuracy:.1%}, not understood {missed:.1%}, "
            f"macro F1 {report.macro_f1:.3f}, non-money taken as money {report.money_false_alarms}"
        )
    print(timed.summary())


if __name__ == "__main__":
    main()
