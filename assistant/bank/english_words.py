"""English words common enough that a customer who writes one means it.

The spelling corrector never changes one (nlu/spelling.py), and a saved payee's name is
never matched by one that only looks like it: "send 20, wrong, I mean 30" names nobody,
though "wrong" is one letter from "Wong" (assistant/bank/payees.py).

The list is symspellpy's English frequency list (Google Books counts), read once.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

SHORT = 5  # letters: a word shorter than this must be commoner to count
# An English word at least this common is a real word, not a slip: "protect" (37 million)
# stays, "ballance" (88 thousand) does not. Short slips are often rare words ("ned" 3
# million, "wat" 3 million), so a short word must be commoner: "face", "gold", "pace"
# (12 million) stay.
COMMON_ENGLISH = 1_000_000
COMMON_SHORT_ENGLISH = 10_000_000


@lru_cache(maxsize=1)
def common_english() -> frozenset[str]:
    """English words common enough to be meant, never read as another word."""
    listing = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    found = set()
    for line in listing.read_text(encoding="utf-8").splitlines():
        word, _, count = line.partition(" ")
        if int(count) >= (COMMON_SHORT_ENGLISH if len(word) < SHORT else COMMON_ENGLISH):
            found.add(word)
    return frozenset(found)
