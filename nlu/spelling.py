"""Misspelt words read as the words meant, for the intent classifier only.

Older customers type "balnce pls", "i ned to pay the watr bil". `Speller` finds,
with SymSpell (`symspellpy`), the known word a misspelt one is closest to. Its
dictionary is made when the model is trained: every word of the training
sentences, the bank's own words (payees, billers, shops, towns, branches,
products: nlu/bank_words.yml) and the number and currency words of the amount
grammar; a word is offered as a correction only when it stands in two training
sentences or more, or is one of the bank's or number words.

What is never corrected: a word the dictionary knows; a word touching a digit
("5k", "4821th"), an apostrophe or a hyphen; a capitalised word after the
first of its sentence (a name: "send it to Alise"), and any word with a
capital inside ("PIN", "McDonald"); a word of one letter; a common English
word that the training data happens to lack ("protect" is not "product",
"pace" is not "place"; symspellpy's English frequency list). A word of
up to five letters is corrected by one edit at most, a longer one by two; the
first letter is never changed. Among equally near words, one the typed word
lies inside (a letter left out: "watr", "bil") wins, then the commoner.

`SpellingCorrector` runs after the tokenizer and leaves the message as typed:
it sets `SPELT_TEXT` and `SPELT_LEMMAS` beside it, which the intent classifier
reads instead of the text and lemmas (nlu/embedding_classifier.py). Amounts,
periods, payees and card digits are read from the text as typed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from symspellpy import SymSpell, Verbosity

from assistant.bank.english_words import common_english
from nlu.money import CURRENCY_WORDS
from nlu.money_quantities import FRACTIONS, SCALES, TEENS, TENS, UNITS

# What the classifier reads in place of the text and of its lemmas, when a word was corrected.
SPELT_TEXT = "spelt_text"
SPELT_LEMMAS = "spelt_lemmas"
BANK_WORDS = Path(__file__).resolve().parent / "bank_words.yml"

# A word of letters alone, not touching a digit, an apostrophe or a hyphen.
_WORD = re.compile(r"(?<![\w'’-])[A-Za-z]+(?![\w'’-])")
_KNOWN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]\s*$")
# Shorthand typed on phones, read as the words it stands for.
SHORTHAND = {
    "pls": "please", "plz": "please", "u": "you", "ur": "your", "r": "are",
    "thx": "thanks", "tx": "thanks", "acc": "account", "acct": "account",
}  # fmt: skip
NUMBER_WORDS = {
    *UNITS, *TEENS, *TENS, *SCALES, *FRACTIONS, *CURRENCY_WORDS,
    "hundred", "zero", "cent", "cents", "pence", "quarters", "halves",
}  # fmt: skip
SHORT = 5  # letters: a word this long or shorter is corrected by one edit at most
MAX_EDITS = 2
MIN_COUNT = 2  # training sentences a word must stand in to be offered as a correction


def words_in(text: str) -> list[str]:
    """The lowercased words of a text, apostrophes kept ("what's")."""
    return _KNOWN_WORD.findall(text.lower())


def bank_words(path: Path = BANK_WORDS) -> set[str]:
    """Every word of every name in nlu/bank_words.yml, lowercased."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {w for names in raw.values() for name in names for w in words_in(str(name))}


@dataclass(frozen=True)
class Correction:
    start: int  # where the word stands in the text as typed
    end: int
    said: str
    read: str  # the word meant, lowercased


@dataclass
class Speller:
    """The dictionary (build with `from_texts`) and the corrections it makes."""

    counts: dict[str, int]  # word: in how many training sentences (bank words: MIN_COUNT)
    lemmas: dict[str, str] = field(default_factory=dict)  # word: its lemma in training
    _symspell: SymSpell = field(init=False, repr=False)
    _english: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._symspell = SymSpell(max_dictionary_edit_distance=MAX_EDITS)
        for word, count in self.counts.items():
            if count >= MIN_COUNT and "'" not in word:
                self._symspell.create_dictionary_entry(word, count)
        self._english = common_english()

    @classmethod
    def from_texts(
        cls, texts: Iterable[str], extra: Iterable[str] = (), lemmas: dict[str, str] | None = None
    ) -> Speller:
        """`texts`: the training sentences; `extra`: the bank's words and number words."""
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(set(words_in(text)))
        # "whats", "dont": the apostrophe left out is the same word.
        for word in [w for w in counts if "'" in w]:
            counts[word.replace("'", "")] += counts[word]
        for word in extra:
            counts[word] = max(counts[word], MIN_COUNT)
        return cls(dict(counts), dict(lemmas or {}))

    def to_json(self) -> dict[str, Any]:
        return {"counts": dict(sorted(self.counts.items())), "lemmas": self.lemmas}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Speller:
        return cls(dict(raw["counts"]), dict(raw.get("lemmas") or {}))

    def corrections(self, text: str) -> list[Correction]:
        """Each misspelt word of `text` that is clearly a known word, in order."""
        found = []
        for match in _WORD.finditer(text):
            said, before = match.group(0), text[: match.start()]
            read = self._meant(said, not before.strip() or bool(_SENTENCE_END.search(before)))
            if read is not None:
                found.append(Correction(match.start(), match.end(), said, read))
        return found

    def correct(self, text: str, found: list[Correction] | None = None) -> str:
        """ "balnce pls" -> "balance please"; a text with nothing to correct as it is.
        `found`: its `corrections`, when already made."""
        for c in reversed(self.corrections(text) if found is None else found):
            text = text[: c.start] + c.read + text[c.end :]
        return text

    def _meant(self, said: str, starts_sentence: bool) -> str | None:
        word = said.lower()
        if word in self.counts:
            return None
        if word in SHORTHAND:
            return SHORTHAND[word]
        if len(word) < 2 or any(c.isupper() for c in said[1:]):
            return None
        if said[0].isupper() and not starts_sentence:
            return None  # a name
        doubled = self._doubled(word)
        if doubled is not None:
            return doubled
        if word in self._english:
            return None
        edits = 1 if len(word) <= SHORT else MAX_EDITS
        found = [
            s
            for s in self._symspell.lookup(word, Verbosity.ALL, max_edit_distance=edits)
            if s.term[0] == word[0]
        ]
        if not found:
            return None
        best = min(found, key=lambda s: (s.distance, not _inside(word, s.term), -s.count))
        return str(best.term)

    def _doubled(self, word: str) -> str | None:
        """A known word with a doubled letter typed once ("tel", "bil", "stil"), even when
        the typed word is itself English (an abbreviation, "tel"): a common slip."""
        if len(word) < 3:
            return None  # "al", "od": too little to go on
        for i, letter in enumerate(word):
            meant = word[: i + 1] + letter + word[i + 1 :]
            if self.counts.get(meant, 0) >= MIN_COUNT:
                return meant
        return None


def _inside(typed: str, word: str) -> bool:
    """`typed` is `word` with letters left out ("watr" in "water")."""
    letters = iter(word)
    return all(c in letters for c in typed)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SpellingCorrector(GraphComponent):
    """Sets `SPELT_TEXT` and `SPELT_LEMMAS` on a message with misspelt words (module
    docstring); stores its dictionary with the model. Goes after the tokenizer."""

    @staticmethod
    def required_packages() -> list[str]:
        return ["symspellpy", "editdistpy"]

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The bank's words are read from a file: a change there retrains."""
        return hashlib.sha256(BANK_WORDS.read_bytes()).hexdigest()

    def __init__(
        self, model_storage: ModelStorage, resource: Resource, speller: Speller | None = None
    ) -> None:
        self._storage = model_storage
        self._resource = resource
        self._speller = speller

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SpellingCorrector:
        return cls(model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SpellingCorrector:
        with model_storage.read_from(resource) as folder:
            raw = json.loads((folder / "speller.json").read_text(encoding="utf-8"))
        return cls(model_storage, resource, Speller.from_json(raw))

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.training_examples if m.get(TEXT)]
        lemmas: dict[str, Counter[str]] = {}
        for message in examples:
            for token in message.get(TOKENS_NAMES[TEXT]) or []:
                word = token.text.lower()
                lemmas.setdefault(word, Counter())[(token.lemma or token.text).lower()] += 1
        self._speller = Speller.from_texts(
            [m.get(TEXT) for m in examples],
            bank_words() | NUMBER_WORDS,
            {word: seen.most_common(1)[0][0] for word, seen in lemmas.items()},
        )
        with self._storage.write_to(self._resource) as folder:
            (folder / "speller.json").write_text(json.dumps(self._speller.to_json()))
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training sentences are left alone: every word of them is in the dictionary."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        if self._speller is None:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            found = self._speller.corrections(text)
            if not found:
                continue
            message.set(SPELT_TEXT, self._speller.correct(text, found))
            read = {(c.start, c.end): c.read for c in found}
            lemmas = []
            for token in message.get(TOKENS_NAMES[TEXT]) or []:
                meant = read.get((token.start, token.end))
                if meant is None:
                    lemmas.append(token.lemma or token.text)
                else:  # "you" for "u": each word of the reading
                    lemmas.extend(self._speller.lemmas.get(w, w) for w in meant.split())
            message.set(SPELT_LEMMAS, " ".join(lemmas))
        return messages
