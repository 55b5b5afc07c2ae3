"""Search filters: council, document type, date range and mentioned entity.

Council, type and date belong to documents, and there are few documents next to passages, so the
documents are filtered in SQL and their passages taken from a table kept in memory per store
generation (document id -> its passage rowids). Asking SQLite for every passage of the allowed
documents instead costs a row per passage each query: 180 ms for a filter allowing 200k of 1M
passages, against a few milliseconds from memory. The entity filter is a lookup in
passage_entities, intersected with the rest.

Users repeat filters (the same council, type or year), so the allowed set is kept too: a small
LRU of (store, generation, normalised filter) -> rowids, bounded in entries and bytes, emptied for
a store whose generation moves. Each kept set also keeps its masks over the keyword and vector
indexes' positions, so a repeated filter costs no concatenation, sort or membership test at all
(bench/filter_bench.py).
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from search.docstore import DocStore

CACHE_ENTRIES = 8  # allowed sets kept
CACHE_BYTES = 64 * 2**20  # ... and their bytes, masks included (1M rowids are 8 MB, a mask 1 MB)
MASKS_PER_ENTRY = 2  # one for the keyword index, one for the vector index
LOOKUP_SPAN = 16  # masks by a table of rowids when the largest is below 16x their count


def _ascii_lower(text: str | None) -> str | None:
    # SQLite's lower() folds ASCII only; so must the cache key, or two filters SQLite tells apart
    # ("CAFÉ", "cafÉ" vs "café") would share an entry. bytes.lower() folds ASCII only.
    return text.encode("utf-8").lower().decode("utf-8") if text else None


@dataclass(frozen=True, slots=True)
class Filters:
    council: str | None = None  # name or id, any case
    doc_type: str | None = None
    date_from: str | None = None  # ISO date (or date-time); inclusive
    date_to: str | None = None  # ISO date (the whole day) or date-time; inclusive
    entity: str | None = None  # IRI of an entity the passage mentions

    def __bool__(self) -> bool:
        return any((self.council, self.doc_type, self.date_from, self.date_to, self.entity))

    def kwargs(self) -> dict[str, str | None]:
        """The filters as search.index.search's keyword arguments."""
        return {"council": self.council, "doc_type": self.doc_type, "date_from": self.date_from,
                "date_to": self.date_to, "entity": self.entity}

    def key(self) -> tuple[str | None, ...]:
        """Equal for filters that select the same passages as SQL reads them (case of council and
        type folded as SQLite folds it, "" as None)."""
        return (_ascii_lower(self.council), _ascii_lower(self.doc_type), self.date_from or None,
                self.date_to or None, self.entity or None)

    def document_sql(self) -> tuple[str, list[object]]:
        """A WHERE clause over `documents d` for the document-level filters ("" when none)."""
        clauses: list[str] = []
        params: list[object] = []
        if self.council:
            clauses.append("(lower(d.council_id) = lower(?) OR lower(d.council) = lower(?))")
            params += [self.council, self.council]
        if self.doc_type:
            clauses.append("lower(d.doc_type) = lower(?)")
            params.append(self.doc_type)
        if self.date_from:
            clauses.append("d.date >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("d.date <= ?")
            # a bare date includes the whole of that day
            params.append(self.date_to + ("T99" if len(self.date_to) == 10 else ""))
        return " AND ".join(clauses), params


def allowed_mask(rowids: np.ndarray, allowed: Sequence[int] | np.ndarray) -> np.ndarray:
    """A boolean per position of `rowids` (ascending): is that passage among `allowed`?
    How the keyword and vector indexes apply a filter without copying what it allows.

    For a set from allowed_passages() the mask is kept with the set (read-only), so a repeated
    filter over the same index costs nothing here."""
    entry = _cache.entry_of(allowed)
    if entry is not None:
        for positions, mask in entry.masks:
            if positions is rowids:
                return mask
    wanted = np.asarray(allowed, dtype=np.int64)
    if len(rowids) and rowids[0] >= 0 and rowids[-1] < LOOKUP_SPAN * len(rowids) + 65_536:
        # SQLite's rowids fill most of 1..max: a table by rowid is ~8x faster than a binary
        # search for each allowed rowid (3 against 24 ms for 630k of 1M)
        table = np.zeros(int(rowids[-1]) + 1, dtype=bool)
        table[wanted[(wanted >= 0) & (wanted <= rowids[-1])]] = True
        mask = table[rowids]
    else:
        at = np.searchsorted(rowids, wanted)
        inside = at < len(rowids)
        at, wanted = at[inside], wanted[inside]
        mask = np.zeros(len(rowids), dtype=bool)
        mask[at[rowids[at] == wanted]] = True
    if entry is not None:
        mask.flags.writeable = False
        entry.masks = (*entry.masks[-(MASKS_PER_ENTRY - 1):], (rowids, mask))
    return mask


def members(values: np.ndarray, ascending: np.ndarray) -> np.ndarray:
    """A boolean per item of `values` (any order): is it in `ascending` (sorted)?"""
    if len(ascending) == 0:
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(ascending, values), len(ascending) - 1)
    return ascending[at] == values


def allowed_passages(store: DocStore, filters: Filters) -> np.ndarray | None:
    """The rowids of the passages the filters allow, ascending and read-only; None when nothing
    is filtered out (no filters, or filters every passage passes)."""
    if not filters:
        return None
    generation = store.generation()
    key = (str(store.path), generation, filters.key())
    entry = _cache.get(key)
    if entry is None:
        entry = _cache.put(key, _compute_allowed(store, filters))
    return entry.rowids


def _compute_allowed(store: DocStore, filters: Filters) -> np.ndarray | None:
    allowed: np.ndarray | None = None
    where, params = filters.document_sql()
    by_document = document_passages(store)
    if where:
        ids = [row[0] for row in store.db.execute(f"SELECT d.id FROM documents d WHERE {where}", params)]
        parts = [by_document[i] for i in ids if i in by_document]
        # ascending runs, one per document: a stable (merging) sort is ~50x quicker than quicksort
        allowed = np.sort(np.concatenate(parts), kind="stable") if parts else np.zeros(0, dtype=np.int64)
    if filters.entity:
        # repeats dropped here, not by SQL's DISTINCT (which doubled the time; the primary key
        # allows none anyway)
        rows = _tuples(store, "SELECT passage_rowid FROM passage_entities WHERE iri = ?", (filters.entity,))
        mentioned = np.sort(np.fromiter((r[0] for r in rows), dtype=np.int64), kind="stable")
        mentioned = mentioned[np.concatenate(([True], mentioned[1:] != mentioned[:-1]))]
        allowed = mentioned if allowed is None else np.intersect1d(allowed, mentioned, assume_unique=True)
    if allowed is not None and len(allowed) == sum(len(p) for p in by_document.values()):
        return None  # every passage passes: searching unfiltered is the same and cheaper
    return allowed


# -- the allowed sets kept between queries ------------------------------------------------------


@dataclass(eq=False)
class _Entry:
    rowids: np.ndarray | None  # None: every passage
    masks: tuple[tuple[np.ndarray, np.ndarray], ...] = ()  # (an index's rowids, mask over them)

    @property
    def nbytes(self) -> int:
        return (0 if self.rowids is None else self.rowids.nbytes) + sum(m.nbytes for _, m in self.masks)


class _AllowedCache:
    """LRU of (store path, generation, filter key) -> _Entry, bounded in entries and bytes.

    Reading a store at a new generation drops that store's older entries, so a set can never
    outlive the ingest that changed it."""

    def __init__(self, entries: int = CACHE_ENTRIES, max_bytes: int = CACHE_BYTES) -> None:
        self.entries, self.max_bytes = entries, max_bytes
        self._items: OrderedDict[tuple, _Entry] = OrderedDict()
        self._by_array: dict[int, _Entry] = {}  # id(rowids) -> entry; the entry keeps them alive
        self._lock = threading.Lock()

    def get(self, key: tuple) -> _Entry | None:
        with self._lock:
            self._drop_stale(key)
            entry = self._items.get(key)
            if entry is not None:
                self._items.move_to_end(key)
            return entry

    def put(self, key: tuple, rowids: np.ndarray | None) -> _Entry:
        if rowids is not None:
            rowids.flags.writeable = False  # shared by every query with this filter
        entry = _Entry(rowids)
        with self._lock:
            self._drop_stale(key)
            if key in self._items:  # another thread computed it meanwhile: keep one
                self._items.move_to_end(key)
                return self._items[key]
            self._items[key] = entry
            if rowids is not None:
                self._by_array[id(rowids)] = entry
            while len(self._items) > 1 and (
                len(self._items) > self.entries or sum(e.nbytes for e in self._items.values()) > self.max_bytes
            ):
                self._remove(next(iter(self._items)))
            return entry

    def entry_of(self, rowids: object) -> _Entry | None:
        """The entry holding this very array (identity, not equality), if it is still kept."""
        entry = self._by_array.get(id(rowids))
        return entry if entry is not None and entry.rowids is rowids else None

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._by_array.clear()

    def _drop_stale(self, key: tuple) -> None:
        path, generation = key[0], key[1]
        for old in [k for k in self._items if k[0] == path and k[1] != generation]:
            self._remove(old)

    def _remove(self, key: tuple) -> None:
        entry = self._items.pop(key)
        if entry.rowids is not None:
            self._by_array.pop(id(entry.rowids), None)


_cache = _AllowedCache()


def clear_cache() -> None:
    """Forget every kept allowed set (benchmarks measure the uncached path with it)."""
    _cache.clear()


# -- document -> passages, per store generation ---------------------------------------------------

_tables: dict[str, tuple[int, dict[str, np.ndarray]]] = {}
_lock = threading.Lock()


def document_passages(store: DocStore) -> dict[str, np.ndarray]:
    """Document id -> its passages' rowids, ascending, which is their reading order (DocStore
    writes a document's passages in seq order), for the store's current generation (built once)."""
    key, generation = str(store.path), store.generation()
    cached = _tables.get(key)
    if cached is not None and cached[0] == generation:
        return cached[1]
    with _lock:
        cached = _tables.get(key)
        if cached is not None and cached[0] == generation:
            return cached[1]
        grouped: dict[str, list[int]] = {}
        # rowid order, from the index on passages(document_id): the rows themselves (text,
        # vectors: 4.7 GB at 1M) are never read
        for document_id, rowid in _tuples(store, "SELECT document_id, rowid FROM passages"):
            grouped.setdefault(document_id, []).append(rowid)
        table = {doc: np.asarray(rowids, dtype=np.int64) for doc, rowids in grouped.items()}
        _tables[key] = (generation, table)
        return table


def _tuples(store: DocStore, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
    """Rows as plain tuples: sqlite3.Row objects cost 2-3x as much for 100k rows."""
    cursor = store.db.cursor()
    cursor.row_factory = None
    return cursor.execute(sql, params)
