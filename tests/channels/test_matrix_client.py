"""MatrixClient against a loopback homeserver that limits the rate, as Synapse does under load.

Synapse in the end-to-end tests runs with its limits lifted, so a 429 is provoked here by a
small server on loopback that answers the way Synapse does (M_LIMIT_EXCEEDED, retry_after_ms).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.channels.matrix.client import MatrixClient, MatrixError


class Homeserver(ThreadingHTTPServer):
    def __init__(self, limited: int) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.limited = limited  # how many sends answer 429 before one goes through
        self.sends: list[tuple[str, dict]] = []


class Handler(BaseHTTPRequestHandler):
    server: Homeserver

    def do_PUT(self) -> None:  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.server.limited > 0:
            self.server.limited -= 1
            self._answer(429, {"errcode": "M_LIMIT_EXCEEDED", "retry_after_ms": 10})
            return
        self.server.sends.append((self.path, body))
        self._answer(200, {"event_id": f"$event{len(self.server.sends)}"})

    def _answer(self, status: int, data: dict) -> None:
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def homeserver(request: pytest.FixtureRequest) -> Iterator[Homeserver]:
    server = Homeserver(limited=request.param)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("homeserver", [2], indirect=True)
def test_a_rate_limited_send_waits_and_goes_through_once(homeserver: Homeserver) -> None:
    client = MatrixClient(f"http://127.0.0.1:{homeserver.server_port}", access_token="t")
    assert client.send_text("!room:test", "Your balance is $10.", "reply-$1") == "$event1"
    assert [body for _, body in homeserver.sends] == [
        {"msgtype": "m.text", "body": "Your balance is $10."}
    ]


@pytest.mark.parametrize("homeserver", [100], indirect=True)
def test_a_send_limited_for_too_long_says_so(homeserver: Homeserver) -> None:
    client = MatrixClient(f"http://127.0.0.1:{homeserver.server_port}", access_token="t")
    with pytest.raises(MatrixError, match="429 M_LIMIT_EXCEEDED"):
        client.send_text("!room:test", "Hello.", "reply-$2")
    assert homeserver.sends == []
