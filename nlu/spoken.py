"""Spoken-style text made plain before the intent classifier reads it.

Speech recognition writes what people say, and people say "um", repeat a
word while they think ("send money to my to my daughter"), correct
themselves ("show my balance no I mean my statement") and leave out
apostrophes ("whats in my saving"); recognisers write "$60" for "sixty
dollars" and "B.I.N." for letters said one by one. None of that carries the intent, but
it moves the sentence embedding and adds n-grams never seen in training.
`plain` takes it out; the classifier applies it to training and live text
alike (`normalise` in config.yml). Only the classifier's view changes: the
message text, entities and what the actions read stay as said.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from nlu import skills

# Sounds that are never words of a request.
_FILLERS = re.compile(r"\b(?:u+m+|u+h+m*|e+r+m*|a+h+|h+m+|mm+|e+h)\b[,.]?", re.IGNORECASE)
# "you know" and "I mean" as fillers; not "do you know ..." or "what I mean is".
_PHRASES = re.compile(
    r"(?<!\bdo )(?<!\bdid )(?<!\bif )(?<!\bwould )(?<!\bcould )\byou know\b[,.]?"
    r"|\bi mean\b(?! is\b)[,.]?"
    r"|^(?:like|well|so|okay|ok)\b,",
    re.IGNORECASE,
)
# What comes after a self-correction is what the customer meant.
_CORRECTION = re.compile(
    r"^.*?\b(?:no+,? (?:no+,? )*(?:i mean|i meant|wait|sorry)|sorry,? i (?:mean|meant)"
    r"|i meant|scratch that|let me start again|start again)\b[,.]?\s+(?=\S+\s+\S+)",
    re.IGNORECASE,
)
# A word or two said twice in a row: "my my", "to my to my".
_REPEAT = re.compile(r"\b(\w+(?:'\w+)?(?: \w+(?:'\w+)?)?)(?: \1\b)+", re.IGNORECASE)
# Apostrophes speech recognition leaves out.
_CONTRACTIONS = {
    "whats": "what's",
    "dont": "don't",
    "cant": "can't",
    "wont": "won't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "isnt": "isn't",
    "ive": "I've",
    "im": "I'm",
    "thats": "that's",
    "theres": "there's",
    "hows": "how's",
    "wheres": "where's",
    "youre": "you're",
    "havent": "haven't",
    "hasnt": "hasn't",
}
_CONTRACTION = re.compile(r"\b(" + "|".join(_CONTRACTIONS) + r")\b", re.IGNORECASE)
# Money with its sign, as recognisers write what was said: "$60" read as "60 dollars".
_CURRENCY_WORDS = {"$": "dollars", "£": "pounds", "€": "euros", "¥": "yuan"}
_SIGNED_AMOUNT = re.compile(r"([$£€¥])\s?(\d[\d,]*(?:\.\d+)?)")
# Letters said one by one, as Whisper writes them: "B.I.N." read as "BIN", "Q.R." as "QR".
_SPELT = re.compile(r"\b((?:[A-Za-z]\.){2,})")


def plain(text: str) -> str:
    """ "um show me my my balance" -> "show me my balance"; never empties a text."""
    result = _CORRECTION.sub("", text)
    result = _SIGNED_AMOUNT.sub(lambda m: f"{m.group(2)} {_CURRENCY_WORDS[m.group(1)]}", result)
    result = _SPELT.sub(lambda m: m.group(1).replace(".", ""), result)
    result = _FILLERS.sub(" ", result)
    result = _PHRASES.sub(" ", result)
    result = _CONTRACTION.sub(lambda m: _CONTRACTIONS[m.group(1).lower()], result)
    result = " ".join(result.split())
    result = _REPEAT.sub(r"\1", result)
    return result.strip(" ,.") or text


# Words that join a second request to a first ("my balance and also send money"):
# read by MoneyIntentGuard and by the actions' "Which shall I do first?".
JOINED = re.compile(r"\b(?:and|also|then|plus)\b", re.IGNORECASE)
# The entities whose words are one amount, with any "and" inside it.
AMOUNT_ENTITIES = ("amount", "amount_unclear")


def amounts_as_one_word(text: str, entities: Iterable[Mapping[str, Any]]) -> str:
    """`text` with each amount found in it (its entity's span) as the one word "amount",
    so that the "and" of "three hundred and fifteen dollars" or "357 dollars and 83
    cents" joins no second request."""
    spans = sorted(
        (int(e["start"]), int(e["end"]))
        for e in entities
        if e.get("entity") in AMOUNT_ENTITIES and e.get("start") is not None
    )
    kept, at = [], 0
    for start, end in spans:
        if start >= at:
            kept.append(text[at:start] + "amount")
            at = end
    return "".join(kept) + text[at:]


# Requests other than moving money that can share a message with a payment: the
# classifier's MoneyIntentGuard sets such a message aside, and actions/conversation/which_first.py
# offers the two (its CHOICES are these and the money-moving ones).
OTHER_REQUESTS = tuple(i for i in skills.requests() if i not in skills.money_moving())

# Some of them by the words that name them plainly; read in
# the clause after a joining word, where the classifier's second guess can miss
# them ("send $40 to alice and then freeze my card" scores 0.9 for sending alone).
_CARD = r"(?:my |the |this )?(?:bank |debit |credit )?card"
SECOND_REQUESTS = {
    "freeze_card": re.compile(rf"\b(?:freeze|block|lock|stop)\b.{{0,12}}\b{_CARD}\b", re.I),
    "report_lost_card": re.compile(
        rf"\b(?:lost|stolen|can'?t find)\b.{{0,12}}\b{_CARD}\b"
        rf"|\b{_CARD}\b.{{0,12}}\b(?:lost|stolen|missing)\b",
        re.I,
    ),
    "check_balance": re.compile(
        r"\bbalance\b|\bhow much (?:money )?(?:do i have|have i got|is left|is in)\b", re.I
    ),
    "find_branch": re.compile(r"\b(?:branch|nearest bank)\b", re.I),
    "human_handoff": re.compile(
        r"\b(?:talk|speak)\b.{0,12}\b(?:person|human|someone|agent|somebody)\b", re.I
    ),
}


# Moving money in so many words: "send 40 to alice", "pay the water bill" (not "send me
# a new one", not "pay" alone).
REQUEST_WORDS = {
    "transfer_money": re.compile(
        r"\b(?:send|transfer|give|wire)\b(?! me\b)(?=.*(?:\d|\bmoney\b|\bdollars?\b|\bto\b))"
        r"|\bpay\b(?!.{0,30}\bbills?\b)(?=.*\d)",
        re.I,
    ),
    "pay_bill": re.compile(r"\bpay\b.{0,30}\bbills?\b", re.I),
    **SECOND_REQUESTS,
}
# Acted on at once, whatever else the message asks: a lost card is stopped first.
URGENT = {"report_lost_card"}


def _named(clause: str, words: dict[str, re.Pattern[str]]) -> str | None:
    found = [intent for intent, pattern in words.items() if pattern.search(clause)]
    return found[0] if len(found) == 1 else None


def second_request(text: str) -> str | None:
    """The request named in words after a joining word, if there is one clearly."""
    joined = JOINED.search(text)
    return _named(text[joined.end() :], SECOND_REQUESTS) if joined else None


def two_requests(text: str) -> tuple[str, str] | None:
    """Two different requests named in words, one on each side of a joining word
    ("freeze my card and tell me my balance"); None when not clearly two, or when one
    of them is urgent."""
    joined = JOINED.search(text)
    if not joined:
        return None
    first = _named(text[: joined.start()], REQUEST_WORDS)
    second = _named(text[joined.end() :], REQUEST_WORDS)
    if not first or not second or first == second or {first, second} & URGENT:
        return None
    return first, second
