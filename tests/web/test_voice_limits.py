"""/api/voice and /api/speak under attack: decompression bombs, too many recordings or
read-alouds at once, and read-alouds asked for again and again.

Runs the app in a real threaded HTTP server on loopback, so that a slow upload
really holds its request open while others arrive.
"""

import dataclasses
import socket
import threading
import time

import pytest
import requests
from werkzeug.serving import make_server

from tests.helpers import app_settings, with_web
from tests.voice.bombs import flac_silence
from voice.settings import VoiceSettings
from web import create_app
from web.services import services_of

pytestmark = pytest.mark.speech


@pytest.fixture
def server(bank_settings, db, tmp_path):
    settings = with_web(
        app_settings(bank_settings.database_url),
        voice_in_flight=2, voice_in_flight_per_customer=1,
        speak_in_flight=2, speak_in_flight_per_customer=1, speak_rate_limit="5/minute",
    )  # fmt: skip
    voice = VoiceSettings(vosk_model=tmp_path / "no-vosk", max_upload_bytes=1024 * 1024)
    app = create_app(dataclasses.replace(settings, voice=voice), db=db)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}", services_of(app)
    http.shutdown()
    services_of(app).voice.speaker.close()


def _token(base, customer_id, pin):
    reply = requests.post(
        f"{base}/api/login", json={"customer_id": customer_id, "pin": pin}, timeout=30
    )
    return reply.json()["token"]


def _voice(base, token, data):
    return requests.post(
        f"{base}/api/voice", data=data, timeout=30,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "audio/flac"},
    )  # fmt: skip


def _slow_upload(
    base, token, path="/api/voice", content_type="audio/wav", start=b"RIFF", length=500_000
):
    """Start an upload (a recording, or a message to read aloud) that sends its headers
    and then stalls."""
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)))
    sock.sendall(
        (
            f"POST {path} HTTP/1.1\r\nHost: bank\r\nContent-Type: {content_type}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Length: {length}\r\n\r\n"
        ).encode()
        + start
    )
    return sock


def _held(limit, slots, upload, seconds=10.0):
    """Wait until the server holds `slots` recordings, the slow `upload` among them.

    Polling with a real recording instead would race: a poll that arrives first takes the
    slot, and the slow upload is the one turned away."""
    deadline = time.monotonic() + seconds
    while limit.running() != slots:
        assert time.monotonic() < deadline, f"the server holds {limit.running()} recordings"
        time.sleep(0.02)
    upload.settimeout(0.2)
    with pytest.raises(TimeoutError):
        upload.recv(1)  # still waiting for its body: not answered


def test_a_bomb_is_refused_as_too_long_in_milliseconds(server):
    server, _ = server
    token = _token(server, "demo", "1234")
    started = time.monotonic()
    reply = _voice(server, token, flac_silence(600, declare_length=False))
    assert reply.status_code == 413
    assert "too long" in reply.json()["error"]
    assert time.monotonic() - started < 5


def _speak(base, token, text="You have no bills waiting to be paid."):
    return requests.post(
        f"{base}/api/speak", json={"text": text}, timeout=60,
        headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip


# A recording, and a message read aloud (all speech goes through one speaker): each
# endpoint, its limit, how to start a slow upload of it, a quick request, and the
# customer's answer when their own is still running.
IN_FLIGHT = {
    "voice": (
        "voice_in_flight", {}, lambda base, token: _voice(base, token, b"x"),
        "I am still working on your last recording. Please wait for my answer.",
    ),
    "speak": (
        "speak_in_flight",
        {"path": "/api/speak", "content_type": "application/json", "start": b'{"text": "',
         "length": 1000},
        _speak,
        "I am still reading your last message aloud. Please wait for it to finish.",
    ),
}  # fmt: skip


@pytest.mark.parametrize("endpoint", IN_FLIGHT)
def test_requests_in_flight_are_capped_per_customer_and_in_total(server, endpoint):
    server, web = server
    name, slow, quick, one_at_a_time = IN_FLIGHT[endpoint]
    limit = getattr(web, name)
    mary, robert, li = (
        _token(server, "demo", "1234"),
        _token(server, "robert", "2468"),
        _token(server, "li", "1357"),
    )
    first = _slow_upload(server, mary, **slow)
    try:
        _held(limit, 1, first)
        # Mary's second request while her first is still arriving: 429.
        second = quick(server, mary)
        assert second.status_code == 429
        assert second.json() == {"error": one_at_a_time}
        other = _slow_upload(server, robert, **slow)
        try:
            _held(limit, 2, other)
            # Two uploads in flight fill the server: Li gets 503, with a reason.
            busy = quick(server, li)
            assert busy.status_code == 503
            assert "try again in a minute" in busy.json()["error"]
        finally:
            other.close()
    finally:
        first.close()
    # The slots are given back when the uploads end.
    deadline = time.monotonic() + 10
    while limit.running():
        assert time.monotonic() < deadline, f"{limit.running()} slots still held"
        time.sleep(0.02)
    assert quick(server, mary).status_code != 429


def test_read_alouds_are_rate_limited_per_customer(server):
    server, _ = server
    mary, robert = _token(server, "demo", "1234"), _token(server, "robert", "2468")
    assert [_speak(server, mary, f"Message {n}.").status_code for n in range(6)] == [200] * 5 + [
        429
    ]
    refused = _speak(server, mary)
    assert refused.json() == {
        "error": "You have asked me to read aloud many times in a short while. "
        "Please wait a minute and try again."
    }
    assert _speak(server, robert).status_code == 200, "other customers are not affected"
