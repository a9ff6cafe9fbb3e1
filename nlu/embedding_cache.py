"""Sentence embeddings of training texts kept on disk between trainings.

Embedding is most of the classifier's training time, and between two
trainings nearly all texts are the same. Rasa's own cache does not help
here: it keys a component's output on all of its input, so one new example
recomputes everything. This cache keys each vector on its text and on the
model's weights file, in one .npz file (no pickle).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assistant.settings import VAR_DIR

log = logging.getLogger(__name__)
DEFAULT_PATH = VAR_DIR / "cache" / "sentence_embeddings.npz"


def cached_encode(
    encode: Callable[[list[str]], np.ndarray], texts: list[str], path: Path = DEFAULT_PATH
) -> np.ndarray:
    """`encode(texts)`, taking the vectors it already made from `path` and adding the new ones."""
    known: dict[str, np.ndarray] = {}
    if path.exists():
        try:
            with np.load(path, allow_pickle=False) as stored:
                known = dict(zip(stored["texts"].tolist(), stored["vectors"], strict=True))
        except (OSError, ValueError, KeyError) as broken:
            log.warning("Ignoring the embedding cache %s: %s", path, broken)
    missing = sorted({t for t in texts if t not in known})
    if missing:
        known.update(zip(missing, encode(missing), strict=True))
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp.npz")
        vectors = np.stack(list(known.values()))
        np.savez(partial, texts=np.array(list(known), dtype=str), vectors=vectors)
        partial.replace(path)
    log.info("Embeddings: %d from the cache, %d new.", len(texts) - len(missing), len(missing))
    return np.stack([known[t] for t in texts]).astype(np.float32)


def cache_path(model_file: Path, folder: Path = DEFAULT_PATH.parent) -> Path:
    """One cache per weights file (path, size, time): new weights never reuse old vectors."""
    stat = model_file.stat()
    key = f"{model_file.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return folder / f"sentence_embeddings-{digest}.npz"
