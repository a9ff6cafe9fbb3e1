"""Errors of the web app, and the one place that turns errors into JSON.

    ApiError                 a clear message and an HTTP status
    ├── BadRequest           400: the request body is not what the API expects
    ├── Unauthorized         401: no valid session
    ├── Forbidden            403: logged in, but this is not allowed (wrong step-up PIN)
    ├── NotFoundError        404: no such thing
    ├── TooManyRequests      429: too many attempts, or too many recordings at once
    └── ServerBusy           503: the server is at its limit for everyone; try again soon

    AssistantUnavailable     503: Rasa did not answer; nothing was changed
                             (raised by assistant.channels.rasa_gateway)

A database that is locked or gone also answers 503 (SQLAlchemy's DBAPIError).

An error from the API (`/api/...`) is `{"error": "<sentence>"}`; a page
gets the same sentence on a plain page. No stack trace ever reaches a client.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from assistant.channels.errors import AssistantUnavailable
from assistant.errors import AuthenticationFailed, BankError

log = logging.getLogger(__name__)


DATABASE_BUSY = (
    "The bank's records are busy right now. Nothing was changed. Please try again in a minute."
)


class ApiError(Exception):
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(ApiError):
    status = 400


class Unauthorized(ApiError):
    status = 401


class Forbidden(ApiError):
    status = 403


class NotFoundError(ApiError):
    status = 404


class TooManyRequests(ApiError):
    status = 429


class ServerBusy(ApiError):
    status = 503


FORM_EXPIRED = "This form has expired. Please go back, reload the page and try again."


def _reply(message: str, status: int) -> ResponseReturnValue:
    """JSON for the API and for scripts; a readable page for a person's browser."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    if not request.path.startswith("/api/") and best == "text/html" and not request.is_json:
        return render_template("error.html", message=message, status=status), status
    return jsonify(error=message), status


def register(app: Flask) -> None:
    @app.before_request
    def small_bodies_except_recordings() -> ResponseReturnValue | None:
        # Recordings and lesson pictures may be large; everything else is a short body.
        limit = app.config["MAX_JSON_BYTES"]
        uploads = app.config.get("PICTURE_UPLOADS", ())
        large = request.path == "/api/voice" or request.endpoint in uploads
        if not large and (request.content_length or 0) > limit:
            return _reply("That request is too large.", 413)
        return None

    @app.errorhandler(ApiError)
    def api_error(error: ApiError) -> ResponseReturnValue:
        return _reply(error.message, error.status)

    @app.errorhandler(AssistantUnavailable)
    def assistant_unavailable(error: AssistantUnavailable) -> ResponseReturnValue:
        return _reply(error.message, error.status)

    @app.errorhandler(AuthenticationFailed)
    def auth_failed(error: AuthenticationFailed) -> ResponseReturnValue:
        return _reply(str(error), 401)

    @app.errorhandler(BankError)
    def bank_error(error: BankError) -> ResponseReturnValue:
        return _reply(str(error), 400)

    @app.errorhandler(DBAPIError)
    def database_unavailable(error: DBAPIError) -> ResponseReturnValue:
        log.warning("Database unavailable: %s", type(error.orig).__name__)
        return _reply(DATABASE_BUSY, 503)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        messages = {
            404: "There is no such page.",
            405: "That method is not allowed here.",
            413: "That request is too large.",
        }
        if isinstance(error, CSRFError):
            return _reply(FORM_EXPIRED, 400)
        message = messages.get(error.code or 500, error.description or "Request failed.")
        return _reply(message, error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> ResponseReturnValue:
        log.exception("Unexpected error")
        return _reply("Something went wrong on our side. Nothing was changed.", 500)
