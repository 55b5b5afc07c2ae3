"""The approximate indexes (HNSW, IVF): recall, filtered search, persistence, rebuild by kind."""

from __future__ import annotations

import numpy as np
import pytest

from search import dense
from search.dense import DenseIndex


@pytest.fixture(scope="module", params=["hnsw", "ivf"])
def data(request):
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(40, 32))
    vectors = centres[rng.integers(0, 40, 6000)] + rng.normal(scale=0.5, size=(6000, 32))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    rowids = np.arange(6000, dtype=np.int64) * 3 + 5  # rowids are not positions
    ivf_threshold = 1000 if request.param == "ivf" else 10**9
    index = DenseIndex.build(rowids, vectors, generation=1, exact_threshold=1000, ivf_threshold=ivf_threshold)
    assert index.kind == request.param
    queries = vectors[rng.integers(0, 6000, 20)] + rng.normal(scale=0.3, size=(20, 32)).astype(np.float32)
    return index, rowids, vectors, queries, rng


@pytest.mark.parametrize("share", [0.3, 0.05])
def test_filtered_hnsw_returns_the_allowed_nearest(data, share, monkeypatch):
    index, rowids, vectors, queries, rng = data
    monkeypatch.setattr(dense, "SUBSET_EXACT", 100)  # take the HNSW path, not the exact subset
    monkeypatch.setattr(DenseIndex, "_search_exact", lambda *a: pytest.fail("fell back to exact search"))
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


def test_recall_against_exact(data):
    index, rowids, vectors, queries, rng = data
    recalls = []
    for query in queries:
        truth = rowids[np.argsort(-(vectors @ query))[:10]]
        recalls.append(len({r for r, _ in index.search(query, 10)} & set(truth.tolist())) / 10)
    assert np.mean(recalls) >= 0.95


def test_saved_and_loaded_index_keeps_its_kind_and_settings(data, tmp_path):
    index, rowids, vectors, queries, rng = data
    index.save(tmp_path / "dense.faiss")
    loaded = DenseIndex.load(tmp_path / "dense.faiss")
    assert loaded.kind == index.kind and loaded.generation == 1
    if loaded.kind == "ivf":
        assert loaded.index.nprobe == dense.ivf_probes(loaded.index.nlist) > 1
    else:
        assert loaded.index.hnsw.efSearch == dense.HNSW_EF_SEARCH
    assert [r for r, _ in loaded.search(queries[0], 10)] == [r for r, _ in index.search(queries[0], 10)]
    subset = rowids[:30]  # narrow: exact search over vectors read back from the loaded index
    truth = subset[np.argsort(-(vectors[:30] @ queries[0]))[:5]]
    assert [r for r, _ in loaded.search(queries[0], 5, subset)] == truth.tolist()


def test_refresh_rebuilds_an_index_of_the_wrong_kind_for_its_size(tmp_path, monkeypatch):
    from nlp.records import Document, Passage
    from search.docstore import DocStore

    store = DocStore(tmp_path / "councilgraph.sqlite")
    vectors = np.random.default_rng(3).normal(size=(300, 8)).astype(np.float32)
    doc = Document(id="d", source="d.txt", text="x", content_hash="h", title="t", doc_type="report")
    passages = [Passage(f"d#{i}", "d", i, f"passage {i}", 0, 1, 1, "") for i in range(300)]
    with store.transaction():
        store.put_document(doc, passages, vectors)
    path = tmp_path / "dense.faiss"
    assert dense.refresh(store, path, exact_threshold=100).kind == "hnsw"
    monkeypatch.setattr(dense, "IVF_THRESHOLD", 200)  # a release that moves the tiers
    monkeypatch.setattr(dense, "IVF_MIN_PROBE", 4)
    assert dense.refresh(store, path, exact_threshold=100).kind == "ivf"
    assert DenseIndex.load(path).kind == "ivf"
    store.close()
