"""Decompression bombs: a few KB of FLAC that decode to minutes of silence."""

from __future__ import annotations

import io

import av
import numpy as np

RATE = 48_000


def flac_silence(seconds: int, declare_length: bool = True) -> bytes:
    """`seconds` of silence in FLAC's largest frames (about 1,000:1).

    With `declare_length=False` the STREAMINFO sample count is zeroed ("unknown"),
    so that only decoding can tell how long the file is.
    """
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="flac") as out:
        stream = out.add_stream("flac", rate=RATE)
        stream.layout = "mono"
        stream.options = {"frame_size": "65535"}
        second = np.zeros((1, RATE), dtype="<i2")
        for index in range(seconds):
            frame = av.AudioFrame.from_ndarray(second, format="s16", layout="mono")
            frame.sample_rate, frame.pts = RATE, index * RATE
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    data = bytearray(buffer.getvalue())
    if not declare_length:
        # "fLaC", a 4-byte block header, then STREAMINFO: the sample count is the
        # low 36 bits of the 8 bytes at offset 10.
        start = 4 + 4 + 10
        packed = int.from_bytes(data[start : start + 8], "big") & ~((1 << 36) - 1)
        data[start : start + 8] = packed.to_bytes(8, "big")
    return bytes(data)
