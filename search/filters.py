"""Search filters: council, document type, date range and mentioned entity.

Council, type and date belong to documents, and there are few documents next to passages, so the
documents are filtered in SQL and their passages taken from a table kept in memory per store
generation (document id -> its passage rowids). Asking SQLite for every passage of the allowed
documents instead costs a row per passage each query: 180 ms for a filter allowing 200k of 1M
passages, against a few milliseconds from memory. The entity filter is a lookup in
passage_entities, intersected with the rest.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from search.docstore import DocStore


@dataclass(frozen=True, slots=True)
class Filters:
    council: str | None = None  # name or id, any case
    doc_type: str | None = None
    date_from: str | None = None  # ISO date (or date-time); inclusive
    date_to: str | None = None  # ISO date (the whole day) or date-time; inclusive
    entity: str | None = None  # IRI of an entity the passage mentions

    def __bool__(self) -> bool:
        return any((self.council, self.doc_type, self.date_from, self.date_to, self.entity))

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

    def passage_sql(self) -> tuple[str, list[object]]:
        """A WHERE clause over `passages p JOIN documents d` for all the filters."""
        where, params = self.document_sql()
        if self.entity:
            clause = "p.rowid IN (SELECT passage_rowid FROM passage_entities WHERE iri = ?)"
            where = f"{where} AND {clause}" if where else clause
            params = [*params, self.entity]
        return where, params


def allowed_mask(rowids: np.ndarray, allowed: Sequence[int] | np.ndarray) -> np.ndarray:
    """A boolean per position of `rowids` (ascending): is that passage among `allowed`?
    How the keyword and vector indexes apply a filter without copying what it allows."""
    wanted = np.asarray(allowed, dtype=np.int64)
    at = np.searchsorted(rowids, wanted)
    inside = at < len(rowids)
    at, wanted = at[inside], wanted[inside]
    mask = np.zeros(len(rowids), dtype=bool)
    mask[at[rowids[at] == wanted]] = True
    return mask


def allowed_passages(store: DocStore, filters: Filters) -> np.ndarray | None:
    """The rowids of the passages the filters allow, ascending; None when nothing is filtered."""
    if not filters:
        return None
    allowed: np.ndarray | None = None
    where, params = filters.document_sql()
    if where:
        ids = [row[0] for row in store.db.execute(f"SELECT d.id FROM documents d WHERE {where}", params)]
        by_document = document_passages(store)
        parts = [by_document[i] for i in ids if i in by_document]
        allowed = np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
    if filters.entity:
        rows = store.db.execute(
            "SELECT DISTINCT passage_rowid FROM passage_entities WHERE iri = ?", (filters.entity,)
        ).fetchall()
        mentioned = np.sort(np.asarray([r[0] for r in rows], dtype=np.int64))
        allowed = mentioned if allowed is None else np.intersect1d(allowed, mentioned, assume_unique=True)
    return allowed


_tables: dict[str, tuple[int, dict[str, np.ndarray]]] = {}
_lock = threading.Lock()


def document_passages(store: DocStore) -> dict[str, np.ndarray]:
    """Document id -> its passages' rowids, for the store's current generation (built once)."""
    key, generation = str(store.path), store.generation()
    cached = _tables.get(key)
    if cached is not None and cached[0] == generation:
        return cached[1]
    with _lock:
        cached = _tables.get(key)
        if cached is not None and cached[0] == generation:
            return cached[1]
        grouped: dict[str, list[int]] = {}
        for document_id, rowid in store.db.execute("SELECT document_id, rowid FROM passages"):
            grouped.setdefault(document_id, []).append(rowid)
        table = {doc: np.asarray(rowids, dtype=np.int64) for doc, rowids in grouped.items()}
        _tables[key] = (generation, table)
        return table
