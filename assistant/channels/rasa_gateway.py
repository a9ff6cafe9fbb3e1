"""The client for Rasa's signed gateway channel (the web app and the Matrix bot use it)."""

from __future__ import annotations

import json
import logging
import zlib
from typing import Any

import requests
from urllib3.exceptions import NewConnectionError

from assistant.channels.errors import AssistantUnavailable
from assistant.signing import HEADER, sign

log = logging.getLogger(__name__)

WEBHOOK = "/webhooks/bank_gateway/webhook"


class RasaGateway:
    """Sends customers' messages to Rasa over the signed gateway channel.

    With several Rasa processes, each conversation keeps to one of them (chosen from its
    sender id), where Rasa's tracker is already in memory; when that process cannot be
    reached at all, the next one takes the message: the shared tracker store and the Redis
    lock make that safe.
    """

    def __init__(self, rasa_urls: str | list[str], secret: str, timeout: float = 30.0) -> None:
        urls = [rasa_urls] if isinstance(rasa_urls, str) else list(rasa_urls)
        if not urls:
            raise ValueError("RasaGateway needs at least one Rasa URL.")
        self._urls = [url.rstrip("/") + WEBHOOK for url in urls]
        self._secret = secret
        self._timeout = timeout
        self._http = requests.Session()

    def _route(self, sender_id: str) -> list[str]:
        first = zlib.crc32(sender_id.encode()) % len(self._urls)
        return self._urls[first:] + self._urls[:first]

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
        for url in self._route(sender_id):
            try:
                reply = self._http.post(
                    url,
                    data=body,
                    headers={"Content-Type": "application/json", HEADER: sign(self._secret, body)},
                    timeout=self._timeout,
                )
            except requests.ConnectionError as error:
                if _never_reached(error):
                    log.warning("Rasa at %s cannot be reached; trying the next one", url)
                    continue
                log.warning("Rasa did not answer: %s", type(error).__name__)
                raise AssistantUnavailable(UNAVAILABLE) from None
            except requests.RequestException as error:
                log.warning("Rasa did not answer: %s", type(error).__name__)
                raise AssistantUnavailable(UNAVAILABLE) from None
            if reply.status_code != 200:
                log.warning("Rasa answered %s", reply.status_code)
                raise AssistantUnavailable(UNAVAILABLE)
            messages = reply.json()
            return messages if isinstance(messages, list) else []
        raise AssistantUnavailable(UNAVAILABLE)


def _never_reached(error: requests.ConnectionError) -> bool:
    """True when the connection was refused, so the message cannot have been handled.

    Only then is it safe to give the message to another Rasa process: after a reset in the
    middle of an answer, the first one may already have acted on it.
    """
    reason = getattr(error.args[0] if error.args else None, "reason", None)
    return isinstance(reason, NewConnectionError)


UNAVAILABLE = (
    "The assistant is not available right now. Nothing was changed. Please try again in a minute."
)
