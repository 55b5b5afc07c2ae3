"""Document ids at ingest: files of the same name from different folders (minutes.pdf, agenda.pdf)
are different documents, the same file keeps its id, copies are not stored twice, and stores made
before the source path was recorded are migrated, not duplicated."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from graph.iris import document_iri
from graph.namespaces import DEFAULT_BASE_IRI
from graph.store import GraphStore
from search.docstore import DocStore
from search.index import search
from web.cli import main
from web.datadir import DataDir
from web.ingest import Ingester

NORWICH = (
    "Norwich City Council\n\nScrutiny committee minutes\n\nDate: 20 September 2018\n\n"
    "Held in the Mancroft room, City Hall. Members discussed the leisure centre contract.\n"
)
CASTLE_POINT = (
    "Castle Point Borough Council\n\nCabinet minutes\n\nDate: 17 November 2021\n\n"
    "Held at the Council Offices, Canvey Island. Cabinet agreed the seafront parking charges.\n"
)


def suffixed(base: str, path) -> str:
    return f"{base}-{hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:6]}"


def ingest(data_dir, *paths, **kwargs):
    """Ingest without fact extraction or embedding (not what these tests are about)."""
    ingester = Ingester(DataDir(data_dir), DEFAULT_BASE_IRI, 10_000_000, **kwargs)
    try:
        return ingester.ingest(list(paths))
    finally:
        ingester.close()


def documents(data_dir) -> dict[str, tuple]:
    """id -> (source path, content hash, text) of every stored document."""
    db = sqlite3.connect(data_dir / "councilgraph.sqlite")
    try:
        rows = db.execute("SELECT id, source_path, content_hash, text FROM documents").fetchall()
    finally:
        db.close()
    return {row[0]: row[1:] for row in rows}


def graph_names(data_dir) -> set[str]:
    store = GraphStore(data_dir / "graph", read_only=True)
    try:
        return store.graph_names()
    finally:
        del store  # releases the store's lock for the next ingest


def statuses(report) -> list[tuple[str, str]]:
    return [(o.path.parent.name + "/" + o.path.name, o.status) for o in report.outcomes]


@pytest.fixture
def two_councils(tmp_path):
    """Two councils' downloads, each with its own minutes.txt."""
    inbox = tmp_path / "in"
    for council, text in (("castle-point", CASTLE_POINT), ("norwich", NORWICH)):
        (inbox / council).mkdir(parents=True)
        (inbox / council / "minutes.txt").write_text(text, encoding="utf-8")
    return inbox


def test_same_file_name_in_two_folders_are_two_documents(tmp_path, two_councils):
    data = tmp_path / "data"
    castle, norwich = two_councils / "castle-point" / "minutes.txt", two_councils / "norwich" / "minutes.txt"
    report = ingest(data, two_councils)
    assert statuses(report) == [("castle-point/minutes.txt", "ingested"), ("norwich/minutes.txt", "ingested")]
    ids = {o.path: o.document_id for o in report.outcomes}
    assert ids == {castle: "minutes", norwich: suffixed("minutes", norwich)}
    stored = documents(data)
    assert {doc_id: row[0] for doc_id, row in stored.items()} == {
        "minutes": str(castle.resolve()), ids[norwich]: str(norwich.resolve())}

    store = DocStore(data / "councilgraph.sqlite", read_only=True)
    councils = {row["id"]: row["council"] for row in store.document_rows()}
    assert councils == {"minutes": "Castle Point Borough Council", ids[norwich]: "Norwich City Council"}
    assert {h.document_id for h in search(store, "Mancroft room", mode="keyword")} == {ids[norwich]}
    assert {h.document_id for h in search(store, "Canvey Island", mode="keyword")} == {"minutes"}
    assert all(p.document_id == ids[norwich] for p in store.passages(ids[norwich]))
    store.close()
    copies = sorted(p.name for p in (data / "files").iterdir())
    assert copies == sorted(["minutes.txt", f"{ids[norwich]}.txt"])
    assert {str(document_iri(i, DEFAULT_BASE_IRI)) for i in ids.values()} <= graph_names(data)

    # Re-ingesting, together or one folder at a time in the other order: unchanged, same ids.
    again = ingest(data, two_councils)
    assert [o.status for o in again.outcomes] == ["unchanged", "unchanged"]
    assert {o.path: o.document_id for o in again.outcomes} == ids
    alone = ingest(data, two_councils / "norwich", two_councils / "castle-point")
    assert [(o.document_id, o.status) for o in alone.outcomes] == [
        (ids[norwich], "unchanged"), ("minutes", "unchanged")]
    assert documents(data) == stored


def test_same_name_with_another_extension_in_one_folder_is_kept(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "agenda.md").write_text("# Cabinet agenda\n\nItem 1: the seafront parking charges.\n", encoding="utf-8")
    (inbox / "agenda.txt").write_text("Planning committee agenda\n\nItem 1: the leisure centre.\n", encoding="utf-8")
    data = tmp_path / "data"
    report = ingest(data, inbox)
    assert [(o.document_id, o.status) for o in report.outcomes] == [
        ("agenda", "ingested"), (suffixed("agenda", inbox / "agenda.txt"), "ingested")]
    stored = documents(data)
    assert "seafront" in stored["agenda"][2] and "leisure" in stored[suffixed("agenda", inbox / "agenda.txt")][2]
    assert ingest(data, inbox).count("unchanged") == 2 and documents(data) == stored


def test_a_copy_in_another_folder_is_reported_and_not_stored_twice(tmp_path, two_councils):
    original = two_councils / "norwich" / "minutes.txt"
    shutil.copy(original, two_councils / "castle-point" / "minutes.txt")  # one council's paper, twice
    (two_councils / "norwich" / "scrutiny minutes.txt").write_bytes(original.read_bytes())
    data = tmp_path / "data"
    args = ["ingest", str(two_councils), "--data-dir", str(data), "--no-embed", "--no-extract"]
    for extra in ([], ["--force"]):
        result = CliRunner().invoke(main, args + extra)
        assert result.exit_code == 0, result.output
        assert "1 ingested, 2 unchanged" in result.output
        copies = [line for line in result.output.splitlines() if line.startswith("unchanged: ")]
        first = two_councils / "castle-point" / "minutes.txt"
        assert copies == [
            f"unchanged: {path}: same content as {first.resolve()} (document minutes); not stored again"
            for path in (original, two_councils / "norwich" / "scrutiny minutes.txt")
        ], result.output
        assert list(documents(data)) == ["minutes"]
    # A copy arriving in a later batch is found in the store.
    later = tmp_path / "later"
    later.mkdir()
    shutil.copy(original, later / "minutes.txt")
    report = ingest(data, later)
    assert [(o.status, o.document_id) for o in report.outcomes] == [("unchanged", "minutes")]
    assert "same content as" in report.outcomes[0].detail
    store = DocStore(data / "councilgraph.sqlite", read_only=True)
    assert store.counts()["documents"] == 1
    assert len(search(store, "Mancroft room", mode="keyword")) == 1
    store.close()


def test_a_changed_file_replaces_its_own_document_only(tmp_path, two_councils):
    data = tmp_path / "data"
    ingest(data, two_councils)
    before = documents(data)
    norwich = two_councils / "norwich" / "minutes.txt"
    norwich.write_text(NORWICH.replace("Mancroft room", "Blue room"), encoding="utf-8")
    report = ingest(data, two_councils)
    assert statuses(report) == [("castle-point/minutes.txt", "unchanged"), ("norwich/minutes.txt", "ingested")]
    after = documents(data)
    assert after.keys() == before.keys()
    assert after["minutes"] == before["minutes"]
    norwich_id = suffixed("minutes", norwich)
    assert "Blue room" in after[norwich_id][2] and "Mancroft" not in after[norwich_id][2]


def test_the_same_file_twice_in_one_batch_is_stored_once(tmp_path, two_councils):
    data = tmp_path / "data"
    norwich = two_councils / "norwich" / "minutes.txt"
    report = ingest(data, two_councils / "norwich", norwich)
    assert [(o.document_id, o.status) for o in report.outcomes] == [("minutes", "ingested"), ("minutes", "unchanged")]
    assert list(documents(data)) == ["minutes"]


def make_legacy(data, *files) -> None:
    """A store as ingest wrote it before the source path was recorded."""
    ingest(data, *files)
    db = sqlite3.connect(data / "councilgraph.sqlite")
    db.executescript(
        "DROP INDEX documents_source_path; DROP INDEX documents_content_hash;"
        " ALTER TABLE documents DROP COLUMN source_path;"
    )
    db.close()


def columns(data) -> set[str]:
    db = sqlite3.connect(data / "councilgraph.sqlite")
    try:
        return {row[1] for row in db.execute("PRAGMA table_info(documents)")}
    finally:
        db.close()


def test_a_legacy_store_is_read_as_it_is_and_migrated_on_ingest(tmp_path, two_councils):
    data = tmp_path / "data"
    norwich = two_councils / "norwich" / "minutes.txt"
    (two_councils / "norwich" / "agenda.md").write_text("# Agenda\n\nThe leisure centre contract.\n", encoding="utf-8")
    make_legacy(data, norwich, two_councils / "norwich" / "agenda.md")
    assert "source_path" not in columns(data)

    reader = DocStore(data / "councilgraph.sqlite", read_only=True)
    assert {row["id"] for row in reader.document_rows()} == {"minutes", "agenda"}
    assert [h.document_id for h in search(reader, "Mancroft room", mode="keyword")] == ["minutes"]
    reader.close()
    assert "source_path" not in columns(data)  # reading never writes

    # The same file again: its legacy row is adopted (path recorded), not stored a second time.
    report = ingest(data, norwich)
    assert [(o.document_id, o.status) for o in report.outcomes] == [("minutes", "unchanged")]
    assert documents(data)["minutes"][0] == str(norwich.resolve())
    assert documents(data)["agenda"][0] is None
    # agenda.txt is not agenda.md: the legacy row from agenda.md stays that file's.
    agenda_txt = two_councils / "norwich" / "agenda.txt"
    agenda_txt.write_text("Agenda\n\nSeafront parking.\n", encoding="utf-8")
    report = ingest(data, agenda_txt)
    assert [(o.document_id, o.status) for o in report.outcomes] == [(suffixed("agenda", agenda_txt), "ingested")]
    assert "leisure" in documents(data)["agenda"][2] and documents(data)["agenda"][0] is None
    # Changed, minutes.txt updates its row; the other council's minutes.txt is a document of its own.
    norwich.write_text(NORWICH.replace("Mancroft room", "Blue room"), encoding="utf-8")
    report = ingest(data, two_councils)
    castle = two_councils / "castle-point" / "minutes.txt"
    assert [(o.path.name, o.document_id, o.status) for o in report.outcomes] == [
        ("minutes.txt", suffixed("minutes", castle), "ingested"), ("agenda.md", "agenda", "unchanged"),
        ("agenda.txt", suffixed("agenda", agenda_txt), "unchanged"), ("minutes.txt", "minutes", "ingested")]
    stored = documents(data)
    assert set(stored) == {"minutes", "agenda", suffixed("minutes", castle), suffixed("agenda", agenda_txt)}
    assert "Blue room" in stored["minutes"][2]
    assert all(row[0] for row in stored.values())  # every row now knows its file


def test_legacy_row_with_another_path_and_the_same_name_is_adopted_once(tmp_path, two_councils):
    """A legacy row cannot say which folder its minutes.txt was in: the first one to come back
    adopts it, the other gets an id of its own; both are stored, and stay put."""
    data = tmp_path / "data"
    make_legacy(data, two_councils / "norwich" / "minutes.txt")
    report = ingest(data, two_councils)
    assert [o.status for o in report.outcomes] == ["ingested", "ingested"]
    stored = documents(data)
    assert len(stored) == 2 and all(row[0] for row in stored.values())
    texts = " ".join(row[2] for row in stored.values())
    assert "Mancroft" in texts and "Canvey" in texts  # neither taken for a copy of the legacy row
    assert ingest(data, two_councils).count("unchanged") == 2 and documents(data) == stored


def test_claim_id(tmp_path):
    from nlp.records import Document

    store = DocStore(tmp_path / "db.sqlite")
    assert store.claim_id("minutes", "/a/minutes.pdf") == "minutes"
    assert store.claim_id("minutes", "/a/minutes.pdf", {"minutes": "/a/minutes.pdf"}) == "minutes"
    digest = hashlib.sha256(b"/b/minutes.pdf").hexdigest()
    assert store.claim_id("minutes", "/b/minutes.pdf", {"minutes": "/a/minutes.pdf"}) == f"minutes-{digest[:6]}"
    # A file whose own name is another's suffixed id: the next, longer suffix.
    doc = Document(id=f"minutes-{digest[:6]}", source=f"minutes-{digest[:6]}.pdf", text="x", content_hash="h",
                   title="x", doc_type="minutes")
    with store.transaction():
        store.put_document(doc, [], None, source_path=f"/c/minutes-{digest[:6]}.pdf")
    claimed = {"minutes": "/a/minutes.pdf"}
    assert store.claim_id("minutes", "/b/minutes.pdf", claimed) == f"minutes-{digest[:12]}"
    assert store.claim_id("anything", f"/c/minutes-{digest[:6]}.pdf") == doc.id
    store.close()
