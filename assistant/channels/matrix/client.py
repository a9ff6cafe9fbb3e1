"""A small Matrix client-server API client (requests, blocking).

Only what the bot and the tests need. Every call has a timeout; errors come
back as `MatrixError` with the server's errcode.
"""

from __future__ import annotations

import time
import urllib.parse
from typing import Any

import requests

from assistant.errors import BankError

# A reply the homeserver rate-limits is tried this many times, waiting as told (at most
# MAX_RETRY_AFTER_MS each time) in between.
SEND_ATTEMPTS = 5
MAX_RETRY_AFTER_MS = 10_000


class MatrixError(BankError):
    def __init__(
        self, status: int, errcode: str, message: str, retry_after_ms: int | None = None
    ) -> None:
        super().__init__(f"Matrix said {status} {errcode}: {message}")
        self.status = status
        self.errcode = errcode
        self.retry_after_ms = retry_after_ms


class MatrixClient:
    def __init__(
        self, homeserver: str, access_token: str | None = None, timeout: float = 30
    ) -> None:
        self.homeserver = homeserver.rstrip("/")
        self.access_token = access_token
        self.user_id: str | None = None
        self._timeout = timeout
        self._http = requests.Session()

    def _call(self, method: str, path: str, body: dict | None = None, **params: Any) -> dict:
        headers = {"Authorization": f"Bearer {self.access_token}"} if self.access_token else {}
        timeout = self._timeout + int(params.get("timeout", 0)) / 1000
        reply = self._http.request(
            method, f"{self.homeserver}/_matrix/client/v3{path}", json=body, params=params,
            headers=headers, timeout=timeout,
        )  # fmt: skip
        data = reply.json() if reply.content else {}
        if reply.status_code >= 400:
            retry_after_ms = None
            if reply.status_code == 429:  # M_LIMIT_EXCEEDED; retry_after_ms is optional
                retry_after_ms = data.get("retry_after_ms")
                retry_after_ms = retry_after_ms if isinstance(retry_after_ms, int) else 1000
            errcode, message = data.get("errcode", "?"), data.get("error", "")
            raise MatrixError(reply.status_code, errcode, message, retry_after_ms)
        return data

    def login(self, user: str, password: str) -> str:
        data = self._call(
            "POST", "/login",
            {"type": "m.login.password", "identifier": {"type": "m.id.user", "user": user},
             "password": password, "initial_device_display_name": "bank assistant"},
        )  # fmt: skip
        self.access_token, self.user_id = data["access_token"], data["user_id"]
        return data["access_token"]

    def whoami(self) -> str:
        user_id: str = self._call("GET", "/account/whoami")["user_id"]
        self.user_id = user_id
        return user_id

    def sync(self, since: str | None = None, timeout_ms: int = 0) -> dict:
        params: dict[str, Any] = {"timeout": timeout_ms}
        if since:
            params["since"] = since
        return self._call("GET", "/sync", **params)

    def join(self, room_id: str) -> None:
        self._call("POST", f"/join/{urllib.parse.quote(room_id)}", {})

    def send_text(self, room_id: str, text: str, txn_id: str) -> str:
        """Send once: the server drops a repeat of the same transaction id."""
        return self._send(room_id, {"msgtype": "m.text", "body": text}, txn_id)

    def upload(self, data: bytes, content_type: str, filename: str) -> str:
        """Put a file in the homeserver's media store; returns its mxc:// address."""
        reply = self._http.post(
            f"{self.homeserver}/_matrix/media/v3/upload", data=data,
            params={"filename": filename}, timeout=self._timeout,
            headers={"Authorization": f"Bearer {self.access_token}", "Content-Type": content_type},
        )  # fmt: skip
        body = reply.json() if reply.content else {}
        if reply.status_code >= 400:
            raise MatrixError(reply.status_code, body.get("errcode", "?"), body.get("error", ""))
        uri: str = body["content_uri"]
        return uri

    def send_image(
        self, room_id: str, uri: str, text: str, info: dict[str, Any], txn_id: str
    ) -> str:
        """An m.image: `text` is its body, what a client without pictures shows or reads out."""
        return self._send(
            room_id, {"msgtype": "m.image", "body": text, "url": uri, "info": info}, txn_id
        )

    def _send(self, room_id: str, body: dict[str, Any], txn_id: str) -> str:
        path = (
            f"/rooms/{urllib.parse.quote(room_id)}/send/m.room.message/{urllib.parse.quote(txn_id)}"
        )
        for _ in range(SEND_ATTEMPTS - 1):
            try:
                return self._call("PUT", path, body)["event_id"]
            except MatrixError as error:
                # The bot has already marked the message handled: waiting out a rate
                # limit is the only way its reply is not lost. The transaction id makes
                # a repeat harmless.
                if error.retry_after_ms is None:
                    raise
                time.sleep(min(error.retry_after_ms, MAX_RETRY_AFTER_MS) / 1000)
        return self._call("PUT", path, body)["event_id"]

    def leave(self, room_id: str) -> None:
        self._call("POST", f"/rooms/{urllib.parse.quote(room_id)}/leave", {})

    def room_people(self, room_id: str) -> set[str]:
        """Everyone who is in the room or invited to it (an invited person can join and
        read on), from the room's membership as the server holds it now."""
        data = self._call("GET", f"/rooms/{urllib.parse.quote(room_id)}/members")
        return {
            event["state_key"] for event in data.get("chunk", [])
            if (event.get("content") or {}).get("membership") in {"join", "invite", "knock"}
        }  # fmt: skip

    def create_room(self, invite: list[str]) -> str:
        """A private room for several people (the tests' group chats)."""
        return self._call("POST", "/createRoom", {"invite": invite, "preset": "private_chat"})[
            "room_id"
        ]

    def invite(self, room_id: str, user_id: str) -> None:
        self._call("POST", f"/rooms/{urllib.parse.quote(room_id)}/invite", {"user_id": user_id})

    def create_direct_room(self, invite: str) -> str:
        data = self._call(
            "POST",
            "/createRoom",
            {"invite": [invite], "is_direct": True, "preset": "trusted_private_chat"},
        )
        return data["room_id"]

    def messages(self, room_id: str, limit: int = 50) -> list[dict]:
        """Newest first: the room's recent text messages (for the human side in tests)."""
        data = self._call(
            "GET", f"/rooms/{urllib.parse.quote(room_id)}/messages", dir="b", limit=limit
        )
        return [e for e in data.get("chunk", []) if e.get("type") == "m.room.message"]
