"""Replies to the question the assistant asked in its last turn, read against it.

A yes-or-no question (a read-back, "Shall I freeze your card ending 4821 now?") is a
bot message with a Yes button (payload "/affirm"). Two replies to it are read here,
for the dialogue policy (nlu/reply_policy.py) and the actions alike:

- a yes that says the question's own change ("yes, freeze it", "yes please stop my
  card", "ok, protect my accounts"): a yes to that question, whatever the classifier
  took the words for (a new freeze request, a "stop" that cancels). Every word after the
  yes is the question's own, a word of its Yes button, one of the same change
  ("block" for "freeze") or a small word ("it", "please", "now"); a no, a "but" or a
  word of anything else ("yes, unfreeze it", "yes and my balance") makes it no echo,
  and the classifier decides;
- a correction while a read-back waits for its yes ("sorry, I meant $781.76", "oh no
  that's wrong, 951 bucks"): a message that says an amount, and is no yes, no, cancel
  or urgent request of its own. The action (actions/money/amend.py) replaces the amount, or
  asks about it when it is unsure, and reads the payment back for a new yes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from nlu import skills

YES_PAYLOAD = "/affirm"
# The key under which a bot message that asks a question carries its record in its
# metadata (actions/consent.py `Question`).
QUESTION_RECORD = "question"
# The parse result's key for what the words after a yes were taken for, alone
# (nlu/embedding_classifier.py): {"name", "confidence"}; "actually yes please call me".
AFTER_YES = "after_yes"
# Words that open a yes.
_YES_OPENERS = {
    "yes", "yeah", "yea", "yep", "yup", "aye", "ok", "okay", "sure", "alright",
    "please", "certainly", "absolutely", "right", "correct",
}  # fmt: skip
# Words a yes may add to the question's own without saying anything else.
_SMALL = {
    "it", "that", "this", "them", "they", "those", "all", "my", "mine", "the", "a", "an",
    "please", "now", "do", "go", "ahead", "right", "away", "straight", "at", "once",
    "thanks", "thank", "you", "dear", "love", "i", "want", "would", "like", "to", "can",
    "could", "will", "is", "s", "ll", "d", "am", "sure", "fine", "good", "just", "her",
    "him", "me", "us", "of", "course", "so", "quickly", "immediately", "for", "with",
    "yes", "yeah", "yep", "ok", "okay", "indeed", "exactly", "correct",
}  # fmt: skip
# Words that take the yes back or add something to it: never an echo.
_NOT_ECHO = {
    "no", "not", "nope", "nah", "don", "dont", "never", "wait", "but", "instead", "t",
    "actually", "un", "hold", "later", "also", "or", "what", "why", "how",
}  # fmt: skip
# Other words for the same change: a question that says one may be answered with another.
_SAME_CHANGE = (
    {"freeze", "block", "lock", "frozen"},
    {"unfreeze", "unblock", "unlock", "turn", "on", "back", "working", "reactivate"},
    {"stop", "cancel", "block", "lost"},
    {"send", "pay", "transfer", "sent", "move"},
    {"protect", "secure", "safe", "freeze", "pause"},
    {"tell", "let", "know", "inform", "message"},
    {"ask", "check"},
    {"call", "ring", "phone"},
    {"card", "cards", "debit"},
    {"account", "accounts"},
    {"money", "payment", "it"},
    {"new", "code", "another"},
)
_WORD = re.compile(r"[a-z]+|\d+")
_QUESTION = re.compile(r"[^.!?\n]*\?")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def _with_same_change(words: Iterable[str]) -> set[str]:
    said = set(words)
    return said.union(*(group for group in _SAME_CHANGE if said & group))


def echoes_yes(text: str, question: str, yes_title: str) -> bool:
    """`text` is a yes that says the change `question` (with its Yes button titled
    `yes_title`) asks about, and nothing else ("yes, freeze it" to "Shall I freeze your
    card ending 4821 now?"). A bare "yes" is not an echo: the classifier has it."""
    if text.startswith("/"):
        return False
    words = _words(text)
    if len(words) < 2 or words[0] not in _YES_OPENERS or _NOT_ECHO & set(words):
        return False
    rest = [w for w in words[1:] if w not in _SMALL and w != "and"]
    # The question itself, not what it adds ("No one will be able to pay with it").
    asked = [w for s in _QUESTION.findall(question) for w in _words(s)] + _words(yes_title)
    own = _with_same_change(w for w in asked if w not in _NOT_ECHO)
    return bool(rest) and all(w in own for w in rest)


# Where one thought ends and the next begins: "no its not there. ok stop it", "no I meant
# YES stop the card".
_CLAUSES = re.compile(r"[.!;,?]+|\b(?:i meant|i mean|but|so)\b", re.IGNORECASE)
# Words that may stand for the change's object in an order without a yes ("STOP it").
_OBJECTS = {"it", "card", "them", "that", "everything"}
# What a change is made to, never the change itself: a thought that says only these and
# small words ("the card is fine", "ok my card") orders nothing.
_WHAT_IS_CHANGED = {"card", "cards", "debit", "account", "accounts", "money", "payment"}


def yes_after_no(text: str, question: str, yes_title: str) -> str | None:
    """A later thought of `text` that says yes to the change asked about, after a first one
    that did not ("no its not there. ok stop it"): "order" when it opens with a yes word
    ("ok stop it", "YES stop the card"); "named" when it is the change said alone ("no,
    STOP it, the machine has it"), which is asked again rather than done; None when no
    later thought says the change, or one takes it back ("no, don't stop it")."""
    thoughts = [t.strip() for t in _CLAUSES.split(text) if t and t.strip()]
    found = None
    for thought in thoughts[1:]:
        words = _words(thought)
        if _NOT_ECHO & set(words):
            kept = " ".join(w for w in words if w not in _NOT_ECHO)
            if echoes_yes(f"yes {kept}", question, yes_title):
                return None  # "don't stop it": the change itself taken back
            continue  # "it's not in my pocket": says no to something else
        if not set(words) - _SMALL - _OBJECTS - _WHAT_IS_CHANGED:
            continue  # "the card is fine", "ok my card": the card named, no change said
        if echoes_yes(thought, question, yes_title):
            found = "order"
        elif (
            found is None
            and len(words) >= 2
            and _OBJECTS & set(words)
            and echoes_yes(f"yes {thought}", question, yes_title)
        ):
            found = "named"
    return found


# Asking to be kept safe, in a yes to offers that did not name it ("yes please protect
# everything", "yes, make it safe", "lock it all").
_PROTECTION = re.compile(
    r"\b(?:protect\w*|secure|safe|safer|lock\w*|block\w*|everything|all of it)\b", re.IGNORECASE
)


def asks_for_protection(text: str) -> bool:
    """`text` asks the bank to protect the customer's money, without naming how."""
    return bool(_PROTECTION.search(text)) and not _NOT_ECHO & set(_words(text))


# "ok", "alright then", "I see", "got it": a statement heard, not a yes to anything.
_ACKNOWLEDGES = re.compile(
    r"^\W*(?:ok(?:ay)?|alright|all right|right|fine|good|great|i see|got it|understood|"
    r"fair enough|thanks?|thank you)\b(?:\W+(?:then|thanks?|thank you|dear|love|good))*\W*$",
    re.IGNORECASE,
)


# "go on", "ok carry on then", "alright, do it": a yes in the words of "continue", which
# the classifier may take for a lesson's "next".
_GO_ON = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|alright|all right|yes|yeah|yep|right|well|oh)\W+)*"
    r"(?:go on|carry on|go ahead|on you go|proceed|continue|do it|do that|go for it)"
    r"(?:\W+(?:then|please|thanks|thank you|dear|love|now))*\W*$",
    re.IGNORECASE,
)


# "actually yes please call me", "ok, what bills have I got": a yes that says its own
# request after it. The request is the words after the yes.
_YES_THEN = re.compile(
    r"^\W*(?:(?:actually|oh|well|then|so|um+|erm)\W+)*"
    r"(?:yes|yeah|yea|yep|yup|aye|ok(?:ay)?|sure|alright|all right)"
    r"(?:\W+(?:please|then|thanks|thank you|dear|love))*\W+(?P<rest>.*[a-z].*)$",
    re.IGNORECASE,
)


def request_after_yes(text: str) -> str | None:
    """The words of a request said after a yes ("call me" of "actually yes please call
    me"), or None when the message is only a yes or says less than two words after it."""
    found = _YES_THEN.match(text)
    if found is None:
        return None
    rest = found["rest"].strip(" ,.!?")
    return rest if len(_words(rest)) >= 2 else None


# "and my savings?", "what about last week": a follow-up that keeps the last answer's subject.
_FOLLOW_UP = re.compile(r"^\W*(?:and|what about|how about|wot about|what abt)\b", re.IGNORECASE)


def starts_follow_up(text: str) -> bool:
    """`text` opens as a follow-up of the last answer ("and ...", "what about ...")."""
    return bool(_FOLLOW_UP.match(text))


# "take the lesson", "yes the lesson please": the lesson asked for, with no word that
# stops or puts it off ("stop the lesson", "no more lesson", "the lesson later").
_LESSON = re.compile(r"\b(?:lesson|class)\b", re.IGNORECASE)
_STOPS_IT = re.compile(
    r"\b(?:stop|end|quit|exit|leave|close|pause|enough|no|not|don'?t|dont|later|finish\w*|"
    r"done|another day|tomorrow)\b",
    re.IGNORECASE,
)


def wants_the_lesson(text: str) -> bool:
    """`text` asks for a lesson and says nothing that stops or defers it."""
    return bool(_LESSON.search(text)) and not _STOPS_IT.search(text)


# "that'd be lovely, thank you", "oh please do": an offer accepted in kind words.
_WELCOMES = re.compile(
    r"\b(?:lovely|great|wonderful|perfect|please do|that would be|that'?d be|thanks?|thank you|"
    r"kind of you|yes)\b",
    re.IGNORECASE,
)
_DECLINES = re.compile(r"\b(?:no|not|don'?t|dont|later|never|nope)\b", re.IGNORECASE)


def welcomes_offer(text: str) -> bool:
    """`text` accepts an offer kindly ("that'd be lovely thank you"), and declines nothing."""
    return bool(_WELCOMES.search(text)) and not _DECLINES.search(text)


# "no dont pay it yet, I will wait for my pension", "not now thanks": a no, and why.
_OPENS_WITH_NO = re.compile(
    r"^\W*(?:(?:oh|well|um|er|what|goodness|gosh|heavens|dear me|oh dear)\W+)?"
    r"(?:no|nope|nah|not (?:yet|now|today|just now)|"
    r"don'?t|do not|leave it)\b",
    re.IGNORECASE,
)


def opens_with_no(text: str) -> bool:
    """`text` begins with a plain no; the words after it give a reason, not a request."""
    return bool(_OPENS_WITH_NO.match(text))


# "forget it", "on second thoughts", "so no, don't send", "I will leave it for now": the
# payment read back is called off, whatever else the message says.
_CALLS_IT_OFF = re.compile(
    r"\b(?:forget (?:it|about it|that)|never ?mind|on (?:second|2nd) thoughts?|on reflection"
    r"|changed? my mind|(?:don'?t|do not|dont) (?:send|pay|do)(?: (?:it|that|them|anything))?"
    r"|cancel (?:it|that|this|the payment)|leave it|hold off|scrap (?:it|that)"
    r"|i'?ll do it (?:myself|later|tomorrow))\b",
    re.IGNORECASE,
)


def calls_off(text: str) -> bool:
    """`text` turns down what was read back: a plain no first ("no. on reflection she's
    had enough this week"), or words that call it off anywhere ("mm, on second thoughts
    ... forget it")."""
    return opens_with_no(text) or bool(_CALLS_IT_OFF.search(text))


def calls_it_off_in_words(text: str) -> bool:
    """`text` calls it off in so many words ("don't send", "forget it"), not only "no"."""
    return bool(_CALLS_IT_OFF.search(text))


def goes_on(text: str) -> bool:
    """`text` says "go on" to what was asked: a yes to a yes-or-no question."""
    return bool(_GO_ON.match(text))


def acknowledges(text: str) -> bool:
    """`text` only says the last answer was heard ("ok", "alright then"); a "yes" does
    more: it answers a question, so where none was asked it hears that nothing waits."""
    return bool(_ACKNOWLEDGES.match(text))


# "half that", "make it half", "double it": an amount said against the one read back.
_RELATIVE = {
    "half": (1, 2),
    "halve": (1, 2),
    "double": (2, 1),
    "twice": (2, 1),
}
_RELATIVE_SAID = re.compile(
    r"\b(half|halve|double|twice)\s+(?:of\s+)?(?:that|it|this|the amount|as much)\b"
    r"|\bmake it\s+(half|double)\b",
    re.IGNORECASE,
)


# "that's the wrong amount", "the amount is not right": the amount refused, none said.
_AMOUNT_WRONG = re.compile(
    r"\b(?:wrong|not the right|incorrect) (?:amount|sum|figure|number)\b"
    r"|\b(?:amount|sum|figure)(?: is|'s| was)? (?:wrong|not right|incorrect)\b",
    re.IGNORECASE,
)


def says_amount_is_wrong(text: str) -> bool:
    """`text` says the amount read back is wrong, without saying the right one."""
    return bool(_AMOUNT_WRONG.search(text))


def says_relative_amount(text: str) -> bool:
    """`text` says an amount against the one read back ("half that", "double it")."""
    return bool(_RELATIVE_SAID.search(text))


def relative_amount(text: str, read_back_minor: int) -> int | None:
    """The amount meant by "half that" or "double it" at a read-back of
    `read_back_minor`, in minor units; None when the message says no such thing."""
    said = _RELATIVE_SAID.search(text)
    if said is None:
        return None
    times, parts = _RELATIVE[(said.group(1) or said.group(2)).lower()]
    if read_back_minor * times % parts:
        return None  # half of an odd number of cents: not a sum anyone meant
    return read_back_minor * times // parts


@dataclass(frozen=True)
class Asked:
    """A yes-or-no question of the assistant's last turn: all it said, and its Yes button."""

    text: str
    yes_title: str


def asked_last(events: Iterable[Mapping[str, Any]]) -> Asked | None:
    """The yes-or-no question the assistant asked right before the latest user message
    (events as dictionaries, newest last), or None."""
    texts: list[str] = []
    yes_title = None
    seen_user = False
    for event in reversed(list(events)):
        kind = event.get("event")
        if kind == "user":
            if seen_user:
                break
            seen_user = True
        elif seen_user and kind == "bot":
            texts.insert(0, event.get("text") or "")
            buttons = (event.get("data") or {}).get("buttons") or []
            if any(str(b.get("payload") or "").startswith(YES_PAYLOAD) for b in buttons):
                yes_title = yes_titles(buttons)
    if yes_title is None:
        return None
    return Asked("\n".join(texts), yes_title)


def yes_titles(buttons: Iterable[Mapping[str, Any]]) -> str:
    """The titles a yes may echo: the Yes button's, and those of buttons that say their own
    change ("Stop it and send a new card" beside "Yes, freeze it"), whose words the yes
    action reads."""
    return " ".join(
        str(b.get("title") or "")
        for b in buttons
        if str(b.get("payload") or "").startswith(YES_PAYLOAD)
        or re.search(r'"consent":\s*"yes"', str(b.get("payload") or ""))
    )


def says_yes_after_no(text: str, events: Iterable[Mapping[str, Any]]) -> bool:
    """`text` says yes to the yes-or-no question just asked in a later thought (module
    function `yes_after_no`)."""
    asked = asked_last(events)
    return asked is not None and yes_after_no(text, asked.text, asked.yes_title) is not None


def says_yes_to_last_question(text: str, events: Iterable[Mapping[str, Any]]) -> bool:
    """The latest message `text` is a yes that echoes the question asked just before it."""
    asked = asked_last(events)
    return asked is not None and echoes_yes(text, asked.text, asked.yes_title)


# Intents whose own actions read an amount at a read-back (a yes or no with a
# correction), stop everything, or must come first (a lost card, a scam going on now).
KEEP_INTENTS = frozenset({"affirm", "deny", "cancel", *skills.urgent()})
AMOUNT_ENTITIES = ("amount", "amount_unclear")
SCAM_SIGN = "scam_sign"


def corrects_amount(intent: str | None, entities: Iterable[Mapping[str, Any]]) -> bool:
    """A message with an amount, while a read-back waits for its yes, is a correction of
    it, unless its intent is one that answers or overrides the read-back itself."""
    names = {str(e.get("entity")) for e in entities}
    return (
        bool(names & set(AMOUNT_ENTITIES)) and SCAM_SIGN not in names and intent not in KEEP_INTENTS
    )


def says_amount(entities: Iterable[Mapping[str, Any]], text: str) -> bool:
    """The message names an amount and is no refusal ("pay them 72 dollars then", never
    "no, not 72" or a scam's "he wants 500 now")."""
    names = {str(e.get("entity")) for e in entities}
    return bool(names & set(AMOUNT_ENTITIES)) and SCAM_SIGN not in names and not opens_with_no(text)


def names_offered_payee(text: str, payee: str) -> bool:
    """`text` takes up an offer to pay `payee` by naming them ("the northern power, yes",
    "now the power one"), with no no or not in it."""
    words = set(_words(text))
    named = {w for w in _words(payee) if len(w) > 2}
    return bool(words & named) and not words & _NOT_ECHO and not opens_with_no(text)


# "to the first one", "the second person", "the last one": a place in the list of buttons
# just offered, inside a longer answer ("send 1,250.50 to the first one").
_NTH_ONE = re.compile(
    r"\bthe (first|second|third|fourth|last|1st|2nd|3rd|4th|top)(?: one| person| name| "
    r"payee| button| on the list)?\b",
    re.IGNORECASE,
)
_PLACES = {"first": 0, "1st": 0, "top": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2,
           "fourth": 3, "4th": 3}  # fmt: skip


def nth_offered(text: str, count: int) -> int | None:
    """The index of the button that "the first one" or "the last one" names among
    `count` offered; None when the text names no place, or one past the end."""
    match = _NTH_ONE.search(text)
    if match is None or count == 0:
        return None
    word = match.group(1).lower()
    index = count - 1 if word == "last" else _PLACES[word]
    return index if index < count else None
