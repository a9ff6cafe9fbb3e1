"""A logged-in customer talking to the running assistant through the public web API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import requests


@dataclass
class Customer:
    """A logged-in customer talking through the public web API."""

    base_url: str
    token: str
    last: list[dict[str, Any]] = field(default_factory=list)

    def say(self, message: str) -> list[dict[str, Any]]:
        reply = requests.post(
            f"{self.base_url}/api/chat",
            json={"message": message},
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=60,
        )
        assert reply.status_code == 200, reply.text
        self.last = reply.json()["responses"]
        return self.last

    def text(self) -> str:
        return "\n".join(r["text"] for r in self.last)

    def titles(self) -> list[str]:
        """The titles of the last reply's buttons."""
        return [b["title"] for r in self.last for b in r.get("buttons", [])]

    def press(self, title: str) -> list[dict[str, Any]]:
        buttons = {b["title"]: b["payload"] for r in self.last for b in r.get("buttons", [])}
        assert title in buttons, f"no button {title!r} in {buttons}"
        return self.say(buttons[title])
