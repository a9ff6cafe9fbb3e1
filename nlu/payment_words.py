"""Words about a payment that are no new request: "oh sorry, yes pay it" after a no,
"move it back" after a move, "my son gave me 40" (money coming in, no payment). The
actions that follow a read-back or a done payment read them here
(actions/money/changed_mind.py, already_done.py, money_question.py).
"""

from __future__ import annotations

import re

# "oh sorry yes pay it", "yes i do want it", "actually yes, send it": a yes that asks for
# the payment or takes the "no" back. A bare "yes" or "ok" after "Okay. I have not sent
# anything." only agrees with it, and hears that nothing waits for a yes.
_WANTS_IT_AFTER_ALL = re.compile(
    r"\b(?:pay|send|do|want|go ahead with|open|move)\b.*\b(?:it|that|them|this|one)\b"
    r"|\b(?:sorry|i meant|i mean|actually|changed my mind|after all|wait)\b",
    re.IGNORECASE,
)
# "move it back", "put it back in checking", "send the money back", "reverse it".
# Not "undo that": that is a cancel, answered with what is done and a button.
_MOVE_BACK = re.compile(
    r"\b(?:move|put|send|transfer|take|bring|give)\b.*\bback\b|\breverse\b", re.I
)
# "undo that", "oh no undo it", "take that back": asking to reverse what was just done.
_UNDO = re.compile(r"\bundo\b|\btake (?:it|that) back\b|\bunsend\b", re.IGNORECASE)
# "how much is it", "how much was that again", "what's the amount": the amount of what
# the last answer was about, with no account named.
_HOW_MUCH_IS_IT = re.compile(
    r"\bhow much (?:is|was|will be|would be|do i owe (?:on|for))? ?(?:it|that|this|the bill|"
    r"that bill|this bill|them)\b|\bwhat(?:'?s| is) the (?:amount|total)\b",
    re.IGNORECASE,
)
# "i sent 50 to the wrong person by mistake", "we already paid him": a payment told of
# in the past tense, never a request to make one.
_SENT_ALREADY = re.compile(
    r"^\W*(?:(?:oh|um|so|well|but|and|dear|no)\W+)*(?:i|we)\W+"
    r"(?:(?:have|had|just|already|accidentally|mistakenly|by mistake)\W+)*"
    r"(?:sent|paid|transferred|wired|gave)\b",
    re.IGNORECASE,
)
# Money said to come to the customer ("my son gave me 40", "alice owes me 50"): no payment.
_TO_THE_CUSTOMER = re.compile(
    r"\b(?:gave|give[sn]?|sent|sends|paid|pays|owes?|owed|lent|lends|transferred)\s+me\b"
    r"|\b(?:to|for)\s+me\b",
    re.IGNORECASE,
)


def wants_it_after_all(text: str) -> bool:
    return bool(_WANTS_IT_AFTER_ALL.search(text))


def asks_to_move_it_back(text: str) -> bool:
    return bool(_MOVE_BACK.search(text))


def asks_to_undo(text: str) -> bool:
    return bool(_UNDO.search(text))


def money_to_the_customer(text: str) -> bool:
    return bool(_TO_THE_CUSTOMER.search(text))


def asks_how_much_it_is(text: str) -> bool:
    return bool(_HOW_MUCH_IS_IT.search(text))


def tells_money_sent(text: str) -> bool:
    """`text` tells of money the customer already sent: a report, never a request."""
    return bool(_SENT_ALREADY.search(text))


# A code's digits alone, not an amount: "its 482913", "551203".
_A_CODE = re.compile(r"(?<![\d$€£.,])\b\d{4,8}\b(?![.,]\d)")
_MONEY_WORDS = re.compile(r"[$€£]|\b(?:dollars?|bucks|usd|pounds?|euros?|cents?|send|pay)\b", re.I)


def says_a_code(text: str) -> bool:
    """`text` says a code's digits, with no word of money: after a warning about codes,
    the code itself, maybe being read out to a caller."""
    return bool(_A_CODE.search(text)) and not _MONEY_WORDS.search(text)


# "yes but tomorrow, not today", "a payment to go on Friday", "next week": a day other
# than today asked for a payment, which is sent when it is confirmed, never later.
_LATER_DAY = re.compile(
    r"\b(?:tomorrow|tmrw|next (?:week|month|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?:on|at) the \d{1,2}(?:st|nd|rd|th)|not (?:today|now)\b.*\b(?:send|pay|go)|"
    r"(?:schedule|post-?date)\w*|(?:go|send it|pay it|leave) (?:out )?(?:later|on payday))\b",
    re.IGNORECASE,
)


def asks_for_later(text: str) -> bool:
    """`text` asks for a payment on a later day ("yes but tomorrow, not today")."""
    return bool(_LATER_DAY.search(text))


# "put it in my savings", "into my savings account", "to my checking": an account the
# money should go to, never the one it comes from.
_INTO_ACCOUNT = re.compile(
    r"\b(?:in|into|to|onto)\s+(?:my|the|our)?\s*(?:own\s+)?"
    r"(?:savings?|checking|current|cheque|everyday|main)(?:\s+account)?\b",
    re.IGNORECASE,
)


def without_accounts_paid_into(text: str) -> str:
    """`text` without the accounts it says money should go into ("not carlos, put it in
    my savings instead": the savings is where it should go, not where it comes from)."""
    return _INTO_ACCOUNT.sub(" ", text)
