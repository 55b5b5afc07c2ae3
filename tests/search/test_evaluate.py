"""`councilgraph eval search` on a corpus and questions of one's own: the question file's
contract, clear errors for labels that cannot be scored, figures by kind and by document."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from search.evaluate import QuestionFileError, load_questions
from web.cli import main

RECYCLING = """Waste Services Report

1. Recycling

The Council collected 4,120 tonnes of garden waste for composting in the second quarter.
Food waste caddies were delivered to every household in the borough during March.

2. Street cleansing

Fly-tipping incidents fell to 212 after the enforcement team issued fixed penalty notices.
"""

PLANNING = """Planning Committee Minutes

1. Applications

The committee refused the application for 40 flats at Mill Lane because of flood risk.
Members approved the extension to the village hall subject to conditions on parking.
"""


def write_questions(path, rows):
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_question_file_contract(tmp_path):
    path = write_questions(tmp_path / "q.jsonl", [
        {"question": "fly-tipping", "document": "waste.txt", "answer": "Fly-tipping incidents fell to 212"},
        {"id": "p1", "kind": "paraphrase", "question": "Why was the housing scheme turned down?",
         "document": "planning.txt", "answer": ["because of flood risk", "refused the application"]},
    ])
    first, second = load_questions(path)
    assert (first.id, first.kind, first.answers) == ("line 1", "question", ("Fly-tipping incidents fell to 212",))
    assert (second.id, second.kind, second.answers) == ("p1", "paraphrase",
                                                        ("because of flood risk", "refused the application"))


@pytest.mark.parametrize("content, message", [
    ('{"question": "x", "document": "a.txt", "answer": "y"}\nnot json\n', ":2: not a JSON object"),
    ('{"question": "x", "answer": "y"}\n', "missing 'document'"),
    ('["x", "a.txt", "y"]\n', "expected a JSON object"),
    ('{"question": "x", "document": "a.txt", "answer": [""]}\n', "non-empty string"),
    ("\n\n", "no questions"),
])
def test_bad_question_files_name_the_line_to_fix(tmp_path, content, message):
    path = tmp_path / "q.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(QuestionFileError, match=message):
        load_questions(path)
    with pytest.raises(QuestionFileError, match="cannot read"):
        load_questions(tmp_path / "missing.jsonl")


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "waste.txt").write_text(RECYCLING, encoding="utf-8")
    (folder / "planning.txt").write_text(PLANNING, encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 not really")
    return folder


@pytest.mark.model
def test_eval_on_own_corpus_prints_figures_by_kind_and_document(tmp_path, corpus):
    questions = write_questions(tmp_path / "q.jsonl", [
        {"kind": "keyword", "question": "fly-tipping fixed penalty", "document": "waste.txt",
         "answer": "Fly-tipping incidents fell to 212"},
        {"kind": "keyword", "question": "Mill Lane flats", "document": "planning.txt",
         "answer": "refused the application for 40 flats at Mill Lane"},
        {"kind": "natural", "question": "How much garden waste was collected?", "document": "waste.txt",
         "answer": "4,120 tonnes of garden waste"},
    ])
    runner = CliRunner()
    result = runner.invoke(main, ["eval", "search", "--corpus", str(corpus), "--questions", str(questions),
                                  "--no-extract", "--json", "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    assert "skipped:" in result.stderr and "broken.pdf" in result.stderr  # reported, the rest evaluated
    report = json.loads(result.stdout)
    by_question = {q["question"]: q["ranks"] for q in report["questions"]}
    assert by_question["fly-tipping fixed penalty"]["keyword"] == 1
    assert by_question["Mill Lane flats"]["hybrid"] == 1
    assert set(report["by_kind"]["hybrid"]) == {"all", "keyword", "natural"}
    assert report["by_document"]["hybrid"]["planning.txt"]["n"] == 1
    assert report["by_document"]["hybrid"]["waste.txt"]["n"] == 2
    assert report["by_kind"]["keyword"]["keyword"]["hit@1"] == 1.0

    text = runner.invoke(main, ["eval", "search", "--corpus", str(corpus), "--questions", str(questions),
                                "--no-extract", "--by-document", "--data-dir", str(tmp_path / "d")])
    assert text.exit_code == 0, text.output
    assert "planning.txt" in text.stdout and "MRR@10" in text.stdout and "natural" in text.stdout


@pytest.mark.model
def test_questions_that_cannot_be_scored_are_errors_and_warnings(tmp_path, corpus):
    questions = write_questions(tmp_path / "q.jsonl", [
        {"id": "gone", "question": "budget", "document": "budget-2025.pdf", "answer": "£3m"},
        {"id": "typo", "question": "garden waste", "document": "waste.txt", "answer": "4,121 tonnes"},
    ])
    result = CliRunner().invoke(main, ["eval", "search", "--corpus", str(corpus), "--questions", str(questions),
                                       "--no-extract", "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 1
    assert "1 question(s) cannot be scored" in result.output
    assert "gone: document 'budget-2025.pdf' is not in the corpus" in result.output
    assert "warning: typo: no answer" in result.stderr


def test_store_and_corpus_together_is_a_usage_error(tmp_path, corpus):
    result = CliRunner().invoke(main, ["eval", "search", "--store", "--corpus", str(corpus),
                                       "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 2 and "choose one" in result.output


@pytest.mark.model
@pytest.mark.slow
def test_eval_of_the_ingested_store(tmp_path, built_sample):
    """--store scores what `ingest` put in the data directory, with its FAISS file."""
    bundled = load_questions()
    rows = [{"id": q.id, "kind": q.kind, "question": q.question, "document": q.document, "answer": list(q.answers)}
            for q in bundled if q.kind == "keyword"][:6]
    questions = write_questions(tmp_path / "q.jsonl", rows)
    result = CliRunner().invoke(main, ["eval", "search", "--store", "--questions", str(questions), "--json",
                                       "--data-dir", str(built_sample)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["by_kind"]["hybrid"]["all"]["n"] == 6
    assert report["by_kind"]["hybrid"]["all"]["hit@5"] >= 0.8  # keyword questions: the sample's 1.00


@pytest.mark.model
def test_two_files_of_one_name_are_two_documents_and_an_ambiguous_label_is_an_error(tmp_path):
    for council, text in (("norwich", RECYCLING), ("copeland", PLANNING)):
        (tmp_path / council).mkdir()
        (tmp_path / council / "minutes.txt").write_text(text, encoding="utf-8")
    questions = write_questions(tmp_path / "q.jsonl", [
        {"id": "which", "question": "Mill Lane flats", "document": "minutes.txt", "answer": "Mill Lane"},
    ])
    result = CliRunner().invoke(main, ["eval", "search", "--corpus", str(tmp_path / "norwich"),
                                       "--corpus", str(tmp_path / "copeland"), "--questions", str(questions),
                                       "--no-extract", "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 1
    assert "which: 2 documents are called 'minutes.txt'" in result.output
