"""payment_code: show the current payment QR code reference, or a new one."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import CustomerAction, services
from actions.replies import button, latest_entity

RENEW_WORDS = re.compile(r"\b(new|renew|another|refresh|change|replace)\b", re.IGNORECASE)


class ActionPaymentCode(CustomerAction):
    def name(self) -> str:
        return "action_payment_code"

    async def act(
        self, customer_id: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> list[dict[str, Any]]:
        codes = services().codes
        text = tracker.latest_message.get("text") or ""
        renew = latest_entity(tracker, "renew") or RENEW_WORDS.search(text)
        code = None if renew else codes.current(customer_id)
        if code is None:
            code = codes.renew(customer_id)
        minutes = services().settings.payment_code_minutes
        dispatcher.utter_message(
            text=f"Your payment code is {code.reference}. "
            f"It pays from your account ending {code.account_last4}.\n"
            f"Show the QR code to the shop. It works for {minutes} minutes. "
            "Never send a photo of it to anyone.",
            buttons=[button("Get a new code", "payment_code", renew="yes")],
        )
        return []
