"""Worries that are no fraud report and no request: "is this really the bank?", "I don't
know his account number", "why are my payments paused?", "what time do you close?" with
no place said. The classifier may take them for a fraud report or out of scope; the
actions answer each plainly (actions/protection/plain_answers.py, pause.py and
actions/conversation/topics.py).
"""

from __future__ import annotations

import re

# "is this really the bank", "how do I know this is real", "are you really my bank".
_IS_IT_THE_BANK = re.compile(
    r"\b(?:is (?:this|that|it) (?:really |actually |truly )?(?:you|the bank|my bank|real|genuine|"
    r"legit\w*)|are you (?:really |actually |truly )?(?:the bank|my bank|real|genuine|who you say)|"
    r"how (?:do|can|would|will) i (?:know|tell|check|be sure)\b.*\b(?:real|genuine|you|the bank|"
    r"legit\w*)|(?:prove|show) (?:it|that|you)(?:'re| are)? (?:is )?(?:really )?"
    r"(?:the bank|you|real))",
    re.IGNORECASE,
)
# "I don't know his account number", "I haven't got her sort code", "forgot the details".
_DETAIL_NOT_KNOWN = re.compile(
    r"\b(?:(?:don'?t|do not|dont|didn'?t|did not) (?:know|have|remember)|(?:haven'?t|have not|"
    r"hasn'?t) got|not sure (?:of|about|what)|forgot(?:ten)?|can'?t (?:remember|find)|"
    r"cannot (?:remember|find)|lost)\b.*\b(?:account numbers?|sort codes?|bank details|account "
    r"details|iban|routing numbers?|(?:his|her|their) (?:details|number|bank))\b",
    re.IGNORECASE,
)
# The pause named: "paused", "unpause", "blocked payments", "why can't I send money".
_NAMES_PAUSE = re.compile(
    r"\b(?:un-?pause\w*|paus\w*|on hold|(?:payments?|money|account)\s+(?:is |are )?"
    r"(?:blocked|stopped|frozen|locked)|(?:why|how come)\b.*\b(?:can'?t|cannot|can not|"
    r"won'?t|will not|unable to)\b.*\b(?:send|pay|transfer|move))\b",
    re.IGNORECASE,
)
# Said just after the assistant spoke of the pause: "how long for", "why", "undo it",
# "lift it please, it was a mistake", "when can I pay again".
_ABOUT_IT = re.compile(
    r"\b(?:how long|until when|till when|when (?:will|does|can|is)|why|undo|lift|"
    r"take (?:it|that) off|remove|reverse|turn (?:it|that) off|end it|stop it|"
    r"a mistake|by mistake|did(?:n'?t| not) mean|pay again|send again)\b",
    re.IGNORECASE,
)
# Opening hours asked of "you", "the bank" or a branch, with no town said; "close my
# account" is no question of hours.
_HOURS = re.compile(r"\b(?:open|opens|opening|close|closes|closing|shut|shuts|hours)\b", re.I)
_OF_THE_BANK = re.compile(r"\b(?:you|your|the bank|branch\w*|office|doors?)\b", re.I)
_CLOSE_SOMETHING = re.compile(r"\bclos\w*\s+(?:my|the|a|an|this|that|our)\b", re.I)
# "what do I do now", "what should I say to him", "what happens now": what to do next,
# which in the middle of a scam is a question about that scam, not about the assistant.
_WHAT_NOW = re.compile(
    r"\bwhat (?:else )?(?:do|should|shall|can|must|would) i (?:do|say|tell)\b|"
    r"\bwhat (?:now|happens now|next)\W*$|\bwhat (?:do|should) i (?:do )?next\b",
    re.IGNORECASE,
)
_WHAT_TO_SAY = re.compile(r"\b(?:say|tell|answer|reply)\b", re.IGNORECASE)


# "I'm scared", "I'm shaking", "I feel sick with worry".
_AFRAID = re.compile(
    r"\b(?:scared|frightened|afraid|terrified|panick?\w*|nervous|shaking|shaky|"
    r"worried sick|sick with worry|so worried|upset)\b",
    re.IGNORECASE,
)


def is_afraid(text: str) -> bool:
    """`text` says the customer is frightened."""
    return bool(_AFRAID.search(text))


def asks_what_to_do_now(text: str) -> bool:
    """`text` asks what to do (or say) next."""
    return bool(_WHAT_NOW.search(text))


def asks_what_to_say(text: str) -> bool:
    """`text` asks what to say to someone ("what should I tell him")."""
    return asks_what_to_do_now(text) and bool(_WHAT_TO_SAY.search(text))


def asks_if_really_the_bank(text: str) -> bool:
    return bool(_IS_IT_THE_BANK.search(text))


def detail_not_known(text: str) -> bool:
    return bool(_DETAIL_NOT_KNOWN.search(text))


def names_the_pause(text: str) -> bool:
    return bool(_NAMES_PAUSE.search(text))


def asks_after_the_pause(text: str) -> bool:
    """ "how long for", "why", "undo it": about the pause when the assistant just spoke of it."""
    return bool(_ABOUT_IT.search(text))


def asks_hours_of_the_bank(text: str) -> bool:
    """ "what time do you close today", "are you open on sunday": hours, no place said."""
    return bool(_HOURS.search(text) and _OF_THE_BANK.search(text)) and not _CLOSE_SOMETHING.search(
        text
    )


# "I will call him on his old number", "I'll ring my son first": the customer will call
# someone themselves (what a warning advises), which is no request for our call-back.
_CALLS_THEMSELVES = re.compile(
    r"\bi(?:'ll| will| am going to|'m going to| shall|'d better| should)? (?:call|ring|phone) "
    r"(?:him|her|them|my \w+|\w+ first)\b",
    re.IGNORECASE,
)


def calls_them_themselves(text: str) -> bool:
    """`text` says the customer will call someone else themselves."""
    return bool(_CALLS_THEMSELVES.search(text))


# "where is the nearest bitcoin machine", "where can I buy gift cards": the way a scammer
# asked to be paid, looked for right after a warning about it.
_SCAM_WAY_TO_PAY = re.compile(
    r"\b(?:bitcoin|crypto\w*|btc)\b|\b(?:gift ?cards?|itunes|google play|vouchers?)\b",
    re.IGNORECASE,
)


def names_scam_way_to_pay(text: str) -> bool:
    """`text` names crypto or gift cards, the ways scammers ask to be paid."""
    return bool(_SCAM_WAY_TO_PAY.search(text))


# The bank's own call-back asked about: "when will someone from the fraud team call me",
# "you said they would ring me today", "I mean your own fraud team", "nobody has rung me
# yet". Who calls is us (you, your team, someone from it), never "he" or "the man".
_US = (
    r"(?:you|your (?:own )?(?:\w+ )?(?:team|people|bank|adviser|advisor|staff)|the (?:fraud )?team|"
    r"(?:someone|somebody|anyone|a person|one of you)(?: (?:from|at|in|on) (?:the|your) "
    r"(?:\w+ )?(?:team|bank|department))?|an? (?:adviser|advisor)|the (?:adviser|advisor|bank))"
)
_OUR_CALL = re.compile(
    rf"\bwhen (?:will|is|are|would|do|does|can|shall|might)(?: they)? {_US}(?: \w+)?"
    r" (?:call|ring|phone|contact|get back to)\w* (?:me|us)\b"
    r"|\bwhen (?:is|will|was) (?:the|my|that|your|our) (?:fraud )?call(?:-| )?back\b"
    r"|\byou (?:said|promised|told me)\b.{0,40}\b(?:call|ring|phone)\w* (?:me|us)\b"
    r"|\byour own (?:fraud )?team\b"
    r"|\b(?:no ?one|nobody|no-one) (?:from (?:your|the) \w+ )?(?:has |have )?"
    r"(?:called|rung|rang|phoned)(?: me)?(?: back)? yet\b"
    r"|\bstill waiting (?:for|on) (?:the|a|your|my|that) (?:call|ring|phone call|call-?back)\b",
    re.IGNORECASE,
)


def asks_about_our_call(text: str) -> bool:
    """`text` asks when the bank's own call-back comes, or says it was promised."""
    return bool(_OUR_CALL.search(text))
