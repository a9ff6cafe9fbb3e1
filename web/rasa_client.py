"""The web app's client for Rasa's signed gateway channel."""

from __future__ import annotations

import json
import logging
from typing import Any

import requests

from assistant.signing import HEADER, sign
from web.errors import AssistantUnavailable

log = logging.getLogger(__name__)

WEBHOOK = "/webhooks/bank_gateway/webhook"


class RasaGateway:
    def __init__(self, rasa_url: str, secret: str, timeout: float = 30.0) -> None:
        self._url = rasa_url.rstrip("/") + WEBHOOK
        self._secret = secret
        self._timeout = timeout
        self._http = requests.Session()

    def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Send one message (with optional metadata for the actions); returns the replies.

        Raises:
            AssistantUnavailable: Rasa is down, too slow or answered with an error.
        """
        payload: dict[str, Any] = {"sender": sender_id, "message": text}
        if metadata:
            payload["metadata"] = metadata
        body = json.dumps(payload).encode()
        try:
            reply = self._http.post(
                self._url,
                data=body,
                headers={"Content-Type": "application/json", HEADER: sign(self._secret, body)},
                timeout=self._timeout,
            )
        except requests.RequestException as error:
            log.warning("Rasa did not answer: %s", type(error).__name__)
            raise AssistantUnavailable(UNAVAILABLE) from None
        if reply.status_code != 200:
            log.warning("Rasa answered %s", reply.status_code)
            raise AssistantUnavailable(UNAVAILABLE)
        messages = reply.json()
        return messages if isinstance(messages, list) else []


UNAVAILABLE = (
    "The assistant is not available right now. Nothing was changed. Please try again in a minute."
)
