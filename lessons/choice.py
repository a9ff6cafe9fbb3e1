"""Which of the choices just shown a customer meant, in their own words.

One matcher serves the quiz ("B", "the first one", the words of a choice) and
the lesson list. Right after the list, a reply is read against the lessons it
showed: "B", "the second one", "number two", a title as shown, or a title's
own words ("the pin one") choose that lesson; "next" and "more" turn the page,
"back" turns it back. A story told at the list ("they want me to move my money
to a safe account") has words no title has, so it stays a story.

Everything here works on plain data (text, intent name, the buttons of the
last reply), so the dialogue policy and the actions read a reply the same way.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_ORDINALS = {
    "first": 0, "one": 0, "1": 0, "a": 0,
    "second": 1, "two": 1, "2": 1, "b": 1,
    "third": 2, "three": 2, "3": 2, "c": 2,
    "fourth": 3, "four": 3, "4": 3, "d": 3,
    "last": -1,
}  # fmt: skip
FILLER = {
    "the", "a", "an", "one", "answer", "option", "choice", "letter", "number", "is", "it",
    "its", "i", "think", "say", "pick", "choose", "um", "uh", "er", "please", "that", "go",
    "with", "for", "me", "my", "to", "you", "your", "and", "of", "on", "in", "it's", "i'd",
}  # fmt: skip
# Words that name no lesson in particular: "the lesson about the pin", "that one please".
_GENERIC = {
    "lesson", "lessons", "about", "want", "like", "would", "do", "can", "let's", "take",
    "are", "how", "only", "who", "what", "after", "from", "this", "use", "wants", "sound",
    "too", "good", "meet", "lead", "real", "ones", "yes", "no", "not", "ok", "okay",
}  # fmt: skip
# A customer's own things: alone ("my card") they are a request, not a lesson's name.
_ORDINARY = {"card", "account", "money", "bank", "phone", "call"}
_PAGE_WORDS = {"more", "next", "other", "others", "another", "page", "show", "lessons", "some"}
WORD = re.compile(r"[a-z0-9']+")
# "the safe account one", "the pin one please": a lesson named by its topic, the shape
# of a choice from a list. Resolved against every published lesson by the action.
_THE_X_ONE = re.compile(r"^(?:the |that )?(?:[a-z']+ ){1,3}one(?: please)?$")

# The lesson list's last button: recognises a list as against a lesson's score.
MORE_LESSONS = "More lessons"
MORE_PAYLOAD = "/list_lessons"
START_PAYLOAD = "/start_lesson"
_FINISHED = " (finished)"
# At most this many words can be a choice by a title's words; more is a story.
_SHORT = 6
# How close a reply must be to a title as shown to be that title (typos, speech).
_CLOSE = 0.8


def words_of(text: str) -> list[str]:
    return WORD.findall(text.lower())


def position(words: Sequence[str], count: int) -> int | None:
    """ "b", "the second one", "number 2", "answer c", "the last one": an index, or None."""
    meaningful = [w for w in words if w not in FILLER]
    if len(meaningful) > 1:
        return None
    picks = [_ORDINALS[w] for w in words if w in _ORDINALS and w not in ("a", "one")]
    if not picks and words and (words[-1] == "a" or list(words) in (["one"], ["number", "one"])):
        picks = [0]
    picks = [p if p >= 0 else count - 1 for p in picks]
    if len(set(picks)) == 1 and picks[0] < count:
        return picks[0]
    return None


def pick(choices: Sequence[str], text: str) -> int | None:
    """Which choice was meant: "B", "the first one", "2", or the choice's words."""
    words = words_of(text)
    if not words:
        return None
    by_position = position(words, len(choices))
    if by_position is not None:
        return by_position
    # The choice's own words: the best clear overlap wins.
    meaningful = [w for w in words if w not in FILLER]
    said = set(meaningful)
    scores = []
    for index, choice in enumerate(choices):
        choice_words = [w for w in words_of(choice) if w not in FILLER]
        overlap = len(said & set(choice_words)) / max(len(set(choice_words)), 1)
        close = difflib.SequenceMatcher(None, " ".join(meaningful), " ".join(choice_words)).ratio()
        scores.append((max(overlap, close), index))
    scores.sort(reverse=True)
    best, index = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    if best >= 0.5 and best - runner_up >= 0.2:
        return index
    return None


def clearly_picks(choices: Sequence[str], text: str) -> int | None:
    """The choice a message plainly names, by its letter or place, or in words that are
    nearly all the choice's own and cover at least half of it: "hang up and call my bank"
    is "Hang up, then call your bank on the number on your card"; "freeze my card" is not
    "Written on the card", though `pick`, which reads a message already taken as an
    answer, would choose it."""
    words = words_of(text)
    by_position = position(words, len(choices))
    if by_position is not None:
        return by_position
    said = {_root(w) for w in words if w not in FILLER | _POINTING}
    if not said:
        return None
    for index, choice in enumerate(choices):
        own = {_root(w) for w in words_of(choice) if w not in FILLER}
        shared = said & own
        if own and len(shared) >= 0.75 * len(said) and len(shared) >= 0.5 * len(own):
            return index
    return None


# "the one about calling the bank": words that point at a choice, not the choice's own.
_POINTING = {"about", "which", "says", "saying", "where", "guess", "maybe", "probably"}


def _root(word: str) -> str:
    """ "calling" and "called" as "call", "hangs" as "hang": a choice's words said in
    another form."""
    for ending, shortest in (("ing", 6), ("ed", 5), ("s", 4)):
        if word.endswith(ending) and len(word) >= shortest:
            return word[: -len(ending)]
    return word


@dataclass(frozen=True)
class Listed:
    """One lesson on the list as the customer saw it."""

    slug: str
    title: str  # as shown, without "(finished)"


@dataclass(frozen=True)
class ListReply:
    """What a reply to the lesson list asks for.

    kind: "choose" (slug set, or None when a lesson was named that is not on this
    page: the action finds it among all lessons), "next" or "back" (turn the page).
    """

    kind: str
    slug: str | None = None


def listed_lessons(buttons: Iterable[Mapping[str, Any]]) -> list[Listed]:
    """The lessons of a list reply, from its buttons; empty when it was no list.

    The list ends with "More lessons"; a lesson's score also offers a lesson
    ("Take it again") but is no list.
    """
    buttons = list(buttons)
    if not any(b.get("title") == MORE_LESSONS for b in buttons):
        return []
    listed = []
    for b in buttons:
        payload = str(b.get("payload") or "")
        if not payload.startswith(START_PAYLOAD + "{"):
            continue
        try:
            slug = json.loads(payload[len(START_PAYLOAD) :]).get("lesson")
        except (ValueError, AttributeError):
            continue
        title = str(b.get("title") or "").removesuffix(_FINISHED)
        if slug:
            listed.append(Listed(str(slug), title))
    return listed


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _shown_words(title: str) -> list[str]:
    return [w for w in words_of(title) if w not in FILLER]


def _title_words(title: str) -> set[str]:
    return {_stem(w) for w in _shown_words(title)}


# Where a reply's first thought ends: "the QR code one, I see those in restaurants".
_THOUGHTS = re.compile(r"[,.;!?]|\s-\s")


def read_list_reply(text: str, intent: str | None, listed: Sequence[Listed]) -> ListReply | None:
    """What a reply right after the lesson list asks for, or None when it is not about it.

    Button presses (text starting with "/") carry their own intent and are left alone.
    """
    if not listed or not text or text.startswith("/"):
        return None
    words = words_of(text)
    if not words:
        return None
    if intent == "lesson_back" or (
        set(words) <= {"back", "go", "previous", "page"} and set(words) & {"back", "previous"}
    ):
        return ListReply("back")
    if intent == "lesson_next" or (
        set(words) <= _PAGE_WORDS | FILLER and set(words) & {"more", "next", "other", "others"}
    ):
        return ListReply("next")
    titles = [item.title for item in listed]
    chosen = position(words, len(listed))
    if chosen is None:
        chosen = _by_title(words, titles)
    first = words_of(_THOUGHTS.split(text, maxsplit=1)[0]) or words
    if chosen is None and first != words:
        # "the QR code one, I see those in restaurants": the first thought names it.
        chosen = position(first, len(listed))
        chosen = chosen if chosen is not None else _by_title(first, titles)
    if chosen is not None:
        return ListReply("choose", listed[chosen].slug)
    if _THE_X_ONE.match(" ".join(words)) or _THE_X_ONE.match(" ".join(first)):
        return ListReply("choose")
    return None


def _by_title(words: list[str], titles: Sequence[str]) -> int | None:
    """A title as shown (close enough), or a short reply made of one title's words."""
    said = " ".join(w for w in words if w not in FILLER)
    closeness = [
        difflib.SequenceMatcher(None, said, " ".join(_shown_words(t))).ratio() for t in titles
    ]
    best = max(range(len(titles)), key=closeness.__getitem__)
    if closeness[best] >= _CLOSE:
        return best
    named = {_stem(w) for w in words if w not in FILLER and w not in _GENERIC}
    if not (named - _ORDINARY) or len(words) > _SHORT:
        return None
    holders = [i for i, t in enumerate(titles) if named <= _title_words(t)]
    return holders[0] if len(holders) == 1 else None
