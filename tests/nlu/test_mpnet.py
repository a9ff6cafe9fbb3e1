"""The NumPy all-mpnet-base-v2 encoder (nlu/mpnet.py) against the Transformers library's.

The weights are not in the locks (bench/encoder_probe.py tries them): without the five
part packages the tests of the encoder are skipped.
"""

import importlib.metadata
import json
from pathlib import Path

import numpy as np
import pytest

from nlu.mpnet import PARTS, MPNetEncoder, relative_buckets

REFERENCE = json.loads((Path(__file__).parent / "mpnet_reference.json").read_text())


def _installed() -> bool:
    try:
        for package in PARTS:
            importlib.metadata.distribution(package)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


needs_weights = pytest.mark.skipif(not _installed(), reason="all-mpnet-base-v2 not installed")


def test_relative_buckets_are_exact_near_and_logarithmic_far():
    buckets = relative_buckets(200)
    assert buckets[0, 0] == 0
    # Keys before the query count up from 0, keys after it from 16, exact up to 7 apart.
    assert list(buckets[7, :8][::-1]) == list(range(8))
    assert list(buckets[0, 1:8]) == list(range(17, 24))
    # From 8 apart, 8 + 8 * log16(distance / 8) rounded down: 9 from 8 * 16 ** (1/8) =
    # 11.3 apart, the last bucket of each half (15, 31) from 8 * 16 ** (7/8) = 90.5 on.
    assert buckets[11, 0] == 8 and buckets[12, 0] == 9
    assert buckets[90, 0] == 14 and buckets[91, 0] == 15 and buckets[199, 0] == 15
    assert buckets[0, 90] == 30 and buckets[0, 91] == 31 and buckets[0, 199] == 31


@needs_weights
def test_same_vectors_as_transformers():
    # Made once with the Transformers library's MPNet (see "made_with" in the file);
    # the longest text is 36 pieces, past the exact distances into the logarithmic ones.
    mine = MPNetEncoder.load().encode(REFERENCE["texts"])
    theirs = np.array(REFERENCE["vectors"], dtype=np.float32)
    assert mine.shape == theirs.shape == (3, 768)
    assert np.abs(mine - theirs).max() < 1e-5
