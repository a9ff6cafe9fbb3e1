"""Spoken replies made small for the network: Opus in Ogg, or the WAV as it is.

Contract: `compress(wav, accept)` returns `Encoded(data, mime)`; Opus in Ogg
when `accept` names `audio/ogg` (every current browser), the untouched WAV
otherwise (old browsers, or an FFmpeg build without libopus). Speech at
24 kbit/s Opus is about 3 kB per second against 32 kB for 16 kHz WAV.

Try it: `tools/voice_check.py compress reply.wav -o reply.ogg` prints the sizes.
"""

from __future__ import annotations

import io
import logging
import wave
from dataclasses import dataclass
from fractions import Fraction

import av

log = logging.getLogger(__name__)

WAV = "audio/wav"
OGG_OPUS = "audio/ogg; codecs=opus"
OPUS_RATE = 48_000  # libopus takes 8, 12, 16, 24 or 48 kHz; 48 kHz is what Ogg players expect
BIT_RATE = 24_000  # clear speech; lower starts to sound muffled to older ears


@dataclass(frozen=True)
class Encoded:
    """One spoken reply, ready to send."""

    data: bytes
    """The audio file's bytes."""
    mime: str
    """Its media type, for the browser's `data:` URL or Content-Type."""


def wants_opus(accept: str) -> bool:
    """Whether an Accept-style list ("audio/ogg, audio/wav") names Ogg or Opus."""
    return any(
        part.split(";")[0].strip() in ("audio/ogg", "audio/opus") for part in accept.split(",")
    )


def compress(wav: bytes, accept: str = "") -> Encoded:
    """The reply as Opus in Ogg when the browser accepts it, else the WAV unchanged."""
    if not wants_opus(accept):
        return Encoded(wav, WAV)
    try:
        return Encoded(wav_to_opus(wav), OGG_OPUS)
    except (av.FFmpegError, ValueError) as error:  # no libopus in this FFmpeg build
        log.warning("Sending WAV: Opus encoding failed (%s).", type(error).__name__)
        return Encoded(wav, WAV)


def wav_to_opus(wav: bytes, bit_rate: int = BIT_RATE) -> bytes:
    """Mono 16-bit WAV to Opus in an Ogg file."""
    with wave.open(io.BytesIO(wav)) as reader:
        if reader.getsampwidth() != 2:
            raise ValueError("Only 16-bit WAV can be compressed.")
        rate, channels = reader.getframerate(), reader.getnchannels()
        pcm = reader.readframes(reader.getnframes())
    out = io.BytesIO()
    with av.open(out, "w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=OPUS_RATE)
        stream.bit_rate = bit_rate
        stream.layout = "mono"
        resampler = av.AudioResampler(format="s16", layout="mono", rate=OPUS_RATE)
        layout = "mono" if channels == 1 else "stereo"
        frame = av.AudioFrame(format="s16", layout=layout, samples=len(pcm) // (2 * channels))
        frame.planes[0].update(pcm)
        frame.sample_rate = rate
        frame.time_base = Fraction(1, rate)
        frame.pts = 0
        for resampled in [*resampler.resample(frame), *resampler.resample(None)]:
            for packet in stream.encode(resampled):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()
