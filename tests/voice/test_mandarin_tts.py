"""The Mandarin voice (Kokoro, voice/mandarin_tts.py) speaks WAVs that Whisper hears as said."""

import io
import wave

import jiwer
import numpy as np
import pytest

from voice import mandarin_tts
from voice.errors import SpeechUnavailable
from voice.mandarin_tts import MandarinSpeaker, missing_packages
from voice.tts import SpeechProfile

pytestmark = [
    pytest.mark.speech,
    pytest.mark.skipif(
        bool(missing_packages()),
        reason=f"the Mandarin voice needs {', '.join(missing_packages())} "
        "(docs/voice.md, 'Mandarin voice')",
    ),
]

TRANSFER = "您要给王芳转账250元，对吗？"


@pytest.fixture(scope="module")
def speaker():
    speaker = MandarinSpeaker()
    yield speaker
    speaker.close()


@pytest.fixture(scope="module")
def transfer(speaker) -> bytes:
    return speaker.speak([TRANSFER])


def _wav(data: bytes) -> tuple[int, float, np.ndarray]:
    with wave.open(io.BytesIO(data)) as reader:
        assert (reader.getnchannels(), reader.getsampwidth()) == (1, 2)
        frames = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
        return reader.getframerate(), reader.getnframes() / reader.getframerate(), frames


def _syllables(text: str) -> list[str]:
    """Pinyin without tones, numbers as Chinese: what a listener hears, whatever the script."""
    import cn2an
    from pypinyin import lazy_pinyin

    return [s for s in lazy_pinyin(cn2an.transform(text, "an2cn")) if s.isascii() and s.isalpha()]


def test_whisper_hears_the_sentence(transfer):
    from faster_whisper import WhisperModel

    from voice.audio import to_pcm16k
    from voice.whisper import MODELS, model_folder

    whisper = WhisperModel(str(model_folder(MODELS["base"])), device="cpu", compute_type="int8")
    samples = np.frombuffer(to_pcm16k(transfer).data, dtype="<i2").astype(np.float32) / 32768
    segments, _ = whisper.transcribe(samples, language="zh", beam_size=5)
    heard = "".join(segment.text for segment in segments)
    said, got = " ".join(_syllables(TRANSFER)), " ".join(_syllables(heard))
    assert jiwer.wer(said, got) <= 0.25, f"Whisper heard {heard!r} ({got})"
    assert "er bai wu shi" in got, f"the amount, 250: Whisper heard {heard!r}"


def test_a_sentence_becomes_a_wav_of_sane_length_rate_and_level(transfer, speaker):
    rate, seconds, frames = _wav(transfer)
    assert rate == 24_000
    assert 1.5 < seconds < 6.0, seconds
    assert np.abs(frames.astype(int)).max() == pytest.approx(0.9 * 32767, abs=50)  # volume 0.9
    two = _wav(speaker.speak([TRANSFER, "好的。"]))[1]
    assert two > seconds + 0.5, "a pause and a second sentence"


def test_slower_is_longer_and_softer_is_quieter(transfer, speaker):
    usual = _wav(transfer)
    slow = _wav(speaker.speak([TRANSFER], SpeechProfile(rate_wpm=110, volume=0.4)))
    assert slow[1] > usual[1] * 1.2, (slow[1], usual[1])
    assert np.abs(slow[2].astype(int)).max() < 0.5 * np.abs(usual[2].astype(int)).max()


def test_numbers_are_read_as_chinese_numbers(speaker):
    # 250 is 二百五十 (er4 bai3 wu3 shi2): the tones are arrows in Kokoro's phonemes.
    assert speaker.phonemes("250元") == speaker.phonemes("二百五十元")


def test_a_model_that_is_not_the_reviewed_one_is_refused(monkeypatch):
    monkeypatch.setattr(mandarin_tts, "MODEL_SHA256", "0" * 64)
    with pytest.raises(SpeechUnavailable, match="not the files that were reviewed"):
        MandarinSpeaker().speak(["您好。"])


def test_an_unknown_voice_is_refused():
    with pytest.raises(SpeechUnavailable, match="No voice 'zf_xiaobei'"):
        MandarinSpeaker("zf_xiaobei").speak(["您好。"])


def test_float_convolutions_give_the_int8_models_audio():
    import importlib.util
    from pathlib import Path

    import onnxruntime

    parts = [importlib.util.find_spec(m).origin for m in mandarin_tts.MODEL_PACKAGES]
    model = b"".join((Path(origin).parent / "part.bin").read_bytes() for origin in parts)
    feed = {
        "tokens": np.array([[0, *range(43, 69), 0]], dtype=np.int64),
        "style": np.full((1, 256), 0.1, dtype=np.float32),
        "speed": np.array([1.0], dtype=np.float32),
    }
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    int8, floats = (
        onnxruntime.InferenceSession(m, options, providers=["CPUExecutionProvider"]).run(
            None, feed
        )[0]
        for m in (model, mandarin_tts.float_convolutions(model))
    )
    assert int8.shape == floats.shape
    assert np.abs(int8 - floats).max() < 1e-4
