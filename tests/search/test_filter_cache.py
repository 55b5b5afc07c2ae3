"""The allowed passages of a filter, kept between queries (search.filters), and browsing.

Every expectation is computed here from the store's rows in plain Python (the oracle), never
from search.filters itself."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.passages import make_passages
from search import filters as filters_mod
from search import lexical
from search.docstore import EntityRef
from search.filters import Filters, allowed_mask, allowed_passages, clear_cache
from search.index import refresh_index, search
from tests.search.test_index import DOCS as DATED_DOCS
from tests.search.test_index import BagEncoder, bag_store, document

AGENCY = EntityRef("https://councilgraph.org/id/organisation/environment-agency", "Environment Agency",
                   "Organisation")

DOCS = [
    document("camden-cabinet", "London Borough of Camden", "report", "2023-03-01", [
        ("Flood Risk", ["The Environment Agency flood map shows 40 homes at risk near the Fleet."]),
        ("Budget", ["The capital programme is re-profiled to 2025/26."]),
        ("Housing", ["Temporary accommodation spend rose by 12 per cent."]),
    ]),
    document("leeds-executive-minutes", "Leeds City Council", "minutes", "2023-03-01", [
        ("Minute 41 Flood Alleviation", ["RESOLVED that the Environment Agency scheme proceeds."]),
        ("Minute 42 Clean Air Zone", ["Members noted the charging zone review."]),
    ]),
    document("kent-cabinet-agenda", "Kent County Council", "agenda", "2019-07-15", [
        ("Item 5 Highways", ["Pothole repairs completed within 28 days: 91 per cent."]),
        ("Item 6 Waste", ["Household waste recycling centres open seven days a week."]),
    ]),
    document("cardiff-corporate-plan", "Cardiff Council", "plan", None, [
        ("Well-being Objective 3", ["Work with the Environment Agency and Natural Resources Wales on flooding."]),
        ("Well-being Objective 4", ["Deliver 1,000 new council homes."]),
    ]),
    document("camden-scrutiny-minutes", "London Borough of Camden", "minutes", "2020-01-31", [
        ("Housing Scrutiny", ["The panel asked about damp and mould in council homes."]),
        ("Flooding", ["Officers met the Environment Agency after the July floods."]),
    ]),
    document("anglesey-executive", "Ynys Môn", "report", "2022-06-30", [
        ("Ffordd Gwynedd", ["Bin collections moved to three-weekly in the west of the island."]),
    ]),
]

FILTERS = [
    Filters(council="london borough of camden"),
    Filters(council="LEEDS-CITY-COUNCIL"),  # the council's id, another case
    Filters(doc_type="Minutes"),
    Filters(date_from="2020-01-31", date_to="2023-03-01"),
    Filters(date_to="2019-12-31"),
    Filters(entity=AGENCY.iri),
    Filters(council="London Borough of Camden", entity=AGENCY.iri),
    Filters(doc_type="report", date_from="2021-01-01"),
    Filters(council="Nowhere District Council"),
]
QUERIES = ["flooding and the Environment Agency", "council homes", "waste collections"]


def mentions(text: str) -> list[EntityRef]:
    return [AGENCY] if "Environment Agency" in text else []


@pytest.fixture()
def store(tmp_path):
    clear_cache()
    store = bag_store(tmp_path / "councilgraph.sqlite", DOCS, mentions)
    yield store
    store.close()


def rows(store) -> list[dict]:  # noqa: ANN001
    """Every passage with its document's metadata and its entities, from SQL, unfiltered."""
    entities: dict[int, set[str]] = {}
    for rowid, iri in store.db.execute("SELECT passage_rowid, iri FROM passage_entities"):
        entities.setdefault(rowid, set()).add(iri)
    found = store.db.execute(
        "SELECT p.rowid, p.id, p.seq, d.id, d.council, d.council_id, d.doc_type, d.date"
        " FROM passages p JOIN documents d ON d.id = p.document_id").fetchall()
    return [dict(rowid=r[0], passage=r[1], seq=r[2], document=r[3], council=r[4], council_id=r[5], type=r[6],
                 date=r[7], entities=entities.get(r[0], set())) for r in found]


def passes(row: dict, f: Filters) -> bool:
    """The filter semantics as users read them: council by name or id in any (ASCII) case, type in
    any case, dates inclusive (a bare date_to takes the whole day), entity mentioned."""
    def ascii_fold(text):  # noqa: ANN001, ANN202
        return "".join(c.lower() if "A" <= c <= "Z" else c for c in text or "")

    if f.council and ascii_fold(f.council) not in {ascii_fold(row["council"]), ascii_fold(row["council_id"])}:
        return False
    if f.doc_type and ascii_fold(f.doc_type) != ascii_fold(row["type"]):
        return False
    if (f.date_from or f.date_to) and row["date"] is None:
        return False
    if f.date_from and row["date"] < f.date_from:
        return False
    if f.date_to and row["date"][: len(f.date_to)] > f.date_to:
        return False
    return not f.entity or f.entity in row["entities"]


def expected(store, f: Filters) -> set[int]:  # noqa: ANN001
    return {row["rowid"] for row in rows(store) if passes(row, f)}


def browse_order(store, f: Filters) -> list[str]:  # noqa: ANN001
    """Newest document first (undated last, ties by id), each document's passages in seq order."""
    found = sorted((row for row in rows(store) if passes(row, f)), key=lambda r: (r["document"], r["seq"]))
    found.sort(key=lambda r: r["date"] or "", reverse=True)
    found.sort(key=lambda r: r["date"] is None)
    return [r["passage"] for r in found]


def ranked(hits) -> list[tuple[str, float]]:  # noqa: ANN001
    return [(h.passage_id, round(h.score, 9)) for h in hits]


def test_allowed_sets_are_the_filtered_passages_and_are_kept(store):
    for f in FILTERS:
        clear_cache()
        first = allowed_passages(store, f)
        assert first is not None and set(first.tolist()) == expected(store, f), f
        assert np.all(first[1:] > first[:-1]) and not first.flags.writeable, f
        assert allowed_passages(store, f) is first, f  # kept: the same array, not recomputed


@pytest.mark.parametrize("mode", ["keyword", "dense", "hybrid"])
def test_a_kept_filter_gives_the_same_results_as_a_fresh_one(store, mode):
    for f in FILTERS:
        allowed = expected(store, f)
        for query in QUERIES:
            clear_cache()
            fresh = search(store, query, k=5, encoder=BagEncoder(), mode=mode, **_kwargs(f))
            kept = search(store, query, k=5, encoder=BagEncoder(), mode=mode, **_kwargs(f))
            again = search(store, query, k=5, encoder=BagEncoder(), mode=mode, **_kwargs(f))
            assert ranked(fresh) == ranked(kept) == ranked(again), (f, query)
            rowid_of = {row["passage"]: row["rowid"] for row in rows(store)}
            assert {rowid_of[h.passage_id] for h in kept} <= allowed, (f, query)


def test_different_filters_do_not_share_entries(store):
    kept = {f: allowed_passages(store, f) for f in FILTERS}  # one after another, none forgotten
    for f, allowed in kept.items():
        assert set(allowed_passages(store, f).tolist()) == expected(store, f), f
    assert not np.array_equal(kept[FILTERS[0]], kept[FILTERS[6]])  # the same council, with an entity
    # the same filter written another way shares; one field more or less does not
    assert allowed_passages(store, Filters(council="Leeds City Council")) is allowed_passages(
        store, Filters(council="LEEDS CITY COUNCIL"))
    assert allowed_passages(store, Filters(doc_type="report")) is not allowed_passages(
        store, Filters(doc_type="report", date_from="2023-01-01"))


def test_case_is_folded_as_sqlite_folds_it(store):
    """SQLite's lower() folds ASCII only: "YNYS MÔN" matches no council, "ynys môn" matches Ynys
    Môn. A kept set for one must not answer the other."""
    assert search(store, "", council="ynys môn")
    assert search(store, "", council="YNYS MÔN") == []
    assert search(store, "bin collections", encoder=BagEncoder(), council="YNYS MÔN") == []
    assert search(store, "bin collections", encoder=BagEncoder(), council="Ynys Môn")


def test_reingest_moves_the_generation_and_no_kept_set_outlives_it(store):
    leeds = Filters(council="Leeds City Council")
    camden = Filters(council="London Borough of Camden")
    before, before_camden = allowed_passages(store, leeds), allowed_passages(store, camden)
    generation = store.generation()
    changed = document("leeds-executive-minutes", "Leeds City Council", "minutes", "2023-03-01", [
        ("Minute 41 Flood Alleviation", ["The scheme is paused pending a new business case."]),
        ("Minute 43 Libraries", ["Opening hours are extended at Central Library."]),
        ("Minute 44 Parks", ["Roundhay Park events programme approved."]),
    ])
    with store.transaction():
        store.put_document(changed, make_passages(changed), BagEncoder().encode(
            [p.text for p in make_passages(changed)]), [mentions(p.text) for p in make_passages(changed)])
    assert store.generation() != generation
    after = allowed_passages(store, leeds)
    assert after is not before and set(after.tolist()) == expected(store, leeds)
    assert not set(after.tolist()) & set(before.tolist())  # the old passages are gone, and not served
    # an unchanged document's filter is recomputed too (same rowids, a new set of this generation)
    assert allowed_passages(store, camden) is not before_camden
    assert set(allowed_passages(store, camden).tolist()) == expected(store, camden)
    for mode in ("keyword", "dense", "hybrid"):
        hits = search(store, "flood alleviation scheme", encoder=BagEncoder(), mode=mode,
                      council="leeds city council")
        assert hits and all(h.document == "leeds-executive-minutes.txt" for h in hits), mode
        assert all("Environment Agency" not in h.text for h in hits), mode
    agency = search(store, "", k=50, entity=AGENCY.iri)
    assert {h.document for h in agency} == {"camden-cabinet.txt", "cardiff-corporate-plan.txt",
                                            "camden-scrutiny-minutes.txt"}


def test_the_kept_sets_are_bounded_in_number_and_bytes(store, monkeypatch):
    monkeypatch.setattr(filters_mod, "_cache", filters_mod._AllowedCache(entries=2))
    a, b, c = FILTERS[:3]
    first = allowed_passages(store, a)
    allowed_passages(store, b)
    assert allowed_passages(store, a) is first  # used again: now the most recent
    allowed_passages(store, c)  # b is the least recently used: it goes
    assert allowed_passages(store, a) is first
    allowed_passages(store, b)
    allowed_passages(store, c)
    again = allowed_passages(store, a)
    assert again is not first and np.array_equal(again, first)

    monkeypatch.setattr(filters_mod, "_cache", filters_mod._AllowedCache(entries=8, max_bytes=1))
    first = allowed_passages(store, a)
    assert allowed_passages(store, a) is first  # the newest stays, whatever its size
    allowed_passages(store, b)
    assert allowed_passages(store, a) is not first


def test_masks_are_kept_with_the_set(store):
    index = lexical.refresh(store.db)
    dense = refresh_index(store)
    allowed = allowed_passages(store, FILTERS[2])
    mask = index.mask_of(allowed)
    assert index.mask_of(allowed) is mask and not mask.flags.writeable
    fresh = allowed_mask(index.rowids, allowed.tolist())  # a list is not a kept set: computed anew
    assert fresh is not mask and np.array_equal(fresh, mask)
    assert set(index.rowids[mask].tolist()) == expected(store, FILTERS[2])
    dense_mask = dense._mask(allowed)
    assert dense._mask(allowed) is dense_mask and index.mask_of(allowed) is mask  # one per index
    assert set(dense.rowids[dense_mask].tolist()) == expected(store, FILTERS[2])


rowid_sets = st.sets(st.integers(min_value=-5, max_value=400), max_size=60)


@given(rowid_sets, rowid_sets, st.sampled_from([0, 10**6, 10**12]))
def test_allowed_mask_marks_exactly_the_allowed_positions(positions, allowed, shift):
    """Compact rowids (a table by rowid) and sparse ones (a binary search) give the same mask."""
    rowids = np.array(sorted(p + shift for p in positions), dtype=np.int64)
    wanted = sorted(a + shift for a in allowed)
    mask = allowed_mask(rowids, np.array(wanted, dtype=np.int64))
    assert mask.tolist() == [r in set(wanted) for r in rowids.tolist()]


def test_a_filter_every_passage_passes_is_no_filter(tmp_path):
    store = bag_store(tmp_path / "councilgraph.sqlite", DATED_DOCS)
    wide = Filters(date_from="2000-01-01")
    assert len(expected(store, wide)) == store.counts()["passages"]
    assert allowed_passages(store, wide) is None
    for mode in ("keyword", "dense", "hybrid"):
        query = "general fund forecast"
        assert ranked(search(store, query, encoder=BagEncoder(), mode=mode, date_from="2000-01-01")) == ranked(
            search(store, query, encoder=BagEncoder(), mode=mode))
    store.close()


@pytest.mark.parametrize("k", [1, 3, 50])
def test_browsing_gives_newest_documents_in_reading_order(store, k):
    for f in [Filters(), *FILTERS]:
        hits = search(store, "", k=k, **_kwargs(f))
        assert [h.passage_id for h in hits] == browse_order(store, f)[:k], f


def test_passages_given_out_of_order_are_stored_in_reading_order(store):
    doc = document("york-full-council", "City of York Council", "minutes", "2025-02-20", [
        ("Apologies", ["Apologies were received from Cllr Baxter."]),
        ("Flood Defences", ["The Environment Agency presented the Foss barrier upgrade."]),
        ("Motions", ["A motion on bus franchising was carried."]),
    ])
    passages = make_passages(doc)[::-1]
    with store.transaction():
        store.put_document(doc, passages, BagEncoder().encode([p.text for p in passages]),
                           [mentions(p.text) for p in passages])
    hits = search(store, "", k=10, council="City of York Council")
    assert [h.passage_id for h in hits] == [p.id for p in make_passages(doc)]
    for hit in hits:  # each passage kept its own vector and entities
        rowid, _, vector = store.passage_vector(hit.passage_id)
        assert np.allclose(vector, BagEncoder().encode([hit.text])[0])
        assert list(hit.entities) == mentions(hit.text)


def _kwargs(f: Filters) -> dict:
    return {"council": f.council, "doc_type": f.doc_type, "date_from": f.date_from, "date_to": f.date_to,
            "entity": f.entity}
