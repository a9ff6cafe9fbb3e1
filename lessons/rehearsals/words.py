"""What a customer's own answer in a practice call is: a stop, a move, or unclear.

Deterministic word patterns, each with the move it means, so that a reading can be
explained ("'hang up' is hanging up"). The rules, in order:

1. **Stop first.** "stop", "end practice", "I want to stop", "that's enough" end the
   practice at once, whatever else is said; "stop calling me" is a refusal, said to
   the caller, and goes on.
2. **Every pattern that matches is a move**, found where it is in the text.
3. **A risky move said with a no is a refusal**: "I won't give you the code",
   "you are not getting my card number". The no must be in the same part of the
   sentence, before the risky words.
4. **Safe and risky together is unclear**, and so is nothing at all, or a bare "yes"
   or "ok": the rehearsal asks once, with the step's buttons. A risky move is never
   guessed.

spaCy is not used: the patterns spell out the word forms they accept ("hang up",
"hung up", "hanging up"), which keeps a reading the same on every machine and lets
this package run without a model. Answers from the buttons never come here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lessons.rehearsals.moves import MOVES, RISKY, SAFE

STOP, MOVE, UNCLEAR = "stop", "move", "unclear"


@dataclass(frozen=True)
class Reading:
    """What an answer was read as, and why."""

    kind: str
    """stop, move or unclear."""
    moves: tuple[str, ...] = ()
    """For a move: every move found, in the order the words came (a refusal first
    when a risky move was said with a no)."""
    because: tuple[str, ...] = field(default_factory=tuple)
    """The words that decided, one entry per move found ("'hang up' -> hang_up")."""


_CONTRACTIONS = [
    (r"\bwon't\b", "will not"), (r"\bcan't\b", "can not"), (r"\bcannot\b", "can not"),
    (r"\bshan't\b", "shall not"), (r"n't\b", " not"), (r"\bi'm\b", "i am"),
    (r"\b(i|you|we|they|he|she)'ll\b", r"\1 will"), (r"\b(i|you|we|they|he|she)'d\b", r"\1 would"),
    (r"\b(you|we|they)'re\b", r"\1 are"), (r"\b(it|that|here|what|who|there)'s\b", r"\1 is"),
    (r"\bi've\b", "i have"), (r"\bwanna\b", "want to"), (r"\bgonna\b", "going to"),
    # Typed without the apostrophe: "I dont send money to people I have never met".
    (r"\b(do|does|did|would|should|could|is|are|was|were|has|have|had)nt\b", r"\1 not"),
    (r"\bwont\b", "will not"), (r"\bcant\b", "can not"),
]  # fmt: skip
_TRAILING = (
    r"(?:\s+(?:it|this|that|now|please|here|now please|for now|for today|thanks|thank you))*"
)
_PRACTICE = r"(?:practice|practise|practicing|practising|rehearsal|role ?play|game|exercise|lesson)"
_STOP_PATTERNS = [
    # The whole message is a stop: "stop", "please stop", "I want to stop now".
    re.compile(
        r"^(?:(?:ok|okay|please|just|can we|could we|let us|lets|i want to|i would like to"
        r"|i need to|i wish to|time to)\s+)*(?:stop|quit|exit|end|cancel|finish|halt|leave)"
        rf"(?:\s+(?:the\s+|this\s+)?(?:{_PRACTICE}|call|playing|now))?{_TRAILING}$"
    ),
    re.compile(rf"\b(?:stop|quit|end|finish|cancel|exit|leave)\s+(?:the\s+|this\s+)?{_PRACTICE}"),
    re.compile(rf"\b(?:enough|no more)\s+(?:of\s+)?(?:this|{_PRACTICE})\b"),
    re.compile(r"^(?:ok|okay|right|well)?\s*(?:that is|i have had|i have had quite)\s+enough\b"),
    re.compile(r"^enough\b"),
    re.compile(rf"\bi do not want to (?:do this|{_PRACTICE}|play|go on|carry on|continue)"),
]

# Each move's patterns. A pattern matches anywhere in the cleaned text.
_W = r"(?:\s+\w+){0,4}?"  # up to four words between a verb and what it acts on
_PATTERNS: dict[str, list[str]] = {
    "hang_up": [
        r"\bhang(?:ing|s)?\s+(?:\w+\s+){0,2}up\b", r"\bhung\s+(?:\w+\s+)?up\b",
        r"\bput(?:ting|s)?\s+(?:the|my)\s+(?:phone|receiver|handset)\s+down\b",
        r"\bput(?:ting|s)?\s+down\s+(?:the|my)\s+(?:phone|receiver|handset)\b",
        r"\bend(?:ing|s)?\s+(?:this|the)\s+call\b", r"\bcut\s+(?:you|him|her|them)\s+off\b",
        r"\b(?:good\s?)?bye\b", r"\bclick\b", r"\bslam(?:ming)?\s+the\s+phone\b",
    ],
    "refuse": [
        r"^(?:no|nope|nah|never)\b", r"\babsolutely not\b", r"\bnot a chance\b", r"\bno way\b",
        r"\bno,? thank(?:s| you)\b", r"\bi (?:will|do|would|shall) not\b",
        r"\bi am not (?:going to|doing|giving|sending|telling|installing|moving|paying)\b",
        r"\brefuse\b", r"\bstop (?:calling|ringing)\b", r"\bsay(?:ing)? no\b",
        r"\btell (?:him|her|them) no\b",
        r"\bleave me alone\b", r"\bgo away\b", r"\bnot interested\b",
        r"\bdo not (?:call|ring)\b", r"\byou are not getting\b", r"\bi never\b",
    ],
    "verify_with_bank": [
        rf"\b(?:call|ring|phone|contact|check with|ask|visit|go\s+(?:in)?to|speak to|talk to)"
        rf"{_W}\s+(?:bank|branch|card company|building society)\b",
        r"\bnumber on (?:the back of )?(?:my|the) (?:card|statement)\b",
        r"\bnumber on (?:my|the) (?:bank )?statement\b", r"\b(?:his|her|their|my) own number\b",
        r"\bown number\b", r"\b(?:check|ask)\s+(?:with\s+)?the company directly\b",
        r"\b(?:call|ring|phone)\s+(?:\w+\s+){1,3}on (?:his|her|their|my) own number\b",
        r"\bcall (?:him|her|them) back (?:myself|on)\b", r"\bcheck (?:it )?(?:myself|first)\b",
        r"\blook up the number\b", r"\bi will check\b",
    ],
    "tell_someone": [
        r"\b(?:tell|ask|talk to|talk with|speak to|speak with|check with|call|ring|phone)"
        r"\s+(?:my|a|our|to my|his|her|their)?\s*(?:daughter|son|family|husband|wife|partner|"
        r"neighbou?r|friend|grandson|granddaughter|children|kids|sister|brother|carer|someone|"
        r"somebody|trusted contact|niece|nephew|mum|mom|dad|mother|father|parent)s?\b",
        r"\breport (?:it|this|him|them)?\s*(?:to )?(?:the )?(?:police|fraud)\b",
        r"\b(?:ask|talk to|tell) (?:someone|somebody) i trust\b",
    ],
    "ask_questions": [
        r"\bwho (?:is|are) (?:this|you|calling)\b", r"\bwhat is your name\b",
        r"\bhow do i know\b", r"\bcan you prove\b", r"\bprove it\b",
        r"\bwhich bank\b", r"\bwhere are you calling from\b", r"\bare you (?:really|real)\b",
        r"\bis this (?:real|true)\b", r"\bwhat is (?:this|it) about\b",
        r"\bask (?:him |her |them )?(?:what|who|which|why|where|how)\b",
        r"\bwhat is the (?:problem|matter)\b", r"\bwhat (?:has )?happened\b",
        r"^(?:what|which|whose) (?:code|app|number|account|fee|prize)\s*\??$",
    ],
    "give_details": [
        r"\bcard (?:number|details)\b", r"\b(?:my )?pin\b", r"\bpassword\b",
        r"\bdate of birth\b", r"\bbirthday\b", r"\baccount (?:number|details)\b",
        r"\bsort code\b", r"\bbank details\b", r"\bsecurity (?:question|answer)s?\b",
        r"\bmaiden name\b", r"\bsocial security\b", r"\bcvv\b", r"\bexpiry\b",
        r"\b(?:three|3) (?:digits|numbers) on the back\b", r"\blog ?in details\b",
        r"\busername\b",
    ],
    "give_code": [
        r"\b(?:the |my |that |this )?(?:code|passcode|pass code|one[- ]time \w+|otp)\b",
        r"\bverification (?:number|code)\b", r"\bdigits\b",
        r"\b(?:number|message) (?:they|you|it|the bank|he|she) (?:texted|sent)\b",
        r"\btexted me\b", r"\bit says\s+\d",
        r"\b\d(?:[ -]?\d){3,}\b",
    ],
    "move_money": [
        rf"\b(?:move|moving|moved|transfer|transferring|transferred|send|sending|sent|wire|wiring"
        rf"|pay|paying|paid|withdraw|withdrawing|take out|put|putting|deposit|buy|buying|get)"
        rf"{_W}\s+(?:money|savings|cash|funds|the fee|fee|fees|gift ?cards?|vouchers?|bitcoin"
        rf"|crypto|dollars|pounds|euros|hundred|thousand|the rest|everything|bail)\b",
        r"\bgift ?cards?\b", r"\bbitcoin\b", r"\bwire (?:it|the)\b",
        r"\b(?:transfer|send|move|wire) (?:it|them|that)\b", r"\bpay (?:it|the|you|him|her)\b",
        r"\bnew account\b", r"\bsafe account\b",
    ],
    "install_app": [
        r"\b(?:install|installing|installed|download|downloading|downloaded)\b",
        rf"\b(?:put|get|open|run)\w*{_W}\s+(?:app|program|programme|software|application)\b",
        r"\b(?:anydesk|teamviewer|remote access|screen ?shar\w*)\b",
        r"\blet (?:you|him|her|them) (?:on|onto|into|in|access|see|use|control)\b",
        r"\b(?:take|taking|have) control\b", r"\bclick\w*\s+(?:on\s+)?the link\b",
        r"\bopen\w*\s+the (?:website|link|site)\b",
        r"\b(?:turn|switch)\w*\s+on (?:my |the )?(?:computer|laptop)\b",
    ],
    "keep_secret": [
        r"\bkeep (?:it |this |that )?(?:a )?secret\b", r"\bbetween (?:us|you and me)\b",
        r"\bi (?:will|would|shall) not tell (?:anyone|anybody|my family|the bank)\b",
        r"\bpromise not to tell\b",
    ],
}  # fmt: skip
_COMPILED = {move: [re.compile(p) for p in patterns] for move, patterns in _PATTERNS.items()}
# A no before risky words, in the same part of the sentence, makes them a refusal.
_NEGATION = re.compile(r"\b(?:not|never|no|nothing|refuse to|nobody|no one)\b")
_CLAUSE = re.compile(r"[,.;!?]|\b(?:but|and then|then|so|because)\b")
_ALONE_UNCLEAR = re.compile(
    r"^(?:yes|yeah|yep|ok|okay|sure|fine|alright|all right|right|go on|hmm+|um+|uh+|er+|maybe"
    r"|perhaps|i do not know|what|pardon|sorry|really|oh|oh dear)(?:\s+(?:then|please|yes|ok))*$"
)


def clean(text: str) -> str:
    """Lower case, straight apostrophes, contractions spelt out, single spaces."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    for pattern, spelt in _CONTRACTIONS:
        text = re.sub(pattern, spelt, text)
    return " ".join(text.split())


def is_stop(text: str) -> bool:
    """Whether the customer asks to end the practice itself."""
    said = clean(text).strip(" .!")
    return any(pattern.search(said) for pattern in _STOP_PATTERNS)


def read_answer(text: str) -> Reading:
    """What an answer in the customer's own words is. See the module's rules."""
    said = clean(text)
    if is_stop(text):
        return Reading(STOP, because=(f"'{said}' asks to stop",))
    bare = said.strip(" .!?")
    if not bare or _ALONE_UNCLEAR.match(bare):
        return Reading(UNCLEAR, because=(f"'{bare}' says no move",))
    # Every match of every pattern; where matches overlap the longest wins, so "sort
    # code" is details and not a code, and "I will not tell anyone" is keeping a secret.
    matches = [
        (match.start(), match.end(), move)
        for move, patterns in _COMPILED.items()
        for pattern in patterns
        for match in pattern.finditer(said)
    ]
    matches.sort(key=lambda m: (m[0] - m[1], m[0]))
    found: list[tuple[int, str, str]] = []  # (where, move, words)
    taken: list[tuple[int, int]] = []
    for start, end, move in matches:
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            continue
        taken.append((start, end))
        words = said[start:end].strip()
        # A pattern that says the no itself ("I will not tell anyone") is never turned over.
        if MOVES[move].kind == RISKY and not _NEGATION.search(words) and _negated(said, start):
            found.append((start, "refuse", f"'{words}' said with a no"))
        else:
            found.append((start, move, f"'{words}'"))
    found.sort()
    moves: list[str] = []
    because: list[str] = []
    for _, move, words in found:
        because.append(f"{words} -> {move}")
        if move not in moves:
            moves.append(move)
    kinds = {MOVES[m].kind for m in moves}
    if not moves or {SAFE, RISKY} <= kinds:
        return Reading(UNCLEAR, tuple(moves), tuple(because) or (f"'{bare}' says no move",))
    if RISKY in kinds:  # a question alongside a risky move ("which app do I install?") is risky
        moves = [m for m in moves if MOVES[m].kind == RISKY]
    elif SAFE in kinds:
        moves = [m for m in moves if MOVES[m].kind == SAFE]
    return Reading(MOVE, tuple(moves), tuple(because))


def _negated(said: str, start: int) -> bool:
    before = said[:start]
    clauses = _CLAUSE.split(before)
    return bool(_NEGATION.search(clauses[-1] if clauses else before))
