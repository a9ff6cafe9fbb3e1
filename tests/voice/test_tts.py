"""Speech out through pyttsx3 and espeak-ng, in a worker that survives many calls."""

import io
import wave

import pytest

from voice.tts import Speaker, SpeechProfile

pytestmark = pytest.mark.speech


@pytest.fixture(scope="module")
def speaker():
    built = Speaker(timeout_seconds=20)
    yield built
    built.close()


def _wav(data: bytes) -> tuple[int, float]:
    with wave.open(io.BytesIO(data)) as reader:
        return reader.getframerate(), reader.getnframes() / reader.getframerate()


def test_a_reply_becomes_a_valid_wav_with_pauses(speaker):
    one = _wav(speaker.speak(["Your balance is ten dollars."]))[1]
    two = _wav(speaker.speak(["Your balance is ten dollars.", "Your balance is ten dollars."]))[1]
    assert two > 2 * one + 0.3, "a pause goes between sentences"


def test_slower_is_longer(speaker):
    text = ["Please check this payment before I send it."]
    slow = _wav(speaker.speak(text, SpeechProfile(rate_wpm=110)))[1]
    fast = _wav(speaker.speak(text, SpeechProfile(rate_wpm=200)))[1]
    assert slow > fast * 1.4


def test_each_request_is_spoken_at_its_own_rate(speaker):
    # espeak-ng once dropped a setting sent just as the last sentence ended, so
    # a "slower" answer now and then came out at the old rate.
    text = ["Your Savings account ending 1234 has five dollars.", "What else can I do?"]
    seconds = {}
    for turn in range(16):
        rate = (150, 130)[turn % 2]
        seconds.setdefault(rate, []).append(_wav(speaker.speak(text, SpeechProfile(rate)))[1])
    assert max(seconds[150]) * 1.1 < min(seconds[130]), seconds


def test_two_hundred_syntheses_in_a_row(speaker):
    before = speaker.restarts
    for number in range(200):
        rate, seconds = _wav(speaker.speak([f"Message number {number}."]))
        assert rate > 8000 and seconds > 0.3, f"synthesis {number} gave no audio"
    assert speaker.restarts == before, "the worker needed no restart"


def test_a_dead_worker_is_replaced(speaker):
    speaker.speak(["Hello."])
    speaker._process.kill()  # the engine's process dies, as when espeak crashes
    speaker._process.join()
    assert _wav(speaker.speak(["Still here."]))[1] > 0.3


def test_a_fresh_worker_speaks_a_long_first_sentence():
    # A fresh espeak engine once dropped its first file for long sentences.
    fresh = Speaker(timeout_seconds=20)
    try:
        long = (
            "Your Current account ending four, eight, two, one has seven thousand, two hundred "
            "and sixteen dollars and fifty-four cents."
        )
        assert _wav(fresh.speak([long]))[1] > 4.0
        assert fresh.restarts == 0
    finally:
        fresh.close()
