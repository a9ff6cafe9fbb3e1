"""The training data is what the tools write, and every intent can be measured."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

from nlu.heldout import file_sentences, held_out_keys
from nlu.skills import SKILLS

ROOT = Path(__file__).resolve().parent.parent


def test_rules_forms_is_what_make_form_rules_writes() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_form_rules", ROOT / "tools" / "make_form_rules.py"
    )
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    written = "\n".join(tool.rules()) + "\n"
    assert (ROOT / "data" / "rules_forms.yml").read_text() == written, (
        "data/rules_forms.yml is out of date: run `.venv/bin/python tools/make_form_rules.py`."
    )


def test_every_intent_has_held_out_examples() -> None:
    intents = set(yaml.safe_load((ROOT / "domain.yml").read_text())["intents"])
    heldout = yaml.safe_load((ROOT / "tests" / "nlu" / "heldout.yml").read_text())["nlu"]
    measured = {block["intent"] for block in heldout if block.get("examples", "").strip()}
    # nlu_fallback is what the classifier says when unsure; it has no examples of its own,
    # and nor has an intent only a button's payload reaches.
    buttons = {s.intent for s in SKILLS.values() if s.button_only}
    assert intents - measured - buttons - {"nlu_fallback"} == set(), (
        "Add examples for these intents to tests/nlu/heldout.yml (never to data/)."
    )


def test_no_held_out_sentence_is_trained_on() -> None:
    """The held-out figure means something only if the model never saw its sentences
    (case, punctuation and spacing do not make a sentence new)."""
    heldout = held_out_keys()
    shared = {
        f"{path.name}: {text}"
        for path in sorted((ROOT / "data" / "nlu").glob("*.yml"))
        for key, text in file_sentences(path).items()
        if key in heldout
    }
    assert not shared, f"Held-out sentences in the training data; reword or remove them: {shared}"
