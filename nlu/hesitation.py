"""Words of a customer who did not hear, does not know what to answer, or did not follow:
a lone "what?" or "huh?", "I don't know", "I don't understand". The actions answer with
the last answer again, a hint, or a slower way on (actions/conversation/conversation.py).
"""

from __future__ import annotations

import re

# A lone "what?", "huh?" or "come again?": the customer did not hear the last answer.
# Read here, not left to the classifier, which can take "huh?" for a yes ("uh huh").
_HEAR_AGAIN = re.compile(
    r"(?:wait,? )?(?:what|wha|huh|eh|hm+|sorry|pardon(?: me)?|you what|say what|come again"
    r"|what was that|what's that|what now)\s*[?!.]*",
    re.IGNORECASE,
)
# Not knowing the answer yet, as against thinking aloud ("hmm").
_UNSURE = re.compile(
    r"\b(?:(?:don'?t|do not|dont) know|not (?:sure|certain)|no idea|dunno|unsure|can'?t decide)\b",
    re.IGNORECASE,
)
# Not following the last answer, as against not knowing what to answer.
_LOST = re.compile(
    r"\b(?:(?:don'?t|do not|dont|didn'?t|did not) (?:understand|follow|get (?:it|that))|"
    r"what does (?:that|it|this) mean|too (?:complicated|much|fast)|confus\w*)\b",
    re.IGNORECASE,
)


def asks_to_hear_again(text: str) -> bool:
    """The whole message is a "what?", "huh?" or "eh?"."""
    return bool(_HEAR_AGAIN.fullmatch(text.strip()))


def unsure(text: str) -> bool:
    return bool(_UNSURE.search(text))


def lost(text: str) -> bool:
    return bool(_LOST.search(text))
