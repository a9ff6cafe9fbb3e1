"""Telegram, hardened: `assistant.channels.telegram.BankTelegramInput`.

Rasa's own Telegram connector trusts any POST to its webhook and uses the
chat id as the conversation id. This one

- turns off Rasa's open /set_webhook route;
- refuses every update that lacks Telegram's webhook secret token
  (`X-Telegram-Bot-Api-Secret-Token`, the `secret_token` given to setWebhook);
- names the conversation with an HMAC of the chat id and a server secret, so
  that no one who knows a chat id can compute the conversation, and sends the
  replies to the real chat;
- redacts PINs, card and account numbers before the text reaches Rasa.

Enable it in a credentials file that is not committed:

    assistant.channels.telegram.BankTelegramInput:
      access_token: "<token from BotFather>"
      verify: "<the bot's user name>"
      webhook_url: "https://<public host>/webhooks/bank_telegram/webhook"
      secret_token: "<random, 1-256 of A-Z a-z 0-9 _ ->"

and register the webhook with that secret (Telegram's setWebhook takes
`secret_token`; see README).
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from sanic import Blueprint, response
from sanic.request import Request

from assistant.errors import ConfigurationError
from assistant.messages import redact
from assistant.runtime import GatewaySettings
from assistant.signing import channel_sender_id

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name


class _ToChat:
    """The output channel of one update, sending to the real chat id whatever
    conversation id Rasa gives it."""

    def __init__(self, inner: TelegramOutput, chat_id: Any) -> None:
        self._inner, self._chat_id = inner, chat_id

    @classmethod
    def name(cls) -> str:
        return TelegramOutput.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        await self._inner.send_response(self._chat_id, message)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._inner, attribute)


class BankTelegramInput(TelegramInput):
    def __init__(
        self,
        access_token: str | None,
        verify: str | None,
        webhook_url: str | None,
        secret_token: str,
        sender_secret: str,
        output: TelegramOutput | None = None,
    ) -> None:
        if not secret_token or not sender_secret:
            raise ConfigurationError(
                "The Telegram channel needs secret_token (also given to Telegram's "
                "setWebhook) in its credentials, and GATEWAY_SECRET in the environment."
            )
        super().__init__(access_token, verify, webhook_url, debug_mode=False)
        self._secret_token = secret_token
        self._sender_secret = sender_secret
        self._output = output

    @classmethod
    def name(cls) -> str:
        return "bank_telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> BankTelegramInput:
        credentials = credentials or {}
        return cls(
            credentials.get("access_token"),
            credentials.get("verify"),
            credentials.get("webhook_url"),
            str(credentials.get("secret_token") or ""),
            GatewaySettings.from_env().gateway_secret,
        )

    def get_output_channel(self) -> TelegramOutput:
        # Rasa's version calls setWebhook here without the secret token; the
        # operator registers the webhook with it instead (README).
        return self._output or TelegramOutput(self.access_token)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def hardened(message: UserMessage) -> Any:
            chat_id = message.sender_id
            message.sender_id = channel_sender_id(self._sender_secret, "telegram", str(chat_id))
            message.text = redact(message.text) if message.text else message.text
            message.output_channel = _ToChat(message.output_channel, chat_id)
            return await on_new_message(message)

        hook = super().blueprint(hardened)

        @hook.middleware("request")
        async def only_from_telegram(request: Request) -> Any:
            if request.path.rstrip("/").endswith("/set_webhook"):
                # Rasa's route would register the webhook without the secret token.
                return response.json({"error": "Not here."}, status=404)
            given = request.headers.get(SECRET_HEADER, "")
            if request.method == "POST" and not hmac.compare_digest(
                given.encode(), self._secret_token.encode()
            ):
                return response.json({"error": "Not from Telegram."}, status=403)
            return None

        return hook
