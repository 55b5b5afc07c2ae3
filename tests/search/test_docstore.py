from __future__ import annotations

import numpy as np
import pytest

from nlp.records import Block, Document, Passage
from search.docstore import DocStore, EntityRef


def make_doc(text: str = "Cabinet agenda\nRecycling target 45%", digest: str = "h1") -> Document:
    return Document(
        id="doc-a", source="doc-a.txt", text=text, content_hash=digest, title="Cabinet agenda",
        doc_type="agenda", council="Castle Point Borough Council", council_id="castle-point",
        date="2021-11-17", pages=(0,), blocks=(Block("heading", 0, 14, 1, level=1),
        Block("table_row", 15, len(text), 1, cells=("Recycling", "45%"), header=("Indicator", "Target"))),
    )


def make_passages(doc: Document) -> list[Passage]:
    return [Passage(f"{doc.id}#0", doc.id, 0, doc.text, 0, len(doc.text), 1, "Cabinet agenda", "text")]


def test_document_round_trips_with_structure(tmp_path):
    store = DocStore(tmp_path / "db.sqlite")
    doc = make_doc()
    with store.transaction():
        store.put_document(doc, make_passages(doc), np.ones((1, 4), dtype=np.float32))
    assert store.document("doc-a") == doc
    assert store.content_hash("doc-a") == "h1"
    rowids, vectors = store.vectors()
    assert vectors.shape == (1, 4) and len(rowids) == 1


def test_replace_keeps_one_version_and_fts_in_step(tmp_path):
    store = DocStore(tmp_path / "db.sqlite")
    doc = make_doc()
    with store.transaction():
        store.put_document(doc, make_passages(doc), None, [[EntityRef("https://e/x", "X", "Person")]])
    new = make_doc("Cabinet agenda\nFood waste collections", "h2")
    with store.transaction():
        store.put_document(new, make_passages(new), None)
    assert store.counts() == {"documents": 1, "passages": 1}
    hits = store.db.execute("SELECT rowid FROM passages_fts WHERE passages_fts MATCH 'recycling'").fetchall()
    assert hits == []
    hits = store.db.execute("SELECT rowid FROM passages_fts WHERE passages_fts MATCH 'food'").fetchall()
    assert len(hits) == 1
    assert store.db.execute("SELECT COUNT(*) FROM passage_entities").fetchone()[0] == 0


def test_failed_transaction_leaves_store_unchanged(tmp_path):
    store = DocStore(tmp_path / "db.sqlite")
    doc = make_doc()
    with store.transaction():
        store.put_document(doc, make_passages(doc), None)
    generation = store.generation()
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.put_document(make_doc("changed", "h9"), [], None)
            raise RuntimeError("crash mid-write")
    assert store.content_hash("doc-a") == "h1"
    assert store.generation() == generation
    assert store.counts()["passages"] == 1
