"""Two requests said in one message, answered in the order said, and "and the other
thing?" after them.

The NLU puts the two intents, in the order said, in the parse result's `requests`
(nlu/two_requests.py). When both only read, the message's intent is the first; the
action that answers it then answers the second (`answer_the_second`, called by
every `CustomerAction` and by the rates). When one changes money or access, the
assistant asks which to do first (actions/conversation/which_first.py).

"and the other thing?" (`the_other_thing`) gives the request of the last such
message not yet answered; when both were answered, the second again, never the
first. A change is offered as its button, which asks its own yes.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from nlu import skills

# The requests answered together, and the action class that answers each.
ANSWERS = {
    "check_balance": "actions.accounts.balance:ActionCheckBalance",
    "check_bills": "actions.money.bills:ActionCheckBills",
    "transaction_history": "actions.accounts.history:ActionTransactionHistory",
    "deposit_products": "actions.money.deposits:ActionDepositProducts",
}
# "and the other thing?", "what about my other question", "the second thing I asked".
OTHER_THING = re.compile(
    r"\bother (?:thing|question|request|bit|part)s?\b"
    r"|\b(?:second|next) (?:thing|question|request)\b|\bwhat else (?:did )?i (?:ask|say)",
    re.IGNORECASE,
)
# "and the other one?": the other request while one is left; else the other account.
OTHER_ONE = re.compile(r"\bother one\b", re.IGNORECASE)
# How many of the customer's messages back "the other thing" may reach.
REACH = 3


def requests_said(parse_data: dict[str, Any]) -> list[str]:
    """The two requests of a message, in the order said; [] when it had not two."""
    said = parse_data.get("requests") or []
    return [str(r) for r in said] if len(said) == 2 else []


def _action(intent: str) -> Action:
    module, name = ANSWERS[intent].split(":")
    action: Action = getattr(importlib.import_module(module), name)()
    return action


async def _answer(
    intent: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[dict[str, Any]]:
    return list(await _action(intent).run(dispatcher, tracker, domain))


async def answer_the_second(
    action_name: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[dict[str, Any]]:
    """After `action_name` answered the first of two requests that only read, said in
    the latest message: the second's answer and events; [] otherwise."""
    said = requests_said(tracker.latest_message)
    if not said or not set(said) <= set(ANSWERS) or _action(said[0]).name() != action_name:
        return []
    return await _answer(said[1], dispatcher, tracker, domain)


def _last_pair(tracker: Tracker) -> tuple[int, list[str]] | None:
    """Where the last message with two requests stands in the events, and its requests,
    if it is one of the customer's last REACH messages before the latest."""
    users = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"][:-1]
    for index in reversed(users[-REACH:]):
        said = requests_said(tracker.events[index].get("parse_data") or {})
        if said:
            return index, said
    return None


def _answered(tracker: Tracker, since: int, said: list[str]) -> set[str]:
    """The requests answered since that message: their action ran, or the customer
    asked for one again (a which-first button)."""
    names = {_action(r).name(): r for r in said if r in ANSWERS}
    done = set()
    for number, event in enumerate(tracker.events[since:]):
        if event.get("event") == "action" and event.get("name") in names:
            done.add(names[event["name"]])
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if number and event.get("event") == "user" and intent in said:
            done.add(intent)
    return done


async def the_other_thing(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[dict[str, Any]] | None:
    """ "and the other thing?": the request not yet answered of the last message with
    two; None when the message asks no such thing or there was no such message."""
    text = tracker.latest_message.get("text") or ""
    asks_thing, asks_one = OTHER_THING.search(text), OTHER_ONE.search(text)
    found = _last_pair(tracker) if asks_thing or asks_one else None
    if found is None:
        return None
    since, said = found
    left = [r for r in said if r not in _answered(tracker, since, said)]
    if not left and not asks_thing:
        return None  # "the other one" after both: the other account (actions/accounts/balance.py)
    wanted = left[0] if left else said[1]
    if wanted in ANSWERS:
        return await _answer(wanted, dispatcher, tracker, domain)
    from actions.replies import button

    if wanted not in skills.requests():
        return None
    dispatcher.utter_message(
        text="The other thing you asked for:", buttons=[button(skills.labels()[wanted], wanted)]
    )
    return []
