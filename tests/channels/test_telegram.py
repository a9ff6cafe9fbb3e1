"""The hardened Telegram channel, served by Sanic on loopback like Rasa serves it.

Telegram itself is outside our control: a stand-in output channel answers
getMe and records what would be sent.
"""

import time
from types import SimpleNamespace

import pytest
import requests
from rasa.core.channels.telegram import TelegramOutput
from sanic import Sanic

from assistant.channels.telegram import SECRET_HEADER, BankTelegramInput
from assistant.signing import channel_sender_id
from tests.helpers import sanic_on_loopback

SECRET_TOKEN = "telegram-webhook-secret"  # noqa: S105 - test values
SERVER_SECRET = "server-secret"  # noqa: S105


class TelegramStandIn(TelegramOutput):
    def __init__(self) -> None:
        super().__init__("123456:TEST-token-for-a-stand-in")
        self.sent: list[tuple[object, str]] = []

    async def get_me(self):  # type: ignore[override]
        return SimpleNamespace(username="bank_bot")

    async def send_response(self, recipient_id, message):  # type: ignore[override]
        self.sent.append((recipient_id, message["text"]))


@pytest.fixture(scope="module")
def server():
    """One Sanic app for the module's tests."""
    output, received = TelegramStandIn(), []
    channel = BankTelegramInput(
        None, "bank_bot", "https://bank.example/webhooks/bank_telegram/webhook",
        SECRET_TOKEN, SERVER_SECRET, output=output,
    )  # fmt: skip

    async def on_new_message(message):
        received.append(message)
        await message.output_channel.send_response(message.sender_id, {"text": "Hello."})

    app = Sanic(f"telegram{time.monotonic_ns()}")
    app.blueprint(channel.blueprint(on_new_message), url_prefix="/webhooks/bank_telegram")
    with sanic_on_loopback(app, "/webhooks/bank_telegram/") as base:
        yield base + "/webhooks/bank_telegram", received, output


@pytest.fixture
def telegram(server):
    url, received, output = server
    received.clear()
    output.sent.clear()
    return server


def _update(chat_id, text):
    return {"update_id": 1, "message": {"message_id": 1, "date": 0, "text": text,
                                        "chat": {"id": chat_id, "type": "private"}}}  # fmt: skip


@pytest.mark.parametrize("header", [None, "guessed"])
def test_updates_without_telegrams_secret_token_are_refused(telegram, header):
    url, received, output = telegram
    headers = {SECRET_HEADER: header} if header else {}
    reply = requests.post(url + "/webhook", json=_update(42, "hello"), headers=headers, timeout=10)
    assert reply.status_code == 403 and received == [] and output.sent == []


def test_the_open_set_webhook_route_is_off(telegram):
    url, _, _ = telegram
    assert requests.get(url + "/set_webhook", timeout=10).status_code == 404


def test_a_chat_gets_a_secret_conversation_id_redacted_text_and_its_replies(telegram):
    url, received, output = telegram
    reply = requests.post(
        url + "/webhook", json=_update(42, "my pin is one two three four"),
        headers={SECRET_HEADER: SECRET_TOKEN}, timeout=10,
    )  # fmt: skip
    assert reply.status_code == 200
    [message] = received
    assert message.sender_id == channel_sender_id(SERVER_SECRET, "telegram", "42")
    assert "42" not in message.sender_id and message.sender_id != "42"
    assert message.text == "my pin is ****"
    assert output.sent == [("42", "Hello.")], "the reply goes to the real chat"
