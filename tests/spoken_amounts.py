"""Amounts as speech recognition hears them, for the test modules of nlu/ and actions/:
every pair of amounts that sound alike (`PAIRS`), written as Whisper writes them, and
the entities Rasa's NLU component finds in a message with the channel's metadata."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rasa.shared.nlu.training_data.message import Message

from nlu.components import BankEntityExtractor

VOICE = {"input": "voice", "asr_confidence": 0.866}  # "$14" heard for forty, above the bar
TEENS = range(13, 20)


def _pairs() -> list[tuple[str, str]]:
    """(one, the other) for every teen and its ten, in each place they stand alone."""
    pairs = []
    for teen in TEENS:
        ten = (teen - 10) * 10
        pairs += [
            (f"{teen}", f"{ten}"),  # fourteen / forty
            (f"{teen}.50", f"{ten}.50"),  # fourteen fifty / forty fifty
            (f"5.{teen}", f"5.{ten}"),  # five dollars fourteen / five dollars forty
            (f"1{teen}", f"1{ten}"),  # one hundred fourteen / one hundred forty
            (f"{teen}000", f"{ten}000"),  # fourteen thousand / forty thousand
            (f"{teen}00", f"{ten}00"),  # fourteen hundred / forty hundred (4,000)
            (f"2{teen:03}", f"2{ten:03}"),  # two thousand fourteen / two thousand forty
        ]
    return pairs


PAIRS = _pairs()


def written(amount: str) -> str:
    """As Whisper writes it: "$14", "$1,400", "$14.50"."""
    value = Decimal(amount)
    return f"${value:,.2f}" if value != value.to_integral_value() else f"${value:,}"


def heard(text: str, metadata: dict[str, Any] | None = VOICE) -> list[dict[str, Any]]:
    """The entities the NLU component finds in `text` sent with `metadata` (None: typed)."""
    extractor = BankEntityExtractor({"home_currency": "USD", "locale": "en_US"})
    message = Message(data={"text": text, **({"metadata": metadata} if metadata else {})})
    extractor.process([message])
    return message.get("entities") or []
