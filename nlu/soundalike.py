"""Words split in two by speech recognition, read as the known word they sound like.

Speech recognition often hears one word as two that sound the same:
"state meant" (statement), "can sell" (cancel), "slow her" (slower),
"pay ee" (payee), "good by" (goodbye). The sound n-grams (nlu/sounds.py)
catch some of these, but the sentence embedding and the word n-grams still
read "state" and "meant". `SoundAlike` knows the words of the training data
and in how many training sentences each stands. Two words never seen side by
side that together sound like one known word, which starts with the first
of them, ends with a sound like the second and is more common in training
than the second ("statement" 44, "meant" 2; but not "forty" 3 for "for too",
"too" 25), are read as that word; so is "un-" heard as "on", "an" or "in"
("on freeze"). Known pairs are never changed, and single words are left
alone (a real word the training data lacks, "protect", would otherwise be
read as a banking word it sounds like, "product").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import jellyfish

_WORD = re.compile(r"[a-z']+|[^a-z'\s]+")
# Known words shorter than this are never the word meant ("pay", "no").
MIN_LENGTH = 5
# How alike the spelling must be when the sounds agree, and when they are one apart.
SAME_SOUND_SPELLING = 0.85
NEAR_SPELLING = 0.93


def words_of(text: str) -> list[str]:
    """Lowercased words, and runs of other characters, in order."""
    return _WORD.findall(text.lower())


# Starts that speech recognition hears as a word of their own: "on freeze" for "unfreeze".
HEARD_STARTS = {"un": ("on", "an", "in")}
# Endings that make another form of the first word ("link it" is not "linked").
INFLECTIONS = ("s", "es", "ed", "d", "ing", "nt", "n't")


def _ends_like(word: str, first: str, second: str) -> bool:
    """`word` is `first` plus an ending (two letters or more, about as long as `second`)
    that sounds like `second`."""
    ending = word[len(first) :]
    if not word.startswith(first) or len(ending) < 2 or ending in INFLECTIONS:
        return False
    if abs(len(ending) - len(second)) > 1:
        return False
    # Also with an "h" before: "-er" is often heard as "her".
    # A final "y" is a vowel in "bye" and not in "by": leave it out.
    heard = jellyfish.metaphone(second).rstrip("Y")
    return heard in (jellyfish.metaphone(e).rstrip("Y") for e in (ending, "h" + ending))


@dataclass
class SoundAlike:
    """The training vocabulary, by sound. Build with `from_texts`."""

    words: dict[str, int]  # word: in how many training sentences
    pairs: set[str]
    # Known words of MIN_LENGTH or more, by their first two letters, with their sound.
    by_start: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for word in sorted(self.words):
            if len(word) >= MIN_LENGTH and word.isalpha():
                entry = (word, jellyfish.metaphone(word))
                self.by_start.setdefault(word[:2], []).append(entry)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> SoundAlike:
        words: Counter[str] = Counter()
        pairs: set[str] = set()
        for text in texts:
            found = words_of(text)
            words.update(set(found))
            pairs.update(f"{a} {b}" for a, b in zip(found, found[1:], strict=False))
        return cls(dict(words), pairs)

    def to_json(self) -> dict[str, Any]:
        return {"words": dict(sorted(self.words.items())), "pairs": sorted(self.pairs)}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> SoundAlike:
        return cls(dict(raw["words"]), set(raw["pairs"]))

    def heard_as_two(self, first: str, second: str) -> str | None:
        """The known word that `first second`, said together, is, if one clearly is."""
        said = first + second
        code = jellyfish.metaphone(said)
        best: tuple[float, str] | None = None
        for word, word_code in self.by_start.get(first[:2], []):
            if not _ends_like(word, first, second):
                continue
            if self.words[word] <= self.words.get(second, 0):
                continue
            apart = jellyfish.levenshtein_distance(code, word_code)
            needed = SAME_SOUND_SPELLING if apart == 0 else NEAR_SPELLING
            alike = jellyfish.jaro_winkler_similarity(said, word)
            if apart <= 1 and alike >= needed and (best is None or alike > best[0]):
                best = (alike, word)
        return best[1] if best else self._misheard_start(first, second)

    def _misheard_start(self, first: str, second: str) -> str | None:
        """A known word that is a start heard as `first`, then `second`: "on freeze"."""
        for start, heard in HEARD_STARTS.items():
            if first in heard and start + second in self.words:
                return start + second
        return None

    def read(self, text: str) -> str:
        """ "show me my state meant" -> "show me my statement"; other texts as they are."""
        words = words_of(text)
        out: list[str] = []
        merged = False
        i = 0
        while i < len(words):
            first = words[i]
            second = words[i + 1] if i + 1 < len(words) else ""
            if (
                len(first) >= 2
                and first.isalpha()
                and second.isalpha()
                and f"{first} {second}" not in self.pairs
            ):
                joined = self.heard_as_two(first, second)
                if joined:
                    out.append(joined)
                    merged = True
                    i += 2
                    continue
            out.append(first)
            i += 1
        return " ".join(out) if merged else text
