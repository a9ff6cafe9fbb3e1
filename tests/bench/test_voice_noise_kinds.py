"""bench/voice_noise_kinds.py: the room noises are repeatable and mixed in at the SNR asked."""

import numpy as np
import pytest

from bench.voice_noise_kinds import KINDS, SNRS, active_power, mix, noise, samples, snr_db
from tests.voice.speech import balance_question_pcm

pytestmark = pytest.mark.speech  # the television's voice is espeak-ng


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    return balance_question_pcm(tmp_path_factory.mktemp("noise"))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_same_seed_gives_the_same_noise_and_another_seed_another(kind):
    first, again, other = (noise(kind, 16_000 * 3, seed) for seed in (7, 7, 8))
    assert np.array_equal(first, again)
    assert not np.allclose(first, other)
    assert np.mean(first**2) == pytest.approx(1.0)


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("snr", SNRS)
def test_the_mix_has_the_snr_asked_within_half_a_decibel(speech, kind, snr):
    mixed = mix(speech, kind, snr, seed=3)
    heard = samples(mixed.pcm)
    # What is in the 16-bit recording besides the speech is the noise, rounding included.
    assert snr_db(mixed.speech, heard - mixed.speech) == pytest.approx(snr, abs=0.5)
    assert mixed.pcm == mix(speech, kind, snr, seed=3).pcm


def test_the_noise_runs_before_and_after_the_speech(speech):
    mixed = mix(speech, "fan", 10, seed=1)
    half_second = 8_000
    assert len(samples(mixed.pcm)) == len(samples(speech)) + 2 * half_second
    assert not mixed.speech[:half_second].any()
    assert np.mean(mixed.noise[:half_second] ** 2) > 0


def test_speech_power_is_that_of_the_words_not_of_the_pauses(speech):
    words = samples(speech)
    with_pauses = np.concatenate([np.zeros(len(words)), words, np.zeros(len(words))])
    assert active_power(with_pauses) == pytest.approx(active_power(words), rel=0.05)
    assert np.mean(with_pauses**2) < active_power(with_pauses) / 2


def test_an_unknown_kind_is_refused_by_name():
    with pytest.raises(ValueError, match="tv, kitchen, street, fan"):
        noise("hoover", 100, 1)
