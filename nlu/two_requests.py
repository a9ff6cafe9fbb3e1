"""Two requests in one message, in the order said: "what's my balance and also do I
have any bills to pay".

The intent classifier, with `clauses` on, also classifies each side of the joining
word alone (nlu/embedding_classifier.py, CLAUSES). `RequestsInOrder` runs after
MoneyIntentGuard. When each side is a different request we know, each guessed at
`at_least` or more, the message gets a `requests` key: the two intent names in the
order said. Then:

- both only read (a balance, the bills, the payments, the rates; `read_only`):
  the intent is the first one said, and the action that answers it answers the
  second right after (actions/two_requests.py);
- one changes money or access: the message is not understood (`nlu_fallback`), and
  the assistant asks which to do first (actions/conversation/which_first.py), as it did before
  for the pairs MoneyIntentGuard finds.

A pair with an urgent request (a lost card, stopped at once) is left as it was.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.components import MONEY_MOVING_INTENTS
from nlu.embedding_classifier import CLAUSES
from nlu.spoken import JOINED, OTHER_REQUESTS, URGENT, amounts_as_one_word

# The parse result's key: the two requests, in the order said.
REQUESTS = "requests"
FALLBACK = "nlu_fallback"
# Requests that only read, so both are answered at once.
READ_ONLY = ("check_balance", "check_bills", "transaction_history", "deposit_products")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RequestsInOrder(GraphComponent):
    """Two requests said in one message, in order (module docstring)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "at_least": 0.5,
            "read_only": list(READ_ONLY),
            "requests": [*OTHER_REQUESTS, *MONEY_MOVING_INTENTS],
        }

    def __init__(self, config: dict[str, Any]) -> None:
        self._at_least = float(config["at_least"])
        self._read_only = set(config["read_only"])
        self._requests = set(config["requests"]) | self._read_only

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RequestsInOrder:
        return cls(config)

    def two_requests(self, message: Message) -> list[dict[str, Any]] | None:
        """The two sides' guesses when they are two different requests we know."""
        sides = message.get(CLAUSES) or []
        if len(sides) != 2 or sides[0]["name"] == sides[1]["name"]:
            return None
        text = amounts_as_one_word(message.get(TEXT) or "", message.get(ENTITIES) or [])
        if not JOINED.search(text):
            return None  # the only "and" is inside an amount ("357 dollars and 83 cents")
        if any(s["name"] not in self._requests or s["confidence"] < self._at_least for s in sides):
            return None
        if any(s["name"] in URGENT for s in sides):
            return None
        return list(sides)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            sides = self.two_requests(message)
            if sides is None:
                continue
            names = [s["name"] for s in sides]
            message.set(REQUESTS, names, add_to_output=True)
            ranking = [
                r
                for r in message.get(INTENT_RANKING_KEY) or []
                if r.get("name") not in (FALLBACK, names[0])
            ]
            if set(names) <= self._read_only:
                first = {"name": names[0], "confidence": sides[0]["confidence"]}
                message.set(INTENT, first, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [first, *ranking], add_to_output=True)
            elif (message.get(INTENT) or {}).get("name") != FALLBACK:
                fallback = {"name": FALLBACK, "confidence": sides[1]["confidence"]}
                message.set(INTENT, fallback, add_to_output=True)
                whole = message.get(INTENT_RANKING_KEY) or []
                message.set(INTENT_RANKING_KEY, [fallback, *whole], add_to_output=True)
        return messages
