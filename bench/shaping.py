"""Shapings tried on the recogniser's audio and not deployed: slowed, high-passed, normalised,
dithered.

Contract: `TrialShaping(...).apply(pcm)` takes 16 kHz mono 16-bit PCM and returns
PCM of the same format, with the words unchanged: slowed down (FFmpeg's
`atempo`, pitch kept), a high-pass filter, the loudest sample brought near full
scale, each only when asked for, then padded as deployed (voice/shape.py), then
a faint steady hiss over all of it when asked for (the same on every run). A
`TrialShaping` goes wherever a deployed `Shaping` does (WhisperRecognizer,
voice.whisper.Second), for bench/asr_trials.py; what each bought is in README
"Voice" (none was kept).

Run alone: `python -m bench.shaping IN.wav OUT.wav [--tempo 0.85]`.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from voice.shape import RATE, Shaping, padded

PEAK = 0.9
MAX_GAIN = 20.0


@dataclass(frozen=True)
class TrialShaping(Shaping):
    """The deployed shaping (the pad) and the ones only tried.

    Attributes:
        tempo: speed factor (atempo, pitch kept); 1.0 leaves it, 0.85 makes
            190 words a minute read like 160.
        highpass_hz: cut rumble below this (0: no filter).
        normalise: bring the loudest sample to `PEAK` of full scale (at most
            `MAX_GAIN` times louder).
        dither_db: white noise at this level (dB of full scale, RMS) over the
            padded audio, as a room and a microphone give; 0: none. espeak-ng's
            speech and the pad are digitally silent between words, which no
            recording Whisper learnt from is.
    """

    tempo: float = 1.0
    highpass_hz: int = 0
    normalise: bool = False
    dither_db: float = 0.0

    def apply(self, pcm: bytes) -> bytes:
        out = _through(pcm, self.filters) if self.filters else pcm
        if self.normalise:
            out = _normalised(out)
        out = padded(out, self.pad_ms)
        return _dithered(out, self.dither_db) if self.dither_db else out

    def original_seconds(self, shaped: float) -> float:
        return super().original_seconds(shaped) * self.tempo

    @property
    def filters(self) -> list[tuple[str, str]]:
        chain = []
        if self.highpass_hz:
            chain.append(("highpass", f"f={self.highpass_hz}"))
        if self.tempo != 1.0:
            chain.append(("atempo", f"{self.tempo}"))
        return chain


def _normalised(pcm: bytes) -> bytes:
    import numpy as np

    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32)
    peak = float(np.abs(samples).max()) if samples.size else 0.0
    if peak == 0:
        return pcm
    gain = min(PEAK * 32767 / peak, MAX_GAIN)
    return np.clip(samples * gain, -32768, 32767).astype("<i2").tobytes()


def _dithered(pcm: bytes, level_db: float) -> bytes:
    import numpy as np

    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32)
    noise = np.random.default_rng(0).standard_normal(samples.size) * 32767 * 10 ** (level_db / 20)
    return np.clip(samples + noise, -32768, 32767).astype("<i2").tobytes()


def _through(pcm: bytes, chain: list[tuple[str, str]]) -> bytes:
    import av
    import numpy as np

    graph = av.filter.Graph()
    source = graph.add_abuffer(
        format="s16", sample_rate=RATE, layout="mono", time_base=Fraction(1, RATE)
    )
    # Some filters work in floating point: back to 16-bit mono at the end.
    last = ("aformat", f"sample_fmts=s16:channel_layouts=mono:sample_rates={RATE}")
    nodes = [source, *(graph.add(name, args) for name, args in [*chain, last])]
    sink = graph.add("abuffersink")
    for a, b in zip(nodes, [*nodes[1:], sink], strict=True):
        a.link_to(b)
    graph.configure()
    samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").reshape(1, -1)
    frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
    frame.sample_rate = RATE
    frame.pts = 0
    frame.time_base = Fraction(1, RATE)
    graph.push(frame)
    graph.push(None)
    out = []
    while True:
        try:
            got = graph.pull()
        except (av.error.BlockingIOError, av.error.EOFError):
            break
        out.append(got.to_ndarray().astype("<i2").tobytes())
    return b"".join(out)


def main() -> None:
    from voice.audio import to_pcm16k, wav_bytes

    parser = argparse.ArgumentParser(description="Shape a recording the way a trial would.")
    parser.add_argument("wav", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--tempo", type=float, default=1.0)
    parser.add_argument("--pad-ms", type=int, default=0)
    parser.add_argument("--highpass", type=int, default=0)
    parser.add_argument("--normalise", action="store_true")
    args = parser.parse_args()
    pcm = to_pcm16k(args.wav.read_bytes()).data
    shaping = TrialShaping(args.pad_ms, args.tempo, args.highpass, args.normalise)
    args.out.write_bytes(wav_bytes(shaping.apply(pcm)))


if __name__ == "__main__":
    main()
