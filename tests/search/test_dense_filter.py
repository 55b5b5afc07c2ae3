"""Filtered search on the approximate (HNSW) index: only allowed passages, and the right ones."""

from __future__ import annotations

import numpy as np
import pytest

from search import dense
from search.dense import DenseIndex


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(40, 32))
    vectors = centres[rng.integers(0, 40, 6000)] + rng.normal(scale=0.5, size=(6000, 32))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    rowids = np.arange(6000, dtype=np.int64) * 3 + 5  # rowids are not positions
    index = DenseIndex.build(rowids, vectors, generation=1, exact_threshold=1000)
    assert not index.exact
    queries = vectors[rng.integers(0, 6000, 20)] + rng.normal(scale=0.3, size=(20, 32)).astype(np.float32)
    return index, rowids, vectors, queries, rng


@pytest.mark.parametrize("share", [0.3, 0.05])
def test_filtered_hnsw_returns_the_allowed_nearest(data, share, monkeypatch):
    index, rowids, vectors, queries, rng = data
    monkeypatch.setattr(dense, "SUBSET_EXACT", 100)  # take the HNSW path, not the exact subset
    monkeypatch.setattr(DenseIndex, "_exact_subset", lambda *a: pytest.fail("fell back to exact search"))
    chosen = rng.choice(len(rowids), int(share * len(rowids)), replace=False)
    allowed = rowids[chosen]
    recalls = []
    for query in queries:
        hits = index.search(query, 10, allowed)
        assert len(hits) == 10 and {r for r, _ in hits} <= set(allowed.tolist())
        truth = rowids[chosen[np.argsort(-(vectors[chosen] @ query))[:10]]]
        recalls.append(len({r for r, _ in hits} & set(truth.tolist())) / 10)
    assert np.mean(recalls) >= 0.9


def test_a_narrow_filter_is_searched_exactly(data):
    index, rowids, vectors, queries, rng = data
    chosen = rng.choice(len(rowids), 50, replace=False)
    hits = index.search(queries[0], 10, rowids[chosen])
    truth = rowids[chosen[np.argsort(-(vectors[chosen] @ queries[0]))[:10]]]
    assert [r for r, _ in hits] == truth.tolist()
