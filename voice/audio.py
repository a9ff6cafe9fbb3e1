"""Audio in: any upload to 16 kHz mono 16-bit PCM, or a clear refusal.

Contract: `to_pcm16k(data)` returns PCM that the recognisers take as it is,
or raises `AudioRejected` with a sentence for the customer and an HTTP status.
WAV is read with the standard library and checked strictly (PCM only, not cut
off); anything else (the WebM or Ogg that browsers record) is decoded with
PyAV, which bundles FFmpeg. Width and channels are converted with `audioop`;
the sample rate of every format with FFmpeg's resampler (through PyAV), whose
low-pass filter keeps sounds above 8 kHz from folding back into speech
(`audioop.ratecv` has none).

Try it: `tools/voice_check.py audio FILE` prints what the file becomes.
"""

from __future__ import annotations

import audioop
import io
import struct
import wave
from dataclasses import dataclass

from voice.errors import AudioRejected
from voice.vad import speech_seconds

RATE = 16_000
WIDTH = 2  # bytes per sample
# RMS of 16-bit samples below which a recording counts as silence (about -50 dBFS).
SILENCE_RMS = 100
MIN_SPEECH = 0.25  # seconds of voice activity; less is noise or a click
NOT_AUDIO = "That is not a recording I can use. Please send WAV, WebM or Ogg audio."


@dataclass(frozen=True)
class Pcm:
    """16 kHz mono 16-bit little-endian samples."""

    data: bytes

    @property
    def seconds(self) -> float:
        return len(self.data) / (RATE * WIDTH)

    def chunks(self, size: int = 8000) -> list[bytes]:
        """Pieces of `size` bytes (a quarter second by default), as a microphone delivers."""
        return [self.data[i : i + size] for i in range(0, len(self.data), size)]


def to_pcm16k(data: bytes, max_seconds: float = 30.0) -> Pcm:
    """Decode, convert and check one recording.

    Raises:
        AudioRejected: empty, not audio, cut off, too long, or silent.
    """
    if not data:
        raise AudioRejected("The recording is empty. Please hold the button and speak.")
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        pcm = _from_wav(data, max_seconds)
    else:
        pcm = _from_container(data, max_seconds)
    if pcm.seconds > max_seconds:
        raise _too_long(max_seconds)
    if pcm.seconds < 0.1:
        raise AudioRejected("The recording is too short. Please hold the button and speak.")
    if audioop.rms(pcm.data, WIDTH) < SILENCE_RMS or speech_seconds(pcm.data) < MIN_SPEECH:
        raise AudioRejected("I did not hear anything. Please hold the button and speak.", 422)
    return pcm


def _too_long(max_seconds: float) -> AudioRejected:
    return AudioRejected(
        f"That recording is too long. Please keep it under {max_seconds:.0f} seconds.", 413
    )


def _from_wav(data: bytes, max_seconds: float) -> Pcm:
    try:
        with wave.open(io.BytesIO(data)) as reader:
            channels, width, rate = (
                reader.getnchannels(),
                reader.getsampwidth(),
                reader.getframerate(),
            )
            declared = reader.getnframes()
            frames = reader.readframes(declared)
    except wave.Error as error:
        if "unknown format" in str(error):  # WAVE_FORMAT_EXTENSIBLE and friends
            return _from_container(data, max_seconds)
        raise AudioRejected(NOT_AUDIO, 415) from None
    except (EOFError, ValueError, RuntimeError, OverflowError, struct.error):
        # The standard library's chunk reader raises several kinds on malformed files.
        raise AudioRejected(NOT_AUDIO, 415) from None
    if width not in (1, 2, 3, 4) or channels < 1 or rate < 8_000:
        raise AudioRejected("Please send 8 to 32-bit PCM audio at 8 kHz or more.", 415)
    if len(frames) < declared * channels * width:
        raise AudioRejected("The recording was cut off. Please try again.")
    return Pcm(_convert(frames, width, channels, rate))


def _convert(frames: bytes, width: int, channels: int, rate: int) -> bytes:
    if width == 1:  # 8-bit WAV is unsigned
        frames = audioop.bias(frames, 1, -128)
    if width != WIDTH:
        frames = audioop.lin2lin(frames, width, WIDTH)
    if channels == 2:
        frames = audioop.tomono(frames, WIDTH, 0.5, 0.5)
    elif channels > 2:
        frames = _first_channel(frames, channels)
    if rate != RATE:
        frames = _resample(frames, rate)
    return frames


def _resample(frames: bytes, rate: int) -> bytes:
    """Mono 16-bit PCM at `rate` to 16 kHz with FFmpeg's anti-aliasing resampler."""
    import av
    import numpy as np

    frame = av.AudioFrame.from_ndarray(
        np.frombuffer(frames, dtype="<i2").reshape(1, -1), format="s16", layout="mono"
    )
    frame.sample_rate = rate
    resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
    out = bytearray()
    for converted in [*resampler.resample(frame), *resampler.resample(None)]:
        out += bytes(converted.planes[0])[: converted.samples * WIDTH]
    return bytes(out)


def _first_channel(frames: bytes, channels: int) -> bytes:
    step = WIDTH * channels
    return b"".join(frames[i : i + WIDTH] for i in range(0, len(frames), step))


def _from_container(data: bytes, max_seconds: float) -> Pcm:
    """Decode compressed audio, never holding more than `max_seconds` of it.

    A few KB of compressed silence can stand for hours of samples (a
    decompression bomb), so the declared duration is checked before decoding
    and decoding stops as soon as the output passes the limit.
    """
    import av  # imported here: only uploads that are not WAV need FFmpeg

    limit = int(max_seconds * RATE * WIDTH)
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            if not container.streams.audio:
                raise AudioRejected(NOT_AUDIO, 415)
            if _declared_seconds(container) > max_seconds:
                raise _too_long(max_seconds)
            resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
            out = bytearray()
            for frame in container.decode(audio=0):
                if frame.sample_rate and frame.samples / frame.sample_rate > max_seconds:
                    raise _too_long(max_seconds)
                for converted in resampler.resample(frame):
                    out += bytes(converted.planes[0])[: converted.samples * WIDTH]
                if len(out) > limit:
                    raise _too_long(max_seconds)
            for converted in resampler.resample(None):
                out += bytes(converted.planes[0])[: converted.samples * WIDTH]
    except AudioRejected:
        raise
    except (av.error.FFmpegError, ValueError, IndexError, RuntimeError, OverflowError):
        raise AudioRejected(NOT_AUDIO, 415) from None
    return Pcm(bytes(out))


def _declared_seconds(container) -> float:  # type: ignore[no-untyped-def]
    """The longest duration the container or its audio stream says it has (0 if unknown)."""
    stream = container.streams.audio[0]
    declared = [(container.duration or 0) / 1_000_000]
    if stream.duration and stream.time_base:
        declared.append(float(stream.duration * stream.time_base))
    return max(declared)


def wav_bytes(pcm: bytes, rate: int = RATE) -> bytes:
    """Wrap mono 16-bit PCM in a WAV header."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(WIDTH)
        writer.setframerate(rate)
        writer.writeframes(pcm)
    return buffer.getvalue()
