"""The NumPy MiniLM encoder against sentence-transformers, and the Rasa featurizer."""

import json
from pathlib import Path

import numpy as np
import pytest
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.minilm import SentenceEncoder
from nlu.sentence_featurizer import SentenceEmbeddingFeaturizer

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


def test_featurizer_adds_a_sentence_feature_to_text():
    featurizer = SentenceEmbeddingFeaturizer(
        {**SentenceEmbeddingFeaturizer.get_default_config(), "alias": "minilm"},
        "minilm",
        SentenceEncoder.load(),
    )
    spoken = Message.build(text="um what is my balance")
    empty = Message.build(text="")
    featurizer.process_training_data(TrainingData([spoken, empty]))
    (features,) = spoken.features
    assert features.type == FEATURE_TYPE_SENTENCE and features.attribute == TEXT
    assert features.features.shape == (1, 384)
    assert empty.features == []
