"""Errors of the web app, and the one place that turns errors into JSON.

    ApiError                 a clear message and an HTTP status
    ├── BadRequest           400: the request body is not what the API expects
    ├── Unauthorized         401: no valid session
    └── AssistantUnavailable 503: Rasa did not answer; nothing was changed

Every error response is `{"error": "<sentence>"}`; no stack trace ever
reaches a client.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from assistant.errors import AuthenticationFailed, BankError

log = logging.getLogger(__name__)


class ApiError(Exception):
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(ApiError):
    status = 400


class Unauthorized(ApiError):
    status = 401


class AssistantUnavailable(ApiError):
    status = 503


def register(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(error: ApiError):  # type: ignore[no-untyped-def]
        return jsonify(error=error.message), error.status

    @app.errorhandler(AuthenticationFailed)
    def auth_failed(error: AuthenticationFailed):  # type: ignore[no-untyped-def]
        return jsonify(error=str(error)), 401

    @app.errorhandler(BankError)
    def bank_error(error: BankError):  # type: ignore[no-untyped-def]
        return jsonify(error=str(error)), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        messages = {
            404: "There is no such page.",
            405: "That method is not allowed here.",
            413: "That request is too large.",
        }
        message = messages.get(error.code or 500, error.description or "Request failed.")
        return jsonify(error=message), error.code

    @app.errorhandler(Exception)
    def unexpected(error: Exception):  # type: ignore[no-untyped-def]
        log.exception("Unexpected error")
        return jsonify(error="Something went wrong on our side. Nothing was changed."), 500
