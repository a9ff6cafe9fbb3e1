"""Scam stories in the customer's own words: which script, what to say.

`ScamStories.load(path)` reads lessons/scam_stories.yml. `recognise(text)`
names the scam families a text tells (the safe-account call, tech support,
family emergency, romance, prize fee, investment, gift cards, courier,
remote access), each with its plain warning and one-minute lesson.
`money_gone` and `asks_for_case` tell a story from a fraud that has already
happened: only then is a fraud case opened. `already_done` and `seems_real` read the
answer to a warning ("I already clicked it", "he knew my name, so he must be real").
`signs_in(text)` names the signs of a scam going on right now (the caller still on
the line, a code already shared, card details typed into a link...), each with what to
do now.

Plain Python with no Rasa in it, so the actions, the risk rules and the
benchmark (bench/scam_stories.py) share one judgement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.errors import ConfigurationError

DEFAULT_PATH = Path(__file__).with_name("scam_stories.yml")

# Any way matches when every one of its groups has a word in the text.
Ways = tuple[tuple[re.Pattern[str], ...], ...]


def _any_way(ways: Ways, text: str) -> bool:
    return any(all(group.search(text) for group in way) for way in ways)


@dataclass(frozen=True)
class Family:
    name: str
    lesson: str
    warning: str
    ways: Ways
    now: str | None = None
    """What to do now, short ("Do not open the door..."), said again after the warning."""

    def told_in(self, text: str) -> bool:
        return _any_way(self.ways, text)


@dataclass(frozen=True)
class Sign:
    """A sign that a scam is going on right now, and what the customer should do now."""

    name: str
    lesson: str
    say: str
    """Short, most urgent first; `{phone}` stands for the bank's number."""
    ways: Ways
    unless: re.Pattern[str] | None = None
    """A look-alike that is no sign ("my son is on the phone with me helping")."""
    harm: bool = False
    """Something already given away that must be stopped now (card details, a code, gift
    card numbers): its words come first while the customer goes on about the scam."""

    def shown_in(self, text: str) -> bool:
        unlike = self.unless is not None and bool(self.unless.search(text))
        return not unlike and _any_way(self.ways, text)


@dataclass(frozen=True)
class ScamStories:
    families: tuple[Family, ...]
    money_gone_pattern: re.Pattern[str]
    asks_for_case_pattern: re.Pattern[str]
    card_lost_pattern: re.Pattern[str]
    signs: tuple[Sign, ...] = ()
    already_done_pattern: re.Pattern[str] = re.compile(r"(?!)")
    seems_real_pattern: re.Pattern[str] = re.compile(r"(?!)")
    only_talk_pattern: re.Pattern[str] = re.compile(r"(?!)")

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> ScamStories:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            families = tuple(
                Family(
                    name=f["name"],
                    lesson=f["lesson"],
                    warning=" ".join(f["warning"].split()),
                    ways=_ways(f["ways"], {}),
                    now=" ".join(f["now"].split()) if "now" in f else None,
                )
                for f in raw["families"]
            )
            terms = {name: " ".join(words.split()) for name, words in raw["terms"].items()}
            signs = tuple(
                Sign(
                    name=s["name"],
                    lesson=s["lesson"],
                    say=" ".join(s["say"].split()),
                    ways=_ways(s["ways"], terms),
                    unless=_words(_with_terms(s["unless"], terms)) if "unless" in s else None,
                    harm=bool(s.get("harm", False)),
                )
                for s in raw["signs"]
            )
            return cls(
                families,
                _words(raw["money_gone"]),
                _words(raw["asks_for_case"]),
                _words(raw["card_lost"]),
                signs,
                _words(raw["already_done"]),
                _words(raw["seems_real"]),
                _words(raw["only_talk"]),
            )
        except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError, re.error) as error:
            raise ConfigurationError(
                f"The scam stories in {path} cannot be read ({type(error).__name__}: {error}). "
                "Compare the file with lessons/scam_stories.yml."
            ) from None

    def recognise(self, text: str) -> list[Family]:
        """The families this text tells, in the file's order (most specific first); a
        line that only talks about scams tells none (`only_talk`)."""
        text = self.told_lines(text)
        return [family for family in self.families if family.told_in(text)]

    def only_talk(self, text: str) -> bool:
        """Talk about scams in general or someone else's ("we watched a programme about
        gift card scams"), with no money gone and nothing done by the customer."""
        text = _plain(text)
        return bool(self.only_talk_pattern.search(text)) and not (
            self.money_gone(text) or self.already_done(text)
        )

    def told_lines(self, text: str) -> str:
        """The lines of `text` that may tell a story: those that are not only talk."""
        return "\n".join(line for line in _plain(text).split("\n") if not self.only_talk(line))

    def signs_in(self, text: str) -> list[Sign]:
        """The signs of a scam going on now in this text, most urgent first."""
        text = self.told_lines(text)
        return [sign for sign in self.signs if sign.shown_in(text)]

    def signs_going_on(self, latest: str, earlier: str) -> list[Sign]:
        """The signs in `latest`, with any harm told in `earlier` (the last few turns) that
        is more urgent put first: "she will ring back for more" after "I read her the gift
        card numbers" still hears to call the card company now. None when `latest` shows
        no sign."""
        now = self.signs_in(latest)
        if not now:
            return []
        harm = [s for s in self.signs_in(earlier) if s.harm and s not in now]
        return [s for s in self.signs if s in now or s in harm]

    def money_gone(self, text: str) -> bool:
        return bool(self.money_gone_pattern.search(_plain(text)))

    def asks_for_case(self, text: str) -> bool:
        return bool(self.asks_for_case_pattern.search(_plain(text)))

    def card_lost(self, text: str) -> bool:
        """The card is said to be lost or stolen (not only that someone will collect it)."""
        return bool(self.card_lost_pattern.search(_plain(text)))

    def already_done(self, text: str) -> bool:
        """Said after a warning: the customer has done what the scammer asked ("I already
        clicked it", "I already moved some")."""
        return bool(self.already_done_pattern.search(_ASKED_FIRST.sub(" ", _plain(text))))

    def seems_real(self, text: str) -> bool:
        """Said after a warning: why the caller must be real ("he knew my name")."""
        return bool(self.seems_real_pattern.search(_plain(text)))

    def family(self, name: str) -> Family | None:
        return next((f for f in self.families if f.name == name), None)


# "should I let him in", "can we pay it": asking whether to do it is not having done it.
_ASKED_FIRST = re.compile(
    r"\b(?:should|shall|can|could|do|must|would|will|may|might)\s+(?:i|we)\b", re.IGNORECASE
)


def _plain(text: str) -> str:
    """Curly apostrophes straight, so "don’t" typed on a phone matches "don't"."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _ways(raw: list[list[str | list[str]]], terms: dict[str, str]) -> Ways:
    return tuple(tuple(_words(_with_terms(group, terms)) for group in way) for way in raw)


def _with_terms(words: str | list[str], terms: dict[str, str]) -> str | list[str]:
    """`{caller}` replaced by the file's term "caller" (a KeyError names an unknown one)."""

    def fill(pattern: str) -> str:
        return re.sub(r"\{([a-z_]+)\}", lambda m: "(?:" + terms[m.group(1)] + ")", pattern)

    return fill(words) if isinstance(words, str) else [fill(w) for w in words]


def _words(words: str | list[str]) -> re.Pattern[str]:
    """One group: alternatives as a regular expression ("a|b") or a list of them."""
    if isinstance(words, str):
        words = [words]
    if not words or not all(isinstance(w, str) and w for w in words):
        raise TypeError("every group needs at least one word, each a string")
    return re.compile(r"(?<![\w'])(?:" + "|".join(words) + r")(?![\w'])", re.IGNORECASE)
