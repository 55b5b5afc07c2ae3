"""The CLI contract: commands, options, exit statuses, bad input reported per file."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from search.docstore import DocStore
from web.cli import main

GOOD = "Cabinet agenda\n\nDate: 5 November 2024\n\nThe Council noted the recycling report.\n"


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


def test_help_and_version():
    for command in ([], ["ingest"], ["sparql"], ["search"], ["serve"], ["eval"], ["eval", "search"],
                    ["eval", "indicator-links"]):
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Usage" in result.output
    result = run("--version")
    assert result.exit_code == 0 and "councilgraph" in result.output


def test_bad_inputs_are_reported_and_the_rest_ingests(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text(GOOD, encoding="utf-8")
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (inbox / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    (inbox / "notes.docx").write_bytes(b"this is not a zip file")
    (inbox / "huge.txt").write_text("word " * 5000, encoding="utf-8")
    (inbox / "legacy.txt").write_bytes("Council tax \xa3 1,200 caf\xe9\n".encode("cp1252"))
    stray = tmp_path / "table.xyz"
    stray.write_text("x")
    data = tmp_path / "data"
    result = run("ingest", str(inbox), str(stray), "--data-dir", str(data), "--no-embed", "--no-extract",
                 env={"COUNCILGRAPH_MAX_FILE_BYTES": "20000"})
    assert result.exit_code == 1, result.output
    failures = [line for line in result.output.splitlines() if line.startswith("failed:")]
    named = " ".join(failures)
    for name in ("empty.txt", "binary.txt", "corrupt.pdf", "notes.docx", "huge.txt", "table.xyz"):
        assert name in named, f"{name} not reported: {result.output}"
    assert len(failures) == 6
    assert "2 ingested" in result.output and "6 failed" in result.output
    store = DocStore(data / "councilgraph.sqlite", read_only=True)
    assert {row["source"] for row in store.document_rows()} == {"good.txt", "legacy.txt"}
    assert "café" in store.document("legacy").text


def test_unsupported_files_inside_a_folder_are_skipped(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "in" / "logo.png").write_bytes(b"\x89PNG")
    result = run("ingest", str(tmp_path / "in"), "--data-dir", str(tmp_path / "d"), "--no-embed", "--no-extract")
    assert result.exit_code == 0, result.output
    assert "skipped: " in result.output and "logo.png" in result.output


def test_missing_path_fails_with_status_1(tmp_path):
    result = run("ingest", str(tmp_path / "nope"), "--data-dir", str(tmp_path / "d"), "--no-embed")
    assert result.exit_code == 1 and "no such file" in result.output


def test_commands_on_an_empty_data_dir_say_what_to_do(tmp_path):
    result = run("sparql", "SELECT * WHERE { ?s ?p ?o }", "--data-dir", str(tmp_path / "none"))
    assert result.exit_code != 0 and "councilgraph ingest" in result.output


def test_sparql_formats(built_sample):
    query = ("PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX dcterms: <http://purl.org/dc/terms/>"
             " SELECT ?doc ?title WHERE { ?doc a foaf:Document ; dcterms:title ?title }")
    result = run("sparql", query, "--data-dir", str(built_sample))
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.output)["results"]["bindings"]
    assert len(bindings) == 5
    result = run("sparql", query, "--format", "csv", "--data-dir", str(built_sample))
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 5 and set(rows[0]) == {"doc", "title"}
    result = run("sparql", "CONSTRUCT WHERE { ?d a <http://xmlns.com/foaf/0.1/Document> }", "--format", "nt",
                 "--data-dir", str(built_sample))
    assert result.exit_code == 0 and result.output.count("\n") == 5


def test_sparql_refuses_updates_and_service(built_sample):
    for query in ("DELETE WHERE { ?s ?p ?o }",
                  "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
                  "SELECT * WHERE { ?s ?p "):
        result = run("sparql", query, "--data-dir", str(built_sample))
        assert result.exit_code != 0
        assert "Error" in result.output


def test_search_like_a_passage(built_sample):  # noqa: ANN001
    first = json.loads(run("search", "recycling target", "--k", "1", "--json", "--data-dir", str(built_sample)).output)[0]
    result = run("search", "--like", first["passage_id"], "--k", "3", "--json", "--data-dir", str(built_sample))
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert len(hits) == 3 and all(h["document_id"] != first["document_id"] for h in hits)
    assert run("search", "q", "--like", first["passage_id"], "--data-dir", str(built_sample)).exit_code == 2
    unknown = run("search", "--like", "nope", "--data-dir", str(built_sample))
    assert unknown.exit_code == 1 and "no passage 'nope'" in unknown.output
