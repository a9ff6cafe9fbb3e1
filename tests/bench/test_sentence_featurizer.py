"""The sentence-embedding featurizer tried for DIET (not in config.yml): one feature a text."""

from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bench.sentence_featurizer import SentenceEmbeddingFeaturizer
from nlu.minilm import SentenceEncoder


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
