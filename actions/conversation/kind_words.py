"""Answers that are kind before they are useful: small talk, a loss, a complaint.

"how are you today love" gets a thank-you, "my husband died" sympathy and a call from
the bereavement team, "i want to make a complaint" a person; never "Sorry, I cannot
help with that", and never the fraud first hour on a guess (actions/protection/scams.py).
"""

from __future__ import annotations

import re
from typing import Any

from actions import consent
from actions.consent import Question

# "how are you today love", "are you well".
_HOW_ARE_YOU = re.compile(
    r"\bhow (?:are|r) (?:you|u)\b|\bhow'?s (?:it going|your day|you)\b|\bare you (?:well|ok)\b",
    re.IGNORECASE,
)
# "its cold here isnt it", "lovely day today" (not "what's the weather like": a question).
_WEATHER = re.compile(
    r"\b(?:cold|hot|warm|chilly|freezing|lovely|nice|wet|rainy|windy|sunny)\b"
    r".{0,20}\b(?:here|today|out|outside|day|weather|morning|afternoon)\b|\bweather\b",
    re.IGNORECASE,
)
_ASKS = re.compile(r"\s*(?:what|will|is it going|how|when|where)\b", re.IGNORECASE)
WHAT_I_DO = "I can help with your accounts, payments, cards, branches and savings."

# "my husband died", "my late wife's account".
_BEREAVED = re.compile(
    r"\b(?:died|dead|passed (?:away|on)|death|bereave\w*|funeral|widow\w*|"
    r"late (?:husband|wife|mother|father|mum|dad|partner|son|daughter|brother|sister))\b",
    re.IGNORECASE,
)
# "i want to make a complaint", "i was charged twice".
_COMPLAINT = re.compile(
    r"\b(?:complain\w*|complaint|charged (?:me )?twice|not happy|unhappy|disgusted|"
    r"treated (?:badly|rudely|poorly)|rude)\b",
    re.IGNORECASE,
)
BEREAVED = (
    "I am so sorry for your loss.\n"
    "Our bereavement team helps with the accounts of someone who has died, one step at "
    "a time. There is no rush."
)
COMPLAINT = "I am sorry to hear that.\nA person from our team will listen and put it right."
CALL_DECLINED = "Okay. If you change your mind, just say: call me."


def life_event(text: str) -> dict[str, Any] | None:
    """A loss or a complaint, which a person handles: the reply, with the call offered
    as a question that a yes answers (actions/consent.py)."""
    for pattern, said, topic in (
        (_BEREAVED, BEREAVED, "bereavement"),
        (_COMPLAINT, COMPLAINT, "complaint"),
    ):
        if pattern.search(text):
            question = Question(
                "callback",
                "Shall I ask them to call you?",
                yes="Yes, please call me",
                no="No, thank you",
                declined=CALL_DECLINED,
                detail={"topic": topic},
            )
            return consent.message(question, before=said)
    return None


def small_talk(text: str) -> str | None:
    """A kind answer to a pleasantry, or None when the message is none."""
    if _HOW_ARE_YOU.search(text):
        return f"I am well, thank you for asking. {WHAT_I_DO} What would you like to do?"
    if _WEATHER.search(text) and not _ASKS.match(text):  # not "what's the weather like"
        return f"I hope you are keeping comfortable. {WHAT_I_DO} What would you like to do?"
    return None
