"""Payee names that the recogniser nearly heard, put right.

Contract: `near_names(text, names)` returns `text` with each run of words
that is one letter-slip away from one of this customer's payee names
replaced by that name; everything else is left exactly as it was.

Whisper gets the names in its prompt and still hears "City Water" as "City
Walker" now and then, which sends the customer to "I do not know that
payee". The rule is narrow on purpose, so that it never changes what a
customer meant:

- only names of two or more words, matched as a whole run of words;
- all the words of the run but one are the name's own (any case);
- the one other word starts with the same letter as the name's word and is
  close in spelling (Jaro-Winkler similarity of at least 0.85, jellyfish);
- a run with a digit or a number word in it is never touched, so amounts
  never change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import jellyfish

MIN_SIMILARITY = 0.85
_NUMBER_WORDS = frozenset(
    re.findall(
        r"\w+",
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty "
        "sixty seventy eighty ninety hundred thousand million half quarter",
    )
)


def _name_words(name: str) -> list[str]:
    """ "Alice Wong (my daughter)" -> ["Alice", "Wong"]: the relation is not said."""
    return re.sub(r"\([^)]*\)", " ", name).split()


def _close(heard: str, name_word: str) -> bool:
    heard, name_word = heard.lower(), name_word.lower()
    if heard == name_word:
        return True
    if heard in _NUMBER_WORDS or heard[:1] != name_word[:1]:
        return False
    return jellyfish.jaro_winkler_similarity(heard, name_word) >= MIN_SIMILARITY


def _matches(run: list[str], name: list[str]) -> bool:
    exact = sum(a.lower() == b.lower() for a, b in zip(run, name, strict=True))
    return exact >= len(name) - 1 and all(_close(a, b) for a, b in zip(run, name, strict=True))


def near_names(text: str, names: Iterable[str]) -> str:
    """`text` with near misses of the payee `names` written as the names."""
    wanted = [words for words in map(_name_words, names) if len(words) >= 2]
    if not wanted:
        return text
    # Anything with a digit in it ("$50", "4821") is kept as it is, and no run crosses it.
    pieces = re.split(r"(\S*\d\S*)", text)
    return "".join(p if re.search(r"\d", p) else _replace(p, wanted) for p in pieces)


def _replace(text: str, wanted: list[list[str]]) -> str:
    spans = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[A-Za-z']+", text)]
    out, last, i = [], 0, 0
    while i < len(spans):
        for name in wanted:
            run = spans[i : i + len(name)]
            said = [word for _, _, word in run]
            joined = all(  # words of one phrase: only spaces between them
                not text[a[1] : b[0]].strip() for a, b in zip(run, run[1:], strict=False)
            )
            if len(run) == len(name) and joined and _matches(said, name):
                if said != name:
                    out.append(text[last : run[0][0]] + " ".join(name))
                    last = run[-1][1]
                i += len(name) - 1
                break
        i += 1
    out.append(text[last:])
    return "".join(out)
