"""Titles of PDFs from their typography: the largest type on the first page that reads as a title,
in the layouts councils publish (a committee report under its committee and date, an agenda front
sheet, a letterhead set larger than the title, a cover page). Each report is also read from its
text alone, which is what the title came from before: most of those readings are wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.documents import extract, read_document
from nlp.metadata import display_title, infer_metadata
from nlp.typography import SizedLine, body_size, display_runs
from tests.nlp.conftest import bold, typeset_pdf

BODY = [
    ("The council consulted residents, partners and tenants on the draft proposals over twelve", 11),
    ("weeks in the spring. This report sets out what they told us and the changes that officers", 11),
    ("recommend as a result, with the financial and legal implications of each of the options.", 11),
]


def _title(tmp_path: Path, pages, **kwargs) -> tuple[str, str]:
    """The title read from the PDF, and the title its text alone gives."""
    doc = read_document(typeset_pdf(tmp_path / "report.pdf", pages, **kwargs))
    return doc.title, infer_metadata(doc.text).title


@pytest.mark.parametrize("scaled", [False, True], ids=["font-size", "text-matrix"])
def test_cabinet_report_title_under_committee_date_and_item(tmp_path: Path, scaled: bool) -> None:
    page = [("Cabinet", 11), ("5 November 2024", 11), ("Agenda Item 7", 11),
            bold("Review of the Housing Allocations", 18), bold("Policy and Tenancy Strategy", 18),
            ("Report of the Head of Housing", 11), *BODY]
    title, from_text = _title(tmp_path, [page], scaled=scaled)
    assert title == "Review of the Housing Allocations Policy and Tenancy Strategy"
    assert from_text == "Cabinet"


def test_report_whose_committee_is_set_larger_than_its_title(tmp_path: Path) -> None:
    page = [bold("CABINET", 16), ("Date of meeting: 14 May 2024", 11), ("Agenda item 9", 11),
            bold("Disabled Facilities Grants: Delivery Review", 14), ("Portfolio: Housing", 11), *BODY]
    title, from_text = _title(tmp_path, [page])
    assert title == "Disabled Facilities Grants: Delivery Review"
    assert from_text == "Cabinet"


def test_letterhead_set_largest_gives_way_to_the_next_largest(tmp_path: Path) -> None:
    page = [bold("Northmere Borough Council", 24), ("Cabinet", 12), ("Tuesday 14 May 2024", 12),
            bold("Climate Emergency Action Plan:", 16), bold("Annual Progress Report", 16),
            ("Report of the Director of Place", 12), *BODY]
    title, from_text = _title(tmp_path, [page])
    assert title == "Climate Emergency Action Plan: Annual Progress Report"
    assert from_text == "Cabinet"


def test_place_name_letterhead_and_capitals(tmp_path: Path) -> None:
    # the letterhead is the place alone; the title is set in capitals
    page = [bold("CASTLE POINT", 26), ("Borough Council", 12), ("Report to Cabinet", 12), ("17 November 2021", 12),
            bold("COMMUNITY SAFETY PARTNERSHIP AND PSPO UPDATE", 15), *BODY]
    title, _ = _title(tmp_path, [page])
    assert title == "Community Safety Partnership and PSPO Update"


def test_agenda_front_sheet_is_titled_with_its_meeting(tmp_path: Path) -> None:
    page = [("Public Document Pack", 10), bold("Harlow Vale District Council", 16), bold("Planning Committee", 24),
            ("Date: Wednesday 13 March 2024", 12), ("Time: 7.00 pm", 12), ("Venue: Council Chamber, Civic Centre", 12),
            ("Membership: Councillors Adams (Chair), Brook, Cole, Dunn and Evans", 12), bold("Agenda", 14),
            ("1. Apologies for absence", 12), ("2. Declarations of interest", 12),
            ("3. Minutes of the meeting held on 14 February 2024", 12)]
    doc = read_document(typeset_pdf(tmp_path / "agenda.pdf", [page]))
    assert (doc.title, doc.doc_type, doc.date) == ("Planning Committee", "agenda", "2024-03-13")


def test_agenda_whose_largest_word_is_agenda(tmp_path: Path) -> None:
    page = [bold("AGENDA", 28), bold("Licensing Committee", 20), ("Thursday 18 April 2024 at 10.00 am", 12),
            ("1. Apologies for absence", 12), ("2. Application for a premises licence", 12)]
    doc = read_document(typeset_pdf(tmp_path / "agenda.pdf", [page]))
    assert (doc.title, doc.doc_type) == ("Licensing Committee", "agenda")


def test_uniform_type_keeps_the_title_from_the_text(tmp_path: Path) -> None:
    lines = [("Norwich City Council", 11), ("Cabinet", 11), ("5 March 2025", 11),
             ("Review of the Housing Allocations Policy", 11), *BODY]
    doc = read_document(typeset_pdf(tmp_path / "uniform.pdf", [lines, lines[3:]]))
    assert display_runs(extract(Path("x.pdf"), (tmp_path / "uniform.pdf").read_bytes()).typography) == []
    assert doc.title == infer_metadata(doc.text).title == "Cabinet"


def test_section_headings_larger_than_the_title_are_not_titles(tmp_path: Path) -> None:
    page = [("Report to Cabinet", 11), bold("Waste Collection Contract Extension", 11),
            bold("1. Purpose of the report", 14), BODY[0], bold("Background", 14), BODY[1], BODY[2],
            bold("Recommendations", 14), BODY[0]]
    title, from_text = _title(tmp_path, [page])
    assert title == from_text == "Waste Collection Contract Extension"


def test_running_header_in_display_type_is_not_the_title(tmp_path: Path) -> None:
    first = [bold("Westshire Cabinet Papers", 16), ("Cabinet, 21 November 2023", 10),
             bold("Home to School Transport Policy 2024/25", 13), *[(t, 10) for t, _ in BODY * 3]]
    second = [bold("Westshire Cabinet Papers", 16), bold("2. Background", 13), *[(t, 10) for t, _ in BODY * 3]]
    title, _ = _title(tmp_path, [first, second])
    assert title == "Home to School Transport Policy 2024/25"


def test_cover_page_without_a_title_leads_to_the_second_page(tmp_path: Path) -> None:
    cover = [bold("Westshire County Council", 22), ("February 2024", 14)]
    second = [bold("Medium Term Financial Strategy", 20), bold("2024/25 to 2027/28", 20), *BODY, *BODY]
    title, _ = _title(tmp_path, [cover, second])
    assert title == "Medium Term Financial Strategy 2024/25 to 2027/28"


def test_second_page_headings_do_not_title_a_report_with_a_full_first_page(tmp_path: Path) -> None:
    first = [("Cabinet", 11), ("Report title: Annual Treasury Management Review", 11), *BODY * 3]
    second = [bold("Appendix A: Prudential Indicators", 18), *BODY]
    title, _ = _title(tmp_path, [first, second])
    assert title == "Annual Treasury Management Review"
    first = [("Audit Committee", 11), ("23 January 2024", 11), *BODY * 3]
    second = [bold("Counter Fraud Annual Report", 18), *BODY]
    title, from_text = _title(tmp_path, [first, second])
    assert title == from_text == "Audit Committee"


# --- the parts -----------------------------------------------------------------------------


def _lines(*rows: tuple[str, float], page: int = 1) -> list[SizedLine]:
    return [SizedLine(text, size, page) for text, size in rows]


def test_body_size_is_the_size_of_most_letters() -> None:
    lines = _lines(("A Big Title", 24), ("body text " * 10, 10), ("small print", 8))
    assert body_size(lines) == 10


def test_runs_split_by_size_and_ordered_largest_first() -> None:
    lines = _lines(("Letterhead Council", 20), ("Cabinet", 10), ("Title line one", 16), ("title line two", 16),
                   ("Sub title", 13), ("body text " * 20, 10))
    runs = display_runs(lines)
    assert [[line.text for line in run.lines] for run in runs] == [
        ["Letterhead Council"], ["Title line one", "title line two"], ["Sub title"]]


def test_a_title_broken_inside_a_word_is_joined() -> None:
    runs = display_runs(_lines(("Neighbourhood Plan Referen-", 18), ("dum Arrangements", 18), ("body text " * 20, 10)))
    assert display_title(runs, "report") == "Neighbourhood Plan Referendum Arrangements"


def test_dates_and_item_numbers_split_a_run() -> None:
    runs = display_runs(_lines(("Agenda Item 12", 16), ("Budget Monitoring Quarter 2", 16), ("7 November 2024", 16),
                               ("body text " * 20, 10)))
    assert display_title(runs, "report") == "Budget Monitoring Quarter 2"


def test_a_report_titled_only_by_its_committee_falls_back_to_it() -> None:
    runs = display_runs(_lines(("Planning Committee", 18), ("body text " * 20, 10)))
    assert display_title(runs, "report") == "Planning Committee"


def test_minutes_titled_with_their_meeting(tmp_path: Path) -> None:
    page = [bold("Westshire County Council", 16), bold("MINUTES", 20),
            bold("Minutes of the meeting of the Cabinet held on", 16), bold("Tuesday 21 November 2023", 16),
            ("Present: Councillors Ames (Chair), Bell, Cross and Dale", 11), ("Apologies: Councillor Evans", 11), *BODY]
    doc = read_document(typeset_pdf(tmp_path / "minutes.pdf", [page]))
    assert (doc.title, doc.doc_type, doc.date) == ("Minutes of the meeting of the Cabinet", "minutes", "2023-11-21")


def test_a_title_beginning_with_a_number_is_not_a_numbered_section() -> None:
    runs = display_runs(_lines(("Cabinet Report", 18), ("1. Introduction", 14), ("10 Year Capital Strategy", 14),
                               ("body text " * 20, 10)))
    assert display_title(runs, "report") == "10 Year Capital Strategy"


def test_type_size_includes_the_graphics_matrix_and_a_rotation(tmp_path: Path) -> None:
    from pypdf import PdfReader
    from reportlab.pdfgen import canvas

    from nlp.typography import pdf_lines

    path = tmp_path / "scaled.pdf"
    drawing = canvas.Canvas(str(path))
    drawing.saveState()
    drawing.scale(2, 2)  # 9 pt drawn at twice the size: 18 pt on the page
    drawing.setFont("Helvetica-Bold", 9)
    drawing.drawString(36, 380, "Scaled Title")
    drawing.restoreState()
    drawing.saveState()
    drawing.translate(300, 300)
    drawing.rotate(30)  # a rotation keeps the size
    drawing.setFont("Helvetica", 14)
    drawing.drawString(0, 0, "Turned Words")
    drawing.restoreState()
    drawing.setFont("Helvetica", 11)
    drawing.drawString(72, 600, "Body text in eleven point type")
    drawing.showPage()
    drawing.save()
    sizes = {line.text: round(line.size, 1) for line in pdf_lines(PdfReader(str(path)).pages[0], 1)}
    assert sizes == {"Scaled Title": 18.0, "Turned Words": 14.0, "Body text in eleven point type": 11.0}


def test_a_line_takes_the_size_of_most_of_its_letters(tmp_path: Path) -> None:
    from pypdf import PdfReader
    from reportlab.pdfgen import canvas

    from nlp.typography import pdf_lines

    path = tmp_path / "mixed.pdf"
    drawing = canvas.Canvas(str(path))
    words = drawing.beginText(72, 700)
    words.setFont("Helvetica-Bold", 30)
    words.textOut("T")  # a drop capital
    words.setFont("Helvetica", 11)
    words.textOut("he council agreed the budget for the coming year")
    drawing.drawText(words)
    drawing.showPage()
    drawing.save()
    (line,) = pdf_lines(PdfReader(str(path)).pages[0], 1)
    assert line.size == 11.0 and line.text.endswith("budget for the coming year")
