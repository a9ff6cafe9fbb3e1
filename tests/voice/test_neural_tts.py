"""The neural voice (Piper, joe) speaks real WAVs; espeak-ng speaks when it cannot."""

import io
import logging
import shutil
import wave

import numpy as np
import pytest

from assistant.errors import ConfigurationError
from voice.neural_tts import (
    PACKAGED_SHA256,
    NeuralSpeaker,
    WithFallback,
    build_speaker,
    missing_packages,
    packaged_model,
)
from voice.settings import VoiceSettings
from voice.spoken import sentences
from voice.tts import Speaker, SpeechProfile

pytestmark = [
    pytest.mark.speech,
    pytest.mark.skipif(
        bool(missing_packages()),
        reason=f"the neural voice needs {', '.join(missing_packages())} "
        "(make install: requirements-speech.lock)",
    ),
]

JOE = "piper en_US-joe-medium"
LONG = "Please check this payment before I send it to Alice Wong."


@pytest.fixture(scope="module")
def joe():
    model = packaged_model()
    assert model is not None
    speaker = NeuralSpeaker(model, sha256=PACKAGED_SHA256)
    yield speaker
    speaker.close()


def _wav(data: bytes) -> tuple[int, float, np.ndarray]:
    with wave.open(io.BytesIO(data)) as reader:
        assert (reader.getnchannels(), reader.getsampwidth()) == (1, 2)
        frames = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
        return reader.getframerate(), reader.getnframes() / reader.getframerate(), frames


def _centroid(samples: np.ndarray, rate: int) -> float:
    """Where the sound's energy sits, in Hz: higher for a higher voice."""
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float64)))
    return float((np.fft.rfftfreq(len(samples), 1 / rate) * spectrum).sum() / spectrum.sum())


def test_a_reply_becomes_a_wav_of_sane_length_and_rate(joe):
    rate, seconds, frames = _wav(joe.speak(["Your balance is ten dollars."]))
    assert rate == 22050
    assert 1.0 < seconds < 4.0, seconds
    assert np.abs(frames.astype(int)).max() == pytest.approx(0.9 * 32767, abs=50)  # volume 0.9
    two = _wav(joe.speak(["Your balance is ten dollars.", "What else can I do?"]))[1]
    assert two > seconds + 0.3, "a pause and a second sentence"


def test_slower_is_longer_and_faster_is_shorter(joe):
    slow = _wav(joe.speak([LONG], SpeechProfile(rate_wpm=110)))[1]
    usual = _wav(joe.speak([LONG], SpeechProfile(rate_wpm=150)))[1]
    fast = _wav(joe.speak([LONG], SpeechProfile(rate_wpm=200)))[1]
    assert slow > usual > fast
    assert slow > fast * 1.4, (slow, fast)


def test_softer_is_quieter(joe):
    loud = _wav(joe.speak([LONG], SpeechProfile(volume=1.0)))[2]
    soft = _wav(joe.speak([LONG], SpeechProfile(volume=0.4)))[2]
    assert np.abs(soft.astype(int)).max() < 0.5 * np.abs(loud.astype(int)).max()


def test_pitch_moves_the_voice_but_not_the_length(joe):
    low_rate, low_seconds, low = _wav(joe.speak([LONG], SpeechProfile(pitch=10)))
    high_rate, high_seconds, high = _wav(joe.speak([LONG], SpeechProfile(pitch=90)))
    assert low_rate == high_rate == 22050
    assert high_seconds == pytest.approx(low_seconds, rel=0.2)
    assert _centroid(high, high_rate) > 1.2 * _centroid(low, low_rate)


def test_the_packaged_voice_is_the_default_and_warms_up(caplog):
    speaker = build_speaker(VoiceSettings())
    try:
        assert isinstance(speaker, WithFallback) and speaker.label == JOE
        with caplog.at_level(logging.WARNING):
            speaker.warm_up()
            assert _wav(speaker.speak(["Hello."]))[1] > 0.3
        assert speaker.label == JOE and not caplog.records
    finally:
        speaker.close()


def test_espeak_ng_speaks_when_the_voice_is_not_there(tmp_path, caplog):
    settings = VoiceSettings(piper_voice=tmp_path / "no-such-voice.onnx")
    with caplog.at_level(logging.WARNING):
        speaker = build_speaker(settings)
    try:
        assert isinstance(speaker, Speaker) and speaker.label == "espeak-ng"
        assert "no-such-voice.onnx" in caplog.text
        assert _wav(speaker.speak(["Your balance is ten dollars."]))[1] > 1.0
    finally:
        speaker.close()


def test_espeak_ng_speaks_when_the_voice_does_not_load(tmp_path, caplog):
    model = packaged_model()
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not an ONNX model")
    shutil.copy(f"{model}.json", f"{broken}.json")
    speaker = build_speaker(VoiceSettings(piper_voice=broken))
    try:
        assert speaker.label == "piper broken"
        with caplog.at_level(logging.WARNING):
            rate, seconds, frames = _wav(speaker.speak(["Your balance is ten dollars."]))
        assert seconds > 1.0 and speaker.label == "espeak-ng"
        assert "did not load" in caplog.text
        assert _wav(speaker.speak(["Still here."]))[1] > 0.3, "espeak-ng goes on speaking"
    finally:
        speaker.close()


def test_espeak_ng_when_chosen_or_when_the_bank_speaks_another_language():
    chosen = build_speaker(VoiceSettings(speech_output="espeak-ng"))
    other = build_speaker(VoiceSettings(), language="de")
    assert isinstance(chosen, Speaker) and isinstance(other, Speaker)


def test_asking_for_piper_without_its_voice_refuses_to_start(tmp_path):
    env = {"SPEECH_OUTPUT": "piper", "PIPER_VOICE": str(tmp_path / "none.onnx")}
    with pytest.raises(ConfigurationError, match="PIPER_VOICE"):
        VoiceSettings.from_env(env)
    assert VoiceSettings.from_env({"SPEECH_OUTPUT": "piper"}).speech_output == "piper"
    with pytest.raises(ConfigurationError, match="SPEECH_OUTPUT must be one of"):
        VoiceSettings.from_env({"SPEECH_OUTPUT": "festival"})


def test_whisper_hears_a_spoken_amount_as_it_was_meant(joe):
    from tests.voice.speech import words
    from voice.audio import to_pcm16k
    from voice.whisper import MODELS, WhisperRecognizer

    # The same shaping as /api/voice: amounts, card endings and dates in words.
    said = sentences([{"text": "Done. I sent $250.00 to Alice Wong."}], "USD")
    assert said == ["Done.", "I sent two hundred and fifty dollars to Alice Wong."]
    pcm = to_pcm16k(joe.speak(said)).data
    heard = WhisperRecognizer(MODELS["tiny.en"], ["Alice Wong"]).transcribe(pcm).text
    # Whisper writes the amount in digits or words, with or without "dollars": the
    # amount the assistant reads from it is what counts.
    from nlu.money import find_amounts

    assert [a.value for a in find_amounts(heard, "USD")] == [250], heard
    assert words(heard).startswith("done i sent") and words(heard).endswith("alice wong"), heard
