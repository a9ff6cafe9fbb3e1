"""/api/speak sends Opus in Ogg to browsers that take it, WAV to the others."""

import base64
import io
import wave

import av
import numpy as np
import pytest

from voice.neural_tts import missing_packages
from web.services import services_of

pytestmark = pytest.mark.speech

READ = {"text": "You have no bills waiting to be paid.", "buttons": [{"title": "My balance"}]}


def _speak(voice_client, voice_token, accept):
    reply = voice_client.post("/api/speak", json=READ, headers={**voice_token, "Accept": accept})
    assert reply.status_code == 200, reply.get_json()
    body = reply.get_json()
    return body["mime"], base64.b64decode(body["audio"])


def test_opus_when_the_browser_accepts_ogg_and_wav_otherwise(voice_client, voice_token):
    mime, ogg = _speak(voice_client, voice_token, "audio/ogg; codecs=opus, audio/wav")
    assert mime == "audio/ogg; codecs=opus" and ogg[:4] == b"OggS"
    with av.open(io.BytesIO(ogg)) as container:
        assert container.streams.audio[0].codec_context.name == "opus"
    mime, wav = _speak(voice_client, voice_token, "audio/wav")
    assert mime == "audio/wav" and wav[:4] == b"RIFF"
    assert len(ogg) * 10 < len(wav)
    assert _speak(voice_client, voice_token, "application/json")[0] == "audio/wav"


@pytest.mark.skipif(bool(missing_packages()), reason=f"needs {', '.join(missing_packages())}")
def test_the_answer_is_read_in_the_neural_voice(voice_client, voice_token):
    mime, wav = _speak(voice_client, voice_token, "audio/wav")
    with wave.open(io.BytesIO(wav)) as reader:
        frames = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
        assert reader.getframerate() == 22050 and len(frames) > 22050
    # Piper brings every sentence to the profile's volume (0.9) at its peak; espeak-ng does not.
    assert np.abs(frames.astype(int)).max() == pytest.approx(0.9 * 32767, abs=50)
    assert services_of(voice_client.application).voice.speaker.label == "piper en_US-joe-medium"
