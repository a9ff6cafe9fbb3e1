"""The campaigns for the dialogue: the functions a Rasa action calls.

    offer_at_greeting(store, customer_id, today) -> Offer | None
        the item of a campaign due for this customer today, offered once per campaign
    practice_started(store, customer_id, slug)   -> bool
    practice_finished(store, customer_id, slug)  -> bool
        a practice call a campaign offered was started or finished

`store` is `services().campaigns`. A lesson's start and finish need no call: the tutor
records them under the customer's id, and the analytics read them there. A practice
call's own events name no customer, by design, so a campaign learns of its start and
finish from these two calls; they change nothing when no campaign offered that practice
call to the customer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lessons import render
from lessons.campaigns.store import CampaignItem, CampaignStore

__all__ = ["Offer", "offer_at_greeting", "practice_finished", "practice_started"]


@dataclass(frozen=True)
class Offer:
    item: CampaignItem
    messages: list[render.Message]
    """What to say after the greeting: one {"text", "buttons"} message whose button starts
    the item with the payload the lesson and practice actions already read
    (`/start_lesson{"lesson": ...}`, `/start_rehearsal{"rehearsal": ...}`)."""


def offer_at_greeting(
    store: CampaignStore, customer_id: str | None, today: dt.date
) -> Offer | None:
    """The item to offer after greeting a logged-in customer, recorded as reached; None
    when there is none (or nobody is logged in). Asking again the same day, or any later
    day of the same campaign, gives the next campaign due, or None."""
    if not customer_id:
        return None
    item = store.offer(customer_id, today, "chat")
    if item is None:
        return None
    what = "a short safety lesson" if item.kind == "lesson" else "a practice call"
    text = f"There is {what} for you today: {item.title}. {item.summary}"
    return Offer(item, [{"text": text, "buttons": [item.start_button]}])


def practice_started(store: CampaignStore, customer_id: str | None, slug: str) -> bool:
    """Call after `lessons.rehearsals.play.start` for a logged-in customer."""
    return bool(customer_id) and store.practice_event(str(customer_id), slug, "started")


def practice_finished(store: CampaignStore, customer_id: str | None, slug: str) -> bool:
    """Call when `lessons.rehearsals.play.answer` ends the practice call with its score."""
    return bool(customer_id) and store.practice_event(str(customer_id), slug, "finished")
