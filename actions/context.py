"""What every action needs: the bank's services and the customer it acts for.

The services are built once per action-server process, on the first call (not
at import), from `BankSettings`. Tests build their own `Services` and install
them with `use_services`.

The customer is looked up from the conversation's sender id in the
`conversations` table, which only trusted server code writes. Actions never
take a customer id from slots, entities or text.
"""

from __future__ import annotations

import abc
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from assistant.auth import customer_for_sender
from assistant.cards import CardService
from assistant.codes import PaymentCodes
from assistant.db import Database
from assistant.directory import Directory
from assistant.errors import BankError
from assistant.ledger import Ledger
from assistant.models import Customer
from assistant.payees import PayeeBook
from assistant.payments import PaymentService
from assistant.settings import BankSettings
from assistant.support import SupportService
from lessons.risk import RiskRules
from lessons.settings import LessonSettings
from lessons.store import LessonStore
from lessons.tutor import Tutor
from voice.profiles import VoiceProfiles
from voice.settings import VoiceSettings

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: BankSettings
    db: Database
    ledger: Ledger
    payments: PaymentService
    payees: PayeeBook
    cards: CardService
    support: SupportService
    directory: Directory
    codes: PaymentCodes
    lessons: LessonStore
    tutor: Tutor
    voice_profiles: VoiceProfiles
    voice: VoiceSettings

    @classmethod
    def build(
        cls,
        settings: BankSettings,
        db: Database | None = None,
        lesson_settings: LessonSettings | None = None,
    ) -> Services:
        db = db or Database(settings.database_url)
        lesson_settings = lesson_settings or LessonSettings.from_env()
        lessons = LessonStore(db, lesson_settings)
        return cls(
            settings=settings,
            db=db,
            ledger=Ledger(db),
            payments=PaymentService(
                db, settings, screen=RiskRules.load(lesson_settings.risk_rules)
            ),
            payees=PayeeBook(db),
            cards=CardService(db),
            support=SupportService(db),
            directory=Directory(db),
            codes=PaymentCodes(db, settings),
            lessons=lessons,
            tutor=Tutor(db, lessons),
            voice_profiles=VoiceProfiles(db),
            voice=VoiceSettings.from_env(),
        )

    def customer_name(self, customer_id: str) -> str:
        with self.db.session() as session:
            customer = session.get(Customer, customer_id)
            return customer.preferred_name if customer else ""


_services: Services | None = None


def services() -> Services:
    global _services
    if _services is None:
        _services = Services.build(BankSettings.from_env())
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
            return await self.act(customer_id, dispatcher, tracker, domain)
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


def customer_only(
    method: Callable[..., Awaitable[dict[str, Any]]],
) -> Callable[..., Awaitable[dict[str, Any]]]:
    """For form validators: act only for a bound customer, passing its id."""

    @functools.wraps(method)
    async def wrapper(self, value, dispatcher, tracker, domain):  # type: ignore[no-untyped-def]
        customer_id = bound_customer(tracker)
        if customer_id is None:
            return {}
        return await method(self, customer_id, value, dispatcher, tracker, domain)

    return wrapper
