"""Whisper as the app builds it reads a spoken amount clean and with a fan running (10 dB SNR)."""

from dataclasses import replace

import pytest

from bench.speech import words
from bench.voice_noise import wav
from bench.voice_noise_kinds import mix
from tests.voice.speech import espeak
from voice.asr import build_recognizer
from voice.audio import to_pcm16k
from voice.settings import VoiceSettings

pytestmark = pytest.mark.speech

SAID = "pay one hundred dollars to City Water"


@pytest.fixture(scope="module")
def whisper():
    settings = replace(VoiceSettings(), engine="whisper")
    return build_recognizer(settings, ["Alice Wong", "City Water", "Northern Power"])


@pytest.fixture(scope="module")
def amount(tmp_path_factory):
    wav = espeak(SAID, tmp_path_factory.mktemp("amount") / "amount.wav", rate=150)
    return to_pcm16k(wav.read_bytes()).data


def test_a_clean_spoken_amount_is_read_word_for_word(whisper, amount):
    assert whisper.name == "whisper"
    assert words(whisper.transcribe(amount).text) == SAID.lower()


def test_the_amount_is_read_with_a_fan_running_10_db_under_the_voice(whisper, amount):
    # Through the upload checks, as /api/voice takes it.
    noisy = to_pcm16k(wav(mix(amount, "fan", 10, seed=1).pcm)).data
    assert words(whisper.transcribe(noisy).text) == SAID.lower()
