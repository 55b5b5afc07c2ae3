"""Passages within the embedding model's window: what the model does not read is not embedded.

The window is measured by a length function (`nlp.passages.Window`); the unit tests here use a
stand-in that, like word pieces, charges long codes and figures more than plain words, and the
model tests use the real tokenizer on the sample corpus and the held-out set."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.passages import Window, clean, make_passages
from nlp.records import Document, Passage
from tests.search.test_passages import build


def pieces(text: str) -> int:
    """A word-piece stand-in: one piece per three characters of each word; adds up over words."""
    return sum(-(-len(word) // 3) for word in text.split())




def assert_maps_back(doc: Document, passage: Passage) -> None:
    """A passage's span is on its page and holds text; where it covers no table row (whose
    labelled text is not the document's) its body lines are that text, in order, end to end."""
    assert passage.page == doc.page_at(passage.start)
    span = clean(doc.text[passage.start : passage.end])
    assert span
    if any(b.kind == "table_row" and b.start < passage.end and b.end > passage.start for b in doc.blocks):
        return
    lines = passage.text.split("\n")[1:] if passage.section else passage.text.split("\n")
    assert span.startswith(lines[0]) and span.endswith(lines[-1])
    at = 0
    for line in lines:
        at = span.index(line, at) + len(line)


def long_row(n: int) -> tuple[str, dict]:
    header = tuple(["Code", "Indicator"] + [f"Q{q} 2024/25" for q in range(1, n + 1)])
    cells = tuple(["ENV01", "Household waste sent for reuse, recycling or composting"]
                  + [f"{30 + q}.{q}%" for q in range(1, n + 1)])
    return "\t".join(cells), {"cells": cells, "header": header}


def test_a_table_row_longer_than_the_window_is_cut_at_cells_and_keeps_its_span():
    row, extra = long_row(25)
    doc = build([("heading", "Mission 2 - Safe, clean and green", {"level": 1}), ("table_row", row, extra)])
    window = Window(pieces, 60)
    passages = make_passages(doc, window=window)
    assert len(passages) > 1
    body = []
    for passage in passages:
        assert pieces(passage.text) <= window.size
        assert passage.text.startswith("Mission 2 - Safe, clean and green\n")
        assert (passage.start, passage.end) == (doc.blocks[1].start, doc.blocks[1].end)
        rest = passage.text.split("\n", 1)[1]
        assert not rest.startswith("|") and not rest.endswith("|")
        # cut between cells: no label is parted from its value
        assert all(": " in cell for cell in rest.split(" | "))
        body += rest.split(" | ")
    assert body == ["Code: ENV01", "Indicator: Household waste sent for reuse, recycling or composting",
                    *[f"Q{q} 2024/25: {30 + q}.{q}%" for q in range(1, 26)]]


def test_without_a_window_the_same_row_is_one_passage_of_words():
    row, extra = long_row(25)
    doc = build([("heading", "Mission 2", {"level": 1}), ("table_row", row, extra)])
    (passage,) = make_passages(doc)
    assert pieces(passage.text) > 60  # the window, not the word limit, cuts it above


def test_a_paragraph_longer_than_the_window_is_cut_at_sentences_with_exact_spans():
    sentences = [f"In 2024/25 ref. HRA-{i:04d} cost £{i * 1234:,}.{i:02d} against £{i * 1100:,}." for i in range(15)]
    paragraph = " ".join(sentences)
    doc = build([("heading", "Budget", {"level": 1}), ("paragraph", paragraph, {})])
    window = Window(pieces, 80)
    assert len(paragraph.split()) < 160 and pieces(paragraph) > 80  # fits the words, not the window
    passages = make_passages(doc, window=window)
    assert len(passages) > 1
    for passage in passages:
        assert pieces(passage.text) <= window.size
        body = passage.text.split("\n", 1)[1]
        assert doc.text[passage.start : passage.end] == body
        assert body.endswith(".")
        assert_maps_back(doc, passage)
    assert " ".join(p.text.split("\n", 1)[1] for p in passages) == paragraph


def test_a_word_longer_than_the_window_is_cut_between_characters():
    address = "https://democracy.example.gov.uk/" + "/".join(f"segment{i}" for i in range(60))
    doc = build([("heading", "Background papers", {"level": 1}), ("paragraph", f"See {address} for the papers.", {})])
    window = Window(pieces, 50)
    passages = make_passages(doc, window=window)
    assert all(pieces(p.text) <= window.size for p in passages)
    assert "".join(p.text.split("\n", 1)[1] for p in passages).replace(" ", "") == f"See{address}forthepapers."
    for passage in passages:
        assert doc.text[passage.start : passage.end] == passage.text.split("\n", 1)[1]


def test_the_heading_counts_against_the_window():
    heading = "Corporate Performance Report - Quarter 3 2024/25 (October to December 2024)"
    paragraphs = [("paragraph", f"Indicator HSG{i:02d} stood at {i}.5% in Q3 2024/25.", {}) for i in range(30)]
    doc = build([("heading", heading, {"level": 1})] + paragraphs)
    window = Window(pieces, 90)
    passages = make_passages(doc, window=window)
    assert len(passages) > 1
    for passage in passages:
        assert passage.text.startswith(heading + "\n")
        assert pieces(passage.text) <= window.size
        assert_maps_back(doc, passage)


def test_a_caption_stays_with_a_long_row_and_both_fit():
    caption = "Table 2 shows the quarterly figures:"
    row, extra = long_row(30)
    doc = build([
        ("heading", "Waste", {"level": 1}),
        ("paragraph", "The service reports quarterly to Cabinet.", {}),
        ("paragraph", caption, {}),
        ("table_row", row, extra),
    ])
    window = Window(pieces, 70)
    passages = make_passages(doc, window=window)
    captioned = next(p for p in passages if caption in p.text)
    _, line, row_start = captioned.text.split("\n")
    assert line == caption and row_start.startswith("Code: ENV01 | Indicator: Household waste")
    assert "quarterly to Cabinet" not in captioned.text
    assert doc.text[captioned.start :].startswith(caption)
    assert all(pieces(p.text) <= window.size for p in passages)


# -- the real model -------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus():
    from search.evaluate import load_corpus, load_sample_documents

    fixtures = ROOT / "tests" / "fixtures"
    held_out, problems = load_corpus([fixtures / "heldout-search", fixtures / "heldout-search-2", fixtures / "heldout"])
    assert not problems
    return load_sample_documents() + held_out


@pytest.mark.model
def test_word_pieces_add_up_over_joined_texts(encoder):
    texts = ["Code: ENV01 | Indicator: Household waste (kg) | Q3 2024/25: 35.9% | Status: Amber",
             "4.3 MISSION 3 – HEALTHY, INDEPENDENT RESIDENTS", "Cllr O'Neill's £1,234.56 bid (ref. HRA-0042)."]
    assert encoder.word_pieces("\n".join(texts)) == sum(encoder.word_pieces(t) for t in texts)
    assert encoder.token_count("\n".join(texts)) == encoder.word_pieces("\n".join(texts)) + encoder.token_count("")
    assert encoder.passage_window().size == encoder.max_tokens - encoder.token_count("")


@pytest.mark.model
def test_every_passage_fits_the_model_window(encoder, corpus):
    window = encoder.passage_window()
    over_by_words = 0
    for doc in corpus:
        over_by_words += sum(encoder.token_count(p.text.strip()) > encoder.max_tokens for p in make_passages(doc))
        for passage in make_passages(doc, window=window):
            # what the encoder receives at ingest: the passage text, heading included
            assert encoder.token_count(passage.text.strip()) <= encoder.max_tokens, (doc.source, passage.seq)
            assert_maps_back(doc, passage)
    assert over_by_words > 0  # the corpus has passages that words alone let run past the window


@pytest.mark.model
def test_a_synthetic_long_row_fits_the_real_window(encoder):
    row, extra = long_row(25)
    heading = "4.3 MISSION 3 – HEALTHY, INDEPENDENT RESIDENTS"
    doc = build([("heading", heading, {"level": 1}), ("table_row", row, extra)])
    (by_words,) = make_passages(doc)
    assert encoder.token_count(by_words.text) > encoder.max_tokens
    passages = make_passages(doc, window=encoder.passage_window())
    assert len(passages) > 1
    assert all(encoder.token_count(p.text) <= encoder.max_tokens for p in passages)
    assert sum(p.text.count("2024/25:") for p in passages) == 25
