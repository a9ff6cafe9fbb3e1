"""Words customers use for accounts, spending categories and money in or out.

Kept as data so that actions stay short and the mapping is easy to extend.
"""

from __future__ import annotations

import re
from difflib import get_close_matches

ACCOUNT_WORDS = {
    "savings": "savings", "saving": "savings", "savings account": "savings",
    "current": "current", "checking": "current", "cheque": "current", "everyday": "current",
    "main account": "current",
    "deposit": "time_deposit", "time deposit": "time_deposit", "fixed deposit": "time_deposit",
}  # fmt: skip

CATEGORY_WORDS = {
    "groceries": "groceries", "grocery": "groceries", "food shopping": "groceries",
    "supermarket": "groceries", "food": "groceries",
    "pharmacy": "health", "medicine": "health", "chemist": "health", "health": "health",
    "doctor": "health",
    "cafe": "eating out", "cafes": "eating out", "restaurant": "eating out",
    "restaurants": "eating out", "eating out": "eating out", "coffee": "eating out",
    "bus": "transport", "train": "transport", "transport": "transport", "taxi": "transport",
    "fares": "transport",
    "books": "shopping", "shopping": "shopping", "shops": "shopping",
    "bills": "bills", "utilities": "bills", "water": "bills", "electricity": "bills",
    "pension": "income", "income": "income",
}  # fmt: skip

# What kind of bill a customer names: "the electric", "the power bill" ("electrik": `_near`).
BILL_WORDS = {
    "electric": "electricity", "electricity": "electricity",
    "power": "electricity", "energy": "electricity",
    "lights": "electricity", "water": "water", "gas": "gas", "phone": "phone",
    "telephone": "phone", "internet": "internet", "broadband": "internet",
}  # fmt: skip

MONEY_OUT = ("spend", "spent", "paid out", "pay out", "paid for", "go out", "went out",
             "outgoing", "payments", "debits", "cost")  # fmt: skip
MONEY_IN = ("came in", "come in", "paid in", "received", "receive", "incoming", "deposits",
            "credited", "pension", "got paid", "income")  # fmt: skip


def _all_found(words: dict[str, str], text: str) -> list[str]:
    """What each phrase of `words` found in `text` stands for, longest phrase first."""
    lowered = text.lower()
    return [
        words[phrase]
        for phrase in sorted(words, key=len, reverse=True)
        if re.search(rf"\b{re.escape(phrase)}\b", lowered)
    ]


def _find(words: dict[str, str], text: str) -> str | None:
    return next(iter(_all_found(words, text)), None)


def _near(words: dict[str, str], text: str) -> str | None:
    """`_find`, and failing that a word a letter or two away from one of `words` of five
    letters or more ("grocerys", "electrik"). Not for accounts: "currency" is one letter
    from "current"."""
    found = _find(words, text)
    if found is not None:
        return found
    single = [w for w in words if " " not in w and len(w) >= 5]
    for word in re.findall(r"[a-z]{5,}", text.lower()):
        close = get_close_matches(word, single, n=1, cutoff=0.8)
        if close:
            return words[close[0]]
    return None


def account_kind(text: str) -> str | None:
    """ "savings", "current", "time_deposit" or None."""
    return _find(ACCOUNT_WORDS, text)


def account_kinds(text: str) -> set[str]:
    """Every kind of account `text` names ("savings instead of checking": both)."""
    return set(_all_found(ACCOUNT_WORDS, text))


def bill_kind(text: str) -> str | None:
    """ "electricity", "water", "gas", "phone", "internet" or None."""
    return _near(BILL_WORDS, text)


def category(text: str) -> str | None:
    return _near(CATEGORY_WORDS, text)


def direction(text: str) -> str | None:
    """ "in", "out" or None (both)."""
    lowered = text.lower()
    if any(re.search(rf"\b{w}\b", lowered) for w in MONEY_IN):
        return "in"
    if any(re.search(rf"\b{w}\b", lowered) for w in MONEY_OUT):
        return "out"
    return None
