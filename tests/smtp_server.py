"""A real SMTP server on loopback for the e-mail tests.

Python's own `smtpd` (in the standard library up to 3.11; the project's venv
is 3.10), run in a thread. It speaks real SMTP to `smtplib`: a refused
recipient or a closed port fails as it would with the bank's server.
"""

from __future__ import annotations

import asyncore
import email
import email.message
import re
import smtpd
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.helpers import free_port

LINK = re.compile(r"https?://\S+/contact/(?:agree|answer)/[A-Za-z0-9_-]+")


class Inbox(smtpd.SMTPServer):
    """Keeps every message it accepts; refuses recipients at `refused.example`."""

    def __init__(self, port: int) -> None:
        super().__init__(("127.0.0.1", port), None, decode_data=False)
        self.port = port
        self.messages: list[email.message.Message] = []

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):  # type: ignore[no-untyped-def]
        if any(r.endswith("@refused.example") for r in rcpttos):
            return "550 No such user here"
        self.messages.append(email.message_from_bytes(data))
        return None

    def last_link(self, to: str) -> str:
        """The link in the newest message to `to`, waiting a little for it."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            for message in reversed(self.messages):
                if message["To"] == to:
                    found = LINK.search(message.get_payload(decode=True).decode())
                    assert found, message.get_payload()
                    return found.group(0)
            time.sleep(0.05)
        raise AssertionError(f"no e-mail to {to}")


@contextmanager
def smtp_server() -> Iterator[Inbox]:
    inbox = Inbox(free_port())
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            asyncore.loop(timeout=0.05, count=1)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield inbox
    finally:
        stop.set()
        thread.join(timeout=5)
        inbox.close()


def smtp_env(inbox: Inbox, public_url: str = "http://127.0.0.1:8000") -> dict[str, str]:
    """The settings that send the bank's e-mail to `inbox`."""
    return {
        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(inbox.port), "SMTP_FROM": "bank@example.org",
        "SMTP_STARTTLS": "0", "PUBLIC_URL": public_url,
    }  # fmt: skip


@pytest.fixture
def smtp_inbox(monkeypatch):  # type: ignore[no-untyped-def]
    """A running SMTP server, and the environment that makes the bank send to it (the web
    app and the services read MailSettings from the environment). Links go to
    http://bank.example."""
    with smtp_server() as inbox:
        for name, value in smtp_env(inbox, "http://bank.example").items():
            monkeypatch.setenv(name, value)
        yield inbox
