"""Answers that are kind before they are useful: small talk, a loss, a complaint.

"how are you today love" gets a thank-you, "my husband died" sympathy and a call from
the bereavement team, "i want to make a complaint" a person; never "Sorry, I cannot
help with that", and never the fraud first hour on a guess (actions/scams.py).
"""

from __future__ import annotations

import re
from typing import Any

from actions.replies import button

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
    "a time. There is no rush.\nShall I ask them to call you?"
)
COMPLAINT = (
    "I am sorry to hear that.\n"
    "A person from our team will listen and put it right.\nShall I ask them to call you?"
)


def life_event(text: str) -> dict[str, Any] | None:
    """A loss or a complaint, which a person handles: the reply, with the call offered."""
    for pattern, said in ((_BEREAVED, BEREAVED), (_COMPLAINT, COMPLAINT)):
        if pattern.search(text):
            return {
                "text": said,
                "buttons": [
                    button("Yes, please call me", "human_handoff"),
                    button("No, thank you", "deny"),
                ],
            }
    return None


def small_talk(text: str) -> str | None:
    """A kind answer to a pleasantry, or None when the message is none."""
    if _HOW_ARE_YOU.search(text):
        return f"I am well, thank you for asking. {WHAT_I_DO} What would you like to do?"
    if _WEATHER.search(text) and not _ASKS.match(text):  # not "what's the weather like"
        return f"I hope you are keeping comfortable. {WHAT_I_DO} What would you like to do?"
    return None
