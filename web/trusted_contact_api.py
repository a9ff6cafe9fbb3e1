"""The customer's trusted contact: see it, name it or remove it, with the PIN again.

Naming or removing the contact is a step-up: the PIN is checked again (wrong
PINs count towards the log-in lock-out, tries are rate-limited per customer),
so a stolen session cannot swap the second key. The contact's part
is in assistant/bank/trusted_contacts.py. A new contact holds payments only once they
agree; removing or changing the contact never releases a paused payment.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from assistant.bank.auth import LOCKED, OK
from assistant.bank.trusted_contacts import Removal, TrustedContacts
from web.api import LOCKED_STEP_UP, WRONG_STEP_UP_PIN, _auth, _json_body, session_from_header
from web.errors import BadRequest, Forbidden, TooManyRequests
from web.services import services

bp = Blueprint("trusted_contact_api", __name__)


def _contacts() -> TrustedContacts:
    return services().bank.contacts


def _stepped_up(customer_id: str, body: dict[str, Any]) -> None:
    pin = body.get("pin")
    if not isinstance(pin, str):
        raise BadRequest("Send your PIN as text, as on the PIN screen.")
    if not services().step_up_limiter.allow(customer_id):
        raise TooManyRequests("Too many PIN tries. Please wait a minute and try again.")
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise Forbidden(WRONG_STEP_UP_PIN)
    outcome = _auth().verify_pin(customer_id, pin)
    if outcome == LOCKED:
        raise Forbidden(LOCKED_STEP_UP)
    if outcome != OK:
        raise Forbidden(WRONG_STEP_UP_PIN)


@bp.get("/api/trusted-contact")
def show() -> ResponseReturnValue:
    session = session_from_header()
    contact = _contacts().contact(session.customer_id)
    if contact is None:
        return jsonify(contact=None)
    return jsonify(
        contact={"name": contact.name, "channel": contact.channel, "agreed": contact.verified}
    )


def _still_paused(removal: Removal) -> str:
    if removal.held_until is None:
        return ""
    return (
        " A payment of yours is paused: it stays paused for now, and someone from the bank "
        "will call you about it."
    )


@bp.put("/api/trusted-contact")
def name_contact() -> ResponseReturnValue:
    """Body: {"name": "Anna", "address": "@anna:example.org" | e-mail, "pin": "1234"}."""
    session = session_from_header()
    body = _json_body()
    name, address = body.get("name"), body.get("address")
    if not isinstance(name, str) or not isinstance(address, str) or len(address) > 255:
        raise BadRequest("Send name and address (a Matrix id or an e-mail address) as text.")
    _stepped_up(session.customer_id, body)
    contact, removal = _contacts().set(session.customer_id, name, address)
    sent = (
        f"We have e-mailed {contact.name}."
        if contact.channel == "email"
        else f"{contact.name} will get a message from us on Matrix."
    )
    return jsonify(
        contact={"name": contact.name, "channel": contact.channel, "agreed": False},
        text=f"{sent} Once they agree, {contact.name} is your trusted contact and we will ask "
        "them before a paused payment is sent. They cannot see your accounts or move your "
        "money." + _still_paused(removal),
    )


@bp.delete("/api/trusted-contact")
def remove_contact() -> ResponseReturnValue:
    session = session_from_header()
    _stepped_up(session.customer_id, _json_body())
    removal = _contacts().remove(session.customer_id)
    return jsonify(
        removed=removal.removed,
        text=(
            "Your trusted contact is removed." if removal.removed
            else "You had no trusted contact."
        ) + _still_paused(removal),
    )  # fmt: skip
