"""/api/voice under attack: decompression bombs and too many recordings at once.

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

from assistant.runtime import RuntimeSettings
from tests.helpers import runtime_env
from tests.voice.bombs import flac_silence
from voice.settings import VoiceSettings
from web import create_app
from web.settings import WebSettings

pytestmark = pytest.mark.speech


@pytest.fixture
def server(bank_settings, db, tmp_path):
    runtime = RuntimeSettings.from_env(runtime_env(bank_settings.database_url))
    settings = dataclasses.replace(
        WebSettings.from_runtime(runtime, {}), voice_in_flight=2, voice_in_flight_per_customer=1
    )
    voice = VoiceSettings(vosk_model=tmp_path / "no-vosk", max_upload_bytes=1024 * 1024)
    app = create_app(runtime, db=db, settings=settings, voice_settings=voice)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}", app.extensions["bank.voice_in_flight"]
    http.shutdown()
    app.extensions["bank.voice"].speaker.close()


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


def _slow_upload(base, token):
    """Start a recording upload that sends its headers and then stalls."""
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)))
    sock.sendall(
        (
            "POST /api/voice HTTP/1.1\r\nHost: bank\r\nContent-Type: audio/wav\r\n"
            f"Authorization: Bearer {token}\r\nContent-Length: 500000\r\n\r\n"
        ).encode()
        + b"RIFF"
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


def _until_status(base, token, status, seconds=10.0):
    """Send a tiny recording until the answer has `status` (a slot is given back just
    after its upload is closed); returns that answer."""
    deadline = time.monotonic() + seconds
    seen = []
    while time.monotonic() < deadline:
        reply = _voice(base, token, b"x")
        if reply.status_code == status:
            return reply
        seen.append(reply.status_code)
        time.sleep(0.05)
    raise AssertionError(f"never {status}; got {seen[-5:]}")


def test_a_bomb_is_refused_as_too_long_in_milliseconds(server):
    server, _ = server
    token = _token(server, "demo", "1234")
    started = time.monotonic()
    reply = _voice(server, token, flac_silence(600, declare_length=False))
    assert reply.status_code == 413
    assert "too long" in reply.json()["error"]
    assert time.monotonic() - started < 5


def test_recordings_in_flight_are_capped_per_customer_and_in_total(server):
    server, limit = server
    mary, robert, li = (
        _token(server, "demo", "1234"),
        _token(server, "robert", "2468"),
        _token(server, "li", "1357"),
    )
    first = _slow_upload(server, mary)
    try:
        _held(limit, 1, first)
        # Mary's second recording while her first is still arriving: 429.
        second = _voice(server, mary, b"x")
        assert second.status_code == 429
        assert second.json() == {
            "error": "I am still working on your last recording. Please wait for my answer."
        }
        other = _slow_upload(server, robert)
        try:
            _held(limit, 2, other)
            # Two uploads in flight fill the server: Li gets 503, with a reason.
            busy = _voice(server, li, b"x")
            assert busy.status_code == 503
            assert "try again in a minute" in busy.json()["error"]
        finally:
            other.close()
    finally:
        first.close()
    # The slots are given back when the uploads end.
    freed = _until_status(server, mary, 415)
    assert "WAV, WebM or Ogg" in freed.json()["error"]
