"""bench/shaping.py: the shapings only tried, slowed, filtered, evened out, then padded."""

import audioop
import math
import struct

import pytest

from bench.shaping import TrialShaping
from tests.voice.speech import balance_question_pcm
from voice.audio import RATE
from voice.shape import Shaping


def _tone(hz: float, seconds: float, level: int = 8000) -> bytes:
    count = int(RATE * seconds)
    return struct.pack(
        f"<{count}h", *(int(level * math.sin(2 * math.pi * hz * i / RATE)) for i in range(count))
    )


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    return balance_question_pcm(tmp_path_factory.mktemp("shaping"))


def test_a_trial_with_only_a_pad_is_the_deployed_shaping(speech):
    assert TrialShaping().apply(speech) == speech
    assert TrialShaping(pad_ms=300).apply(speech) == Shaping(pad_ms=300).apply(speech)


@pytest.mark.parametrize("tempo", [0.8, 0.85, 0.9])
def test_slowing_makes_it_longer_by_the_tempo(speech, tempo):
    slowed = TrialShaping(tempo=tempo).apply(speech)
    assert len(slowed) % 2 == 0
    assert len(slowed) / len(speech) == pytest.approx(1 / tempo, rel=0.03)


def test_slowing_keeps_the_pitch():
    # atempo stretches time, not frequency: a 440 Hz tone stays 440 Hz
    # (counted by zero crossings), where resampling would lower it.
    slowed = TrialShaping(tempo=0.85).apply(_tone(440, 1.0))
    samples = struct.unpack(f"<{len(slowed) // 2}h", slowed)[RATE // 10 : -RATE // 10]
    crossings = sum(a < 0 <= b for a, b in zip(samples, samples[1:], strict=False))
    assert crossings / (len(samples) / RATE) == pytest.approx(440, rel=0.03)


def test_highpass_takes_out_rumble_and_keeps_the_voice_band():
    rumble, voice = _tone(40, 1.0), _tone(1000, 1.0)
    cut = TrialShaping(highpass_hz=100)
    assert audioop.rms(cut.apply(rumble), 2) < audioop.rms(rumble, 2) / 3
    assert audioop.rms(cut.apply(voice), 2) > audioop.rms(voice, 2) * 0.9


def test_normalising_brings_a_quiet_voice_up(speech):
    quiet = audioop.mul(speech, 2, 0.05)
    louder = TrialShaping(normalise=True).apply(quiet)
    assert audioop.rms(louder, 2) > 3 * audioop.rms(quiet, 2)


def test_times_in_the_shaped_audio_map_back_to_the_recording():
    shaping = TrialShaping(pad_ms=300, tempo=0.8)
    assert shaping.original_seconds(0.3) == pytest.approx(0.0)
    assert shaping.original_seconds(1.55) == pytest.approx(1.0)
    assert shaping.original_seconds(0.1) == 0.0  # inside the pad
