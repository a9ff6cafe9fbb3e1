"""The customer API: log in, chat, log out, health.

The conversation is bound to the customer on the server: the Rasa sender id
comes from the session, never from the request.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, current_app, jsonify, request

from assistant.auth import Auth, SessionInfo
from assistant.errors import AuthenticationFailed
from assistant.matrix.links import CODE_MINUTES, LinkCodes
from assistant.messages import clean_text, redact, safe_message
from assistant.payments import PaymentService
from web.errors import BadRequest, Forbidden, TooManyRequests, Unauthorized
from web.rasa_client import RasaGateway
from web.security import LoginRateLimiter

bp = Blueprint("api", __name__)

FALLBACK_REPLY = (
    "Sorry, something went wrong on our side. Nothing has changed. Please try again in a moment."
)
_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def _auth() -> Auth:
    return current_app.extensions["bank.auth"]


def _gateway() -> RasaGateway:
    return current_app.extensions["bank.gateway"]


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
def healthz():  # type: ignore[no-untyped-def]
    voice = current_app.extensions.get("bank.voice")
    return jsonify(status="ok", speech_recognition=voice.engine() if voice else "off")


@bp.post("/api/login")
def login():  # type: ignore[no-untyped-def]
    limiter: LoginRateLimiter = current_app.extensions["bank.login_limiter"]
    if not limiter.allow(request.remote_addr or "unknown"):
        raise TooManyRequests(
            "Too many log-in attempts from here. Please wait a minute and try again."
        )
    body = _json_body()
    customer_id, pin = body.get("customer_id"), body.get("pin")
    if not isinstance(customer_id, str) or not isinstance(pin, str):
        raise BadRequest("Send customer_id and pin as text.")
    if not _ID.match(customer_id) or not (4 <= len(pin) <= 12) or not pin.isdigit():
        raise Unauthorized("That customer number and PIN do not match. Please try again.")
    token = _auth().login(customer_id, pin)
    return jsonify(token=token)


@bp.post("/api/logout")
def logout():  # type: ignore[no-untyped-def]
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        _auth().logout(header[len("Bearer ") :].strip())
    return jsonify(status="logged out")


@bp.post("/api/keep-alive")
def keep_alive():  # type: ignore[no-untyped-def]
    """The chat page calls this while the customer types, so a slow typist is never logged out."""
    session_from_header()  # refreshes the idle timer
    return jsonify(status="ok")


@bp.post("/api/chat")
def chat():  # type: ignore[no-untyped-def]
    session = session_from_header()
    body = _json_body()
    message = body.get("message")
    if not isinstance(message, str):
        raise BadRequest('Send your message as text in the field "message".')
    limit = current_app.config["MAX_MESSAGE_CHARS"]
    if len(message) > limit:
        raise BadRequest(f"That message is too long. Please keep it under {limit} characters.")
    text = redact(safe_message(clean_text(message), session.offered_payloads))
    if not text:
        raise BadRequest("The message is empty. Please type what you would like to do.")
    return jsonify(responses=converse(session, text))


def converse(
    session: SessionInfo, text: str, metadata: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Send one cleaned message to Rasa; returns the replies and remembers their buttons."""
    messages = _gateway().send(session.sender_id, text, metadata)
    responses: list[dict[str, Any]] = []
    for message in messages:
        if message.get("text") or message.get("buttons"):
            responses.append(_response(message))
        elif responses and _card(message):  # Rasa sends custom data as its own message
            responses[-1]["card"] = _card(message)
    step_ups = [m["custom"]["step_up"] for m in messages if _step_up(m)]
    if step_ups and responses:
        responses[-1]["step_up"] = {"request_id": str(step_ups[-1].get("request_id", ""))}
    if not responses:
        responses = [{"text": FALLBACK_REPLY}]
    offered = [b["payload"] for r in responses for b in r.get("buttons", [])]
    _auth().remember_buttons(session.token_hash, offered)
    return responses


@bp.post("/api/matrix/link-code")
def matrix_link_code():  # type: ignore[no-untyped-def]
    """A one-time code that links the customer's Matrix account to this log-in's customer."""
    session = session_from_header()
    code = LinkCodes(current_app.extensions["bank.db"]).issue(session.customer_id)
    return jsonify(
        code=code,
        expires_in=CODE_MINUTES * 60,
        text=f"Send 'link {code}' to the bank's assistant on Matrix within {CODE_MINUTES} "
        "minutes. Never give this code to anyone else.",
    )


def _card(message: dict[str, Any]) -> dict[str, Any] | None:
    custom = message.get("custom")
    card = custom.get("card") if isinstance(custom, dict) else None
    return card if isinstance(card, dict) else None


def _step_up(message: dict[str, Any]) -> bool:
    custom = message.get("custom")
    return isinstance(custom, dict) and isinstance(custom.get("step_up"), dict)


@bp.post("/api/step-up")
def step_up():  # type: ignore[no-untyped-def]
    """Approve one risky payment with the PIN, entered on the screen, never in chat."""
    session = session_from_header()
    body = _json_body()
    request_id, pin = body.get("request_id"), body.get("pin")
    if not isinstance(request_id, str) or not isinstance(pin, str):
        raise BadRequest("Send request_id and pin as text.")
    if not pin.isdigit() or not 4 <= len(pin) <= 12 or len(request_id) > 64:
        raise Forbidden("That PIN is not right. Please try again.")
    try:
        _auth().verify_pin(session.customer_id, pin)
    except AuthenticationFailed as failed:
        locked = "locked" in str(failed)
        raise Forbidden(
            str(failed) if locked else "That PIN is not right. Please try again."
        ) from None
    payments: PaymentService = current_app.extensions["bank.payments"]
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
