"""The NumPy MiniLM encoder against sentence-transformers, and the embedding classifier."""

import json
from pathlib import Path

import numpy as np
import pytest
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.minilm import SentenceEncoder

REFERENCE = json.loads((Path(__file__).parent / "minilm_reference.json").read_text())


@pytest.fixture(scope="module")
def encoder():
    return SentenceEncoder.load()


def test_same_vectors_as_sentence_transformers(encoder):
    # Made once with sentence-transformers and PyTorch (see "made_with" in the file):
    # the NumPy forward pass must give the same embedding.
    mine = encoder.encode(REFERENCE["texts"])
    theirs = np.array(REFERENCE["vectors"], dtype=np.float32)
    assert mine.shape == theirs.shape == (3, 384)
    assert np.abs(mine - theirs).max() < 1e-5


def test_batches_and_padding_do_not_change_a_vector(encoder):
    short, long = "my card is gone", "I would like to know how much money is in my savings account"
    alone = encoder.encode([short])
    together = encoder.encode([long, short, long], batch_size=2)
    assert np.abs(alone[0] - together[1]).max() < 1e-5
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_paraphrases_are_closer_than_other_requests(encoder):
    said = ["I lost my card", "my card is gone", "what is my balance"]
    lost, gone, balance = encoder.encode(said)
    assert lost @ gone > 0.7 > lost @ balance


def test_very_long_text_is_cut_not_refused(encoder):
    assert encoder.encode(["money " * 2000]).shape == (1, 384)


def _trained_and_loaded(tmp_path, examples: dict[str, list[str]], **settings):
    """An EmbeddingIntentClassifier trained on `examples`, and the same loaded from storage."""
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    from nlu.embedding_classifier import EmbeddingIntentClassifier

    data = TrainingData(
        [Message.build(text=t, intent=i) for i, texts in examples.items() for t in texts]
    )
    storage = LocalModelStorage(tmp_path)
    resource = Resource("intents")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**EmbeddingIntentClassifier.get_default_config(), **settings}
    trained = EmbeddingIntentClassifier.create(config, storage, resource, context)
    trained.train(data)
    return trained, EmbeddingIntentClassifier.load(config, storage, resource, context)


def test_embedding_classifier_trains_stores_loads_and_ranks(tmp_path):
    from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY

    examples = {
        "check_balance": ["what is my balance", "how much money do I have", "show my balance"],
        "freeze_card": ["I lost my card", "freeze my card", "my card was stolen"],
        "goodbye": ["bye", "goodbye for now", "that is all thank you"],
    }
    trained, loaded = _trained_and_loaded(tmp_path, examples)
    # The stored vocabularies and weights give exactly the trained model's answers.
    probe = ["somebody took my bank card", "what have I got", "see you"]
    assert np.allclose(trained.probabilities(probe), loaded.probabilities(probe), atol=1e-6)
    # The weights laid out once for speed give exactly the plain product's answers.
    weights = loaded._weights
    scores = loaded._features(probe) @ weights["coef"].T + weights["intercept"]
    plain = np.exp(scores - scores.max(1, keepdims=True))
    assert np.array_equal(loaded.probabilities(probe), plain / plain.sum(1, keepdims=True))
    said = Message.build(text="um somebody took my bank card")
    empty = Message.build(text="")
    loaded.process([said, empty])
    assert said.get(INTENT)["name"] == "freeze_card"
    ranking = said.get(INTENT_RANKING_KEY)
    assert [r["name"] for r in ranking][0] == "freeze_card" and len(ranking) == 3
    assert abs(sum(r["confidence"] for r in ranking) - 1.0) < 1e-5
    assert empty.get(INTENT) == {"name": None, "confidence": 0.0}


def test_embedding_classifier_needs_two_intents(tmp_path):
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    from nlu.embedding_classifier import EmbeddingIntentClassifier

    classifier = EmbeddingIntentClassifier.create(
        EmbeddingIntentClassifier.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("intents"),
        ExecutionContext(GraphSchema({}), "test"),
    )
    with pytest.raises(ValueError, match="at least two intents"):
        classifier.train(TrainingData([Message.build(text="hello", intent="greet")]))


def test_embedding_classifier_names_the_encoders_it_knows(tmp_path):
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    from nlu.embedding_classifier import EmbeddingIntentClassifier

    config = {**EmbeddingIntentClassifier.get_default_config(), "encoder": "bert"}
    with pytest.raises(ValueError, match="'bert' is not one of minilm, mpnet, e5"):
        EmbeddingIntentClassifier.create(
            config,
            LocalModelStorage(tmp_path),
            Resource("intents"),
            ExecutionContext(GraphSchema({}), "test"),
        )


def test_embedding_classifier_without_ngrams_uses_the_embedding_alone(tmp_path):
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    from nlu.embedding_classifier import EmbeddingIntentClassifier

    config = {
        **EmbeddingIntentClassifier.get_default_config(),
        "word_ngrams": [],
        "char_ngrams": [],
    }
    storage, resource = LocalModelStorage(tmp_path), Resource("intents")
    context = ExecutionContext(GraphSchema({}), "test")
    classifier = EmbeddingIntentClassifier.create(config, storage, resource, context)
    classifier.train(
        TrainingData(
            [
                Message.build(text=t, intent=i)
                for t, i in [
                    ("what is my balance", "check_balance"),
                    ("how much do I have", "check_balance"),
                    ("freeze my card", "freeze_card"),
                    ("I lost my card", "freeze_card"),
                ]
            ]  # fmt: skip
        )
    )
    loaded = EmbeddingIntentClassifier.load(config, storage, resource, context)
    assert loaded._weights["coef"].shape == (1, 384)  # two classes: one row, embedding only
    chances = loaded.probabilities(["my card is gone", "what have I got"])
    assert chances.shape == (2, 2) and list(chances.argmax(1)) == [1, 0]


def test_a_single_text_is_encoded_once_and_given_back_unchanged():
    encoder = SentenceEncoder.load()
    uncached = SentenceEncoder.load()
    uncached.cache_size = 0
    first = encoder.encode(["What is my balance?"])
    first[0, :] = 0.0  # a caller changing its copy must not change the cache
    again = encoder.encode(["what is my balance ?"])  # the same word pieces
    assert len(encoder._cache) == 1
    assert np.array_equal(again, uncached.encode(["What is my balance?"]))
    assert np.array_equal(encoder.encode(["my card is gone"]), uncached.encode(["my card is gone"]))
    assert len(encoder._cache) == 2


def test_the_cache_keeps_the_most_recent_texts():
    encoder = SentenceEncoder.load()
    encoder.cache_size = 2
    for text in ("one", "two", "three"):
        encoder.encode([text])
    assert len(encoder._cache) == 2
    assert tuple(encoder.tokenizer.encode("one").ids) not in encoder._cache


def test_embedding_classifier_reads_spoken_text_the_same_after_loading(tmp_path):
    examples = {
        "transaction_history": ["show me my statement", "my statement please", "what did I buy"],
        "cancel": ["cancel that", "cancel it please", "stop this"],
        "greet": ["hello", "good morning", "hi there"],
    }
    trained, loaded = _trained_and_loaded(tmp_path, examples, normalise=True, sound_alike=True)
    # "state meant" is read as "statement", and "um" and the repeat are left out.
    heard = ["um show me my my state meant", "can sell"]
    meant = ["show me my statement", "cancel"]
    assert np.allclose(loaded.probabilities(heard), trained.probabilities(meant), atol=1e-6)
