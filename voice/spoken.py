"""Say it the way a person would: replies turned into sentences for speech.

Contract: `sentences(messages)` takes the assistant's messages
(`{"text", "buttons"}`) and returns plain sentences for the speech engine:

- amounts as words from their value and currency: "$250.00" -> "two hundred
  and fifty dollars"; with `currency="EUR"`, "€1,250.50" -> "one thousand,
  two hundred and fifty euros and fifty cents" (unit names from num2words'
  currency forms, else Babel's currency names; "$" is always dollars);
- in a message that asks the customer to choose (one with buttons, such as a
  read-back and its Yes), and in the buttons themselves, an amount whose words
  have a teen or a lone ten, which sound alike (fourteen, forty), is said digit
  by digit too: "$14.00" -> "fourteen dollars, that is one four dollars";
- card and account numbers only by their last four digits, one digit at a time:
  "ending 4821" -> "ending four, eight, two, one";
- other long numbers (references) digit by digit in groups of three;
- dates and times in words: "Tuesday 3 November" -> "Tuesday the third of November";
- no markup, emoji or button syntax; quick-reply buttons read as numbered choices:
  "Say one for Yes, send it. Say two for No, stop.";
- a picture (a lesson step's card carries one, `card.picture.alt`) is said in words
  after its message's text: "The picture shows a phone that says Your Bank is calling."

Number words come from num2words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import nh3
from babel.numbers import get_currency_name, get_currency_precision, get_currency_symbol
from num2words import num2words
from num2words.lang_EN import Num2Word_EN

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

_AMOUNT = r"\s?(\d[\d,]*)(?:\.(\d{1,3}))?"
_ENDING = re.compile(r"\bending(?: in)? (\d{4})\b")
_ACCOUNT = re.compile(r"\d{8,}")  # account and card numbers: only the last four are said
_LONG = re.compile(r"\d{5,7}")
_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r")\b(?: (\d{4}))?")
_TIME = re.compile(r"\b(\d{1,2}):(\d{2})\b")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?%")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
# Number words heard for one another: thirteen and thirty ... nineteen and ninety.
# A ten with a unit ("forty-five") is one word to num2words, and has no sound-alike.
SOUND_ALIKE_WORDS = {num2words(n) for n in (*range(13, 20), *range(30, 100, 10))}


def digits(value: str) -> str:
    return ", ".join(DIGITS[int(d)] for d in value if d.isdigit())


def _money_pattern(currency: str) -> re.Pattern[str]:
    """ "$12.50" always; the home currency by its symbol ("€12.50") or code ("CHF 12.50")."""
    marks = {"$", currency, get_currency_symbol(currency, locale="en_US")}
    alternatives = "|".join(re.escape(m) for m in sorted(marks, key=len, reverse=True))
    return re.compile(f"(?:(?<![A-Za-z])({alternatives})){_AMOUNT}")


def _unit(currency: str, count: int, minor: bool) -> str:
    """ "euros", "pounds", "Swiss francs"; "cents", "pence".

    The main unit is Babel's English name, said the short way when num2words
    knows the currency ("US dollars" -> "dollars"); the minor unit is
    num2words' (Babel has none), "cents" otherwise.
    """
    forms = Num2Word_EN.CURRENCY_FORMS.get(currency)
    if minor:
        singular, plural = forms[1] if forms else ("cent", "cents")
        return singular if count == 1 else plural
    name = get_currency_name(currency, count=count, locale="en")
    if forms and forms[0][0].split()[0] in name.lower():
        return name.split()[-1]
    return name


def spoken_amount(whole: int, minor: int, currency: str) -> str:
    """ "one thousand, two hundred and fifty euros and fifty cents"."""
    parts = []
    if whole or not minor:
        parts.append(f"{num2words(whole)} {_unit(currency, whole, minor=False)}")
    if minor:
        parts.append(f"{num2words(minor)} {_unit(currency, minor, minor=True)}")
    return " and ".join(parts)


def _money(match: re.Match[str], currency: str, digits_too: bool = False) -> str:
    code = "USD" if match.group(1) == "$" else currency
    whole = int(match.group(2).replace(",", ""))
    decimals = get_currency_precision(code)
    fraction = (match.group(3) or "").ljust(decimals, "0")[:decimals]
    said = spoken_amount(whole, int(fraction or 0), code)
    if not digits_too or not SOUND_ALIKE_WORDS.intersection(re.split(r"[\s,]+", said)):
        return said
    written = str(whole) + (f".{fraction}" if int(fraction or 0) else "")
    spelt = " ".join("point" if c == "." else DIGITS[int(c)] for c in written)
    return f"{said}, that is {spelt} {_unit(code, 2, minor=False)},"


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


def say(text: str, currency: str = "USD", *, choosing: bool = False) -> str:
    """One piece of text in words for the ear; amounts in `currency` (the home currency).

    `choosing`: the text asks the customer to choose, so an amount that sounds like
    another is said digit by digit too (module docstring).
    """
    text = plain(text)
    text = _money_pattern(currency).sub(lambda m: _money(m, currency, choosing), text)
    text = _ENDING.sub(lambda m: f"ending {digits(m.group(1))}", text)
    text = _ACCOUNT.sub(lambda m: f"a number ending {digits(m.group(0)[-4:])}", text)
    text = _LONG.sub(_reference, text)
    text = _DATE.sub(_date, text)
    text = _TIME.sub(_time, text)
    text = _PERCENT.sub(lambda m: f"{m.group(1)} percent", text)
    text = _NUMBER.sub(_number, text)
    text = re.sub(r"\s+([.,!?;])", r"\1", " ".join(text.split()))
    return re.sub(r",([.,!?;:])", r"\1", text).rstrip(",")  # "... one four dollars,."


def picture_words(message: dict[str, Any]) -> str | None:
    """ "The picture shows ..." for a message whose card has a picture, else None."""
    card = message.get("card")
    picture = card.get("picture") if isinstance(card, dict) else None
    alt = picture.get("alt") if isinstance(picture, dict) else None
    if not isinstance(alt, str) or not alt.strip():
        return None
    words = " ".join(alt.split())
    first, _, rest = words.partition(" ")
    if first in ("A", "An", "The") and rest:
        words = f"{first.lower()} {rest}"
    return "The picture shows " + words + ("" if words.endswith((".", "!", "?")) else ".")


def sentences(messages: Iterable[dict[str, Any]], currency: str = "USD") -> list[str]:
    """Everything the assistant said, as sentences to speak, buttons last as numbered choices.

    The next steps that the web chat adds under an answer ("suggested") are not read out as a
    menu after every spoken answer; their short prompt ("Anything else?") is.
    """
    out: list[str] = []
    buttons: list[str] = []
    for message in messages:
        choosing = bool(message.get("buttons")) and not message.get("suggested")
        for part in _SENTENCE_END.split(message.get("text") or ""):
            spoken = say(part, currency, choosing=choosing)
            if spoken:
                out.append(spoken)
        shown = picture_words(message)
        if shown:
            out.append(say(shown, currency))
        if message.get("suggested"):
            if message.get("prompt"):
                out.append(say(str(message["prompt"]), currency))
            continue
        buttons += [b.get("title", "") for b in message.get("buttons") or [] if b.get("title")]
    for number, title in enumerate(buttons, start=1):
        said = say(title, currency, choosing=True).rstrip(".,")
        out.append(f"Say {num2words(number)} for {said}.")
    return out
