from __future__ import annotations

from nlp.passages import MAX_WORDS, fallback_blocks, make_passages
from nlp.records import Block, Document


def build(parts: list[tuple[str, str, dict]]) -> Document:
    """A Document from (kind, text, extra Block fields) parts, one per line."""
    text, blocks, offset = "", [], 0
    for kind, chunk, extra in parts:
        text += chunk + "\n"
        blocks.append(Block(kind, offset, offset + len(chunk), 1, **extra))
        offset = len(text)
    return Document(id="doc", source="doc.txt", text=text, content_hash="x", title="T",
                    doc_type="report", blocks=tuple(blocks))


def test_heading_with_its_paragraphs_and_offsets_into_text():
    doc = build([
        ("heading", "Housing Options", {"level": 1}),
        ("paragraph", "There were 121 cases in August.", {}),
        ("paragraph", "We launched our allocations policy.", {}),
        ("heading", "Housing Standards", {"level": 1}),
        ("paragraph", "Civil penalties fund enforcement.", {}),
    ])
    passages = make_passages(doc)
    assert [p.section for p in passages] == ["Housing Options", "Housing Standards"]
    first = passages[0]
    assert first.text.startswith("Housing Options\n")
    assert "121 cases" in first.text and "allocations policy" in first.text
    assert doc.text[first.start:first.end].startswith("There were 121 cases")
    assert doc.text[first.start:first.end].endswith("allocations policy.")
    assert [p.seq for p in passages] == [0, 1]
    assert passages[1].id == "doc#1"


def test_nested_headings_make_a_section_path():
    doc = build([
        ("heading", "Report", {"level": 1}),
        ("heading", "5. Financial implications", {"level": 2}),
        ("paragraph", "No direct costs.", {}),
    ])
    (passage,) = make_passages(doc)
    assert passage.section == "Report > 5. Financial implications"
    assert "5. Financial implications" in passage.text


def test_table_rows_carry_their_header_labels():
    header = ("Ref", "Performance indicator", "Target")
    doc = build([
        ("heading", "Protect our environment", {"level": 1}),
        ("table_row", "2.9\tTotal tonnage of food waste collected\t1,800",
         {"cells": ("2.9", "Total tonnage of food waste collected", "1,800"), "header": header}),
    ])
    (passage,) = make_passages(doc)
    assert passage.kind == "table"
    assert "Performance indicator: Total tonnage of food waste collected" in passage.text
    assert "Target: 1,800" in passage.text


def test_short_lead_in_before_a_table_starts_the_tables_passage():
    header = ("14/15", "15/16", "20/21")
    lead = "Table 1 (below) shows the Council Tax collection rate since 2014/15:"
    doc = build([
        ("heading", "Collection", {"level": 1}),
        ("paragraph", "The Authority monitors caseload monthly with local agencies.", {}),
        ("paragraph", lead, {}),
        ("table_row", "14/15\t15/16\t20/21", {"cells": header, "header": ()}),
        ("table_row", "98.23\t98.12\t96.20", {"cells": ("98.23", "98.12", "96.20"), "header": header}),
    ])
    text_passage, table_passage = make_passages(doc)
    assert lead not in text_passage.text and "caseload" in text_passage.text
    assert table_passage.kind == "table"
    assert lead in table_passage.text and "20/21: 96.20" in table_passage.text
    assert doc.text[table_passage.start:].startswith(lead)


def test_long_paragraph_before_a_table_stays_with_the_text():
    long_text = " ".join(["The scheme was reviewed in detail this year."] * 6)
    doc = build([
        ("heading", "Collection", {"level": 1}),
        ("paragraph", long_text, {}),
        ("table_row", "Year\tRate", {"cells": ("Year", "Rate"), "header": ()}),
        ("table_row", "20/21\t96.20", {"cells": ("20/21", "96.20"), "header": ("Year", "Rate")}),
    ])
    text_passage, table_passage = make_passages(doc)
    assert "reviewed in detail" in text_passage.text and "reviewed" not in table_passage.text


def test_long_section_splits_at_block_boundaries_with_heading_repeated():
    paragraph = " ".join(["word"] * 60) + "."
    doc = build([("heading", "Corporate Strategy", {"level": 1})] + [("paragraph", paragraph, {})] * 8)
    passages = make_passages(doc)
    assert len(passages) >= 3
    for passage in passages:
        assert passage.text.startswith("Corporate Strategy\n")
        assert len(passage.text.split()) <= MAX_WORDS
        body = passage.text.split("\n", 1)[1]
        assert doc.text[passage.start:passage.end].split() == body.split()


def test_one_long_paragraph_splits_at_sentences_with_exact_spans():
    sentences = [f"Sentence number {i} says something about the budget for the year." for i in range(40)]
    doc = build([("heading", "Budget", {"level": 1}), ("paragraph", " ".join(sentences), {})])
    passages = make_passages(doc, max_words=60)
    assert len(passages) > 1
    for passage in passages:
        body = passage.text.split("\n", 1)[1]
        assert doc.text[passage.start:passage.end] == body
        assert body.endswith(".")


def test_many_table_rows_are_kept_to_a_few_per_passage():
    header = ("Indicator", "Target")
    rows = [("table_row", f"Indicator {i}\t{i}%", {"cells": (f"Indicator {i}", f"{i}%"), "header": header})
            for i in range(10)]
    doc = build([("heading", "KPIs", {"level": 1})] + rows)
    passages = make_passages(doc, max_rows=4)
    assert [p.text.count("Indicator:") for p in passages] == [4, 4, 2]


def test_page_comes_from_the_document_pages():
    text = "Intro\nFirst page text.\nSecond page text.\n"
    second = text.index("Second")
    doc = Document(id="d", source="d.txt", text=text, content_hash="x", title="", doc_type="other",
                   pages=(0, second), blocks=(Block("heading", 0, 5, 1, level=1),
                                              Block("paragraph", second, len(text) - 1, 2)))
    (passage,) = make_passages(doc)
    assert passage.page == 2


def test_markup_is_removed_from_passage_text():
    doc = build([("heading", "Report", {"level": 1}), ("paragraph", "2<sup>nd</sup> October **2025**", {})])
    (passage,) = make_passages(doc)
    assert "2nd October 2025" in passage.text


def test_without_blocks_the_text_is_split_at_blank_lines_and_tab_rows():
    text = (
        "HOUSING SERVICES\n\nThe service operates within a partnership framework.\n\n"
        "Indicator\tTarget\nSatisfaction with DFG service\t95%\n"
    )
    doc = Document(id="d", source="d.txt", text=text, content_hash="x", title="", doc_type="other")
    passages = make_passages(doc)
    assert any("partnership framework" in p.text and p.section == "HOUSING SERVICES" for p in passages)
    table = [p for p in passages if p.kind == "table"]
    assert table and "Indicator: Satisfaction with DFG service | Target: 95%" in table[0].text
    kinds = [b.kind for b in fallback_blocks(text)]
    assert kinds == ["heading", "paragraph", "table_row", "table_row"]


def test_empty_document_has_no_passages():
    doc = Document(id="d", source="d.txt", text="", content_hash="x", title="", doc_type="other")
    assert make_passages(doc) == []


def test_a_lead_in_ending_in_a_colon_never_ends_a_passage():
    filler = " ".join(["The panel reviewed the waste contract in detail."] * 18)
    lead = "The main changes proposed were:"
    doc = build([
        ("heading", "Waste contract", {"level": 1}),
        ("paragraph", filler, {}),
        ("list_item", lead, {}),
        ("list_item", "- a weekly food waste round for every household in the district", {}),
    ])
    first, second = make_passages(doc)
    assert lead not in first.text
    assert second.text.split("\n")[1:3] == [lead, "- a weekly food waste round for every household in the district"]
    assert doc.text[second.start:].startswith(lead)
