"""A lesson step's picture on Matrix, against a real Synapse on loopback: uploaded to its
media store once, sent as an m.image whose body is the picture's words, before the step's
text. Rasa is not needed: the gateway here answers what the lesson actions send."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from assistant.channels.matrix.bot import MatrixBot
from assistant.channels.matrix.client import MatrixClient
from assistant.channels.matrix.settings import MatrixSettings
from lessons import render
from tests.matrix_server import Homeserver, synapse

pytestmark = pytest.mark.synapse

BOT_PASSWORD = "bot-password-for-tests"  # noqa: S105 - a throwaway test homeserver


@pytest.fixture(scope="module")
def homeserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Homeserver]:
    with synapse(tmp_path_factory.mktemp("synapse")) as server:
        server.register("bank", BOT_PASSWORD)
        server.register("mary", "mary-password")
        yield server


class Gateway:
    """Rasa as the bot sees it: a lesson's first step, as the lesson actions send it."""

    def __init__(self, message: dict) -> None:
        self.replies = [
            {"text": message["text"], "buttons": message["buttons"]},
            {"custom": {"card": message["card"]}},
        ]
        self.sent: list[str] = []

    def send(self, sender_id: str, text: str, metadata: dict | None = None) -> list[dict]:
        self.sent.append(text)
        return self.replies


def test_a_lesson_step_comes_as_its_picture_then_its_text(homeserver, services, db):
    _, content = services.lessons.published("safe-account-calls")
    step = render.step(content, 0)
    shown = step["card"]["picture"]
    gateway = Gateway(step)
    settings = MatrixSettings(homeserver=homeserver.url, user="bank", password=BOT_PASSWORD)
    bot = MatrixBot(settings, db, gateway, services.tutor, sender_secret="s" * 32)
    mary = MatrixClient(homeserver.url)
    mary.login("mary", "mary-password")
    room = mary.create_direct_room("@bank:localhost")
    bot.start()  # joins the room it was invited to

    for turn in ("teach me about phone scams", "repeat"):
        mary.send_text(room, turn, f"mary-{turn}")
        bot.step(timeout_ms=2000)
    assert gateway.sent == ["teach me about phone scams", "repeat"]

    said = [m for m in reversed(mary.messages(room)) if m["sender"] == "@bank:localhost"]
    assert [m["content"]["msgtype"] for m in said] == ["m.image", "m.text"] * 2
    image = said[0]["content"]
    assert image["body"] == shown["alt"].strip()
    assert image["body"].startswith("A ringing mobile phone.")
    assert image["info"] == {"mimetype": "image/png", "size": image["info"]["size"],
                             "w": shown["width"], "h": shown["height"]}  # fmt: skip
    assert said[1]["content"]["body"].startswith("Step 1 of 4: The call.")
    assert said[2]["content"]["url"] == image["url"], "uploaded once, sent again by its address"

    server_name, media_id = image["url"].removeprefix("mxc://").split("/")
    download = requests.get(
        f"{homeserver.url}/_matrix/client/v1/media/download/{server_name}/{media_id}",
        headers={"Authorization": f"Bearer {mary.access_token}"}, timeout=30,
    )  # fmt: skip
    assert download.status_code == 200
    kept, media_type = services.lessons.pictures.data(shown["file"].split(".")[0])
    assert download.content == kept and media_type == "image/png"
