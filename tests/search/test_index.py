from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from nlp.passages import make_passages
from nlp.records import Block, Document
from search.docstore import DocStore, EntityRef
from search.index import Results, SearchIndex, council_names, query_councils, query_entities, search, snippet

CONTRACT = {"document", "title", "council", "type", "date", "page", "start", "end", "text", "snippet",
            "score", "entities"}
JOHNSON = EntityRef("https://councilgraph.org/id/castle-point/person/johnson", "Councillor Johnson", "Councillor")


class BagEncoder:
    """Deterministic stand-in for the model: hashed bag of lower-cased words, unit length."""

    dimension = 64

    def encode(self, texts):
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                word = word.strip(".,?:;()")
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimension] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def encode_query(self, query):
        return self.encode([query])[0]


def document(doc_id, council, doc_type, date, sections):
    text, blocks = "", []
    for heading, paragraphs in sections:
        blocks.append(Block("heading", len(text), len(text) + len(heading), 1, level=1))
        text += heading + "\n"
        for paragraph in paragraphs:
            blocks.append(Block("paragraph", len(text), len(text) + len(paragraph), 1))
            text += paragraph + "\n"
    return Document(id=doc_id, source=f"{doc_id}.txt", text=text, content_hash=doc_id, title=doc_id.title(),
                    doc_type=doc_type, council=council, council_id=council.lower().replace(" ", "-"),
                    date=date, blocks=tuple(blocks))


DOCS = [
    document("castle-agenda", "Castle Point", "agenda", "2021-11-17", [
        ("Financial Update", ["Councillor Johnson presented the financial forecast for the general fund."]),
        ("Public Spaces Protection Order", ["A PSPO for Roscommon Way would tackle car cruising <at night>."]),
    ]),
    document("norwich-agenda", "Norwich", "agenda", "2018-09-20", [
        ("County Lines", ["Operation Gravity led to the arrest of over 600 people for drug dealing."]),
        ("Budget", ["The budget forecast for the general fund was reviewed by the scrutiny committee."]),
    ]),
    document("west-norfolk-report", "West Norfolk", "report", "2024-11-05", [
        ("Environment", ["Food waste tonnage collected was below the target of 1,800 tonnes."]),
    ]),
]


def bag_store(path, docs, mentions=lambda text: []):  # noqa: ANN001, ANN201
    """A store of `docs`, passages embedded by BagEncoder, entities by `mentions(passage text)`."""
    store = DocStore(path)
    encoder = BagEncoder()
    for doc in docs:
        passages = make_passages(doc)
        with store.transaction():
            store.put_document(doc, passages, encoder.encode([p.text for p in passages]),
                               [mentions(p.text) for p in passages])
    return store


@pytest.fixture()
def store(tmp_path):
    store = bag_store(tmp_path / "councilgraph.sqlite", DOCS, lambda text: [JOHNSON] if "Johnson" in text else [])
    yield store
    store.close()


def test_results_carry_the_contract_keys(store):
    hits = search(store, "food waste target", encoder=BagEncoder())
    assert hits and hits[0].document == "west-norfolk-report.txt"
    result = hits[0].to_dict()
    assert CONTRACT <= set(result)
    assert result["council"] == "West Norfolk" and result["type"] == "report" and result["date"] == "2024-11-05"
    doc = DOCS[2]
    assert doc.text[result["start"]:result["end"]] in result["text"]
    json.dumps(result)


@pytest.mark.parametrize("mode", ["keyword", "dense", "hybrid"])
def test_each_mode_finds_the_obvious_passage(store, mode):
    hits = search(store, "Operation Gravity arrests", encoder=BagEncoder(), mode=mode)
    assert hits[0].document == "norwich-agenda.txt" and "Operation Gravity" in hits[0].text


def test_keyword_mode_needs_no_encoder(store):
    class Refuses:
        def encode_query(self, query):
            raise AssertionError("keyword search must not embed")

    assert search(store, "PSPO", encoder=Refuses(), mode="keyword")[0].document == "castle-agenda.txt"


def test_filters_combine_with_a_query(store):
    query = "general fund forecast"
    top = {h.document for h in search(store, query, encoder=BagEncoder())[:2]}
    assert top == {"castle-agenda.txt", "norwich-agenda.txt"}
    only = search(store, query, encoder=BagEncoder(), council="norwich")
    assert {h.document for h in only} == {"norwich-agenda.txt"}
    assert {h.document for h in search(store, query, encoder=BagEncoder(), council="Castle Point")} == {
        "castle-agenda.txt"}
    assert {h.type for h in search(store, query, encoder=BagEncoder(), doc_type="report")} == {"report"}
    assert search(store, query, encoder=BagEncoder(), doc_type="minutes") == []
    dated = search(store, query, encoder=BagEncoder(), date_from="2020-01-01", date_to="2021-11-17")
    assert {h.document for h in dated} == {"castle-agenda.txt"}


def test_entity_filter_keeps_passages_that_mention_it(store):
    hits = search(store, "general fund forecast", encoder=BagEncoder(), entity=JOHNSON.iri)
    assert [h.document for h in hits] == ["castle-agenda.txt"]
    assert hits[0].entities == (JOHNSON,)


def test_filters_alone_browse_newest_first(store):
    hits = search(store, "", k=10)
    assert [h.date for h in hits] == sorted((h.date for h in hits), reverse=True)
    assert hits[0].document == "west-norfolk-report.txt"
    agendas = search(store, "", doc_type="agenda")
    assert {h.document for h in agendas} == {"castle-agenda.txt", "norwich-agenda.txt"}
    assert [h.start for h in agendas if h.document == "castle-agenda.txt"] == sorted(
        h.start for h in agendas if h.document == "castle-agenda.txt")


def test_query_naming_an_entity_lifts_its_passages_and_returns_it(store):
    assert query_entities(store, "what did councillor johnson say") == [JOHNSON]
    assert query_entities(store, "johnson") == [JOHNSON]  # the label without its title
    results = search(store, "councillor johnson budget forecast", encoder=BagEncoder())
    assert isinstance(results, Results) and results.entities == [JOHNSON]
    assert JOHNSON in results[0].entities
    plain = search(store, "budget forecast", encoder=BagEncoder())
    assert plain.entities == []


def test_snippet_is_escaped_and_marks_query_words():
    html = snippet("A PSPO for Roscommon Way would tackle car cruising <at night>.", "roscommon cruising")
    assert "<mark>Roscommon</mark>" in html and "<mark>cruising</mark>" in html
    assert "&lt;at" in html and "<at" not in html


def test_snippet_windows_around_the_matches():
    text = " ".join(["filler"] * 100 + ["recycling", "target"] + ["filler"] * 100)
    html = snippet(text, "recycling target", words=20)
    assert "<mark>recycling</mark> <mark>target</mark>" in html
    assert html.startswith("… ") and html.endswith(" …")


def test_k_and_unknown_mode(store):
    assert len(search(store, "the general fund", k=1, encoder=BagEncoder())) == 1
    with pytest.raises(ValueError):
        search(store, "x", mode="fuzzy")


def test_search_index_opens_read_only_and_refreshes_the_dense_file(store, tmp_path):
    index = SearchIndex.open(tmp_path / "councilgraph.sqlite", tmp_path / "dense.faiss", BagEncoder())
    hits = index.search("food waste", k=3, council="west-norfolk")
    assert [h.document for h in hits] == ["west-norfolk-report.txt"]
    assert (tmp_path / "dense.faiss").exists()
    index.close()


def test_entities_mentioned_everywhere_are_not_lifted(store, monkeypatch):
    import search.index as index_module

    council = EntityRef("https://councilgraph.org/id/org/the-council", "The Council", "Organisation")
    with store.transaction():
        store.db.executemany(
            "INSERT INTO passage_entities (passage_rowid, iri, label, type) VALUES (?, ?, ?, ?)",
            [(rowid, council.iri, council.label, council.type) for (rowid,) in store.db.execute("SELECT rowid FROM passages")],
        )
        store._bump_generation()
    monkeypatch.setattr(index_module, "COMMON_ENTITY_MIN", 0)
    monkeypatch.setattr(index_module, "COMMON_ENTITY_SHARE", 0.5)
    assert query_entities(store, "the council budget") == []
    assert query_entities(store, "councillor johnson") == [JOHNSON]


def test_query_naming_a_council_lifts_its_documents(store):
    query = "general fund forecast"
    assert query_councils(store, "budget forecast in Norwich") == ["Norwich"]
    assert query_councils(store, "budget forecast") == []
    for mode in ("keyword", "hybrid"):
        assert search(store, query + " norwich", encoder=BagEncoder(), mode=mode)[0].council == "Norwich"
        assert search(store, query + " castle point", encoder=BagEncoder(), mode=mode)[0].council == "Castle Point"


def test_council_names_drop_the_generic_words():
    assert "castle point" in council_names("Castle Point Borough Council")
    assert {"king's lynn", "west norfolk"} <= council_names("Borough Council of King's Lynn & West Norfolk")


def test_filters_follow_the_store_after_documents_change(store):
    """The document -> passages table behind the filters is rebuilt when the store changes: a new
    document is found under its council, a replaced one only with its new passages."""
    assert search(store, "food waste", encoder=BagEncoder(), council="Norwich", mode="keyword") == []
    extra = document("norwich-report", "Norwich", "report", "2025-01-01", [
        ("Environment", ["Food waste collections start in every ward in April."]),
    ])
    with store.transaction():
        store.put_document(extra, make_passages(extra), BagEncoder().encode([p.text for p in make_passages(extra)]))
    hits = search(store, "food waste", encoder=BagEncoder(), council="Norwich", mode="keyword")
    assert [h.document for h in hits] == ["norwich-report.txt"]
    changed = document("norwich-report", "Norwich", "report", "2025-01-01", [
        ("Environment", ["Garden waste collections are paused in winter."]),
    ])
    with store.transaction():
        store.put_document(changed, make_passages(changed), BagEncoder().encode([p.text for p in make_passages(changed)]))
    for mode in ("keyword", "dense", "hybrid"):
        hits = search(store, "waste collections", encoder=BagEncoder(), council="Norwich", mode=mode)
        assert hits and {h.document for h in hits} <= {"norwich-report.txt", "norwich-agenda.txt"}, mode
        assert all("Food waste collections" not in h.text for h in hits), mode


def test_entity_and_council_filters_intersect(store):
    assert search(store, "general fund forecast", encoder=BagEncoder(), entity=JOHNSON.iri, council="Norwich") == []
    hits = search(store, "", entity=JOHNSON.iri, council="Castle Point")
    assert hits and all(JOHNSON in h.entities for h in hits)


def test_a_query_of_punctuation_alone_browses_like_an_empty_one(store):
    class Refuses:
        def encode_query(self, query):
            raise AssertionError("nothing to embed")

    browse = [(h.document, h.start) for h in search(store, "", k=5)]
    for query in ("*", "?!", " -- "):
        assert [(h.document, h.start) for h in search(store, query, k=5, encoder=Refuses())] == browse
