"""/api/speak sends Opus in Ogg to browsers that take it, WAV to the others."""

import base64
import io

import av
import pytest

from tests.web.test_voice_api import client, token  # noqa: F401  (the same app and log-in)

pytestmark = pytest.mark.speech

READ = {"text": "You have no bills waiting to be paid.", "buttons": [{"title": "My balance"}]}


def _speak(client, token, accept):  # noqa: F811
    reply = client.post("/api/speak", json=READ, headers={**token, "Accept": accept})
    assert reply.status_code == 200, reply.get_json()
    body = reply.get_json()
    return body["mime"], base64.b64decode(body["audio"])


def test_opus_when_the_browser_accepts_ogg_and_wav_otherwise(client, token):  # noqa: F811
    mime, ogg = _speak(client, token, "audio/ogg; codecs=opus, audio/wav")
    assert mime == "audio/ogg; codecs=opus" and ogg[:4] == b"OggS"
    with av.open(io.BytesIO(ogg)) as container:
        assert container.streams.audio[0].codec_context.name == "opus"
    mime, wav = _speak(client, token, "audio/wav")
    assert mime == "audio/wav" and wav[:4] == b"RIFF"
    assert len(ogg) * 10 < len(wav)
    assert _speak(client, token, "application/json")[0] == "audio/wav"
