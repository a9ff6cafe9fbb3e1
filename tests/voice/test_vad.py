"""End of speech: a slow speaker's pause is not the end; the end comes soon after."""

import audioop

import pytest

from tests.voice.speech import espeak
from voice.audio import RATE, to_pcm16k
from voice.vad import Endpointer, speech_seconds

pytestmark = pytest.mark.speech


def _pcm(path):
    return to_pcm16k(path.read_bytes()).data


def test_speech_is_found_and_silence_is_not(tmp_path):
    words = _pcm(espeak("what is my balance", tmp_path / "a.wav"))
    assert speech_seconds(words) > 0.5
    assert speech_seconds(b"\0\0" * RATE) == 0


def test_a_pause_in_the_middle_does_not_end_the_turn(tmp_path):
    first = _pcm(espeak("send fifty dollars", tmp_path / "a.wav"))
    second = _pcm(espeak("to my daughter", tmp_path / "b.wav"))
    # espeak-ng leaves about 0.4 s of silence around its words: the whole gap is about 1 s.
    pause, after = b"\0\0" * int(RATE * 0.5), b"\0\0" * int(RATE * 2.0)
    endpointer = Endpointer(end_silence=1.2)
    audio = first + pause + second + after
    ended_at = None
    for i in range(0, len(audio), 3200):  # 0.1 s chunks, as from a microphone
        if endpointer.feed(audio[i : i + 3200]):
            ended_at = (i + 3200) / 2 / RATE
            break
    speech_end = (len(first) + len(pause) + len(second)) / 2 / RATE
    assert ended_at is not None and ended_at > speech_end, "the pause did not end the turn"
    assert ended_at - speech_end < 1.6, "the turn ends soon after the speaker stops"


def test_the_turn_ends_at_the_time_limit(tmp_path):
    words = _pcm(espeak("yes", tmp_path / "a.wav"))
    endpointer = Endpointer(max_seconds=2.0)
    loud_noise = audioop.mul(words, 2, 1.0) * 20
    assert any(endpointer.feed(loud_noise[i : i + 3200]) for i in range(0, len(loud_noise), 3200))
    assert endpointer.total <= 2.1 + 1e-6
