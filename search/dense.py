"""The vector index: FAISS over the passage vectors kept in SQLite.

The index is a derived file. SQLite holds the vectors and a `generation` counter that every
write bumps; the index file records the generation it was built from, and is rebuilt when the
two differ. It is written to a temporary file, fsynced and renamed over the old one, so a reader
sees the old index or the new one, never half of one.

Below `exact_threshold` vectors the index is exact (IndexFlatIP); above it approximate, with
its recall against exact measured in bench/search_bench.py (bench/RESULTS.md): HNSW up to
`ivf_threshold`, IVF-Flat past it. At 1M clustered vectors HNSW (M=32) needed efSearch 8192
(35 ms a search) for recall@10 0.96 on the question vectors; IVF with 4k lists reached 0.98-1.0
on every query set probing 1/32 of its lists (~3 ms), and builds in half the time. On structureless
random vectors HNSW does far better than IVF, which is why the smaller tier stays HNSW.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from search.atomic import write_atomic
from search.filters import allowed_mask

EXACT_THRESHOLD = 50_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 3072  # 100k: recall@10 0.970 random / 1.000 question vectors, ~6 ms (bench/RESULTS.md)
IVF_THRESHOLD = 200_000  # from this many vectors up, IVF-Flat instead of HNSW
IVF_LISTS_PER_SQRT = 4  # nlist = 4 sqrt(n): 4,000 lists at 1M
IVF_PROBE_SHARE = 1 / 32  # share of the lists searched (nprobe 125 at 1M)
IVF_MIN_PROBE = 32
IVF_TRAIN_PER_LIST = 40  # k-means sample: 40 vectors per list
SUBSET_EXACT = 20_000  # a filter leaving fewer passages than this is searched exactly
FILTERED_EF_MAX = 4096  # efSearch cap for a filtered HNSW search


@dataclass
class DenseIndex:
    """A FAISS index plus the passage rowid of each of its positions (ascending)."""

    index: faiss.Index
    rowids: np.ndarray  # int64, sorted ascending; position i in the index is passage rowids[i]
    generation: int

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @property
    def exact(self) -> bool:
        return isinstance(self.index, faiss.IndexFlat)

    @property
    def kind(self) -> str:
        if self.exact:
            return "exact"
        return "ivf" if isinstance(self.index, faiss.IndexIVF) else "hnsw"

    @classmethod
    def build(
        cls,
        rowids: np.ndarray,
        vectors: np.ndarray,
        generation: int,
        exact_threshold: int = EXACT_THRESHOLD,
        hnsw_m: int = HNSW_M,
        ivf_threshold: int | None = None,
    ) -> DenseIndex:
        rowids = np.asarray(rowids, dtype=np.int64)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        order = np.argsort(rowids, kind="stable")
        rowids, vectors = rowids[order], vectors[order] if len(vectors) else vectors
        dim = vectors.shape[1] if vectors.ndim == 2 and vectors.shape[1] else 1
        kind = index_kind(len(rowids), exact_threshold, ivf_threshold)
        if kind == "exact":
            index: faiss.Index = faiss.IndexFlatIP(dim)
        elif kind == "hnsw":
            index = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
        else:
            nlist = max(1, int(IVF_LISTS_PER_SQRT * math.sqrt(len(rowids))))
            index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
            size = min(len(rowids), IVF_TRAIN_PER_LIST * nlist)
            sample = np.random.default_rng(0).choice(len(rowids), size, replace=False)
            index.train(vectors[np.sort(sample)])
            index.nprobe = ivf_probes(nlist)
        if len(rowids):
            index.add(vectors)
        return cls(index, rowids, generation)

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """The k nearest passages as (rowid, cosine), best first; `allowed` limits to those rowids."""
        if self.size == 0 or k <= 0:
            return []
        query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        if allowed is None:
            return self._search_all(query, min(k, self.size))
        mask = self._mask(allowed)
        count = int(np.count_nonzero(mask))
        if count == 0:
            return []
        k = min(k, count)
        if self.exact or count <= SUBSET_EXACT:
            return self._search_exact(query, mask, k)
        hits = self._search_selected(query, mask, count, k)
        return hits if len(hits) == k else self._search_exact(query, mask, k)

    def _search_selected(
        self, query: np.ndarray, mask: np.ndarray, count: int, k: int
    ) -> list[tuple[int, float]]:
        """Approximate search that only admits the allowed positions (a bitmap the HNSW walk or
        the IVF scan checks). A narrow filter leaves fewer allowed neighbours in reach, so
        efSearch / nprobe rise as the allowed share falls."""
        selector, _bitmap = _selector(mask)  # the selector reads _bitmap: keep it alive
        widen = 1 / max(count / self.size, 1e-9) ** 0.5
        if self.kind == "ivf":
            nprobe = int(min(self.index.nlist, self.index.nprobe * widen))
            params = faiss.SearchParametersIVF(sel=selector, nprobe=nprobe)
        else:
            ef = int(min(FILTERED_EF_MAX, self.index.hnsw.efSearch * widen))
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(ef, k))
        return self._hits(*self.index.search(query, k, params=params))

    def _search_exact(self, query: np.ndarray, mask: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The exact top k among the allowed: a brute-force scan that skips excluded positions
        (no copy of the allowed vectors)."""
        selector, _bitmap = _selector(mask)  # the selector reads _bitmap: keep it alive
        if self.kind == "ivf":
            index, params = self.index, faiss.SearchParametersIVF(sel=selector, nprobe=self.index.nlist)
        else:
            index = faiss.downcast_index(self.index.storage) if self.kind == "hnsw" else self.index
            params = faiss.SearchParameters(sel=selector)
        return self._hits(*index.search(query, k, params=params))

    def _search_all(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        return self._hits(*self.index.search(query, k))

    def _hits(self, scores: np.ndarray, positions: np.ndarray) -> list[tuple[int, float]]:
        return [(int(self.rowids[p]), float(s)) for s, p in zip(scores[0], positions[0]) if p >= 0]

    def _mask(self, allowed: np.ndarray) -> np.ndarray:
        return allowed_mask(self.rowids, allowed)

    # -- persistence ---------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write atomically: temp file in the same directory, fsync, rename, fsync directory."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        np.savez(
            buffer,
            index=faiss.serialize_index(self.index),
            rowids=self.rowids,
            generation=np.array([self.generation], dtype=np.int64),
        )
        write_atomic(path, buffer.getbuffer())

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        with np.load(path) as data:
            index = faiss.deserialize_index(data["index"])
            if isinstance(index, faiss.IndexHNSW):
                index.hnsw.efSearch = HNSW_EF_SEARCH
            elif isinstance(index, faiss.IndexIVF):
                index.nprobe = ivf_probes(index.nlist)
            return cls(index, data["rowids"].astype(np.int64), int(data["generation"][0]))


def _selector(mask: np.ndarray) -> tuple[faiss.IDSelector, np.ndarray]:
    """A faiss selector over index positions; keep the returned bitmap alive while it is used."""
    bitmap = np.packbits(mask, bitorder="little")
    return faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bitmap)), bitmap


def index_kind(size: int, exact_threshold: int = EXACT_THRESHOLD, ivf_threshold: int | None = None) -> str:
    """Which index `size` vectors get: "exact", "hnsw" or "ivf" (IVF_THRESHOLD by default)."""
    if size < exact_threshold:
        return "exact"
    return "hnsw" if size < (IVF_THRESHOLD if ivf_threshold is None else ivf_threshold) else "ivf"


def ivf_probes(nlist: int) -> int:
    return min(nlist, max(IVF_MIN_PROBE, round(nlist * IVF_PROBE_SHARE)))


def read_generation(path: Path) -> int | None:
    """The generation an index file was built from, or None if there is no readable file."""
    try:
        with np.load(path) as data:
            return int(data["generation"][0])
    except (OSError, ValueError, KeyError):
        return None


def refresh(store, path: Path, exact_threshold: int = EXACT_THRESHOLD) -> DenseIndex:
    """The index for `store` (a DocStore): loaded from `path` if current, else rebuilt and saved."""
    generation = store.generation()
    path = Path(path)
    if path.exists():
        try:
            index = DenseIndex.load(path)
        except (OSError, ValueError, KeyError, RuntimeError):
            index = None  # unreadable: rebuild below
        if index is not None and index.generation == generation and index.kind == index_kind(
            index.size, exact_threshold
        ):
            return index  # current, and of the kind its size calls for now
    rowids, vectors = store.vectors()
    index = DenseIndex.build(rowids, vectors, generation, exact_threshold=exact_threshold)
    try:
        index.save(path)
    except OSError:
        pass  # a read-only data directory still gets a working in-memory index
    return index
