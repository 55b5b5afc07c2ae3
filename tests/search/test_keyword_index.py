"""The in-memory keyword index (search.keyword_index) behind lexical.search on a passage store."""

from __future__ import annotations

import math
import sqlite3
from collections import Counter

import pytest

from nlp.records import Document, Passage
from search import keyword_index, lexical
from search.docstore import DocStore
from search.keyword_tokens import TOKENIZE, tokens

K1, B = 1.2, 0.75


def put(store: DocStore, doc_id: str, title: str, passages: list[tuple[str, str]]) -> None:
    """A document with these (text, section) passages, written as ingest writes it."""
    text = "\n".join(t for t, _ in passages)
    doc = Document(id=doc_id, source=f"{doc_id}.txt", text=text, content_hash=str(hash(text)),
                   title=title, doc_type="report")
    records = [Passage(f"{doc_id}#{i}", doc_id, i, t, 0, len(t), 1, s) for i, (t, s) in enumerate(passages)]
    with store.transaction():
        store.put_document(doc, records, None)


PASSAGES = {
    "scorecard": ("Council scorecard", [
        ("HOT021a: Percentage of homelessness prevention duties ended successfully", "People"),
        ("Food hygiene rating scheme: food businesses rated 3 or better", "People"),
        ("Targets for 2024-25 were agreed by Cabinet", "Performance"),
    ]),
    "cabinet": ("Cabinet agenda", [
        ("Public Spaces Protection Order (PSPO) for Roscommon Way", "PSPO"),
        ("In 2024 there were 25 complaints about noise", "Noise"),
        ("Recycling rates rose; residents recycling more food waste", "Waste and recycling"),
        ("Total tonnage of food waste collected and treated", "Waste"),
    ]),
}


@pytest.fixture
def store(tmp_path):
    keyword_index._cache.clear()
    store = DocStore(tmp_path / "councilgraph.sqlite")
    for doc_id, (title, passages) in PASSAGES.items():
        put(store, doc_id, title, passages)
    yield store
    store.close()
    keyword_index._cache.clear()


def rowid_of(store: DocStore, fragment: str) -> int:
    return store.db.execute("SELECT rowid FROM passages WHERE text LIKE ?", (f"%{fragment}%",)).fetchone()[0]


def bm25_by_hand(store: DocStore, query: str) -> dict[int, float]:
    """BM25 as FTS5 defines it, from the token counts of each column (weights text 1, section 0.5,
    title 0.2; D = tokens in all columns; idf = log((N - n + 0.5) / (n + 0.5)), floor 1e-6)."""
    rows = store.db.execute(
        "SELECT p.rowid, p.text, p.section, d.title FROM passages p JOIN documents d ON d.id = p.document_id"
    ).fetchall()
    columns = {r[0]: [Counter(tokens(r[1])), Counter(tokens(r[2])), Counter(tokens(r[3]))] for r in rows}
    length = {rowid: sum(sum(c.values()) for c in cols) for rowid, cols in columns.items()}
    avgdl = sum(length.values()) / len(length)
    scores: dict[int, float] = {}
    for term in lexical.terms(query):
        (stem,) = tokens(term)
        freq = {rowid: sum(w * c[stem] for w, c in zip(lexical.WEIGHTS, cols)) for rowid, cols in columns.items()}
        n = sum(1 for f in freq.values() if f > 0)
        idf = max(math.log((len(columns) - n + 0.5) / (n + 0.5)), 0) or 1e-6
        for rowid, f in freq.items():
            if f > 0:
                sat = f * (K1 + 1) / (f + K1 * (1 - B + B * length[rowid] / avgdl))
                scores[rowid] = scores.get(rowid, 0.0) + idf * sat
    return scores


def test_tokens_are_fts5s_own():
    text = ("Recycling rates rose: residents recycled more. Apology, possibly; café naïve Zürich straße "
            "x² ½ ﬁnance HOT021a OPS004&OPS005 2024/25 king’s under_score ÉMIGRÉ 12,345.67")
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE f USING fts5(t, tokenize = '{TOKENIZE}')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, 'instance')")
    db.execute("INSERT INTO f (t) VALUES (?)", (text,))
    assert tokens(text) == [term for (term,) in db.execute("SELECT term FROM v ORDER BY offset")]


def test_scores_are_bm25_as_defined(store):
    for query in ("food waste collected", "recycling food", "people scorecard hygiene"):
        expected = bm25_by_hand(store, query)
        hits = lexical.search(store.db, query, 20)
        assert {rowid for rowid, _ in hits} == set(expected)
        for rowid, score in hits:
            assert score == pytest.approx(expected[rowid], rel=1e-6)
        assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_ranking_equals_fts5_bm25(store):
    for query in ("food waste", "Cabinet targets 2024-25", "PSPO noise complaints", "council recycling rates"):
        ours = lexical.search(store.db, query, 10)
        theirs = lexical.fts5_search(store.db, query, 10)
        assert [r for r, _ in ours] == [r for r, _ in theirs]
        assert [s for _, s in ours] == pytest.approx([s for _, s in theirs], rel=1e-6)


def test_the_index_serves_the_search_not_fts5(store, monkeypatch):
    monkeypatch.setattr(lexical, "fts5_search", lambda *a, **k: pytest.fail("FTS5 ranked the query"))
    assert lexical.search(store.db, "food", 5)
    assert keyword_index.index_path(store.path).exists()


def test_codes_are_found_exactly(store):
    assert lexical.search(store.db, "HOT021a", 5)[0][0] == rowid_of(store, "HOT021a")
    assert lexical.search(store.db, "hot021a target", 5)[0][0] == rowid_of(store, "HOT021a")
    assert lexical.search(store.db, "PSPO", 5)[0][0] == rowid_of(store, "PSPO")
    # "2024-25" is a phrase: the passage holding 2024 and 25 apart does not match it
    assert [r for r, _ in lexical.search(store.db, "2024-25", 5)] == [rowid_of(store, "2024-25")]


def test_stems_match_across_word_forms(store):
    found = {r for r, _ in lexical.search(store.db, "recycled", 5)}
    assert found == {rowid_of(store, "Recycling rates")}


def test_allowed_rowids_give_the_top_k_among_them(store):
    best = lexical.search(store.db, "food", 10)
    assert len(best) >= 3
    allowed = [r for r, _ in best[1:]] + [rowid_of(store, "PSPO")]
    assert lexical.search(store.db, "food", 1, allowed=allowed) == [best[1]]
    assert [r for r, _ in lexical.search(store.db, "food", 10, allowed=allowed)] == [r for r, _ in best[1:]]
    assert lexical.search(store.db, "food", 5, allowed=[rowid_of(store, "PSPO")]) == []
    assert lexical.search(store.db, "food", 5, allowed=[]) == []


def test_reingest_rebuilds_the_index(store):
    assert lexical.search(store.db, "allotments", 5) == []
    before = keyword_index.KeywordIndex.load(keyword_index.index_path(store.path)).generation
    put(store, "cabinet", "Cabinet agenda", [("Allotments waiting list", "Parks")])
    assert [r for r, _ in lexical.search(store.db, "allotments", 5)] == [rowid_of(store, "Allotments")]
    assert lexical.search(store.db, "PSPO", 5) == []  # the old version of the document is gone
    on_disk = keyword_index.KeywordIndex.load(keyword_index.index_path(store.path))
    assert on_disk.generation == store.generation() > before


def test_a_stale_file_is_rebuilt_when_another_process_wrote_the_store(store):
    lexical.refresh(store.db)
    other = DocStore(store.path)  # a separate writer: this process' cache does not see it
    put(other, "extra", "Extra", [("Allotments waiting list", "Parks")])
    other.close()
    keyword_index._cache.clear()  # as a freshly started server would be
    assert [r for r, _ in lexical.search(store.db, "allotments", 5)] == [rowid_of(store, "Allotments")]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped"])
def test_a_corrupt_index_file_is_rebuilt_not_a_crash(store, damage):
    expected = lexical.search(store.db, "food waste", 5)
    path = keyword_index.index_path(store.path)
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"not an index at all")
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    else:  # one byte of the last BM25 weight: only the checksum can tell
        at = len(data) - len("\n".join(keyword_index.KeywordIndex.load(path).terms).encode()) - 2
        path.write_bytes(data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :])
    with pytest.raises(ValueError):
        keyword_index.KeywordIndex.load(path)
    keyword_index._cache.clear()
    assert lexical.search(store.db, "food waste", 5) == expected
    assert keyword_index.KeywordIndex.load(path).generation == store.generation()


def test_a_read_only_store_still_searches(store, tmp_path):
    lexical.refresh(store.db)
    keyword_index.index_path(store.path).unlink()
    keyword_index._cache.clear()
    reader = DocStore(store.path, read_only=True)
    try:
        assert lexical.search(reader.db, "PSPO", 5)[0][0] == rowid_of(store, "PSPO")
    finally:
        reader.close()


def test_an_empty_store_finds_nothing(tmp_path):
    keyword_index._cache.clear()
    store = DocStore(tmp_path / "empty.sqlite")
    assert lexical.search(store.db, "food", 5) == []
    store.close()


def test_ingest_writes_the_keyword_index_for_each_batch(tmp_path):
    from graph.namespaces import DEFAULT_BASE_IRI
    from web.datadir import DataDir
    from web.ingest import Ingester

    keyword_index._cache.clear()
    source = tmp_path / "report.txt"
    source.write_text("Cabinet report\n\nThe recycling rate was 45%.\n", encoding="utf-8")
    data = DataDir(tmp_path / "data")
    ingester = Ingester(data, DEFAULT_BASE_IRI, 10_000_000)
    try:
        assert ingester.ingest([source]).count("ingested") == 1
        path = keyword_index.index_path(data.sqlite)
        first = keyword_index.KeywordIndex.load(path)
        assert first.generation == ingester.docstore.generation() and "recycl" in first.vocab
        source.write_text("Cabinet report\n\nAllotment waiting lists grew.\n", encoding="utf-8")
        assert ingester.ingest([source]).count("ingested") == 1
        second = keyword_index.KeywordIndex.load(path)  # written by the ingest, not by a search
        assert second.generation == ingester.docstore.generation() > first.generation
        assert "allot" in second.vocab and "recycl" not in second.vocab
    finally:
        ingester.close()
        keyword_index._cache.clear()


WORDS = sorted({w for _, ps in PASSAGES.values() for t, s in ps for w in (t + " " + s).split()} | {"2024-25", "x"})


def test_any_query_scores_as_fts5_does(tmp_path):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    keyword_index._cache.clear()
    store = DocStore(tmp_path / "property.sqlite")
    for doc_id, (title, passages) in PASSAGES.items():
        put(store, doc_id, title, passages)

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5))
    def check(words):
        query = " ".join(words)
        ours = dict(lexical.search(store.db, query, 50))
        theirs = dict(lexical.fts5_search(store.db, query, 50))
        assert ours.keys() == theirs.keys()
        for rowid, score in theirs.items():
            assert ours[rowid] == pytest.approx(score, rel=1e-6)

    try:
        check()
    finally:
        store.close()
        keyword_index._cache.clear()
