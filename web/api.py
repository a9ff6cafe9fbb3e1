"""The customer API: log in, chat, log out, health.

The conversation is bound to the customer on the server: the Rasa sender id
comes from the session, never from the request.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from assistant.bank.auth import LOCKED, OK, WRONG_PIN, Auth, SessionInfo
from assistant.bank.payments import PaymentService
from assistant.channels.matrix.links import new_link_notices
from assistant.channels.rasa_gateway import RasaGateway
from assistant.messages import clean_incoming
from web.errors import BadRequest, Forbidden, TooManyRequests, Unauthorized
from web.lesson_pictures import with_address
from web.next_steps import with_next_steps
from web.security import RateLimiter
from web.services import services

bp = Blueprint("api", __name__)

FALLBACK_REPLY = (
    "Sorry, something went wrong on our side. Nothing has changed. Please try again in a moment."
)
_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
NO_PAYMENT_WAITING = "There is no payment waiting for your PIN."
WRONG_STEP_UP_PIN = "That PIN is not right. Please try again."
LOCKED_STEP_UP = (
    "Your log-in is locked after too many wrong PINs. The payment was not sent. "
    "Please wait 15 minutes, or call us."
)


def _auth() -> Auth:
    return services().bank.auth


def _gateway() -> RasaGateway:
    return services().bank.gateway


def _json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest('Send a JSON object, such as {"message": "What is my balance?"}.')
    return body


def session_from_header() -> SessionInfo:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or len(header) > 200:
        raise Unauthorized("Please log in.")
    return _auth().authenticate(header[len("Bearer ") :].strip())


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    voice = services().voice
    return jsonify(
        status="ok", speech_recognition=voice.engine(), speech_output=voice.speaker.label
    )


@bp.post("/api/login")
def login() -> ResponseReturnValue:
    limiter: RateLimiter = services().login_limiter
    if not limiter.allow(request.remote_addr or "unknown"):
        raise TooManyRequests(
            "Too many log-in attempts from here. Please wait a minute and try again."
        )
    body = _json_body()
    customer_id, pin = body.get("customer_id"), body.get("pin")
    if not isinstance(customer_id, str) or not isinstance(pin, str):
        raise BadRequest("Send customer_id and pin as text.")
    # Attempts on one customer number, from any address (a guesser with many addresses,
    # or behind a proxy). Each is counted before the PIN is checked, in the same step as
    # the test, so that a burst sent at once cannot all pass before any is counted; a
    # right PIN clears the count, so the customer's own log-ins do not use it up.
    per_customer: RateLimiter = services().login_customer_limiter
    key = customer_id[:64].lower()
    if not per_customer.allow(key):
        raise TooManyRequests(
            "Too many wrong log-in attempts for this customer number. Please wait and try "
            "again, or call us."
        )
    if not _ID.match(customer_id) or not (4 <= len(pin) <= 12) or not pin.isdigit():
        raise Unauthorized(WRONG_PIN)
    token = _auth().login(customer_id, pin)
    per_customer.clear(key)
    return jsonify(token=token)


@bp.post("/api/logout")
def logout() -> ResponseReturnValue:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        _auth().logout(header[len("Bearer ") :].strip())
    return jsonify(status="logged out")


@bp.post("/api/keep-alive")
def keep_alive() -> ResponseReturnValue:
    """The chat page calls this while the customer types, so a slow typist is never logged out."""
    session_from_header()  # refreshes the idle timer
    return jsonify(status="ok")


@bp.post("/api/chat")
def chat() -> ResponseReturnValue:
    session = session_from_header()
    body = _json_body()
    message = body.get("message")
    if not isinstance(message, str):
        raise BadRequest('Send your message as text in the field "message".')
    limit = current_app.config["MAX_MESSAGE_CHARS"]
    if len(message) > limit:
        raise BadRequest(f"That message is too long. Please keep it under {limit} characters.")
    offered = session.offered_payloads
    text = chosen_by_position(message, offered) or clean_incoming(message, offered)
    if not text:
        raise BadRequest("The message is empty. Please type what you would like to do.")
    return jsonify(responses=converse(session, text))


# "the first one", "second", "number two", "option 3": a button of the last answer named
# by its place. A bare "two" or "1" is left alone: typed, it is more often an amount.
_ORDINAL = {
    "first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "sixth": 5, "last": -1,
}  # fmt: skip
_NUMBER = {"one": 0, "two": 1, "three": 2, "four": 3, "five": 4, "six": 5}
_BY_PLACE = re.compile(
    r"^(?:(?:oh|um|er|ok|okay|yes|please)\s+)*(?:(?:the|that|take|choose|pick)\s+)*"
    r"(?:(first|second|third|fourth|fifth|sixth|last)(?:\s+(?:one|button|option|amount))?"
    r"|(?:number|option|button)\s+(one|two|three|four|five|six|[1-6]))"
    r"(?:\s+(?:please|thanks|then))*$"
)


def chosen_by_position(message: str, offered: list[str]) -> str | None:
    """The payload of the button that `message` names by its place, or None."""
    said = " ".join(re.sub(r"[^\w\s']", " ", message).lower().split())
    match = _BY_PLACE.match(said)
    if not match or not offered:
        return None
    if match.group(1):
        index = _ORDINAL[match.group(1)]
    else:
        word = match.group(2)
        index = int(word) - 1 if word.isdigit() else _NUMBER[word]
    if not -len(offered) <= index < len(offered):
        return None
    return offered[index]


def converse(
    session: SessionInfo, text: str, metadata: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Send one cleaned message to Rasa; returns the replies, each turn ending with buttons,
    and remembers the buttons."""
    messages = _gateway().send(session.sender_id, text, metadata)
    responses: list[dict[str, Any]] = []
    for message in messages:
        if message.get("text") or message.get("buttons"):
            responses.append(_response(message))
        elif responses and (card := _card(message)):  # Rasa sends custom data on its own
            responses[-1]["card"] = with_address(card)
    step_ups = [m["custom"]["step_up"] for m in messages if _step_up(m)]
    if step_ups and responses:
        responses[-1]["step_up"] = {"request_id": str(step_ups[-1].get("request_id", ""))}
    if not responses:
        responses = [{"text": FALLBACK_REPLY}]
    notices = new_link_notices(services().bank.db, session.customer_id)
    responses = [{"text": notice} for notice in notices] + responses
    responses = with_next_steps(responses)
    offered = [b["payload"] for r in responses for b in r.get("buttons", [])]
    if offered != session.offered_payloads:  # most turns offer the same buttons again
        _auth().remember_buttons(session.token_hash, offered)
    return responses


def _card(message: dict[str, Any]) -> dict[str, Any] | None:
    custom = message.get("custom")
    card = custom.get("card") if isinstance(custom, dict) else None
    return card if isinstance(card, dict) else None


def _step_up(message: dict[str, Any]) -> bool:
    custom = message.get("custom")
    return isinstance(custom, dict) and isinstance(custom.get("step_up"), dict)


@bp.post("/api/step-up")
def step_up() -> ResponseReturnValue:
    """Approve one risky payment with the PIN, entered on the screen, never in chat.

    The PIN is checked only when a payment of this customer really waits for it,
    so that a stolen token cannot use this page to test PINs; wrong PINs count
    towards the log-in lock-out, and tries are rate-limited per customer.
    """
    session = session_from_header()
    body = _json_body()
    request_id, pin = body.get("request_id"), body.get("pin")
    if not isinstance(request_id, str) or not isinstance(pin, str):
        raise BadRequest("Send request_id and pin as text.")
    limiter: RateLimiter = services().step_up_limiter
    if not limiter.allow(session.customer_id):
        raise TooManyRequests("Too many PIN tries. Please wait a minute and try again.")
    payments: PaymentService = services().bank.payments
    waiting = payments.pending(session.customer_id, request_id[:64])
    if waiting is None or not waiting.needs_step_up:
        raise BadRequest(NO_PAYMENT_WAITING)
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise Forbidden(WRONG_STEP_UP_PIN)
    outcome = _auth().verify_pin(session.customer_id, pin)
    if outcome == LOCKED:
        raise Forbidden(LOCKED_STEP_UP)
    if outcome != OK:
        raise Forbidden(WRONG_STEP_UP_PIN)
    payments.approve_step_up(session.customer_id, request_id)
    return jsonify(status="approved", text="Thank you. Now say yes, or press 'Yes, send it'.")


def _response(message: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"text": message.get("text") or ""}
    buttons = [
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in message.get("buttons") or []
        if isinstance(b, dict)
    ]
    if buttons:
        out["buttons"] = buttons
    return out
