from __future__ import annotations

import numpy as np
import pytest

from search.dense import DenseIndex, read_generation, refresh
from search.docstore import DocStore
from nlp.records import Document, Passage


def unit(n: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_exact_index_finds_each_vector_itself():
    vectors = unit(200)
    rowids = np.arange(1000, 1200)
    index = DenseIndex.build(rowids, vectors, generation=3)
    assert index.exact
    for i in (0, 57, 199):
        top, score = index.search(vectors[i], 1)[0]
        assert top == rowids[i] and score == pytest.approx(1.0, abs=1e-5)


def test_hnsw_above_threshold_has_high_recall():
    vectors = unit(3000, dim=32, seed=1)
    rowids = np.arange(3000) * 2 + 1
    approx = DenseIndex.build(rowids, vectors, 1, exact_threshold=1000)
    exact = DenseIndex.build(rowids, vectors, 1)
    assert not approx.exact and exact.exact
    queries = unit(50, dim=32, seed=2)
    recall = np.mean([
        len({r for r, _ in approx.search(q, 10)} & {r for r, _ in exact.search(q, 10)}) / 10 for q in queries
    ])
    assert recall >= 0.9


def test_filter_restricts_to_allowed_rowids():
    vectors = unit(100)
    rowids = np.arange(100)
    index = DenseIndex.build(rowids, vectors, 0)
    allowed = np.array([5, 17, 99, 1234])  # 1234 is not in the index
    hits = index.search(vectors[0], 10, allowed)
    assert {r for r, _ in hits} == {5, 17, 99}
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert index.search(vectors[0], 10, np.array([], dtype=np.int64)) == []


def test_broad_filter_on_hnsw_still_returns_only_allowed():
    vectors = unit(2000, dim=32, seed=3)
    index = DenseIndex.build(np.arange(2000), vectors, 0, exact_threshold=500)
    allowed = np.arange(0, 2000, 2)
    hits = index.search(vectors[10], 10, allowed)
    assert len(hits) == 10 and all(r % 2 == 0 for r, _ in hits)
    assert hits[0][0] == 10


def test_save_and_load_round_trip(tmp_path):
    vectors = unit(50)
    index = DenseIndex.build(np.arange(50) + 7, vectors, generation=11)
    path = tmp_path / "dense.faiss"
    index.save(path)
    loaded = DenseIndex.load(path)
    assert loaded.generation == 11 and read_generation(path) == 11
    assert loaded.search(vectors[3], 1)[0][0] == 10
    assert [p.name for p in tmp_path.iterdir()] == ["dense.faiss"]  # no temp file left behind


def test_empty_index_searches_to_nothing():
    index = DenseIndex.build(np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32), 0)
    assert index.search(np.ones(4, dtype=np.float32), 5) == []


def _put(store: DocStore, doc_id: str, vector: np.ndarray) -> None:
    doc = Document(id=doc_id, source=f"{doc_id}.txt", text="some text", content_hash=doc_id, title="",
                   doc_type="other")
    passage = Passage(f"{doc_id}#0", doc_id, 0, "some text", 0, 9, 1, "", "text")
    with store.transaction():
        store.put_document(doc, [passage], vector.reshape(1, -1))


def test_refresh_rebuilds_only_when_the_store_moved(tmp_path):
    store = DocStore(tmp_path / "db.sqlite")
    path = tmp_path / "dense.faiss"
    _put(store, "a", unit(1, seed=1)[0])
    first = refresh(store, path)
    assert first.size == 1 and first.generation == store.generation()
    stamp = path.stat().st_mtime_ns
    again = refresh(store, path)
    assert again.size == 1 and path.stat().st_mtime_ns == stamp  # loaded, not rebuilt
    _put(store, "b", unit(1, seed=2)[0])
    rebuilt = refresh(store, path)
    assert rebuilt.size == 2 and rebuilt.generation == store.generation()
    assert read_generation(path) == store.generation()


def test_refresh_recovers_from_a_corrupt_file(tmp_path):
    store = DocStore(tmp_path / "db.sqlite")
    _put(store, "a", unit(1)[0])
    path = tmp_path / "dense.faiss"
    path.write_bytes(b"not an index")
    assert refresh(store, path).size == 1
    assert read_generation(path) == store.generation()


def test_index_left_by_a_deleted_store_is_not_taken_for_a_new_one(tmp_path):
    """A store deleted and made again at the same path must not reuse the old store's index
    file (both stores have one passage at rowid 1: only the vector tells them apart)."""
    path = tmp_path / "dense.faiss"
    old = DocStore(tmp_path / "db.sqlite")
    _put(old, "old", unit(1, seed=1)[0])
    assert refresh(old, path).size == 1
    old_generation = old.generation()
    old.close()
    (tmp_path / "db.sqlite").unlink()
    new = DocStore(tmp_path / "db.sqlite")
    _put(new, "new", unit(1, seed=2)[0])
    assert new.generation() != old_generation
    index = refresh(new, path)
    _, score = index.search(unit(1, seed=2)[0], 1)[0]
    assert score == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("kind, thresholds", [
    ("exact", {}),
    ("hnsw", {"exact_threshold": 100}),
    ("ivf", {"exact_threshold": 100, "ivf_threshold": 200}),
])
def test_index_read_from_the_store_in_chunks_equals_one_built_from_the_matrix(tmp_path, kind, thresholds):
    """from_store() fills the index chunk by chunk (peak memory: the index plus one chunk); it must
    hold the same vectors at the same positions, and an IVF index the same trained lists."""
    store = DocStore(tmp_path / "db.sqlite")
    vectors = unit(700, dim=16, seed=4)
    for i, vector in enumerate(vectors):
        _put(store, f"d{i:04d}", vector)
    with store.transaction():
        store.delete_document("d0100")  # a gap in the rowids
    rowids, matrix = store.vectors()
    assert len(rowids) == 699 and rowids[99] + 2 == rowids[100]

    chunks = list(store.vector_chunks(size=64))
    assert len(chunks) == 11 and all(np.all(np.diff(c[0]) > 0) for c in chunks)
    np.testing.assert_array_equal(np.concatenate([c[1] for c in chunks]), matrix)
    np.testing.assert_array_equal(store.vectors_of(rowids[[5, 600, 3]]), matrix[[3, 5, 600]])

    streamed = DenseIndex.from_store(store, store.generation(), **thresholds)
    built = DenseIndex.build(rowids, matrix, store.generation(), **thresholds)
    assert streamed.kind == built.kind == kind
    np.testing.assert_array_equal(streamed.rowids, rowids)
    for query in unit(20, dim=16, seed=5):
        assert streamed.search(query, 10) == built.search(query, 10)
    saved = tmp_path / "dense.faiss"
    streamed.save(saved)
    loaded = DenseIndex.load(saved)
    assert loaded.kind == kind and loaded.search(matrix[42], 1)[0][0] == rowids[42]


@pytest.mark.parametrize("damage", ["flip", "truncate", "append"])
def test_a_damaged_index_file_is_rebuilt_not_trusted(tmp_path, damage):
    """The file's CRC-32 covers the rowids and vectors: one flipped bit in a vector (which FAISS
    would load without complaint), a cut-off end or trailing bytes make refresh rebuild it."""
    store = DocStore(tmp_path / "db.sqlite")
    vectors = unit(50, seed=7)
    for i, vector in enumerate(vectors):
        _put(store, f"d{i:02d}", vector)
    path = tmp_path / "dense.faiss"
    refresh(store, path)
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x10
    elif damage == "truncate":
        data = data[:-100]
    else:
        data += b"\0"
    path.write_bytes(bytes(data))
    assert read_generation(path) == store.generation()  # the header alone still looks current
    with pytest.raises(ValueError):
        DenseIndex.load(path)
    index = refresh(store, path)
    for i in (0, 25, 49):
        assert index.search(vectors[i], 1)[0][1] == pytest.approx(1.0, abs=1e-5)
    DenseIndex.load(path)  # rewritten whole
