"""The words customers say to a bank: a hint for the recognisers.

Built from the NLU training data (numbers written as words, the way they are
spoken), the payees' names, the lesson titles, and amounts people say. Vosk
gets the phrases as a runtime grammar (with `[unk]`); PocketSphinx gets a
trigram language model made from them with `pocketsphinx.lm.ArpaBoLM`, cached
by content under `var/voice/`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

import yaml
from num2words import num2words

from assistant.settings import PROJECT_ROOT, VAR_DIR

NLU_DIR = PROJECT_ROOT / "data" / "nlu"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NOT_WORD = re.compile(r"[^a-z' ]+")
SPOKEN_AMOUNTS = [1, 2, 3, 5, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 80, 100, 150, 200, 250,
                  300, 400, 500, 750, 1000, 1500, 2000]  # fmt: skip


def spoken(text: str) -> str:
    """Lowercase words only, digits written out: "Send $50 to Alice" -> "send fifty to alice"."""

    def number(match: re.Match[str]) -> str:
        value = match.group(0)
        return " " + num2words(float(value) if "." in value else int(value)) + " "

    text = _NUMBER.sub(number, text.lower().replace("$", " "))
    text = text.replace("-", " ").replace(",", " ")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def training_sentences(nlu_dir: Path = NLU_DIR) -> list[str]:
    sentences = []
    for path in sorted(nlu_dir.glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in (item.get("examples") or "").splitlines():
                line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line.strip()[2:])
                if line:
                    sentences.append(line)
    return sentences


def phrases(names: Iterable[str] = (), nlu_dir: Path = NLU_DIR) -> list[str]:
    """Every phrase of the domain, spoken style, without repeats."""
    found = [spoken(s) for s in training_sentences(nlu_dir)]
    found += [spoken(n) for n in names]
    found += [f"{spoken(str(n))} dollars" for n in SPOKEN_AMOUNTS]
    found += ["one", "two", "three", "four", "a", "b", "c", "d", "the first one",
              "the second one", "the third one", "number one", "number two"]  # fmt: skip
    return sorted({p for p in found if p})


def corpus(names: Iterable[str] = (), nlu_dir: Path = NLU_DIR) -> list[str]:
    """Sentences for a language model: the training data as spoken, repeats kept (they
    are the counts), plus names and amounts."""
    sentences = [spoken(s) for s in training_sentences(nlu_dir)]
    sentences += [spoken(n) for n in names]
    sentences += [f"send {spoken(str(n))} dollars" for n in SPOKEN_AMOUNTS]
    return [s for s in sentences if s]


def language_model(sentences: list[str], cache_dir: Path = VAR_DIR / "voice") -> Path:
    """An ARPA trigram model of the sentences, built once per distinct content."""
    from pocketsphinx.lm import ArpaBoLM

    text = "\n".join(sentences)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    path = cache_dir / f"domain-{digest}.arpa"
    if not path.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        model = ArpaBoLM(text=text, add_start=True)
        model.compute()
        partial = path.with_suffix(".tmp")
        model.write_file(str(partial))
        partial.replace(path)
    return path
