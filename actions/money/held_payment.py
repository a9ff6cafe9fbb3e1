"""A payment the risk rules paused: the warning, its choices, and "send it anyway".

The rest of that conversation is elsewhere: the lesson it offers
(actions/classroom/lessons.py), the call-back (actions/conversation/support.py), the cancel
and the fresh yes (actions/money/confirm.py).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.money.read_back import read_back
from actions.protection.trusted_contact import contact_blocks_release
from actions.services import bound_customer, services
from assistant.errors import BankError


class ActionReleasePayment(Action):
    """ "Send it anyway": the customer heard the warning; ask for a fresh yes.

    Said after a warning about a story, before any payment ("send 500 to him
    anyway"), it starts the payment in the usual way: the form asks what it
    lacks, the risk rules pause it with the story's warning, and only "send it
    anyway" and a fresh yes send it.
    """

    def name(self) -> str:
        return "action_release_payment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        customer_id = bound_customer(tracker)
        request_id = tracker.get_slot("pending_request")
        if not customer_id:
            dispatcher.utter_message(text="There is no paused payment right now.")
            return []
        if not request_id:
            # The rules go back to an active form after the turn's own action, and the
            # form asks for what the message did not say.
            return [ActiveLoop("transfer_form")]
        if services().payments.hold(customer_id, request_id) and contact_blocks_release(
            customer_id, request_id, dispatcher
        ):
            return []  # the trusted contact first, or the cooling-off
        try:
            preview = services().payments.release(customer_id, request_id)
        except BankError as error:  # nothing paused any more, or it waited too long
            dispatcher.utter_message(text=str(error))
            return [SlotSet("pending_request", None)]
        dispatcher.utter_message(text="Okay. Please check it once more before I send it.")
        read_back(dispatcher, preview)
        return []
