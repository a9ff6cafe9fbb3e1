"""Every answer ends with buttons: the assistant's own, or the likely next steps.

The actions and domain responses offer buttons where they know better (a
read-back's Yes and No, a list of bills, a lesson's Next). Where an answer
has none, this adds them, in this one place rather than in every response:
a question (it has a "?") gets a way out, a statement gets the main
next steps under "Anything else?".
"""

from __future__ import annotations

from typing import Any

from nlu import skills

ANYTHING_ELSE = "Anything else?"

# The main next steps, offered by their labels in nlu/skills.py.
NEXT_INTENTS = ("check_balance", "transfer_money", "pay_bill", "list_lessons", "human_handoff")
NEXT_STEPS = tuple(
    {"title": skills.SKILLS[intent].label, "payload": f"/{intent}"} for intent in NEXT_INTENTS
)
WAY_OUT = ({"title": "Stop", "payload": "/cancel"},)


def with_next_steps(responses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The replies of one turn, the last one given buttons if no reply has any."""
    if not responses or any(r.get("buttons") for r in responses):
        return responses
    last = dict(responses[-1])
    last["suggested"] = True  # buttons of our own, not the assistant's answer: voice skips them
    if "?" in str(last.get("text", "")):
        last["buttons"] = [dict(b) for b in WAY_OUT]
    else:
        last["buttons"] = [dict(b) for b in NEXT_STEPS]
        last["prompt"] = ANYTHING_ELSE
    return [*responses[:-1], last]
