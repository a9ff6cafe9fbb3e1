"""Practice calls in conversation: the customer practises saying no to a scammer.

The practice call itself lives in `lessons.rehearsals.play`; these actions only pass
the words along, send its messages and keep the call in the `rehearsal` slot. While
that slot holds a call, the dialogue policy `lessons.rehearsals.policy.RehearsalPolicy`
sends every message here, so "I'd send him the money" in a practice starts nothing
real. Practice calls are open to every conversation, logged in or not.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.classroom.lessons import utter
from actions.context import SOMETHING_WENT_WRONG
from actions.conversation_state import previous_bot_button_list
from actions.services import bound_customer, services
from lessons.campaigns.dialogue import practice_finished, practice_started
from lessons.rehearsals import play, policy
from lessons.rehearsals.errors import RehearsalNotFound
from lessons.rehearsals.policy import ANSWER, SLOT

log = logging.getLogger(__name__)

START = policy.START
LIST = "action_list_rehearsals"


def _send(dispatcher: CollectingDispatcher, reply: play.Reply) -> list[dict[str, Any]]:
    for message in reply.messages:
        utter(dispatcher, message)
    return [SlotSet(SLOT, reply.state)]


def _scored(reply: play.Reply) -> bool:
    """The practice call ended with its score (not stopped, not another one started)."""
    return reply.state is None and any(
        (m.get("card") or {}).get("kind") == "rehearsal_score" for m in reply.messages
    )


def _failed(dispatcher: CollectingDispatcher, name: str) -> list[dict[str, Any]]:
    log.exception("Action %s failed", name)
    dispatcher.utter_message(text=SOMETHING_WENT_WRONG)
    return [SlotSet(SLOT, None)]


class ActionStartRehearsal(Action):
    """Start the practice call named by a button or in words ("let me practise the
    grandchild call"); with none named, the list of practice calls."""

    def name(self) -> str:
        return START

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        store = services().rehearsals
        try:
            named = next(tracker.get_latest_entity_values("rehearsal"), None)
            text = tracker.latest_message.get("text") or ""
            from_menu = play.chosen_from_menu(text, previous_bot_button_list(tracker))
            slug = named or from_menu or play.find(text, store)
            if slug is None:
                return _send(dispatcher, play.menu(store))
            try:
                reply = play.start(slug, store)
            except RehearsalNotFound:
                dispatcher.utter_message(text="That practice call is not available right now.")
                return _send(dispatcher, play.menu(store))
            practice_started(services().campaigns, bound_customer(tracker), slug)
            # A practice call replaces whatever form was open: nothing in it is real.
            return [ActiveLoop(None), SlotSet("requested_slot", None), *_send(dispatcher, reply)]
        except Exception:
            return _failed(dispatcher, self.name())


class ActionListRehearsals(Action):
    """The practice calls there are, as buttons."""

    def name(self) -> str:
        return LIST

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        try:
            return _send(dispatcher, play.menu(services().rehearsals))
        except Exception:
            return _failed(dispatcher, self.name())


class ActionRehearsalAnswer(Action):
    """The customer's answer in a practice call, typed, spoken or pressed; "stop" ends it."""

    def name(self) -> str:
        return ANSWER

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        call = tracker.get_slot(SLOT)
        try:
            reply = play.answer(call, text, services().rehearsals)
            if isinstance(call, dict) and _scored(reply):
                slug = str(call.get("rehearsal"))
                practice_finished(services().campaigns, bound_customer(tracker), slug)
            return _send(dispatcher, reply)
        except Exception:
            return _failed(dispatcher, self.name())
