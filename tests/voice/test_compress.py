"""Spoken replies compressed to Opus in Ogg, with the WAV kept for old browsers."""

import io
import wave

import av
import pytest

from voice.compress import OGG_OPUS, WAV, compress, wants_opus
from voice.tts import Speaker

pytestmark = pytest.mark.speech

GREETING = ["Hello Mary.", "How can I help you today?", "Say one for My balance."]


@pytest.fixture(scope="module")
def greeting_wav():
    speaker = Speaker(timeout_seconds=20)
    try:
        yield speaker.speak(GREETING)
    finally:
        speaker.close()


def _seconds(wav: bytes) -> float:
    with wave.open(io.BytesIO(wav)) as reader:
        return reader.getnframes() / reader.getframerate()


def test_opus_in_ogg_is_a_tenth_of_the_wav_and_as_long(greeting_wav):
    encoded = compress(greeting_wav, "audio/ogg; codecs=opus, audio/wav")
    assert encoded.mime == OGG_OPUS
    assert encoded.data[:4] == b"OggS"
    with av.open(io.BytesIO(encoded.data)) as container:
        stream = container.streams.audio[0]
        assert stream.codec_context.name == "opus"
        decoded = sum(frame.samples for frame in container.decode(stream)) / 48_000
    seconds = _seconds(greeting_wav)
    assert abs(decoded - seconds) < 0.1, (decoded, seconds)
    per_second = len(encoded.data) / seconds
    print(f"\nWAV {len(greeting_wav) / seconds:.0f} B/s, Opus {per_second:.0f} B/s")
    assert per_second < 4_000, f"{per_second:.0f} bytes per second of speech"
    assert len(encoded.data) * 10 < len(greeting_wav)


def test_wav_for_a_browser_that_does_not_take_ogg(greeting_wav):
    assert compress(greeting_wav, "audio/wav").data == greeting_wav
    assert compress(greeting_wav, "").mime == WAV


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("audio/ogg", True), ("audio/wav, audio/ogg;codecs=opus", True), ("audio/opus", True),
     ("audio/wav", False), ("*/*", False), ("", False)],
)  # fmt: skip
def test_which_browsers_get_opus(accept, expected):
    assert wants_opus(accept) is expected
