"""The Rasa input channel the web gateway talks to: `bank_gateway`.

Enabled in credentials.yml instead of Rasa's plain REST channel, which would
trust any sender id a client sends. Every request must carry a fresh HMAC
signature made with GATEWAY_SECRET (see assistant/signing.py), used once by
any Rasa process (through Redis when REDIS_URL is set).

POST /webhooks/bank_gateway/webhook
    {"sender": "...", "message": "...", "metadata": {...}}
    -> 200 [{"recipient_id", "text", "buttons"?}, ...]
    -> 401 {"error": ...} when the signature is missing, wrong or stale
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant.errors import ConfigurationError
from assistant.messages import redact
from assistant.runtime import GatewaySettings
from assistant.signing import HEADER, ReplayGuard, verify

log = logging.getLogger(__name__)


class BankGatewayInput(InputChannel):
    def __init__(self, secret: str, redis_url: str = "") -> None:
        if not secret:
            raise ConfigurationError(
                "GATEWAY_SECRET is not set. Start the assistant with `make run`, which "
                "creates one in var/secrets.env, or export GATEWAY_SECRET yourself."
            )
        self._secret = secret
        self._replays = ReplayGuard(redis_url)

    @classmethod
    def name(cls) -> str:
        return "bank_gateway"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> BankGatewayInput:
        settings = GatewaySettings.from_env()
        secret = (credentials or {}).get("secret") or settings.gateway_secret
        return cls(str(secret), settings.redis_url)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("bank_gateway_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            signature = request.headers.get(HEADER)
            if (
                signature is None
                or not verify(self._secret, request.body, signature)
                or not self._replays.first_use(signature)
            ):
                return response.json({"error": "Request not signed by the gateway."}, status=401)
            try:
                payload = json.loads(request.body)
                sender = str(payload["sender"])
                # Every channel cleans its text; redacting again here means no channel
                # that forgets can put a secret into the tracker store.
                text = redact(str(payload["message"]))
            except (ValueError, KeyError, TypeError):
                return response.json({"error": "Expected sender and message."}, status=400)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender,
                        input_channel=self.name(),
                        metadata=payload.get("metadata"),
                    )
                )
            except Exception:
                log.exception("Handling a message for one conversation failed")
                return response.json({"error": "The assistant could not answer."}, status=500)
            return response.json(collector.messages)

        return hook
