"""Documents, passages, their vectors and keyword index in one SQLite file.

SQLite is the ledger of what is ingested: a document is in the stores when its row is here.
Passages, their embeddings (float32 BLOBs) and the FTS5 keyword index are written in the same
transaction, so they can never disagree; the FAISS index is a file derived from these vectors
and rebuilt when the `generation` counter says it is stale.

Each document row records the file it came from (`source_path`, resolved and absolute), so two
files of the same name in different folders are two documents (`claim_id`). Stores made before
that column existed gain it when opened for writing; their rows hold NULL until re-ingested."""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath

import numpy as np

from nlp.records import Block, Document, Passage, to_dict

VECTOR_SPACE_KEY = "embedding_space"  # meta key: which encoder made the stored vectors

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    council TEXT,
    council_id TEXT,
    date TEXT,
    text TEXT NOT NULL,
    record_json TEXT NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    source_path TEXT
);
CREATE TABLE IF NOT EXISTS passages (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    page INTEGER NOT NULL,
    section TEXT NOT NULL,
    kind TEXT NOT NULL,
    vector BLOB
);
CREATE INDEX IF NOT EXISTS passages_document ON passages(document_id);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
    text, section, title, tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS passage_entities (
    passage_rowid INTEGER NOT NULL REFERENCES passages(rowid) ON DELETE CASCADE,
    iri TEXT NOT NULL,
    label TEXT NOT NULL,
    type TEXT NOT NULL,
    PRIMARY KEY (passage_rowid, iri)
);
CREATE INDEX IF NOT EXISTS passage_entities_iri ON passage_entities(iri);
"""

# After the migration: an older store has no source_path column until then.
INDEXES = """
CREATE UNIQUE INDEX IF NOT EXISTS documents_source_path ON documents(source_path);
CREATE INDEX IF NOT EXISTS documents_content_hash ON documents(content_hash);
"""

SUFFIX_LENGTHS = (6, 12, 64)  # hex digits of sha256(source path) tried after the plain slug


@dataclass(frozen=True, slots=True)
class EntityRef:
    """An entity a passage mentions, as search results carry it."""

    iri: str
    label: str
    type: str


def document_from_json(data: str) -> Document:
    fields = json.loads(data)
    fields["blocks"] = tuple(
        Block(**{**b, "cells": tuple(b["cells"]), "header": tuple(b["header"])}) for b in fields["blocks"]
    )
    fields["pages"] = tuple(fields["pages"])
    fields["offset_map"] = tuple(tuple(pair) for pair in fields["offset_map"])
    fields["warnings"] = tuple(fields["warnings"])
    return Document(**fields)


class DocStore:
    """The SQLite store under the data directory."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = path
        if read_only:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(SCHEMA)
            self._migrate()
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.row_factory = sqlite3.Row

    def _migrate(self) -> None:
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(documents)")}
        if "source_path" not in columns:
            self.db.execute("ALTER TABLE documents ADD COLUMN source_path TEXT")
        self.db.executescript(INDEXES)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside commits together or not at all."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            yield
        except BaseException:
            self.db.rollback()
            raise
        else:
            self.db.commit()

    # -- writing (call inside `transaction()`) --------------------------------------------

    def put_document(
        self,
        doc: Document,
        passages: Sequence[Passage],
        vectors: np.ndarray | None,
        entities: Sequence[Sequence[EntityRef]] = (),
        source_path: str | None = None,
    ) -> None:
        """Replace the document with this version: its row, passages, vectors, keywords, entities.

        `source_path` is the file it was read from (`claim_id`); None keeps the one recorded.
        Passages are written in seq order, whatever their order in `passages`."""
        if source_path is None:
            row = self.db.execute("SELECT source_path FROM documents WHERE id = ?", (doc.id,)).fetchone()
            source_path = row[0] if row else None
        self.delete_document(doc.id)
        self.db.execute(
            "INSERT INTO documents (id, source, content_hash, title, doc_type, council, council_id, date, text,"
            " record_json, source_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.id, doc.source, doc.content_hash, doc.title, doc.doc_type, doc.council,
             doc.council_id, doc.date, doc.text, json.dumps(to_dict(doc)), source_path),
        )
        # in reading order, so rowid order within a document is seq order (search.filters reads
        # it so: browsing needs no sort by seq)
        for index in sorted(range(len(passages)), key=lambda i: passages[i].seq):
            passage = passages[index]
            vector = None if vectors is None else np.asarray(vectors[index], dtype=np.float32).tobytes()
            cursor = self.db.execute(
                'INSERT INTO passages (id, document_id, seq, text, start, "end", page, section, kind, vector)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (passage.id, doc.id, passage.seq, passage.text, passage.start, passage.end,
                 passage.page, passage.section, passage.kind, vector),
            )
            rowid = cursor.lastrowid
            self.db.execute(
                "INSERT INTO passages_fts (rowid, text, section, title) VALUES (?, ?, ?, ?)",
                (rowid, passage.text, passage.section, doc.title),
            )
            if index < len(entities):
                self.db.executemany(
                    "INSERT OR IGNORE INTO passage_entities (passage_rowid, iri, label, type) VALUES (?, ?, ?, ?)",
                    [(rowid, e.iri, e.label, e.type) for e in entities[index]],
                )
        self._bump_generation()

    def delete_document(self, document_id: str) -> bool:
        rowids = [r[0] for r in self.db.execute("SELECT rowid FROM passages WHERE document_id = ?", (document_id,))]
        self.db.executemany("DELETE FROM passages_fts WHERE rowid = ?", [(r,) for r in rowids])
        deleted = self.db.execute("DELETE FROM documents WHERE id = ?", (document_id,)).rowcount
        if deleted:
            self._bump_generation()
        return bool(deleted)

    def replace_vectors(self, rowids: Sequence[int], vectors: np.ndarray) -> None:
        """New vectors for stored passages (a new embedding model or backend); the vector index
        goes stale with the generation."""
        self.db.executemany(
            "UPDATE passages SET vector = ? WHERE rowid = ?",
            [(np.asarray(v, dtype=np.float32).tobytes(), int(r)) for v, r in zip(vectors, rowids)],
        )
        self._bump_generation()

    def record_source_path(self, document_id: str, source_path: str) -> None:
        """Record where a document stored without one (before the column existed) came from."""
        row = self.db.execute("SELECT source_path FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is not None and row[0] is None:
            with self.transaction():
                self.db.execute(
                    "UPDATE documents SET source_path = ? WHERE id = ? AND source_path IS NULL",
                    (source_path, document_id),
                )

    def vector_space(self) -> str | None:
        """Which encoder made the stored vectors (`Encoder.vector_space`), None if not recorded."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (VECTOR_SPACE_KEY,)).fetchone()
        return row[0] if row else None

    def set_vector_space(self, space: str) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (VECTOR_SPACE_KEY, space),
        )

    def _bump_generation(self) -> None:
        # A new store starts at a random generation, not 1: index files left beside a store that
        # was deleted and made again must never look fresh to it.
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES ('generation', ?)"
            " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
            (str(secrets.randbelow(2**40) + 1),),
        )

    # -- reading ---------------------------------------------------------------------------

    def generation(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def content_hash(self, document_id: str) -> str | None:
        row = self.db.execute("SELECT content_hash FROM documents WHERE id = ?", (document_id,)).fetchone()
        return row[0] if row else None

    def claim_id(self, base_id: str, source_path: str, claimed: Mapping[str, str] | None = None) -> str:
        """The document id for the file at `source_path` (resolved, absolute) whose name gives `base_id`.

        The document stored from this path, or claimed for it earlier in the batch, keeps its id, so
        re-ingesting a file updates it in place. Otherwise `base_id` when no document holds it, or
        when its holder is a row stored before paths were recorded from a file of the same name
        (that row is adopted); otherwise `base_id` plus a short hash of the path, the same every time.

        Args:
            base_id: the slug of the file name (`nlp.documents.document_id`).
            source_path: where the file is.
            claimed: ids claimed earlier in this batch -> their source paths (some not yet stored).
        """
        claimed = claimed or {}
        for doc_id, path in claimed.items():
            if path == source_path:
                return doc_id
        row = self.db.execute("SELECT id FROM documents WHERE source_path = ?", (source_path,)).fetchone()
        if row is not None:
            return row[0]
        digest = hashlib.sha256(source_path.encode("utf-8")).hexdigest()
        for candidate in (base_id, *(f"{base_id}-{digest[:n]}" for n in SUFFIX_LENGTHS)):
            if candidate in claimed:
                continue
            holder = self.db.execute(
                "SELECT source, source_path FROM documents WHERE id = ?", (candidate,)
            ).fetchone()
            # A legacy row from a file of another name (agenda.docx for agenda.pdf) is another
            # document: adopting it would replace that one.
            if holder is None or (holder[1] is None and holder[0] == PurePath(source_path).name):
                return candidate
        raise ValueError(f"no free document id for {source_path} (tried {base_id} with suffixes)")

    def same_content(self, content_hash: str, other_than: str) -> sqlite3.Row | None:
        """A stored document other than `other_than` with this content (id, source, source_path)."""
        return self.db.execute(
            "SELECT id, source, source_path FROM documents WHERE content_hash = ? AND id != ? ORDER BY id LIMIT 1",
            (content_hash, other_than),
        ).fetchone()

    def document(self, document_id: str) -> Document | None:
        row = self.db.execute("SELECT record_json FROM documents WHERE id = ?", (document_id,)).fetchone()
        return document_from_json(row[0]) if row else None

    def document_rows(self) -> list[sqlite3.Row]:
        """Every document's metadata (no text), newest first."""
        return self.db.execute(
            "SELECT d.id, d.source, d.title, d.doc_type, d.council, d.council_id, d.date, d.content_hash,"
            " d.ingested_at, (SELECT COUNT(*) FROM passages p WHERE p.document_id = d.id) AS passages"
            " FROM documents d ORDER BY d.date DESC, d.id"
        ).fetchall()

    def passages(self, document_id: str) -> list[Passage]:
        rows = self.db.execute(
            'SELECT id, document_id, seq, text, start, "end", page, section, kind FROM passages'
            " WHERE document_id = ? ORDER BY seq",
            (document_id,),
        )
        return [Passage(**dict(row)) for row in rows]

    def passage_vector(self, passage_id: str) -> tuple[int, str, np.ndarray | None] | None:
        """(rowid, document id, vector or None) of a passage by its id, None if there is none."""
        row = self.db.execute("SELECT rowid, document_id, vector FROM passages WHERE id = ?", (passage_id,)).fetchone()
        if row is None:
            return None
        vector = np.frombuffer(row[2], dtype=np.float32) if row[2] is not None else None
        return int(row[0]), row[1], vector

    def passage_rows(self, rowids: Iterable[int]) -> dict[int, sqlite3.Row]:
        """Passages joined with their document's metadata, by rowid."""
        ids = list(rowids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            'SELECT p.rowid AS rowid, p.id, p.document_id, p.seq, p.text, p.start, p."end", p.page, p.section,'
            " p.kind, d.source, d.title, d.council, d.council_id, d.doc_type, d.date"
            f" FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.rowid IN ({marks})",
            ids,
        )
        return {row["rowid"]: row for row in rows}

    def passage_entities(self, rowids: Iterable[int]) -> dict[int, list[EntityRef]]:
        ids = list(rowids)
        result: dict[int, list[EntityRef]] = {i: [] for i in ids}
        if not ids:
            return result
        marks = ",".join("?" * len(ids))
        for row in self.db.execute(
            f"SELECT passage_rowid, iri, label, type FROM passage_entities WHERE passage_rowid IN ({marks})"
            " ORDER BY label",
            ids,
        ):
            result[row[0]].append(EntityRef(row[1], row[2], row[3]))
        return result

    def vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """(rowids int64, vectors float32 matrix) of every passage that has a vector."""
        chunks = list(self.vector_chunks())
        if not chunks:
            return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
        return np.concatenate([c[0] for c in chunks]), np.concatenate([c[1] for c in chunks])

    def vector_chunks(self, size: int = 65_536) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(rowids, vectors) of the passages that have a vector, in rowid order, `size` at a time,
        so an index can be filled without the whole matrix in memory (1.5 GB at 1M passages)."""
        cursor = self.db.execute("SELECT rowid, vector FROM passages WHERE vector IS NOT NULL ORDER BY rowid")
        while rows := cursor.fetchmany(size):
            rowids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
            vectors = np.frombuffer(b"".join(row[1] for row in rows), dtype=np.float32).reshape(len(rows), -1)
            yield rowids, vectors

    def vector_rowids(self) -> np.ndarray:
        """The rowids of the passages that have a vector, ascending."""
        rows = self.db.execute("SELECT rowid FROM passages WHERE vector IS NOT NULL ORDER BY rowid").fetchall()
        return np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))

    def vectors_of(self, rowids: Sequence[int]) -> np.ndarray:
        """The vectors of these passages, in ascending rowid order (a sample to train an index on)."""
        ids = sorted(int(r) for r in rowids)
        blobs: list[bytes] = []
        for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
            batch = ids[start:start + 900]
            marks = ",".join("?" * len(batch))
            blobs += [row[0] for row in self.db.execute(
                f"SELECT vector FROM passages WHERE rowid IN ({marks}) AND vector IS NOT NULL ORDER BY rowid", batch)]
        if not blobs:
            return np.zeros((0, 0), dtype=np.float32)
        return np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), -1)

    def counts(self) -> dict[str, int]:
        return {
            "documents": self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
            "passages": self.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0],
        }
