"""Council PDFs read as councils publish them (tests/pdfkit.py sets each document at test time: A4,
a letterhead, a running header and a "Page n of m" footer, headings in bold, ruled tables whose
cells wrap over two or three lines). Each document is also read as text, and the PDF must give
the same rows, indicators, actions and attendance: before the ruled-table reader, a wrapped cell
came out a line at a time and the rows were lost.
"""

from __future__ import annotations

from pathlib import Path

from nlp.documents import read_document
from nlp.extract.actions import find_actions
from nlp.extract.indicators import find_indicators
from nlp.pdf_tables import Run, Segment, cell_text, find_grids
from tests.pdfkit import council_pdf

KPI_REPORT = """Ravensholme Borough Council

Overview and Scrutiny Committee
3 December 2024

Corporate Performance Report: Quarter 2 2024/25

1. Purpose

1.1 This report sets out the council's performance against its corporate indicators at the end of the second quarter of the year, with the actions officers are taking where an indicator is behind its target.

2. Performance indicators

Ref\tIndicator\tQ1 2024/25\tQ2 2024/25\tTarget\tStatus
RB01\tPercentage of major planning applications determined within thirteen weeks or an agreed extension\t88%\t91%\t85%\tGreen
RB02\tAverage number of calendar days taken to process new housing benefit claims\t24.1\t26.3\t22\tRed
Theme: Environment and neighbourhoods\t\t\t\t\t
RB03\tPercentage of fly-tipping incidents on public land removed within two working days of being reported\t76%\t81%\t90%\tAmber
RB04\tNumber of long-term empty homes brought back into use through council intervention\t9\t14\t12\tGreen

3. Recommendation

3.1 That the committee notes the performance set out in this report.
"""

ACTION_PLAN = """Ravensholme Borough Council

Cabinet
14 January 2025

Homelessness Strategy Action Plan: progress update

Action\tOwner\tDue date\tRAG
Recommission the single homelessness floating support service with partner housing associations\tHead of Housing Needs\t31 March 2025\tAmber
Open a second supported accommodation scheme for young people leaving care in the borough\tMaria Kowalczyk, Housing Strategy Manager\tSeptember 2025\tGreen
Review the allocations policy to give priority to households at risk of homelessness\tHead of Housing Needs\t30 June 2025\tRed
"""

MINUTES = """Ravensholme Borough Council

Licensing Committee

Minutes of the meeting held on Tuesday 8 October 2024 at 7.00 pm in the Council Chamber, Town Hall, Ravensholme

Present: Councillor Gwen Albright (Chair), Councillor Dev Chaudhry (Vice-Chair), Councillors Bernard Fitch, Olumide Hassan, Karen Iveson, Patrick Jolley and Ruth Kinsella

Also present: Councillor Simon Lark, Portfolio Holder for Community Safety

Cabinet
12 November 2024

12\tApologies for Absence

Apologies for absence were received from Councillors Anna Morley and Nigel Pryce, whose places on the committee were not filled by substitutes at this meeting.
"""


def _both(tmp_path: Path, text: str, name: str = "report"):
    """The document read from its text and from its PDF."""
    source = tmp_path / f"{name}.txt"
    source.write_text(text, encoding="utf-8")
    return read_document(source), read_document(council_pdf(tmp_path / f"{name}.pdf", text))


def _observations(doc) -> dict[str, set[tuple]]:
    return {
        i.ref or i.name: {(o.period.label if o.period else None, o.value, o.target, o.status) for o in i.observations}
        for i in find_indicators(doc)
    }


def test_ruled_kpi_table_with_wrapped_cells_reads_one_row_per_indicator(tmp_path: Path) -> None:
    _, pdf = _both(tmp_path, KPI_REPORT)
    lines = pdf.text.split("\n")
    assert "Ref\tIndicator\tQ1 2024/25\tQ2 2024/25\tTarget\tStatus" in lines
    # a cell wrapped over three lines comes back whole, in its row, under its column
    assert ("RB03\tPercentage of fly-tipping incidents on public land removed within two working days of being "
            "reported\t76%\t81%\t90%\tAmber") in lines
    # a row with one cell across the table keeps a cell under each column
    assert "Theme: Environment and neighbourhoods\t\t\t\t\t" in lines
    rows = [line for line in lines if line.startswith("RB0")]
    assert len(rows) == 4 and all(line.count("\t") == 5 for line in rows)


def test_indicators_from_a_ruled_pdf_table_are_those_of_the_text(tmp_path: Path) -> None:
    text, pdf = _both(tmp_path, KPI_REPORT)
    from_text, from_pdf = _observations(text), _observations(pdf)
    assert set(from_text) == {"RB01", "RB02", "RB03", "RB04"}
    assert from_pdf == from_text
    assert ("2024/25 Q2", "26.3", "22", "Red") in from_pdf["RB02"]


def test_actions_owners_and_dates_from_a_ruled_pdf_table(tmp_path: Path) -> None:
    text, pdf = _both(tmp_path, ACTION_PLAN, "plan")

    def read(doc):
        return {(a.title, a.due, a.status, tuple(o.person or o.post for o in a.owners)) for a in find_actions(doc)}

    from_pdf = read(pdf)
    assert from_pdf == read(text)
    assert ("Open a second supported accommodation scheme for young people leaving care in the borough",
            "September 2025", "Green", ("Maria Kowalczyk",)) in from_pdf
    assert len(from_pdf) == 3


def test_table_over_two_pages_keeps_every_row_and_its_repeated_header_once_a_page(tmp_path: Path) -> None:
    rows = "\n".join(
        f"HS{n:02d}\tNumber of households in temporary accommodation in ward {n} at the end of the quarter\t{n * 3}\t{n * 2}\tAmber"
        for n in range(1, 46)
    )
    text = f"Ravensholme Borough Council\n\nHousing Performance Report\n\nRef\tIndicator\tQ1 2024/25\tTarget\tStatus\n{rows}\n"
    source_doc, pdf = _both(tmp_path, text)
    assert len(pdf.pages) >= 2
    assert pdf.text.count("Ref\tIndicator\tQ1 2024/25\tTarget\tStatus") == len(pdf.pages)
    assert set(_observations(pdf)) == {f"HS{n:02d}" for n in range(1, 46)}
    assert _observations(pdf) == _observations(source_doc)


def test_two_level_header_and_merged_cells_keep_their_columns(tmp_path: Path) -> None:
    text = ("Ravensholme Borough Council\n\nAnnual Indicators Report\n\n"
            "Ref\tIndicator\t2022/23\t\t2023/24\t\tRAG\n"
            "\t\tTarget\tActual\tTarget\tActual\t\n"
            "AN01\tPercentage of residents satisfied with their local area as a place to live\t75%\t71%\t75%\t77%\tGreen\n"
            "AN02\tNumber of new affordable homes completed in the borough\t120\t97\t150\t131\tRed\n")
    _, pdf = _both(tmp_path, text)
    lines = pdf.text.split("\n")
    assert "Ref\tIndicator\t2022/23\t\t2023/24\t\tRAG" in lines
    assert "\t\tTarget\tActual\tTarget\tActual\t" in lines
    annual = _observations(pdf)
    assert ("2023/24", "131", "150", "Red") in annual["AN02"]


def test_paragraphs_are_joined_and_separated_as_the_page_sets_them(tmp_path: Path) -> None:
    _, pdf = _both(tmp_path, MINUTES, "minutes")
    lines = pdf.text.split("\n")
    # a wrapped paragraph is one line, whatever its length
    assert ("Present: Councillor Gwen Albright (Chair), Councillor Dev Chaudhry (Vice-Chair), Councillors Bernard "
            "Fitch, Olumide Hassan, Karen Iveson, Patrick Jolley and Ruth Kinsella") in lines
    # a paragraph's space is a blank line
    present = lines.index(next(line for line in lines if line.startswith("Present:")))
    assert lines[present - 1] == "" and lines[present + 1] == ""
    # lines the writer ended are not joined, though no paragraph space is between them
    assert lines[lines.index("Cabinet") + 1] == "12 November 2024"
    # a minute number set beside its title in a layout table is on the title's line
    assert "12\tApologies for Absence" in lines or "12 Apologies for Absence" in lines
    assert ("Apologies for absence were received from Councillors Anna Morley and Nigel Pryce, whose places on the "
            "committee were not filled by substitutes at this meeting.") in lines


def test_attendance_read_from_the_pdf_is_that_of_the_text(tmp_path: Path) -> None:
    from nlp.evaluate import person_norm
    from nlp.extract import extract
    from nlp.pipeline import build_pipeline

    nlp = build_pipeline()
    text, pdf = _both(tmp_path, MINUTES, "minutes")

    def attendance(doc):
        ex = extract(doc, nlp)
        return {(person_norm(ex.entity(r.subject).name), r.predicate) for r in ex.relations
                if r.predicate in ("attended", "sent_apologies", "chaired", "also_present") and ex.entity(r.subject)}

    from_pdf = attendance(pdf)
    assert from_pdf == attendance(text)
    assert {(person_norm("Ruth Kinsella"), "attended"), (person_norm("Nigel Pryce"), "sent_apologies")} <= from_pdf


def test_numbered_paragraph_with_a_hanging_indent_is_one_line(tmp_path: Path) -> None:
    _, pdf = _both(tmp_path, KPI_REPORT)
    assert any(line.strip().startswith("1.1") and line.rstrip().endswith("is behind its target.") for line in pdf.text.split("\n"))


def test_cell_text_joins_wrapped_lines_and_keeps_a_word_broken_at_its_hyphen() -> None:
    runs = [Run("term empty homes", 70.0, 140.0, 688.0, 9.0), Run("Number of long-", 70.0, 135.0, 699.0, 9.0),
            Run("brought back", 70.0, 122.0, 677.0, 9.0), Run("into use", 124.0, 150.0, 677.0, 9.0)]
    assert cell_text(runs) == "Number of long-term empty homes brought back into use"


# --- the grid itself ---------------------------------------------------------------------------


def _box(x0: float, y0: float, x1: float, y1: float) -> list[Segment]:
    return [Segment(True, y0, x0, x1), Segment(True, y1, x0, x1), Segment(False, x0, y0, y1), Segment(False, x1, y0, y1)]


def test_a_box_round_a_paragraph_is_not_a_table() -> None:
    assert find_grids(_box(50, 500, 550, 700)) == []
    # two boxes side by side (a letterhead's logo and address panels) are one row: not a table
    assert find_grids(_box(50, 700, 300, 780) + _box(300, 700, 550, 780)) == []


def test_grid_from_lines_that_do_not_quite_meet_with_a_cell_spanning_columns() -> None:
    # Word draws borders as thin rectangles whose ends overlap or stop short by a point
    rows = [780.0, 760.0, 740.0, 720.0]
    columns = [50.0, 150.0, 250.0, 350.0]
    segments = [Segment(True, y, 49.2, 350.8) for y in rows]
    segments += [Segment(False, x, 719.4, 780.6) for x in (50.0, 350.0)]
    # the inner column lines stop at the second row: the first row is one cell across
    segments += [Segment(False, x, 719.4, 760.5) for x in (150.0, 250.0)]
    (grid,) = find_grids(segments)
    assert len(grid.xs) == len(columns) and len(grid.ys) == len(rows)
    assert len(set(grid.cell_of[0])) == 1 and len(set(grid.cell_of[1])) == 3


def test_table_drawn_with_filled_rectangles_as_borders(tmp_path: Path) -> None:
    """Word's PDF export draws each border as a thin filled rectangle, not a stroked line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "word.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4)
    xs, ys = [60, 140, 420, 500], [700, 680, 646, 612]
    cells = [["Ref", "Measure", "Actual"],
             ["CS1", ["Percentage of calls to the contact", "centre answered within a minute"], "82%"],
             ["CS2", ["Number of complaints upheld by the", "Local Government Ombudsman"], "3"]]
    for y in ys:
        drawing.rect(xs[0] - 0.25, y - 0.25, xs[-1] - xs[0] + 0.5, 0.5, stroke=0, fill=1)
    for x in xs:
        drawing.rect(x - 0.25, ys[-1] - 0.25, 0.5, ys[0] - ys[-1] + 0.5, stroke=0, fill=1)
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            for n, part in enumerate(cell if isinstance(cell, list) else [cell]):
                drawing.setFont("Helvetica", 9)
                drawing.drawString(xs[c] + 3, ys[r] - 12 - 11 * n, part)
    drawing.drawString(60, 580, "The measures above are reported to the committee each quarter.")
    drawing.showPage()
    drawing.save()
    lines = read_document(path).text.split("\n")
    assert "CS1\tPercentage of calls to the contact centre answered within a minute\t82%" in lines
    assert "CS2\tNumber of complaints upheld by the Local Government Ombudsman\t3" in lines
    assert "The measures above are reported to the committee each quarter." in lines
