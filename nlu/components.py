"""Custom Rasa NLU components of the assistant.

`BankEntityExtractor` adds two entities to every message:

- `amount`: `value` is the number (1200.5), `currency` the ISO 4217 code
  (home currency when none is said); `additional_info` repeats both, the
  amount as an exact decimal string.
- `amount_unclear`: money that is not one amount for sure ("two fifty", "-50",
  "a few hundred"); `value` is the words, `additional_info` has `readings`
  (exact decimal strings, most likely first; may be none), `currency` and
  `doubt` (why: "which", "soundalike", "negative", "decimals", "range",
  "unreadable"; nlu/money.py). The assistant asks. A message whose metadata says
  `"input": "voice"` was heard by speech recognition: an amount in it that sounds
  like another ("$14", forty or fourteen) is `amount_unclear` ("soundalike").
- `period`: `value` is `{"start": "2026-10-01", "end": "2026-11-01", "text": ...}`,
  a half-open range of dates in the customer's words.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.settings import BankSettings
from nlu import skills
from nlu.money import Unclear, find_amounts
from nlu.money_spelling import misspelt_amounts
from nlu.payment_words import tells_money_sent
from nlu.periods import find_period
from nlu.spoken import (
    JOINED,
    OTHER_REQUESTS,
    amounts_as_one_word,
    second_request,
    two_requests,
)

log = logging.getLogger(__name__)


def _span(text: str, found: str, fallback: tuple[int, int]) -> tuple[int, int]:
    """Where `found` stands in the original text (number words move offsets)."""
    index = text.lower().find(found.lower())
    return (index, index + len(found)) if index >= 0 else fallback


def json_number(value: Any) -> int | float:
    """An exact Decimal as a JSON number: int when whole."""
    return int(value) if value == value.to_integral_value() else float(value)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class BankEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Finds amounts of money and periods of time (see module docstring)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # None: take HOME_CURRENCY and BANK_LOCALE (which says whether "1,500" is
        # 1500 or 1.5) from the environment when the model loads.
        return {"home_currency": None, "locale": None}

    def __init__(self, config: dict[str, Any]) -> None:
        home, locale = config.get("home_currency"), config.get("locale")
        if not home or not locale:
            settings = BankSettings.from_env()
            home, locale = home or settings.home_currency, locale or settings.locale
        self._home_currency, self._locale = home, locale

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> BankEntityExtractor:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        today = dt.date.today()
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            spoken = (message.get("metadata") or {}).get("input") == "voice"
            extracted = self.entities_for(text, today, spoken=spoken)
            if extracted:
                existing = [
                    e
                    for e in message.get(ENTITIES, [])
                    if e.get("entity") not in ("amount", "amount_unclear", "period")
                ]
                message.set(
                    ENTITIES, existing + self.add_extractor_name(extracted), add_to_output=True
                )
        return messages

    def entities_for(
        self, text: str, today: dt.date, *, spoken: bool = False
    ) -> list[dict[str, Any]]:
        entities: list[dict[str, Any]] = []
        amounts = find_amounts(text, self._home_currency, self._locale, spoken=spoken)
        if not spoken:
            # "fiffty dolars", "5O": asked about, in place of what the plain reader made
            # of them ("5" of "5O"); speech recognition writes no such slips.
            slips = misspelt_amounts(text, self._home_currency, self._locale)
            amounts = [
                a for a in amounts if not any(s.start < a.end and a.start < s.end for s in slips)
            ]
            amounts = sorted([*amounts, *slips], key=lambda a: a.start)
        for amount in amounts:
            start, end = amount.start, amount.end
            if isinstance(amount, Unclear):
                readings = [str(r) for r in amount.readings]
                info = {"readings": readings, "currency": amount.currency, "doubt": amount.doubt}
                entities.append(
                    {
                        "entity": "amount_unclear",
                        "start": start,
                        "end": end,
                        "value": amount.text,
                        "confidence_entity": 1.0,
                        "additional_info": info,
                    }
                )
                continue
            entities.append(
                {
                    "entity": "amount",
                    "start": start,
                    "end": end,
                    "value": json_number(amount.value),
                    "currency": amount.currency,
                    "confidence_entity": 1.0,
                    "additional_info": {"amount": str(amount.value), "currency": amount.currency},
                }
            )
        period = find_period(text, today)
        if period is not None:
            start, end = _span(text, period.text, (0, len(text)))
            entities.append(
                {
                    "entity": "period",
                    "start": start,
                    "end": end,
                    "value": period.as_entity_value(),
                    "confidence_entity": 1.0,
                }
            )
        return entities


MONEY_MOVING_INTENTS = skills.money_moving()


def _text_to_join(message: Message) -> str:
    """The message's text with each amount as one word: an "and" inside an amount
    joins nothing."""
    return amounts_as_one_word(message.get(TEXT) or "", message.get(ENTITIES) or [])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class MoneyIntentGuard(GraphComponent):
    """Never start moving money on a guess.

    Runs after the FallbackClassifier. A money-moving intent predicted below
    `threshold`, or said of money already sent ("i sent 50 to the wrong person"),
    becomes `nlu_fallback`, so the assistant asks again instead of starting a
    payment. (Every payment is read back and needs a yes anyway.)
    So does one that joins a second request ("check my balance and also send
    money to my son": another request second at `second_request` or more, or
    named in words after the joining word), so the assistant asks which to do
    first instead of dropping one; and any request we know whose message names
    two in words, one each side of the joining word ("freeze my card and tell
    me my balance"), unless one is urgent (a lost card is stopped at once).
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "threshold": 0.8,
            "intents": list(MONEY_MOVING_INTENTS),
            "second_request": 0.1,
            "other_requests": list(OTHER_REQUESTS),
        }

    def __init__(self, config: dict[str, Any]) -> None:
        self._threshold = float(config["threshold"])
        self._intents = set(config["intents"])
        self._second = float(config["second_request"])
        self._others = set(config["other_requests"])

    def _two_requests(self, message: Message) -> bool:
        text = _text_to_join(message)
        if not JOINED.search(text):
            return False
        if second_request(text) in self._others:
            return True  # "... and then freeze my card": named in so many words
        ranking = message.get("intent_ranking") or []
        return len(ranking) > 1 and (
            ranking[1].get("name") in self._others
            and ranking[1].get("confidence", 0) >= self._second
        )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MoneyIntentGuard:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get("intent") or {}
            name = intent.get("name")
            money = name in self._intents and (
                intent.get("confidence", 0) < self._threshold
                or self._two_requests(message)
                # "i sent 50 to the wrong person by mistake": told of, not asked for
                or tells_money_sent(message.get(TEXT) or "")
            )
            # "freeze my card and tell me my balance": two requests named in words.
            named_two = name in self._intents | self._others and two_requests(
                _text_to_join(message)
            )
            if money or named_two:
                fallback = {"name": "nlu_fallback", "confidence": self._threshold}
                message.set("intent", fallback, add_to_output=True)
                ranking = message.get("intent_ranking") or []
                message.set("intent_ranking", [fallback, *ranking], add_to_output=True)
        return messages
