"""What a sentence sounds like: the Metaphone code of each word, run together.

Speech recognition mishears words as others that sound alike: "state meant"
for "statement", "can sell" for "cancel", "lauder" for "louder". Their
Metaphone codes (jellyfish) agree, and run together without spaces the split
words agree too (STTMNT), so character n-grams of this string let the
classifier match what was meant.
"""

from __future__ import annotations

import re

import jellyfish

_WORD = re.compile(r"[a-z']+")


def sound_code(text: str) -> str:
    """ "show me my state meant" -> "XMMSTTMNT"."""
    return "".join(jellyfish.metaphone(word) for word in _WORD.findall(text.lower()))
