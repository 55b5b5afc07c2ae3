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

import math
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from search.atomic import atomic_file
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
MAGIC = b"CGVECTOR1\n"  # file format: magic, generation, rowids, FAISS index stream, CRC-32
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
        if len(rowids) > 1 and not np.all(rowids[1:] > rowids[:-1]):
            order = np.argsort(rowids, kind="stable")
            rowids, vectors = rowids[order], vectors[order]
        dim = vectors.shape[1] if vectors.ndim == 2 and vectors.shape[1] else 1
        index = _empty_index(len(rowids), dim, exact_threshold, hnsw_m, ivf_threshold)
        if isinstance(index, faiss.IndexIVF):
            index.train(vectors[_training_sample(len(rowids), index.nlist)])
        if len(rowids):
            index.add(vectors)
        return cls(index, rowids, generation)

    @classmethod
    def from_store(
        cls,
        store,  # noqa: ANN001 - search.docstore.DocStore
        generation: int,
        exact_threshold: int = EXACT_THRESHOLD,
        hnsw_m: int = HNSW_M,
        ivf_threshold: int | None = None,
    ) -> DenseIndex:
        """The index of the store's vectors, read in chunks: peak memory is the index plus one
        chunk, not the index plus two copies of every vector (build() from one matrix)."""
        rowids = store.vector_rowids()
        if len(rowids) == 0:
            return cls.build(rowids, np.zeros((0, 0), dtype=np.float32), generation, exact_threshold, hnsw_m,
                             ivf_threshold)
        dim = store.vectors_of(rowids[:1]).shape[1]
        index = _empty_index(len(rowids), dim, exact_threshold, hnsw_m, ivf_threshold)
        if isinstance(index, faiss.IndexIVF):
            index.train(store.vectors_of(rowids[_training_sample(len(rowids), index.nlist)]))
        added = []
        for chunk_rowids, vectors in store.vector_chunks():
            index.add(vectors)
            added.append(chunk_rowids)
        # the rowids as read with the vectors: positions match even if the store moved meanwhile
        # (the generation is then stale and the next refresh rebuilds)
        return cls(index, np.concatenate(added) if added else rowids[:0], generation)

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
        """Write atomically (temp file, fsync, rename, fsync directory), the FAISS index streamed
        to the file: no second in-memory copy of the vectors (1.5 GB at 1M passages)."""
        with atomic_file(Path(path)) as out:
            crc = _CrcFile(out)
            out.write(MAGIC)
            crc.write(struct.pack("<qQ", self.generation, len(self.rowids)))
            crc.write(np.ascontiguousarray(self.rowids, dtype="<i8").tobytes())
            faiss.write_index(self.index, faiss.PyCallbackIOWriter(crc.write))
            out.write(struct.pack("<I", crc.crc))

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        """Raises ValueError when the file is not a whole index of this format (damaged,
        truncated, from another version): the caller rebuilds it from the store."""
        with open(path, "rb") as raw:
            if raw.read(len(MAGIC)) != MAGIC:
                raise ValueError(f"{path} is not a councilgraph vector index")
            crc = _CrcFile(raw)
            generation, count = struct.unpack("<qQ", crc.read_exactly(16))
            rowids = np.frombuffer(crc.read_exactly(8 * count), dtype="<i8").astype(np.int64)
            try:
                index = faiss.read_index(faiss.PyCallbackIOReader(crc.read))
            except RuntimeError as error:  # FAISS's own complaint about a cut-off or garbled stream
                raise ValueError(f"{path} is damaged ({str(error).splitlines()[0][:200]})") from error
            if struct.unpack("<I", raw.read(4) or b"\0\0\0\0")[0] != crc.crc or raw.read(1):
                raise ValueError(f"{path} is damaged (checksum mismatch)")
        if index.ntotal != count:
            raise ValueError(f"{path} is damaged ({index.ntotal} vectors for {count} rowids)")
        if isinstance(index, faiss.IndexHNSW):
            index.hnsw.efSearch = HNSW_EF_SEARCH
        elif isinstance(index, faiss.IndexIVF):
            index.nprobe = ivf_probes(index.nlist)
        return cls(index, rowids, generation)


class _CrcFile:
    """Reads or writes a file while keeping the CRC-32 of the bytes that passed."""

    def __init__(self, file) -> None:  # noqa: ANN001
        self.file = file
        self.crc = 0

    def write(self, data: bytes) -> None:
        self.file.write(data)
        self.crc = zlib.crc32(data, self.crc)

    def read(self, size: int) -> bytes:
        data = self.file.read(size)
        self.crc = zlib.crc32(data, self.crc)
        return data

    def read_exactly(self, size: int) -> bytes:
        data = self.read(size)
        if len(data) != size:
            raise ValueError("the index file ends early")
        return data


def _empty_index(size: int, dim: int, exact_threshold: int, hnsw_m: int, ivf_threshold: int | None) -> faiss.Index:
    """The untrained, empty index `size` vectors call for (see index_kind)."""
    kind = index_kind(size, exact_threshold, ivf_threshold)
    if kind == "exact":
        return faiss.IndexFlatIP(dim)
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
        return index
    nlist = max(1, int(IVF_LISTS_PER_SQRT * math.sqrt(size)))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
    index.nprobe = ivf_probes(nlist)
    return index


def _training_sample(size: int, nlist: int) -> np.ndarray:
    """Positions (ascending) of the vectors k-means is trained on: IVF_TRAIN_PER_LIST per list."""
    count = min(size, IVF_TRAIN_PER_LIST * nlist)
    return np.sort(np.random.default_rng(0).choice(size, count, replace=False))


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
        with open(path, "rb") as raw:
            head = raw.read(len(MAGIC) + 8)
    except OSError:
        return None
    if len(head) < len(MAGIC) + 8 or not head.startswith(MAGIC):
        return None
    return struct.unpack("<q", head[len(MAGIC):])[0]


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
    index = DenseIndex.from_store(store, generation, exact_threshold=exact_threshold)
    try:
        index.save(path)
    except OSError:
        pass  # a read-only data directory still gets a working in-memory index
    return index
