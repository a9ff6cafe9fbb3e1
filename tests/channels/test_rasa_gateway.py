"""RasaGateway with several Rasa processes: a conversation keeps to one; refused means next."""

from __future__ import annotations

import pytest

from assistant.channels.errors import AssistantUnavailable
from assistant.channels.rasa_gateway import RasaGateway
from tests.helpers import free_port


def test_each_conversation_keeps_to_one_process_and_they_share_the_work() -> None:
    gateway = RasaGateway(["http://127.0.0.1:1", "http://127.0.0.1:2"], "secret")
    firsts = [gateway._route(f"sender-{n}")[0] for n in range(200)]
    assert firsts == [gateway._route(f"sender-{n}")[0] for n in range(200)]
    assert 60 < firsts.count(firsts[0]) < 140


def test_when_no_process_can_be_reached_the_customer_is_told_to_try_again() -> None:
    urls = [f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}"]
    with pytest.raises(AssistantUnavailable, match="Please try again in a minute"):
        RasaGateway(urls, "secret", timeout=5).send("sender-1", "hello")
