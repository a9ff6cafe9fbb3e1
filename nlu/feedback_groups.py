"""Group messages by meaning, so a trainer reviews alike ones together.

Sentence embeddings (nlu/minilm.py) and agglomerative clustering on cosine
distance (scikit-learn): messages closer than `distance` join one group.
Groups come largest first; within a group, messages keep their order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from sklearn.cluster import AgglomerativeClustering

Embed = Callable[[list[str]], np.ndarray]
DISTANCE = 0.5  # cosine; "move my money into savings" vs "put some cash into my savings pot" 0.27


def group(texts: Sequence[str], embed: Embed, distance: float = DISTANCE) -> list[list[int]]:
    """Indexes of `texts`, grouped by similarity."""
    if len(texts) < 2:
        return [list(range(len(texts)))] if texts else []
    labels = AgglomerativeClustering(
        n_clusters=None, affinity="cosine", linkage="average", distance_threshold=distance
    ).fit_predict(embed(list(texts)))
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))
