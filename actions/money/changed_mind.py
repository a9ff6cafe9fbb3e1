""" "oh sorry, yes pay it" right after a "no" at a read-back: the customer changed
their mind.

The "no" cancelled the payment, and a cancelled request never moves money. The
same payment is prepared afresh and read back in full, so it still needs a new,
clear yes.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation_state import last_request, previous_bot_action, previous_bot_texts
from actions.money.amend import AMENDABLE_KINDS, Change, prepare_again
from actions.money.read_back import read_back
from actions.services import services
from assistant.errors import BankError
from nlu.payment_words import wants_it_after_all

# What `ActionHandleDeny` says when its "no" cancelled a waiting payment.
NOT_SENT = "Okay. I have not sent anything."
AGAIN = "All right. Here it is again."


def offer_again(
    customer_id: str, tracker: Tracker, dispatcher: CollectingDispatcher
) -> list[dict[str, Any]] | None:
    """A yes that asks for the payment just after a "no" cancelled it: that payment
    read back afresh.

    None when the last turn was no such "no" (the caller answers as usual).
    """
    if (
        previous_bot_action(tracker) != "action_handle_deny"
        or NOT_SENT not in previous_bot_texts(tracker)
        or not wants_it_after_all(tracker.latest_message.get("text") or "")
    ):
        return None
    request_id = last_request(tracker)
    old = services().payments.cancelled(customer_id, request_id) if request_id else None
    if old is None or old.kind not in AMENDABLE_KINDS:
        return None
    try:
        fresh = prepare_again(customer_id, tracker, old, Change())
    except BankError as error:  # the bill paid meanwhile, a limit reached
        dispatcher.utter_message(text=f"{error}\nI have not sent anything.")
        return []
    dispatcher.utter_message(text=AGAIN)
    read_back(dispatcher, fresh)
    return [SlotSet("pending_request", fresh.request_id)]
