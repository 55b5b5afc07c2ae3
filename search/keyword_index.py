"""The keyword index: FTS5's BM25, precomputed per term into a sparse matrix held in memory.

SQLite FTS5 ranks an OR query by scoring every row that holds any of its terms, so a common word
costs a scan of most of the store (823 ms p95 at 1M synthetic passages, bench/RESULTS.md).
BM25 is a sum over the query's terms of idf(term) x sat(term, passage), where sat depends only on
the term's (column-weighted) frequency in the passage and the passage's length. Both are fixed
between ingests, so they are computed once: a matrix with one column per term, holding sat for
each passage that has the term, and an idf per term. A query adds up a few columns and takes the
top k.

The figures are FTS5's own, column weights included (tests/search/test_keyword_index.py checks
the scores against bm25()): k1 = 1.2, b = 0.75, idf = log((N - n + 0.5) / (n + 0.5)) floored at
1e-6, document length = tokens in all columns, term frequency weighted by column.

Like the FAISS file (search.dense) the index is derived from SQLite: it records the store's
`generation`, is rebuilt when that moves or the file is unreadable, and is written to a temporary
file, fsynced and renamed over the old one, so a reader sees the old index or the new one.
"""

from __future__ import annotations

import json
import sqlite3
import struct
import threading
import zlib
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from search.atomic import write_atomic
from search.filters import allowed_mask
from search.keyword_tokens import fts5_stems, stems, words

K1 = 1.2
B = 0.75
IDF_FLOOR = 1e-6  # FTS5: a term in more than half the rows still counts, barely
MAGIC = b"councilgraph-keyword-v1\n"
CHUNK = 50_000  # passages tokenised between two numpy passes (bounds the build's memory)

# text, section, title: as FTS5 stores them for a passage
ROWS_SQL = (
    "SELECT p.rowid, p.text, p.section, d.title FROM passages p JOIN documents d ON d.id = p.document_id"
    " ORDER BY p.rowid"
)


@dataclass
class KeywordIndex:
    """Per-term BM25 saturation for each passage holding the term, in CSC order (by term)."""

    rowids: np.ndarray  # int64 [N], ascending: position i is passage rowids[i]
    indptr: np.ndarray  # int64 [T + 1]: term t's postings are [indptr[t], indptr[t + 1])
    positions: np.ndarray  # int32 [nnz]: passage positions, ascending within a term
    sat: np.ndarray  # float32 [nnz]: f (k1 + 1) / (f + k1 (1 - b + b D / avgdl))
    terms: list[str]  # the stem of each column
    generation: int
    weights: tuple[float, ...]
    vocab: dict[str, int] = field(init=False, repr=False)
    idf: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.vocab = {term: i for i, term in enumerate(self.terms)}
        self.idf = idf(len(self.rowids), np.diff(self.indptr))

    @property
    def size(self) -> int:
        return len(self.rowids)

    # -- querying ----------------------------------------------------------------------------

    def search(
        self,
        db: sqlite3.Connection,
        query_terms: Sequence[str],
        k: int,
        allowed: Sequence[int] | np.ndarray | None = None,
    ) -> list[tuple[int, float]]:
        """The k best passages holding any of the terms, as (rowid, BM25), best first.

        A term FTS5 cuts into several tokens ("2024-25", "working-age") is a phrase: the index
        keeps no positions, so FTS5 scores that one phrase (its matches only, few) in `db`."""
        if k <= 0 or self.size == 0:
            return []
        scores = np.zeros(self.size, dtype=np.float64)
        matched = False
        for term in query_terms:
            found = stems(term)
            if len(found) == 1:
                t = self.vocab.get(found[0])
                if t is None:
                    continue
                lo, hi = self.indptr[t], self.indptr[t + 1]
                scores[self.positions[lo:hi]] += self.idf[t] * self.sat[lo:hi]  # unique within a term
                matched = True
            elif len(found) > 1:
                rowids, phrase = self._phrase(db, term)
                at = np.searchsorted(self.rowids, rowids)
                inside = (at < self.size) & (self.rowids[np.minimum(at, self.size - 1)] == rowids)
                scores[at[inside]] += phrase[inside]
                matched = matched or bool(inside.any())
        if not matched:
            return []
        candidates = np.flatnonzero(scores)
        if allowed is not None:
            candidates = candidates[self.mask_of(allowed)[candidates]]
        if len(candidates) > k:
            candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
        rowids = self.rowids[candidates]
        order = np.lexsort((rowids, -scores[candidates]))
        return [(int(rowids[i]), float(scores[candidates[i]])) for i in order]

    def _phrase(self, db: sqlite3.Connection, term: str) -> tuple[np.ndarray, np.ndarray]:
        """FTS5's BM25 share of one quoted phrase, for every row that holds it."""
        try:
            rows = db.execute(
                "SELECT rowid, -bm25(passages_fts, ?, ?, ?) FROM passages_fts WHERE passages_fts MATCH ?",
                (*self.weights, '"' + term.replace('"', '""') + '"'),
            ).fetchall()
        except sqlite3.OperationalError:
            rows = []
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        found = np.asarray(rows, dtype=np.float64)
        return found[:, 0].astype(np.int64), found[:, 1]

    def mask_of(self, allowed: Sequence[int] | np.ndarray) -> np.ndarray:
        """A boolean per index position: is its passage among the allowed rowids?"""
        return allowed_mask(self.rowids, allowed)

    # -- persistence ---------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write atomically: temp file in the same directory, fsync, rename, fsync directory."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        vocab = "\n".join(self.terms).encode("utf-8")
        parts = [
            np.ascontiguousarray(self.rowids, dtype="<i8").tobytes(),
            np.ascontiguousarray(self.indptr, dtype="<i8").tobytes(),
            np.ascontiguousarray(self.positions, dtype="<i4").tobytes(),
            np.ascontiguousarray(self.sat, dtype="<f4").tobytes(),
            vocab,
        ]
        crc = 0
        for part in parts:
            crc = zlib.crc32(part, crc)
        header = json.dumps({
            "generation": self.generation, "weights": list(self.weights), "k1": K1, "b": B,
            "docs": len(self.rowids), "terms": len(self.terms), "nnz": len(self.positions),
            "vocab_bytes": len(vocab), "crc32": crc,
        }).encode()
        write_atomic(path, [MAGIC + struct.pack("<Q", len(header)) + header, *parts])

    @classmethod
    def load(cls, path: Path) -> KeywordIndex:
        """Read an index file; ValueError when it is not a whole, intact one."""
        data = Path(path).read_bytes()
        if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 8:
            raise ValueError(f"{path} is not a keyword index file")
        at = len(MAGIC)
        (size,) = struct.unpack_from("<Q", data, at)
        at += 8
        try:
            header = json.loads(data[at : at + size])
            docs, terms, nnz, vocab_bytes = (int(header[k]) for k in ("docs", "terms", "nnz", "vocab_bytes"))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path} has an unreadable header") from error
        at += size
        body = memoryview(data)[at:]
        expected = 8 * docs + 8 * (terms + 1) + 4 * nnz + 4 * nnz + vocab_bytes
        if len(body) != expected or zlib.crc32(body) != header["crc32"]:
            raise ValueError(f"{path} is truncated or corrupt")
        offset = 0

        def take(dtype: str, count: int) -> np.ndarray:
            nonlocal offset
            array_ = np.frombuffer(body, dtype=dtype, count=count, offset=offset)
            offset += array_.nbytes
            return array_

        rowids, indptr = take("<i8", docs), take("<i8", terms + 1)
        positions, sat = take("<i4", nnz), take("<f4", nnz)
        vocab = bytes(body[offset:]).decode("utf-8")
        return cls(rowids, indptr, positions, sat, vocab.split("\n") if terms else [],
                   int(header["generation"]), tuple(header["weights"]))


def idf(n_docs: int, df: np.ndarray) -> np.ndarray:
    """FTS5's idf: log((N - n + 0.5) / (n + 0.5)), at least 1e-6."""
    df = np.asarray(df, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.log((n_docs - df + 0.5) / (df + 0.5))
    return np.where(np.isfinite(values) & (values > 0), values, IDF_FLOOR)


# -- building --------------------------------------------------------------------------------


class _Ids(dict):
    """word -> id, a new id for each new word (in first-seen order)."""

    def __missing__(self, key: str) -> int:
        value = self[key] = len(self)
        return value


class _Builder:
    def __init__(self, weights: Sequence[float]) -> None:
        self.weights = np.asarray(weights, dtype=np.float64)
        self.words = _Ids()  # unstemmed word -> word id
        self.stems = _Ids()  # stem -> term id
        self.word_first = np.zeros(0, dtype=np.int64)  # word id -> its stem id (-1: none)
        self.word_count = np.zeros(0, dtype=np.int64)  # how many tokens FTS5 makes of the word
        self.word_stems: dict[int, tuple[int, ...]] = {}  # words FTS5 cuts into several tokens
        self.field_cache: dict[str, list[int]] = {}
        self.chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.lengths: list[np.ndarray] = []
        self.rowids = array("q")

    def _field(self, text: str, cache: bool) -> list[int]:
        if cache:
            hit = self.field_cache.get(text)
            if hit is not None:
                return hit
        ids = list(map(self.words.__getitem__, words(text)))
        if cache and len(self.field_cache) < 100_000:
            self.field_cache[text] = ids
        return ids

    def add_chunk(self, rows: Sequence[tuple[int, str, str, str]]) -> None:
        word_ids = array("i")
        lengths = array("i")  # tokens per (passage, column), 3 per passage
        for rowid, text, section, title in rows:
            self.rowids.append(rowid)
            for value, cache in ((text, False), (section or "", True), (title or "", True)):
                ids = self._field(value, cache)
                word_ids.extend(ids)
                lengths.append(len(ids))
        self._stem_new_words()
        n = len(rows)
        ids = np.frombuffer(word_ids, dtype=np.int32).astype(np.int64)
        segment = np.repeat(np.arange(3 * n), np.frombuffer(lengths, dtype=np.int32))
        doc, column = segment // 3, segment % 3
        weight = self.weights[column]
        counts = self.word_count[ids]
        self.lengths.append(np.bincount(doc, weights=counts, minlength=n))

        one = counts == 1
        terms = [self.word_first[ids[one]]]
        docs, ws = [doc[one]], [weight[one]]
        for i in np.flatnonzero(counts > 1):  # rare: FTS5 cuts the word in several tokens
            for stem in self.word_stems[int(ids[i])]:
                terms.append(np.array([stem]))
                docs.append(doc[i : i + 1])
                ws.append(weight[i : i + 1])

        term = np.concatenate(terms)
        docs_ = np.concatenate(docs)
        key = term * n + docs_
        unique, inverse = np.unique(key, return_inverse=True)
        freq = np.bincount(inverse, weights=np.concatenate(ws))
        first = len(self.rowids) - n
        self.chunks.append(((unique // n).astype(np.int32), (unique % n + first).astype(np.int32),
                            freq.astype(np.float32)))

    def _stem_new_words(self) -> None:
        known = len(self.word_count)
        new = list(self.words)[known:] if len(self.words) > known else []
        if not new:
            return
        first = np.full(len(new), -1, dtype=np.int64)
        count = np.zeros(len(new), dtype=np.int64)
        for i, found in enumerate(fts5_stems(new)):
            ids = tuple(self.stems[s] for s in found)
            count[i] = len(ids)
            if ids:
                first[i] = ids[0]
            if len(ids) > 1:
                self.word_stems[known + i] = ids
        self.word_first = np.concatenate([self.word_first, first])
        self.word_count = np.concatenate([self.word_count, count])

    def finish(self, generation: int, weights: tuple[float, ...]) -> KeywordIndex:
        rowids = np.frombuffer(self.rowids, dtype=np.int64).copy()
        n_docs = len(rowids)
        terms_all = list(self.stems)
        if self.chunks:
            term = np.concatenate([c[0] for c in self.chunks])
            positions = np.concatenate([c[1] for c in self.chunks])
            freq = np.concatenate([c[2] for c in self.chunks])
            self.chunks.clear()
            order = np.argsort(term, kind="stable")  # chunks are in passage order: stays ascending
            term, positions, freq = term[order], positions[order], freq[order]
            del order
            length = np.concatenate(self.lengths)
        else:
            term = np.zeros(0, dtype=np.int64)
            positions = np.zeros(0, dtype=np.int32)
            freq = np.zeros(0, dtype=np.float32)
            length = np.zeros(0)
        indptr = np.zeros(len(terms_all) + 1, dtype=np.int64)
        np.cumsum(np.bincount(term, minlength=len(terms_all)), out=indptr[1:])
        avgdl = float(length.sum()) / max(n_docs, 1) or 1.0
        norm = (K1 * (1.0 - B + B * length / avgdl)).astype(np.float32)
        sat = (freq * np.float32(K1 + 1.0)) / (freq + norm[positions])
        return KeywordIndex(rowids, indptr, positions, sat.astype(np.float32), terms_all, generation, weights)


def build(
    rows: Iterable[tuple[int, str, str, str]], generation: int, weights: Sequence[float], chunk: int = CHUNK
) -> KeywordIndex:
    """An index over (rowid, text, section, title) rows given in ascending rowid order."""
    builder = _Builder(weights)
    batch: list[tuple[int, str, str, str]] = []
    for row in rows:
        batch.append(tuple(row))  # type: ignore[arg-type]
        if len(batch) >= chunk:
            builder.add_chunk(batch)
            batch = []
    if batch:
        builder.add_chunk(batch)
    return builder.finish(generation, tuple(float(w) for w in weights))


# -- the index of a store, rebuilt when the store's generation moves ---------------------------

_cache: dict[str, KeywordIndex] = {}
_lock = threading.Lock()


def store_file(db: sqlite3.Connection) -> Path | None:
    """The file behind the connection's main database; None for an in-memory one."""
    for row in db.execute("PRAGMA database_list"):
        if row[1] == "main":
            return Path(row[2]) if row[2] else None
    return None


def index_path(sqlite_file: Path) -> Path:
    """Where the keyword index of a store lives: beside its SQLite file."""
    return Path(sqlite_file).with_suffix(".keywords")


def store_generation(db: sqlite3.Connection) -> int | None:
    """The store's write counter (search.docstore); None when `db` is not a passage store."""
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        db.execute("SELECT 1 FROM passages LIMIT 0")
    except sqlite3.OperationalError:
        return None
    return int(row[0]) if row else 0


def build_from(db: sqlite3.Connection, generation: int, weights: Sequence[float]) -> KeywordIndex:
    cursor = db.execute(ROWS_SQL)
    return build(_rows(cursor), generation, weights)


def _rows(cursor: sqlite3.Cursor) -> Iterable[tuple[int, str, str, str]]:
    while batch := cursor.fetchmany(10_000):
        for row in batch:
            yield row[0], row[1], row[2], row[3]


def refresh(
    db: sqlite3.Connection, weights: Sequence[float], path: Path | None = None
) -> KeywordIndex | None:
    """The current index of the store behind `db`: kept in memory, else loaded from its file,
    else built and saved (a file that is stale, built with other weights, or unreadable is
    rebuilt). None when `db` is not a passage store."""
    generation = store_generation(db)
    if generation is None:
        return None
    weights = tuple(float(w) for w in weights)
    file = store_file(db)
    if file is None and path is None:  # an in-memory store: nothing to keep it against
        return build_from(db, generation, weights)
    path = Path(path) if path is not None else index_path(file)  # type: ignore[arg-type]
    key = str(path.resolve())
    current = _cache.get(key)
    if current is not None and current.generation == generation and current.weights == weights:
        return current
    with _lock:
        current = _cache.get(key)
        if current is not None and current.generation == generation and current.weights == weights:
            return current
        index = None
        if path.exists():
            try:
                index = KeywordIndex.load(path)
            except (OSError, ValueError):
                index = None  # unreadable: rebuilt below
            if index is not None and (index.generation != generation or index.weights != weights):
                index = None
        if index is None:
            index = build_from(db, generation, weights)
            try:
                index.save(path)
            except OSError:
                pass  # a read-only data directory still gets a working in-memory index
        _cache[key] = index
        return index
