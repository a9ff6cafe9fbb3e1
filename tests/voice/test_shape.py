"""voice/shape.py: the audio the recogniser hears, with silence around the speech."""

import pytest

from tests.voice.speech import balance_question_pcm
from voice.audio import RATE
from voice.shape import Shaping


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    return balance_question_pcm(tmp_path_factory.mktemp("shape"))


def test_nothing_asked_leaves_the_audio_as_it_is(speech):
    assert Shaping().apply(speech) == speech


def test_padding_adds_silence_at_both_ends(speech):
    padded = Shaping(pad_ms=250).apply(speech)
    pad = RATE // 4 * 2
    assert padded[:pad] == bytes(pad) and padded[-pad:] == bytes(pad)
    assert padded[pad:-pad] == speech


def test_times_in_the_padded_audio_map_back_to_the_recording():
    shaping = Shaping(pad_ms=300)
    assert shaping.original_seconds(0.3) == pytest.approx(0.0)
    assert shaping.original_seconds(1.3) == pytest.approx(1.0)
    assert shaping.original_seconds(0.1) == 0.0  # inside the pad
