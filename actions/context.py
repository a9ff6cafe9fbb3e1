"""The base of every action that works on a customer's money: the customer it acts
for (actions/services.py), a polite refusal before log-in, a bank error read out, and
the second of two requests said in one message answered after the first."""

from __future__ import annotations

import abc
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.services import bound_customer
from actions.two_requests import answer_the_second
from assistant.errors import BankError

log = logging.getLogger(__name__)


NOT_LOGGED_IN = (
    "I can only talk about your accounts after you log in. "
    "I can still help with general questions and safety lessons."
)
SOMETHING_WENT_WRONG = (
    "Sorry, something went wrong on our side. Nothing has changed. Please try again in a moment."
)


class CustomerAction(Action, abc.ABC):
    """An action that works on the money of the customer bound to the conversation.

    Subclasses implement `name` and `act`. An unbound conversation gets a polite refusal; a
    `BankError` is read to the customer; anything else is logged and turned into
    a plain "please try again" with no change made.
    """

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        try:
            customer_id = bound_customer(tracker)
            if customer_id is None:
                dispatcher.utter_message(text=NOT_LOGGED_IN)
                return self.on_error()
            events = await self.act(customer_id, dispatcher, tracker, domain)
            # "my balance and also my bills": the second request said, answered after the first.
            return events + await answer_the_second(self.name(), dispatcher, tracker, domain)
        except BankError as error:
            dispatcher.utter_message(text=str(error))
            return self.on_error()
        except Exception:
            log.exception("Action %s failed", self.name())
            dispatcher.utter_message(text=SOMETHING_WENT_WRONG)
            return self.on_error()

    def on_error(self) -> list[dict[str, Any]]:
        """Events to return when the action could not do its work."""
        return []

    @abc.abstractmethod
    def name(self) -> str:
        """The action's name in the domain."""

    @abc.abstractmethod
    async def act(
        self,
        customer_id: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[dict[str, Any]]:
        """Do the work for this customer; return the events."""
