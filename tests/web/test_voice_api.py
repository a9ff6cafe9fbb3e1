"""/api/voice before Rasa: log-in, limits and bad audio, with the real recogniser and speaker."""

import base64
import io
import wave

import numpy as np
import pytest

from tests.voice.speech import espeak
from tests.voice.speech import noise as make_noise
from voice.audio import RATE, wav_bytes
from voice.neural_tts import missing_packages
from web.voice_api import pressed_button

pytestmark = pytest.mark.speech


def post(voice_client, data, headers, content_type="audio/wav"):
    return voice_client.post("/api/voice", data=data, headers=headers, content_type=content_type)


def test_voice_needs_a_log_in(voice_client, tmp_path):
    speech = espeak("what is my balance", tmp_path / "s.wav").read_bytes()
    reply = post(voice_client, speech, {})
    assert reply.status_code == 401 and reply.get_json()["error"] == "Please log in."


@pytest.mark.parametrize(
    ("data", "status", "words"),
    [
        (b"", 400, "Send the recording"),
        (b"not audio at all", 415, "WAV, WebM or Ogg"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", 415, "WAV, WebM or Ogg"),
        (wav_bytes(b"\0\0" * RATE), 422, "did not hear anything"),
    ],
)
def test_bad_audio_gets_a_clear_4xx(voice_client, voice_token, data, status, words):
    reply = post(voice_client, data, voice_token)
    assert reply.status_code == status
    assert words in reply.get_json()["error"]


def test_a_cut_off_recording(voice_client, voice_token, tmp_path):
    speech = espeak("what is my balance", tmp_path / "s.wav").read_bytes()
    reply = post(voice_client, speech[: len(speech) // 2], voice_token)
    assert reply.status_code == 400 and "cut off" in reply.get_json()["error"]


def test_an_upload_over_the_size_limit_is_413(voice_client, voice_token):
    reply = post(voice_client, b"RIFF" + b"\0" * (1024 * 1024 + 10), voice_token)
    assert reply.status_code == 413 and reply.get_json()["error"]


def test_noise_asks_again_once_then_offers_help(voice_client, voice_token, tmp_path):
    noise = make_noise(tmp_path / "noise.wav", 2, 0.02)
    first = post(voice_client, noise.read_bytes(), voice_token)
    second = post(voice_client, noise.read_bytes(), voice_token)
    assert first.status_code == 422 and "did not hear anything" in first.get_json()["error"]
    assert second.status_code == 422 and "talk to a person" in second.get_json()["error"]
    with wave.open(io.BytesIO(base64.b64decode(second.get_json()["audio"]))) as spoken:
        assert spoken.getnframes() > 0


def test_multipart_upload_is_accepted_like_a_raw_body(voice_client, voice_token):
    silent = wav_bytes(b"\0\0" * RATE)
    reply = voice_client.post(
        "/api/voice", data={"audio": (io.BytesIO(silent), "r.wav")}, headers=voice_token,
        content_type="multipart/form-data",
    )  # fmt: skip
    assert reply.status_code == 422  # read, decoded, and found silent


def test_big_json_elsewhere_is_still_refused(voice_client, voice_token):
    reply = voice_client.post("/api/chat", data=b"{" + b" " * 300_000 + b"}", headers=voice_token,
                        content_type="application/json")  # fmt: skip
    assert reply.status_code == 413


@pytest.mark.parametrize(
    ("said", "index"),
    [("one", 0), ("two", 1), ("number two", 1), ("the first one", 0), ("press two", 1),
     ("2", 1), ("second", 1), ("three", None), ("send two dollars", None), ("yes", None)],
)  # fmt: skip
def test_saying_a_number_presses_that_button(said, index):
    offered = ["/affirm", "/deny"]
    assert pressed_button(said, offered) == (offered[index] if index is not None else None)


def _seconds(audio_b64: str) -> float:
    with wave.open(io.BytesIO(base64.b64decode(audio_b64))) as reader:
        return reader.getnframes() / reader.getframerate()


def test_read_aloud_speaks_a_message_and_its_buttons(voice_client, voice_token):
    assert voice_client.post("/api/speak", json={"text": "Hello."}).status_code == 401
    plain = voice_client.post("/api/speak", json={"text": "Shall I send it?"}, headers=voice_token)
    assert plain.status_code == 200
    with_buttons = voice_client.post(
        "/api/speak",
        json={"text": "Shall I send it?", "buttons": [{"title": "Yes"}, {"title": "No"}]},
        headers=voice_token,
    )
    assert _seconds(with_buttons.get_json()["audio"]) > _seconds(plain.get_json()["audio"]) + 1


@pytest.mark.parametrize(
    "body",
    [
        None,
        {"text": 5},
        {"text": "Hi", "buttons": "Yes"},
        {"text": "Hi", "buttons": [{"title": 3}]},
        {"text": "x" * 2001},
        {"text": "  <b></b> "},
    ],
)
def test_read_aloud_refuses_bad_requests_clearly(voice_client, voice_token, body):
    reply = voice_client.post("/api/speak", json=body, headers=voice_token)
    assert reply.status_code == 400
    assert reply.get_json()["error"]


@pytest.mark.skipif(bool(missing_packages()), reason=f"needs {', '.join(missing_packages())}")
def test_the_spoken_answer_is_the_neural_voice(voice_client, voice_token):
    reply = post(voice_client, wav_bytes(b"\0\0" * RATE), voice_token)
    assert reply.status_code == 422
    with wave.open(io.BytesIO(base64.b64decode(reply.get_json()["audio"]))) as spoken:
        frames = np.frombuffer(spoken.readframes(spoken.getnframes()), dtype="<i2")
        assert spoken.getframerate() == 22050 and len(frames) > 22050  # "Sorry, I did not ..."
    # Piper brings every sentence to the profile's volume (0.9) at its peak; espeak-ng does not.
    assert np.abs(frames.astype(int)).max() == pytest.approx(0.9 * 32767, abs=50)
