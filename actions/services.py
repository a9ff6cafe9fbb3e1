"""What every action needs: the bank's services and the customer it acts for.

The services are built once per action-server process, on the first call (not
at import), by `assistant.wiring.build_services`. Tests build their own
`Services` and install them with `use_services`.

The customer is looked up from the conversation's sender id in the
`conversations` table, which only trusted server code writes. Actions never
take a customer id from slots, entities or text.
"""

from __future__ import annotations

import datetime as dt

from rasa_sdk import Tracker
from sqlalchemy import select

from assistant.app_settings import AppSettings
from assistant.bank.auth import customer_for_sender
from assistant.bank.models import Conversation, utcnow
from assistant.wiring import Services, build_services

_services: Services | None = None


def services() -> Services:
    global _services
    if _services is None:
        _services = build_services(AppSettings.from_env())
    return _services


def use_services(value: Services | None) -> None:
    """Install the services the actions use (tests, or a custom server)."""
    global _services
    _services = value


def bound_customer(tracker: Tracker) -> str | None:
    return customer_for_sender(services().db, tracker.sender_id)


def conversation_started(sender_id: str) -> dt.datetime:
    """When this conversation was opened (the log-in); a day ago if it is unknown."""
    with services().db.session() as session:
        started = session.scalar(
            select(Conversation.created_at).where(Conversation.sender_id == sender_id)
        )
    return started or utcnow() - dt.timedelta(days=1)
