"""The NLU component that hears a scam going on right now, whatever the classifier guessed.

"he is still on the phone with me", "I already told him the code", "he says hurry":
the classifier reads these as out of scope, not understood, a payment code or a
payment. `ScamSignReader` runs last in the pipeline (config.yml) and reads every
message against the signs in lessons/scam_stories.yml (`ScamStories.signs_in`). When
it finds one it adds a `scam_sign` entity per sign (value: the sign's name) and makes
the intent `scam_story`, so the rules answer it as a story (stopping any form) and the
classifier's guess cannot hide it. The guess stays in `intent_ranking`.

Requests that are already about a card or a person (`keep`: "freeze my card, I typed
it into a link"), or that stop a lesson ("stop the lesson, she will ring back for more"),
keep their intent: their own answers say the sign's warning too. So does a fraud
report when money has gone or a case is asked for ("I've been scammed, he is still on
the line"); without that ("he is still on the phone, is it a scam?") it is a scam in
progress, answered as a story. The component only reads; the actions warn and offer.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from lessons.scam_stories import ScamStories

ENTITY = "scam_sign"
INTENT_NAME = "scam_story"
KEEP = (
    "scam_story", "freeze_card", "report_lost_card", "human_handoff", "what_have_you_done",
    "lesson_stop",
)  # fmt: skip
REPORT = "report_fraud"


def sign_entities(stories: ScamStories, text: str) -> list[dict[str, Any]]:
    """One `scam_sign` entity per sign in the text, over the whole text (a sign is
    read from the sentence, not from one word of it)."""
    if not text or text.startswith("/"):
        return []  # a button the assistant offered
    return [
        {
            "entity": ENTITY,
            "start": 0,
            "end": len(text),
            "value": sign.name,
            "confidence_entity": 1.0,
        }
        for sign in stories.signs_in(text)
    ]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ScamSignReader(GraphComponent, EntityExtractorMixin):
    """A sign of a scam going on now becomes a `scam_sign` entity and the `scam_story` intent."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"keep": list(KEEP)}

    def __init__(self, config: dict[str, Any], stories: ScamStories) -> None:
        self._keep = set(config["keep"])
        self._stories = stories

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ScamSignReader:
        return cls(config, ScamStories.load())

    def _keeps(self, message: Message) -> bool:
        guessed = (message.get(INTENT) or {}).get("name")
        text = message.get(TEXT) or ""
        if guessed == REPORT:
            return self._stories.money_gone(text) or self._stories.asks_for_case(text)
        return guessed in self._keep

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            found = sign_entities(self._stories, message.get(TEXT) or "")
            if not found:
                continue
            others = [e for e in message.get(ENTITIES, []) if e.get("entity") != ENTITY]
            message.set(ENTITIES, others + self.add_extractor_name(found), add_to_output=True)
            if self._keeps(message):
                continue
            intent = {"name": INTENT_NAME, "confidence": 1.0}
            ranking = [
                r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != INTENT_NAME
            ]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)
        return messages
