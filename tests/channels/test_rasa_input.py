"""The signed gateway channel, served by Sanic on loopback as Rasa serves it: two channels
stand for two Rasa processes sharing one real Redis.

The agent behind the channel (Rasa's, with a trained model) is outside this test: a
stand-in answers "Hello." to every message it is handed, and records it.
"""

import json
import time
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
import requests
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from assistant.channels.rasa_gateway import WEBHOOK
from assistant.channels.rasa_input import BankGatewayInput
from assistant.signing import HEADER, sign
from tests.helpers import sanic_on_loopback, signature_rewritten
from tests.redis_server import redis_server

pytestmark = pytest.mark.redis

SECRET = "test-gateway-secret"  # noqa: S105 - a test value
BODY = json.dumps({"sender": "web-1", "message": "what is my balance"}).encode()


@pytest.fixture(scope="module")
def two_processes() -> Iterator[tuple[str, str, list[str]]]:
    """Two gateway channels, as two Rasa processes with REDIS_URL set; the messages handed on."""
    handed_on: list[str] = []

    async def on_new_message(message: UserMessage) -> None:
        handed_on.append(message.text or "")
        await message.output_channel.send_response(message.sender_id, {"text": "Hello."})

    with redis_server() as url, ExitStack() as servers:
        bases = []
        for _ in range(2):
            app = Sanic(f"gateway{time.monotonic_ns()}")
            channel = BankGatewayInput(SECRET, url)
            app.blueprint(channel.blueprint(on_new_message), url_prefix="/webhooks/bank_gateway")
            bases.append(servers.enter_context(sanic_on_loopback(app, "/webhooks/bank_gateway/")))
        yield bases[0], bases[1], handed_on


def _post(base: str, header: str) -> int:
    headers = {"Content-Type": "application/json", HEADER: header}
    return requests.post(base + WEBHOOK, data=BODY, headers=headers, timeout=10).status_code


def test_a_request_replayed_to_the_other_process_is_refused(two_processes):
    one, two, handed_on = two_processes
    header = sign(SECRET, BODY)
    assert _post(one, header) == 200
    assert _post(two, header) == 401
    assert _post(one, header) == 401
    assert handed_on.count("what is my balance") == 1


@pytest.mark.parametrize("form", list(signature_rewritten(sign(SECRET, BODY))))
def test_a_signature_written_another_way_is_refused(two_processes, form):
    one, two, _ = two_processes
    header = sign(SECRET, BODY)
    assert _post(one, header) == 200
    rewritten = signature_rewritten(header)[form]
    assert (_post(one, rewritten), _post(two, rewritten)) == (401, 401)
