"""Passages like a given one: its stored vector as the query, other documents by default."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.passages import make_passages
from search.filters import Filters
from search.similar import NoVector, UnknownPassage, key_terms, similar
from tests.search.test_index import BagEncoder, bag_store, document

DOCS = [
    document("castle-agenda", "Castle Point", "agenda", "2021-11-17", [
        ("Waste", ["Food waste collections were missed on Tuesday in the east of the borough."]),
        ("Waste again", ["Food waste collections will be restored on Tuesday in the east."]),
    ]),
    document("norwich-minutes", "Norwich", "minutes", "2018-09-20", [
        ("Bins", ["Missed food waste collections in the east of the city were discussed."]),
        ("Policing", ["Operation Gravity led to arrests for drug dealing."]),
    ]),
    document("west-norfolk-report", "West Norfolk", "report", "2024-11-05", [
        ("Environment", ["Food waste collections missed in the east were below target."]),
    ]),
]


@pytest.fixture()
def store(tmp_path):
    store = bag_store(tmp_path / "councilgraph.sqlite", DOCS)
    yield store
    store.close()


def _source(store):
    return store.db.execute("SELECT id FROM passages WHERE text LIKE '%missed on Tuesday%'").fetchone()[0]


def test_nearest_passages_from_other_documents_best_first(store):
    source = _source(store)
    hits = similar(store, source, k=5)
    assert {h.document_id for h in hits[:2]} == {"west-norfolk-report", "norwich-minutes"}
    assert all(h.document_id != "castle-agenda" for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert "Operation Gravity" in hits[-1].text  # the unrelated passage comes last
    assert hits[0].snippet and "<mark>" not in hits[0].snippet  # nothing to mark: no query words


def test_same_document_and_filters(store):
    source = _source(store)
    with_own = similar(store, source, k=10, same_document=True)
    assert "castle-agenda" in {h.document_id for h in with_own}
    assert source not in {h.passage_id for h in with_own}  # never the passage itself
    assert {h.council for h in similar(store, source, k=10, filters=Filters(council="Norwich"))} == {"Norwich"}
    assert {h.document_id for h in similar(store, source, k=10, filters=Filters(date_from="2020-01-01"))} == \
        {"west-norfolk-report"}
    assert similar(store, source, k=0) == []


def test_unknown_passage_and_passage_without_vector_say_so(store):
    with pytest.raises(UnknownPassage, match="no passage 'nope'"):
        similar(store, "nope")
    doc = document("plain", "Castle Point", "agenda", "2022-01-01", [("Note", ["Stored without embeddings."])])
    with store.transaction():
        store.put_document(doc, make_passages(doc), None)
    with pytest.raises(NoVector, match="without embeddings"):
        similar(store, "plain#0")


def test_passage_vector_round_trip(store):
    source = _source(store)
    rowid, document_id, vector = store.passage_vector(source)
    assert document_id == "castle-agenda" and vector.dtype == np.float32 and vector.shape == (BagEncoder.dimension,)
    assert store.passage_vector("missing") is None


def test_key_terms_are_the_telling_words_other_passages_share(store):
    text = store.db.execute("SELECT text FROM passages WHERE text LIKE '%missed on Tuesday%'").fetchone()[0]
    words = [w.lower() for w in key_terms(store, text)]
    assert "tuesday" in words and "east" in words  # shared with other passages, rarer than "food"
    assert "borough" not in words  # only this passage has it: it cannot find another one
    assert not {"the", "were", "on", "of", "in"} & set(words)  # stopwords never
    assert words.index("tuesday") < words.index("food")  # rarer first at equal counts
