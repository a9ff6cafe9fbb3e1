"""Linking the customer's Matrix account: ask for a code, see links, unlink.

Every route needs the customer's bearer token. A code is made for the one
Matrix id the customer types here, so nobody else can use it.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from assistant.channels.matrix.links import CODE_MINUTES, MATRIX_ID, linked_users, unlink
from web.api import session_from_header
from web.errors import BadRequest, NotFoundError, ServerBusy, TooManyRequests
from web.services import services

bp = Blueprint("matrix_api", __name__)

ASK_FOR_ID = 'Send your Matrix id, such as {"matrix_user": "@mary:example.org"}.'


def _matrix_user() -> str:
    body = request.get_json(silent=True)
    user = body.get("matrix_user") if isinstance(body, dict) else None
    if not isinstance(user, str) or not MATRIX_ID.match(user.strip()):
        raise BadRequest(ASK_FOR_ID)
    return user.strip()


@bp.post("/api/matrix/link-code")
def link_code() -> ResponseReturnValue:
    """A one-time code that links that Matrix account to this log-in's customer."""
    session = session_from_header()
    matrix_user = _matrix_user()
    per_customer, everyone = services().link_code_limiter, services().link_code_everyone_limiter
    if not per_customer.allow(session.customer_id):
        raise TooManyRequests("You asked for many codes. Please wait an hour and try again.")
    if not everyone.allow("all"):
        raise ServerBusy("Linking is busy right now. Please try again in a few minutes.")
    code = services().bank.link_codes.issue(session.customer_id, matrix_user)
    return jsonify(
        code=code,
        matrix_user=matrix_user,
        expires_in=CODE_MINUTES * 60,
        text=f"Send 'link {code}' to the bank's assistant from {matrix_user} within "
        f"{CODE_MINUTES} minutes. It works only from that account. Never give this code "
        "to anyone else.",
    )


@bp.get("/api/matrix/links")
def links() -> ResponseReturnValue:
    """The Matrix accounts that can see this customer's accounts."""
    session = session_from_header()
    return jsonify(links=linked_users(services().bank.db, session.customer_id))


@bp.post("/api/matrix/unlink")
def unlink_user() -> ResponseReturnValue:
    session = session_from_header()
    matrix_user = _matrix_user()
    if not unlink(services().bank.db, matrix_user, session.customer_id):
        raise NotFoundError(f"{matrix_user} is not linked to your accounts.")
    return jsonify(status="unlinked", matrix_user=matrix_user)
