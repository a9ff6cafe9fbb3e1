"""Settings of the web app."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.runtime import RuntimeSettings


@dataclass(frozen=True)
class WebSettings:
    """Attributes:
    rasa_url: base URL of the Rasa server on loopback.
    gateway_secret: HMAC key for messages to Rasa's gateway channel.
    secret_key: Flask's secret key (page sessions, CSRF later).
    max_message_chars: longest chat message accepted.
    rasa_timeout_seconds: how long to wait for the assistant's answer.
    """

    rasa_url: str
    gateway_secret: str
    secret_key: str
    max_message_chars: int = 1000
    rasa_timeout_seconds: float = 30.0

    @classmethod
    def from_runtime(cls, runtime: RuntimeSettings) -> WebSettings:
        return cls(
            rasa_url=runtime.rasa_url,
            gateway_secret=runtime.gateway_secret,
            secret_key=runtime.web_secret_key,
        )
