"""What every action needs: the bank's services and the customer it acts for.

The services are built once per action-server process, on the first call (not
at import), by `assistant.wiring.build_services`. Tests build their own
`Services` and install them with `use_services`.

The customer is looked up from the conversation's sender id in the
`conversations` table, which only trusted server code writes. Actions never
take a customer id from slots, entities or text.
"""

from __future__ import annotations

import abc
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.two_requests import answer_the_second
from assistant.bank.auth import customer_for_sender
from assistant.errors import BankError
from assistant.wiring import Services, Settings, build_services

log = logging.getLogger(__name__)


_services: Services | None = None


def services() -> Services:
    global _services
    if _services is None:
        _services = build_services(Settings.from_env())
    return _services


def use_services(value: Services | None) -> None:
    """Install the services the actions use (tests, or a custom server)."""
    global _services
    _services = value


def bound_customer(tracker: Tracker) -> str | None:
    return customer_for_sender(services().db, tracker.sender_id)


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
