"""Words about a card that are no request to change it: "is my card frozen?" asks, and
"the cash machine ate my card" tells of a card that is gone. actions/cards/cards.py and
actions/conversation/topics.py answer them.
"""

from __future__ import annotations

import re

# "is my card frozen?", "why is my card not working", "can I use my card again?"
# "can I unfreeze my card" asks for the change, not how the card stands.
_ASKS_ABOUT_STATE = re.compile(
    r"^\W*(?:(?:oh|um|er|so|and|but|please|tell me)\W+)*"
    r"(?:is|are|was|has|have|did|does|do|why|what|how|(?:can|could) i\b(?! (?:please )?"
    r"(?:unfreeze|unblock|unlock|turn|switch|reactivate|activate|re-?enable|freeze|block|stop|"
    r"cancel)))\b",
    re.IGNORECASE,
)
# "card status?", "what's the status of my card": how the card stands, never a lost card.
_ASKS_STATUS = re.compile(r"\b(?:card'?s? )?status\b|\bhow(?:'s| is) my card\b", re.IGNORECASE)
# "the cash machine ate my card", "the ATM kept my card", "my card got stuck in the machine"
_MACHINE = r"(?:cash ?(?:machine|point|dispenser)s?|atms?|hole in the wall|machine|cashpoint)"
_KEPT = (
    r"(?:ate|eaten|eats|swallow\w*|kept|keeps|keep|took|taken|retain\w*|grabbed|"
    r"gobbled|stuck|jammed|sucked|would(?:n't| not) give|did(?:n't| not) give|never gave)"
)
_KEPT_BY_MACHINE = re.compile(
    rf"\b{_MACHINE}\b.*\b{_KEPT}\b|\b{_KEPT}\b.*\b{_MACHINE}\b", re.IGNORECASE
)

# "I found my card", "it turned up under the sofa", "I've got it back": a card that was
# missing is found. Not "I can't find it", "help me find it" or "if I find it later".
_FOUND = re.compile(
    r"\b(?:found|turned up|came back|got (?:it|my card|the card) back|"
    r"have (?:it|my card|the card) (?:back|again)|handed (?:it|my card|the card) (?:in|back|to me)|"
    r"gave (?:it|my card|the card) back|panic over|all along|here it is|"
    r"(?:it was|it'?s|it is|was) (?:here |right here |just )?(?:in|under|behind|on|inside) "
    r"(?:my|the|her|his|our) (?:\w+ )?(?:coat|jacket|bag|handbag|purse|pocket|wallet|"
    r"drawer|car|sofa|couch|chair|bed|table|kitchen|house|desk|trousers|cardigan))\b",
    re.IGNORECASE,
)
_NOT_FOUND = re.compile(
    r"\b(?:not|never(?! ?mind)|haven'?t|hasn'?t|have not|has not|didn'?t|did not|if|when|unless|"
    r"hope|hopefully|until|before)\b(?:\W+\w+){0,2}\W+(?:found|turned up|come back|got)\b",
    re.IGNORECASE,
)


def card_found(text: str) -> bool:
    """A card the customer had lost is found again: nothing to stop, maybe one to
    turn back on."""
    return bool(_FOUND.search(text)) and not _NOT_FOUND.search(text)


def kept_by_machine(text: str) -> bool:
    """A cash machine kept the card: a card problem, answered as a card that is gone."""
    return bool(_KEPT_BY_MACHINE.search(text)) and "card" in text.lower()


def asks_about_state(text: str) -> bool:
    """A question about the cards answers it and never changes anything."""
    return bool(_ASKS_ABOUT_STATE.search(text))


def asks_card_status(text: str) -> bool:
    """`text` asks how the card stands in so many words ("card status?")."""
    return bool(_ASKS_STATUS.search(text))


# "is it working now?", "is my card ok to use", "is it still blocked?"
_ASKS_IF_IT_WORKS = re.compile(
    r"\b(?:is|does) (?:it|my card|the card)(?: still| now)? (?:working|work|ok|okay|alright|"
    r"all right|usable|blocked|frozen|stopped|active|on|off|fine|good)\b|"
    r"\b(?:is|can) (?:it|my card|the card) (?:ok |okay |safe |fine )?(?:to use|be used)\b",
    re.IGNORECASE,
)


def asks_if_it_works(text: str) -> bool:
    """`text` asks whether the card can be used now."""
    return bool(_ASKS_IF_IT_WORKS.search(text))


# "the card is fine", "my card's ok", "the bike not the card": the card needs nothing.
_CARD_IS_FINE = re.compile(
    r"\b(?:card|it)(?:'s|\s+is)?\s+(?:fine|ok|okay|safe|here|with me|all right)\b"
    r"|\bnot (?:the|my) card\b",
    re.IGNORECASE,
)


def card_is_fine(text: str) -> bool:
    """`text` says the card needs nothing done to it ("no thank you, the card is fine")."""
    return bool(_CARD_IS_FINE.search(text))
