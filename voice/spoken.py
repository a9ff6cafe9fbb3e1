"""Say it the way a person would: replies turned into sentences for speech.

Contract: `sentences(messages)` takes the assistant's messages
(`{"text", "buttons"}`) and returns plain sentences for the speech engine:

- amounts as words with the currency: "$250.00" -> "two hundred and fifty dollars";
- card and account numbers only by their last four digits, one digit at a time:
  "ending 4821" -> "ending four, eight, two, one";
- other long numbers (references) digit by digit in groups of three;
- dates and times in words: "Tuesday 3 November" -> "Tuesday the third of November";
- no markup, emoji or button syntax; quick-reply buttons read as numbered choices:
  "Say one for Yes, send it. Say two for No, stop."

Number words come from num2words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import nh3
from num2words import num2words

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

_MONEY = re.compile(r"\$\s?(\d[\d,]*)(?:\.(\d{2}))?")
_ENDING = re.compile(r"\bending(?: in)? (\d{4})\b")
_ACCOUNT = re.compile(r"\d{8,}")  # account and card numbers: only the last four are said
_LONG = re.compile(r"\d{5,7}")
_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r")\b(?: (\d{4}))?")
_TIME = re.compile(r"\b(\d{1,2}):(\d{2})\b")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?%")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def digits(value: str) -> str:
    return ", ".join(DIGITS[int(d)] for d in value if d.isdigit())


def _money(match: re.Match[str]) -> str:
    whole = int(match.group(1).replace(",", ""))
    cents = int(match.group(2) or 0)
    parts = []
    if whole or not cents:
        parts.append(f"{num2words(whole)} dollar{'' if whole == 1 else 's'}")
    if cents:
        parts.append(f"{num2words(cents)} cent{'' if cents == 1 else 's'}")
    return " and ".join(parts)


def _date(match: re.Match[str]) -> str:
    said = f"the {num2words(int(match.group(1)), to='ordinal')} of {match.group(2)}"
    if match.group(3):
        said += f" {num2words(int(match.group(3)), to='year')}"
    return said


def _time(match: re.Match[str]) -> str:
    hour, minute = int(match.group(1)), int(match.group(2))
    if minute == 0:
        return f"{num2words(hour)} o'clock"
    return f"{num2words(hour)} {'oh ' if minute < 10 else ''}{num2words(minute)}"


def _reference(match: re.Match[str]) -> str:
    value = match.group(0)
    groups = [value[i : i + 3] for i in range(0, len(value), 3)]
    return "; ".join(" ".join(DIGITS[int(d)] for d in group) for group in groups)


def _number(match: re.Match[str]) -> str:
    return num2words(Decimal(match.group(0)))


def plain(text: str) -> str:
    """Text with no markup, emoji or button syntax."""
    text = nh3.clean(text, tags=set(), clean_content_tags={"script", "style"})
    text = text.replace("&amp;", "&").replace("&lt;", " ").replace("&gt;", " ")
    text = re.sub(r"/\w+(\{.*?\})?", " ", text) if text.lstrip().startswith("/") else text
    text = re.sub(r"[*_`#>]+", " ", text)
    kept = (
        ch
        for ch in text
        if unicodedata.category(ch) not in ("So", "Sk", "Cs", "Co", "Cf")
        and ch not in "\ufe0f\u200d"
    )
    return "".join(kept)


def say(text: str) -> str:
    """One piece of text in words for the ear."""
    text = plain(text)
    text = _MONEY.sub(_money, text)
    text = _ENDING.sub(lambda m: f"ending {digits(m.group(1))}", text)
    text = _ACCOUNT.sub(lambda m: f"a number ending {digits(m.group(0)[-4:])}", text)
    text = _LONG.sub(_reference, text)
    text = _DATE.sub(_date, text)
    text = _TIME.sub(_time, text)
    text = _PERCENT.sub(lambda m: f"{m.group(1)} percent", text)
    text = _NUMBER.sub(_number, text)
    return re.sub(r"\s+([.,!?;])", r"\1", " ".join(text.split()))


def sentences(messages: Iterable[dict[str, Any]]) -> list[str]:
    """Everything the assistant said, as sentences to speak, buttons last as numbered choices."""
    out: list[str] = []
    buttons: list[str] = []
    for message in messages:
        for part in _SENTENCE_END.split(message.get("text") or ""):
            spoken = say(part)
            if spoken:
                out.append(spoken)
        buttons += [b.get("title", "") for b in message.get("buttons") or [] if b.get("title")]
    for number, title in enumerate(buttons, start=1):
        out.append(f"Say {num2words(number)} for {say(title).rstrip('.')}.")
    return out
