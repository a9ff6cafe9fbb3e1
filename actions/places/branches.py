"""find_branch: branches, cash machines and service points by town."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.places.opening_hours import asks_about_hours, day_asked, hours_answer
from actions.protection.scams import answer_way_to_pay
from actions.replies import BANK_PHONE, button, latest_entity
from actions.services import services
from assistant.bank.directory import BranchView
from nlu.bank_topics import bank_topics

# The bank subject (nlu/bank_topics.yml) of a question for the bank's own phone number.
OUR_NUMBER = "our phone number"

# "is it open on saturday", "is there a cash machine there": the town of the last answer.
_ABOUT_HOURS = re.compile(r"\b(?:open|close|hours|saturday|sunday|weekend|it|there)\b", re.I)
# "what's the phone number", "how do I ring them": a question about one place's phone.
ASKS_PHONE = re.compile(r"\b(?:phone|telephone|number|ring|call them)\b", re.I)
# "do they have steps", "can I get in with a wheelchair", "is there a ramp".
ASKS_ACCESS = re.compile(
    r"\b(?:steps?|stairs?|step-free|wheel ?chairs?|ramps?|access\w*|disabled|walker|lift)\b", re.I
)
KIND_WORDS = {"branch": "Branch", "atm": "Cash machine", "service_point": "Service point"}


def last_town(tracker: Tracker) -> str | None:
    """The town of the last branch answer in this conversation."""
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") == "town" and event.get("value"):
            return str(event["value"])
    return None


class ValidateBranchForm(FormValidationAction):
    def name(self) -> str:
        return "validate_branch_form"

    async def extract_town(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        entity = latest_entity(tracker, "town")
        text = str(entity["value"]) if entity else tracker.latest_message.get("text") or ""
        town = services().directory.find_town(text) or town_of_place_named(text)
        if town:
            return {"town": town}
        if _ABOUT_HOURS.search(text) and last_town(tracker):
            # "is it open on saturday" after a branch answer: the same town.
            return {"town": last_town(tracker)}
        answering = tracker.get_slot(
            "requested_slot"
        ) == "town" and tracker.get_intent_of_latest_message() in (
            "inform",
            "find_branch",
            "nlu_fallback",
        )
        if answering and asks_about_hours(text):
            # "what time does it open on saturday" at "Which town are you in?": no town
            # yet. Taken as an answer (no "Thank you" from the rules), and the question
            # is asked once, about the hours (`ActionAskTown`).
            return {"town": None}
        if answering:
            towns = ", ".join(services().directory.towns())
            dispatcher.utter_message(text=f"Sorry, we have no branch there. We are in {towns}.")
        return {}


class ActionAskTown(Action):
    def name(self) -> str:
        return "action_ask_town"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if answer_way_to_pay(tracker, dispatcher):
            # "where is the nearest bitcoin machine" after a warning: no way to the machine.
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        text = tracker.latest_message.get("text") or ""
        hours = tracker.get_slot("requested_slot") == "town" and asks_about_hours(text)
        question = "Which town's branch would you like?" if hours else "Which town are you in?"
        if bank_topics().about(text) == OUR_NUMBER:
            # "the bank's phone number please": the bank's own number first; a branch's
            # number if the customer wants that one.
            question = (
                f"You can call us on {BANK_PHONE}, day and night.\n"
                "For a branch's own number: which town is it in?"
            )
        dispatcher.utter_message(
            text=question,
            buttons=[button(t, "inform", town=t) for t in services().directory.towns()],
        )
        return []


class ActionFindBranch(Action):
    def name(self) -> str:
        return "action_find_branch"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if answer_way_to_pay(tracker, dispatcher):
            return [SlotSet("town", None)]  # "the bitcoin machine in springfield", warned
        town = tracker.get_slot("town")
        asked = " ".join(_asked_for_branch(tracker))
        if town and asks_about_one_place(asked):
            # "is the riverside branch open on sunday", "when is the market square cash
            # machine open": that place's answer, not the list.
            say_about_place(dispatcher, town, asked)
        else:
            say_branches(dispatcher, town)
        # The town stays in the conversation's events: "is it open on saturday" follows it.
        return [SlotSet("town", None)]


def _asked_for_branch(tracker: Tracker) -> list[str]:
    """What the customer said since asking for a branch: the request that started the
    branch form and the answers to "Which town?" (the day may be in either)."""
    said: list[str] = []
    started = False
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == "branch_form":
            started = True
        elif event.get("event") == "user":
            said.insert(0, event.get("text") or "")
            if started:
                break
    return said if started else said[-1:]


def say_branches(dispatcher: CollectingDispatcher, town: str | None) -> None:
    """The branches, cash machines and service points of a town, with their hours."""
    places = services().directory.branches(town) if town else []
    if not places:
        dispatcher.utter_message(text="I could not find a branch there.")
        return
    lines = [f"In {town} we have:"]
    for place in places:
        access = "Step-free access." if place.step_free else "There are steps at the door."
        phone = f" Phone {place.phone}." if place.phone else ""
        lines.append(
            f"{KIND_WORDS[place.kind]}: {place.name}, {place.address}. "
            f"Hours: {place.opening_hours}. {access}{phone}"
        )
    dispatcher.utter_message(text="\n".join(lines))


# "the cash machine", "the library one": which of a town's places a question is about.
_KIND_SAID = {
    "atm": re.compile(r"\b(?:cash ?machines?|atms?|cash ?points?|machines?)\b", re.I),
    "service_point": re.compile(r"\b(?:service points?|library)\b", re.I),
    "branch": re.compile(r"\bbranch\b", re.I),
}


def say_about_place(dispatcher: CollectingDispatcher, town: str, text: str) -> None:
    """ "is it open saterday" (or "what's the phone number") after a town's places were
    listed: the hours (or phone) of the place named, else of the town's branch (the
    first place listed when there is none)."""
    places = services().directory.branches(town)
    if not places:
        say_branches(dispatcher, town)
        return
    by_name = [p for p in places if _names_place(p, text)]
    by_kind = [p for p in places if p.kind in _KIND_SAID and _KIND_SAID[p.kind].search(text)]
    named = by_name or by_kind
    branches = [p for p in places if p.kind == "branch"]
    place = (named or branches or places)[0]
    if ASKS_PHONE.search(text):
        phone = f"is {place.phone}" if place.phone else "has no phone"
        dispatcher.utter_message(text=f"The phone number of {place.name} {phone}.")
        return
    if ASKS_ACCESS.search(text):
        dispatcher.utter_message(
            text="\n".join(
                f"{p.name}: "
                + (
                    "step-free, no steps at the door."
                    if p.step_free
                    else "there are steps at the door."
                )
                for p in (named or places)
            )
        )
        return
    dispatcher.utter_message(text=hours_answer(place.name, place.opening_hours, day_asked(text)))


# Words of a place's name that name no place in particular.
_GENERIC_NAME_WORDS = {"branch", "service", "point", "cash", "machine", "community", "the"}


def _own_words(place: BranchView) -> set[str]:
    """The words of a place's name that tell it apart: "library" of the Springfield
    Library Service Point, "main", "street" of the Main Street Branch."""
    town = set(place.town.lower().split())
    return {w for w in place.name.lower().split() if w not in town | _GENERIC_NAME_WORDS}


def _names_place(place: BranchView, text: str) -> bool:
    own = _own_words(place)
    said = set(re.findall(r"[a-z]+", text.lower()))
    return bool(own) and own <= said


def answer_place_question(dispatcher: CollectingDispatcher, text: str) -> bool:
    """ "is the library service point wheelchair accessible", "what's the phone number of
    the riverside branch", "when is the market square cash machine open": a question about
    a place the bank has, named by its town or its own name, answered from the directory,
    whatever the classifier guessed. False when the message is no such question."""
    asks = ASKS_ACCESS.search(text) or ASKS_PHONE.search(text) or asks_about_hours(text)
    if not asks:
        return False
    town = services().directory.find_town(text) or town_of_place_named(text)
    if town is None:
        return False
    say_about_place(dispatcher, town, text)
    return True


def town_of_place_named(text: str) -> str | None:
    """The town of the place that `text` names by its own name ("the library service
    point", "the market square cash machine"), or None."""
    directory = services().directory
    places = [p for t in directory.towns() for p in directory.branches(t)]
    return next((p.town for p in places if _names_place(p, text)), None)


def asks_about_one_place(text: str) -> bool:
    """A question about one place rather than for the list: its access, its phone, the
    hours of a day, or anything about a place named by its own name."""
    if ASKS_ACCESS.search(text) or ASKS_PHONE.search(text) or day_asked(text):
        return True
    return town_of_place_named(text) is not None
