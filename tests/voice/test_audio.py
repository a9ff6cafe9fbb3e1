"""Audio in: real recordings converted, bad uploads refused with a clear reason."""

import audioop
import io
import wave

import av
import pytest

from tests.voice.speech import espeak, sox
from voice.audio import RATE, to_pcm16k, wav_bytes
from voice.errors import AudioRejected

pytestmark = pytest.mark.speech


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    return espeak("what is my balance", tmp_path_factory.mktemp("a") / "speech.wav")


def test_espeak_wav_becomes_16k_mono(speech):
    pcm = to_pcm16k(speech.read_bytes())
    with wave.open(str(speech)) as original:
        seconds = original.getnframes() / original.getframerate()
    assert abs(pcm.seconds - seconds) < 0.05
    assert len(pcm.data) % 2 == 0 and audioop.rms(pcm.data, 2) > 500


@pytest.mark.parametrize(
    ("rate", "channels", "bits"), [(8000, 1, 8), (44100, 2, 16), (48000, 2, 24)]
)
def test_other_rates_widths_and_channels_are_converted(speech, tmp_path, rate, channels, bits):
    converted = tmp_path / "other.wav"
    sox(str(speech), "-r", str(rate), "-c", str(channels), "-b", str(bits), str(converted))
    pcm = to_pcm16k(converted.read_bytes())
    reference = to_pcm16k(speech.read_bytes())
    assert abs(pcm.seconds - reference.seconds) < 0.05
    assert audioop.rms(pcm.data, 2) > 0.3 * audioop.rms(reference.data, 2)


def test_wav_resampling_filters_out_what_16k_cannot_hold(speech, tmp_path):
    """A 12 kHz whistle in a 48 kHz WAV must not fold back into the speech band at 16 kHz."""
    voice, tone, mixed = tmp_path / "v48.wav", tmp_path / "t48.wav", tmp_path / "m48.wav"
    sox(str(speech), "-r", "48000", str(voice))
    seconds = to_pcm16k(speech.read_bytes()).seconds
    sox("-n", "-r", "48000", "-c", "1", "-b", "16", str(tone), "synth", str(seconds),
        "sine", "12000", "vol", "0.5")  # fmt: skip
    sox("-m", str(voice), str(tone), str(mixed))
    alone = audioop.rms(to_pcm16k(voice.read_bytes()).data, 2)
    with_whistle = audioop.rms(to_pcm16k(mixed.read_bytes()).data, 2)
    # sox -m halves each input: the speech alone at half level is what should remain.
    assert with_whistle < 0.6 * alone, (alone, with_whistle)


@pytest.mark.parametrize(("container", "codec"), [("webm", "libopus"), ("ogg", "libopus")])
def test_browser_recordings_are_decoded(speech, container, codec):
    reference = to_pcm16k(speech.read_bytes())
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container) as out:
        stream = out.add_stream(codec, rate=48000)
        stream.layout = "mono"
        resampler = av.AudioResampler(format="s16", layout="mono", rate=48000)
        frame = av.AudioFrame.from_ndarray(
            __import__("numpy").frombuffer(reference.data, dtype="<i2").reshape(1, -1),
            format="s16", layout="mono",
        )  # fmt: skip
        frame.sample_rate = RATE
        for piece in resampler.resample(frame):
            for packet in stream.encode(piece):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    pcm = to_pcm16k(buffer.getvalue())
    assert abs(pcm.seconds - reference.seconds) < 0.15
    assert audioop.rms(pcm.data, 2) > 0.3 * audioop.rms(reference.data, 2)


def test_empty_upload():
    with pytest.raises(AudioRejected, match="empty"):
        to_pcm16k(b"")


def test_silence_is_refused_as_unheard():
    with pytest.raises(AudioRejected, match="did not hear anything") as caught:
        to_pcm16k(wav_bytes(b"\0\0" * RATE * 2))
    assert caught.value.status == 422


def test_a_cut_off_wav_is_refused(speech):
    data = speech.read_bytes()
    with pytest.raises(AudioRejected, match="cut off"):
        to_pcm16k(data[: len(data) // 2])


@pytest.mark.parametrize(
    "data",
    [b"RIFF\x00\x00\x00\x00WAVEjunkjunk", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, b"hello there",
     b"OggS" + b"\xff" * 200,
     # Found by fuzzing /api/voice: a fmt chunk followed by junk made wave raise RuntimeError.
     b"RIFF$\x08\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x80>\x00\x00\xd7\x14"
     b"\x84\xf8\xcf\x9b\xf4\xb7oG\x90G0\x80K\x9e2%\xa9\xf13\xb5\xde\xa1"],
)  # fmt: skip
def test_corrupt_and_non_audio_uploads_are_415(data):
    with pytest.raises(AudioRejected) as caught:
        to_pcm16k(data)
    assert caught.value.status == 415
    assert "WAV, WebM or Ogg" in str(caught.value)


def test_too_long_is_413(speech):
    pcm = to_pcm16k(speech.read_bytes())
    with pytest.raises(AudioRejected, match="too long") as caught:
        to_pcm16k(wav_bytes(pcm.data * 40), max_seconds=30)
    assert caught.value.status == 413


@pytest.mark.parametrize("declare_length", [True, False])
def test_a_decompression_bomb_is_refused_without_decoding_it_all(declare_length):
    """14 KB of FLAC that declares (or hides) ten minutes of audio: refused, memory stays small."""
    import tracemalloc

    from tests.voice.bombs import flac_silence

    bomb = flac_silence(600, declare_length=declare_length)
    assert len(bomb) < 20_000
    tracemalloc.start()
    try:
        with pytest.raises(AudioRejected) as rejected:
            to_pcm16k(bomb, max_seconds=30)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rejected.value.status == 413 and "too long" in str(rejected.value)
    # Ten minutes of 16 kHz PCM is 19 MB; thirty seconds is under 1 MB.
    assert peak < 4 * 1024 * 1024, f"{peak / 1e6:.1f} MB decoded before refusing"
