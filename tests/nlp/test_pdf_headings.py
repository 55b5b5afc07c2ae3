"""Headings in council PDFs: PDF text loses the bold face and the larger type that make a line a
heading, so the PDF reader marks them as the .docx reader marks Word's heading styles. The
documents are set at test time (tests/pdfkit.py) in the house style that defeats reading by
layout alone: headings in bold body type run straight into their paragraph, with no more space
round them than a paragraph's."""

from __future__ import annotations

from pathlib import Path

from nlp.documents import read_document
from tests.pdfkit import council_pdf

REPORT = """Ravensholme Borough Council

Cabinet
14 January 2025

Review of the Council's Approach to Empty Homes

**Purpose of the report**
This report sets out a revised approach to bringing long-term empty homes back into use, following the scrutiny review that the committee commissioned last year.

**Background**
There are 412 homes in the borough that have been empty for more than six months. Most are owned by people who have inherited them and have not decided what to do with them.
The council's current approach relies on letters to owners and, rarely, enforcement.

**Options considered**
Three options were considered: carrying on as now, a loans scheme for owners who cannot afford repairs, and a dedicated empty homes officer working with owners and enforcement.

**Financial implications (revenue and capital)**
The loans scheme would be funded from the capital programme and recycled as loans are repaid.

The committee is asked to agree the revised approach.
"""


def _read(tmp_path: Path, text: str, **style):
    source = tmp_path / "report.txt"
    source.write_text(text, encoding="utf-8")
    return read_document(council_pdf(tmp_path / "report.pdf", text, **style))


def _headings(doc) -> dict[str, int]:
    return {doc.text[b.start:b.end]: b.level for b in doc.blocks if b.kind == "heading"}


def test_bold_headings_run_into_their_paragraph_are_headings(tmp_path: Path) -> None:
    doc = _read(tmp_path, REPORT, headings="bold")
    headings = _headings(doc)
    for heading in ("Purpose of the report", "Background", "Options considered",
                    "Financial implications (revenue and capital)"):
        assert heading in headings, heading
    # the paragraph under a heading starts a block of its own, not joined to the heading
    paragraphs = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "paragraph"]
    assert any(p.startswith("There are 412 homes in the borough") for p in paragraphs)
    # lines in body type are not headings, nor is the closing sentence
    assert "Cabinet" not in headings and "The committee is asked to agree the revised approach." not in headings


def test_display_type_is_a_heading_and_ranks_above_bold_body_type(tmp_path: Path) -> None:
    doc = _read(tmp_path, REPORT, headings="bold")
    headings = _headings(doc)
    # the letterhead (22 pt beside its address in small type) and the title (17 pt)
    assert headings.get("Ravensholme Borough Council") == 1
    assert headings.get("Review of the Council's Approach to Empty Homes") == 1
    assert headings["Background"] > 1
    assert "Council Offices, Market Street" not in doc.text.split("\n")[0]


def test_bold_that_is_not_a_heading_stays_text(tmp_path: Path) -> None:
    text = REPORT.replace(
        "The committee is asked to agree the revised approach.",
        "**RESOLVED that the revised approach to empty homes set out in this report be agreed and adopted.**\n"
        "\n**The following officers were present: the Head of Housing, the Empty Homes Officer, the Head of Legal "
        "Services and the Democratic Services Officer**")
    doc = _read(tmp_path, text, headings="bold")
    headings = _headings(doc)
    assert not any(h.startswith("RESOLVED") for h in headings)  # a sentence, ends with a full stop
    assert not any(h.startswith("The following officers") for h in headings)  # too long for a heading
    assert "Background" in headings


def test_body_type_is_that_of_the_running_text_not_of_larger_tables(tmp_path: Path) -> None:
    """A report whose tables (in smaller type) hold more words than its paragraphs: the paragraphs'
    type is the body's, so a paragraph line is not read as display type."""
    rows = "\n".join(f"RB{n:02d}\tNumber of households helped to stay in their home through early intervention in ward {n}"
                     f"\t{n * 3}\t{n * 2}\tGreen" for n in range(1, 30))
    text = (f"Ravensholme Borough Council\n\nHousing Performance Report\n\n"
            f"The table below sets out the housing options service's indicators at the end of the first quarter, "
            f"ward by ward, with the target for each.\n\n"
            f"Housing Options Service\n\nRef\tIndicator\tQ1\tTarget\tStatus\n{rows}\n")
    doc = _read(tmp_path, text)
    headings = _headings(doc)
    assert "Housing Options Service" not in headings or headings["Housing Options Service"] > 1
    assert not any(line.startswith("#") and "Housing Options Service" in line for line in doc.original_text.split("\n"))
    assert headings.get("Housing Performance Report") == 1


def test_each_page_is_parsed_once(tmp_path: Path, monkeypatch) -> None:
    """The text, its positions, the ruling and the runs come from one parse of the content stream."""
    from pypdf.generic import ContentStream

    pdf = council_pdf(tmp_path / "report.pdf", REPORT + "\nRef\tIndicator\tTarget\nRB01\tHomes brought back into use\t12\n")
    parses = []
    real = ContentStream._parse_content_stream

    def counted(self, stream):
        parses.append(1)
        return real(self, stream)

    monkeypatch.setattr(ContentStream, "_parse_content_stream", counted)
    doc = read_document(pdf)
    assert "RB01\tHomes brought back into use\t12" in doc.text.split("\n")
    assert len(parses) == len(doc.pages)
