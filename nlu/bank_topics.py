"""The subject of a bank question the assistant does not answer itself.

`BankTopics.load()` reads nlu/bank_topics.yml; `about(text)` says what the question is
about ("your account's routing number"), or None when no subject is named. The answer
(actions/conversation/out_of_scope.py) says it back before offering a person, so the customer hears
that the question was understood even though it is not answered here.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.errors import ConfigurationError

DEFAULT_PATH = Path(__file__).with_name("bank_topics.yml")


@dataclass(frozen=True)
class Topic:
    about: str
    words: re.Pattern[str]
    answered_by: str = ""
    """An intent whose own action answers this subject after all ("has my pension come in
    yet" is the history of money coming in), or "" when a person must."""
    answer: str = ""
    """What the assistant can say about it itself ("A new card comes by post in about 5
    working days"), before a person is offered for the rest; "" when it knows nothing."""


@dataclass(frozen=True)
class BankTopics:
    topics: tuple[Topic, ...]

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> BankTopics:
        try:
            raw = yaml.safe_load(path.read_text())
            topics = tuple(
                Topic(
                    str(t["about"]),
                    re.compile(rf"(?<![\w'])(?:{t['words']})(?![\w'])", re.I),
                    str(t.get("answered_by") or ""),
                    str(t.get("answer") or ""),
                )
                for t in raw["topics"]
            )
        except (OSError, yaml.YAMLError, KeyError, TypeError, re.error) as error:
            raise ConfigurationError(
                f"{path} is not a list of topics, each with 'about' and 'words' "
                f"(a regular expression): {error}"
            ) from error
        return cls(topics)

    def about(self, text: str) -> str | None:
        """What the question is about, in words to say back; None when not named."""
        topic = self.topic(text)
        return topic.about if topic else None

    def topic(self, text: str) -> Topic | None:
        """The first topic the question names, or None."""
        return next((t for t in self.topics if t.words.search(text)), None)


@functools.cache
def bank_topics() -> BankTopics:
    """The topics of nlu/bank_topics.yml, read once."""
    return BankTopics.load()
