"""The moves a customer can make in a practice call, and what each one is.

A move is safe (it protects the customer whatever the caller says), risky (it is
what the scammer wants) or neutral (it neither helps nor harms: asking the caller
questions, which a scammer has answers ready for). Rehearsal files name moves by
these names; the reader of free answers (words.py) finds them in a customer's words;
the score counts the safe moves among the answers.
"""

from __future__ import annotations

from dataclasses import dataclass

SAFE, RISKY, NEUTRAL = "safe", "risky", "neutral"


@dataclass(frozen=True)
class Move:
    name: str
    """How rehearsal files name it: hang_up, give_code."""
    kind: str
    """safe, risky or neutral."""
    label: str
    """What the portal's form calls it."""
    feedback: str
    """Said when a customer makes this move in their own words at a step that has no
    answer written for it."""


MOVES: dict[str, Move] = {
    move.name: move
    for move in (
        Move("hang_up", SAFE, "Hang up (safe)",
             "Good. Hanging up is always safe. A real bank will never mind."),
        Move("refuse", SAFE, "Say no (safe)",
             "Good. Saying no is safe. You never have to do what a caller asks."),
        Move("verify_with_bank", SAFE, "Check with the bank's own number (safe)",
             "Good. Call the number on your card or statement yourself. Then you know who "
             "you are talking to."),
        Move("tell_someone", SAFE, "Tell someone (safe)",
             "Good. Talking to someone you trust slows things down, and scams hate that."),
        Move("ask_questions", NEUTRAL, "Ask the caller questions (neutral)",
             "Asking is fair, but a scammer has answers ready. The safe move is to hang up "
             "and call your bank yourself."),
        Move("give_code", RISKY, "Give a code (risky)",
             "That is what the scammer wants. Never read a code to anyone who calls you. "
             "Your bank will never ask for it."),
        Move("give_details", RISKY, "Give card or personal details (risky)",
             "Never give your card number, PIN or password to a caller."),
        Move("move_money", RISKY, "Send or move money (risky)",
             "That is what the scammer wants. Never move or send money because a caller "
             "tells you to."),
        Move("install_app", RISKY, "Install an app or let them in (risky)",
             "An app from a caller can let them into your computer and your "
             "bank."),
        Move("keep_secret", RISKY, "Agree to keep it secret (risky)",
             "A caller who says to keep a secret is a warning sign. Tell "
             "someone you trust."),
    )
}  # fmt: skip

SAFE_MOVES = [name for name, move in MOVES.items() if move.kind == SAFE]
RISKY_MOVES = [name for name, move in MOVES.items() if move.kind == RISKY]


def kind_of(name: str) -> str:
    """safe, risky or neutral; KeyError for a name that is no move."""
    return MOVES[name].kind
