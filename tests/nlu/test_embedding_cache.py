import numpy as np

from nlu.embedding_cache import cached_encode


def test_vectors_are_made_once_and_come_back_in_order(tmp_path):
    calls: list[list[str]] = []

    def encode(texts):
        calls.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)

    path = tmp_path / "cache.npz"
    first = cached_encode(encode, ["pay my bill", "hi", "pay my bill"], path)
    again = cached_encode(encode, ["hi", "what is my balance"], path)
    assert first.tolist() == [[11, 1], [2, 1], [11, 1]]
    assert again.tolist() == [[2, 1], [18, 1]]
    assert calls == [["hi", "pay my bill"], ["what is my balance"]], "each text embedded once"


def test_a_broken_cache_is_ignored(tmp_path):
    path = tmp_path / "cache.npz"
    path.write_bytes(b"not a cache")
    out = cached_encode(lambda texts: np.ones((len(texts), 2), dtype=np.float32), ["a"], path)
    assert out.tolist() == [[1, 1]]
