"""The own held-out test set (tests/nlu/heldout.yml) and keeping it out of training.

Two sentences count as the same when their lowercased letters, digits and
spaces agree: "Change my pin?" is the held-out "change my pin".
"""

from __future__ import annotations

from pathlib import Path

import yaml

HELD_OUT = Path(__file__).resolve().parent.parent / "tests" / "nlu" / "heldout.yml"


def sentence_key(text: str) -> str:
    """ "Change my  PIN?" -> "change my pin"."""
    kept = "".join(c for c in text.lower() if c.isalnum() or c.isspace())
    return " ".join(kept.split())


def file_sentences(path: Path) -> dict[str, str]:
    """Every example sentence of a Rasa NLU YAML file, by its `sentence_key`."""
    raw = yaml.safe_load(path.read_text()) or {}
    found: dict[str, str] = {}
    for block in raw.get("nlu") or []:
        for line in (block.get("examples") or "").splitlines():
            if line.strip().startswith("- "):
                text = line.strip()[2:].strip()
                found[sentence_key(text)] = text
    return found


def held_out_keys(path: Path = HELD_OUT) -> set[str]:
    """The held-out sentences' keys: never to be trained on."""
    return set(file_sentences(path))
