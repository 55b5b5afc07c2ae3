"""Tables set out in columns of spaces instead of tabs — what layout extraction of a PDF
(`nlp.documents` for a page of table cells, `pdftotext -layout`) gives — are read as the same
tables: the held-out reports re-set in aligned columns give the same indicators, figures and
actions as their tab-separated originals, and a KPI table in a real PDF gives its indicators."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.documents import read_document
from nlp.extract.actions import find_actions
from nlp.extract.indicators import find_indicators
from nlp.extract.tables import lines_of
from tests.nlp.conftest import kpi_report_pdf, table_context

HELDOUT = Path(__file__).resolve().parent.parent / "fixtures" / "heldout"


def reset_tables(text: str, set_rows) -> str:  # noqa: ANN001 - set_rows: list of rows -> lines
    """`text` with each run of tab-separated lines replaced by `set_rows(rows)` (rows padded to
    one width); other lines as they are."""
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        if "\t" not in lines[i]:
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and "\t" in lines[j]:
            j += 1
        rows = [line.split("\t") for line in lines[i:j]]
        width = max(len(r) for r in rows)
        out += set_rows([r + [""] * (width - len(r)) for r in rows])
        i = j
    return "\n".join(out)


def aligned(text: str) -> str:
    """Each run of tab-separated lines re-set as columns padded with spaces (widest cell + 3)."""
    def set_rows(rows: list[list[str]]) -> list[str]:
        pads = [max(len(r[c]) for r in rows) + 3 for c in range(len(rows[0]))]
        return ["".join(cell.ljust(pad) for cell, pad in zip(r, pads)).rstrip() for r in rows]

    return reset_tables(text, set_rows)


def _figures(doc):
    return {(i.ref or i.name, o.period.label if o.period else None, o.value, o.target, o.status)
            for i in find_indicators(doc) for o in i.observations}


def _actions(doc):
    return {(a.title, a.due, a.status, tuple(sorted(str(o) for o in a.owners)))
            for a in find_actions(doc, table_context(doc))}


@pytest.mark.parametrize("stem", ["brackley", "kestrel-vale", "marston", "harrowfield"])
def test_aligned_columns_read_like_tabs(tmp_path, stem):
    (source,) = HELDOUT.glob(f"{stem}*.txt")
    copy = tmp_path / source.name
    copy.write_text(aligned(source.read_text(encoding="utf-8")), encoding="utf-8")
    assert "\t" not in copy.read_text(encoding="utf-8")
    tabs, spaces = read_document(source, 10**7), read_document(copy, 10**7)
    assert _figures(tabs) and _figures(spaces) == _figures(tabs)
    assert _actions(spaces) == _actions(tabs)


def test_an_empty_cell_stays_under_its_column():
    text = ("Ref   Indicator                  Target   Q1     Status\n"
            "H1    Homes delivered            120      131    Green\n"
            "H2    Empty homes brought back            14     Amber\n")
    (header, first, second) = lines_of(text)[:3]
    spans = [(a, b) for a, b, _ in header.segments]
    assert second.cells_under(spans) == ["H2", "Empty homes brought back", "", "14", "Amber"]
    assert first.cells_under(spans) == ["H1", "Homes delivered", "120", "131", "Green"]


def test_prose_with_double_spaces_is_not_a_table_line():
    (line,) = lines_of("The council met.  It agreed the plan.  Officers will report in May.")
    assert not line.tabbed


def test_kpi_table_in_a_pdf_gives_its_indicators(tmp_path):
    path = kpi_report_pdf(tmp_path / "kpi.pdf", "Quarterly Performance Report 2024/25", [
        ["Ref", "Indicator", "Target", "Q1", "Status"],
        ["PI 1", "Calls answered within 90 seconds", "75%", "70%", "Red"],
        ["PI 2", "Invoices paid in 30 days", "98%", "99%", "Green"],
        ["PI 3", "Missed bins per 100,000 collections", "60", "", "Amber"]])
    doc = read_document(path)
    # read as a table from its columns (nlp.pdf_columns), not through layout extraction
    assert "PI 1\tCalls answered within 90 seconds\t75%\t70%\tRed" in doc.text.split("\n")
    found = {i.ref: i for i in find_indicators(doc)}
    assert set(found) == {"PI 1", "PI 2", "PI 3"}
    assert found["PI 1"].name == "Calls answered within 90 seconds"
    calls = {(o.value, o.target, o.status) for o in found["PI 1"].observations}
    assert ("70%", "75%", "Red") in calls
    bins = {(o.value, o.target, o.status) for o in found["PI 3"].observations}
    assert (None, "60", "Amber") in bins or ("", "60", "Amber") in bins  # the empty Q1 cell stays empty


# --- cells that wrap onto continuation lines --------------------------------------------------------

def wrapped_kpi_pdf(path: Path, valign: str) -> Path:
    """A KPI table as a word processor sets it: long names and headers wrap inside their cells,
    short cells sit at the top, middle or bottom (`valign`) of each row."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as PdfTable

    styles = getSampleStyleSheet()

    def cell(text: str) -> Paragraph:
        return Paragraph(text, styles["BodyText"])

    rows = [[cell("Ref"), cell("Indicator description"), cell("Target 2024/25"), cell("Q2 Actual"), cell("Status")],
            ["HS1", cell("Percentage of calls to the customer contact centre answered within 90 seconds"),
             "75%", "70%", "Red"],
            ["HS2", cell("Invoices paid in 30 days"), "98%", "99%", "Green"],
            ["HS3", cell("Number of missed bin collections per 100,000 collections made"), "60", "48", "Green"],
            ["HS4", cell("Average days to re-let empty council homes, excluding major works"), "28", "", "Amber"]]
    table = PdfTable(rows, colWidths=[45, 180, 60, 50, 55])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), valign)]))
    SimpleDocTemplate(str(path)).build([
        Paragraph("Quarterly Performance Report 2024/25", styles["Title"]),
        Paragraph("The indicators below show progress in the second quarter of the year.", styles["BodyText"]),
        table,
        Paragraph("Officers will report again next quarter on the indicators that are red.", styles["BodyText"])])
    return path


@pytest.mark.parametrize("valign", ["TOP", "MIDDLE", "BOTTOM"])
def test_wrapped_names_and_headers_in_a_pdf(tmp_path, valign):
    doc = read_document(wrapped_kpi_pdf(tmp_path / "kpi.pdf", valign))
    # the wrapped name comes back whole in its row (nlp.pdf_columns), whatever the alignment
    assert "HS1\tPercentage of calls to the customer contact centre answered within 90 seconds\t75%\t70%\tRed" in doc.text

    found = {i.ref: i for i in find_indicators(doc)}
    assert set(found) == {"HS1", "HS2", "HS3", "HS4"}
    assert found["HS1"].name == "Percentage of calls to the customer contact centre answered within 90 seconds"
    assert found["HS3"].name == "Number of missed bin collections per 100,000 collections made"
    assert found["HS4"].name == "Average days to re-let empty council homes, excluding major works"
    figures = {(ref, o.value, o.target, o.status) for ref, i in found.items() for o in i.observations}
    assert {("HS1", "70%", "75%", "Red"), ("HS2", "99%", "98%", "Green"), ("HS3", "48", "60", "Green")} <= figures
    # "Target" / "2024/25" is one header cell: the target column, never a 2024/25 value column
    assert not any(o.value in {"75%", "98%", "60", "28"} for i in found.values() for o in i.observations)


def _rows(text: str) -> list[tuple[str, ...]]:
    from nlp.extract.indicators import column_role
    from nlp.extract.tables import read_tables

    (table,) = read_tables(text, column_role)
    return [r.cells for r in table.rows]


def test_continuation_lines_join_the_row_above():
    text = ("Ref   Indicator                        Target   Actual   Status\n"
            "PI1   Percentage of household waste    45%      44.9%    Amber\n"
            "      sent for reuse, recycling and\n"
            "      composting\n"
            "PI2   Missed bins per 100,000          50       71       Red\n"
            "      collections\n"
            "PI3   Fly-tips cleared in 2 days       95%      97%      Green\n")
    assert _rows(text) == [
        ("PI1", "Percentage of household waste sent for reuse, recycling and composting", "45%", "44.9%", "Amber"),
        ("PI2", "Missed bins per 100,000 collections", "50", "71", "Red"),
        ("PI3", "Fly-tips cleared in 2 days", "95%", "97%", "Green")]


def test_a_new_row_is_never_merged_into_the_one_above():
    """A piece in the first column, a code, or three pieces start a row, even with empty cells."""
    text = ("Indicator                        Ref     Target   Actual\n"
            "Percentage of household waste    PI1     45%      44.9%\n"
            "recycled\n"
            "Empty homes brought back         PI2     30\n"
            "                                 PI3\n"
            "Missed bins                      PI4     50       71\n")
    rows = _rows(text)
    assert rows[0] == ("Percentage of household waste recycled", "PI1", "45%", "44.9%")
    assert [r[1] for r in rows] == ["PI1", "PI2", "PI3", "PI4"]
    assert rows[1] == ("Empty homes brought back", "PI2", "30", "")


def test_cells_at_the_bottom_of_their_rows_join_the_row_below():
    text = ("Ref   Indicator                        Target   Actual   Status\n"
            "      Percentage of household waste\n"
            "      sent for reuse, recycling and\n"
            "PI1   composting                       45%      44.9%    Amber\n"
            "      Missed bins per 100,000\n"
            "PI2   collections                      50       71       Red\n"
            "PI3   Fly-tips cleared in 2 days       95%      97%      Green\n")
    assert [r[:2] for r in _rows(text)] == [
        ("PI1", "Percentage of household waste sent for reuse, recycling and composting"),
        ("PI2", "Missed bins per 100,000 collections"), ("PI3", "Fly-tips cleared in 2 days")]


def test_centred_cells_split_between_rows_where_the_text_runs_on():
    text = ("Ref   Indicator                        Target   Actual\n"
            "      Percentage of household waste\n"
            "PI1   sent for reuse, recycling and    45%      44.9%\n"
            "      composting\n"
            "      Missed bins per 100,000\n"
            "PI2   collections                      50       71\n")
    assert [r[1] for r in _rows(text)] == [
        "Percentage of household waste sent for reuse, recycling and composting",
        "Missed bins per 100,000 collections"]


def test_headers_set_over_two_and_three_lines():
    from nlp.extract.indicators import column_role
    from nlp.extract.tables import read_tables

    top = ("Ref   Indicator     Target    Q2        Direction\n"
           "      description   2024/25   Actual    of\n"
           "                                        travel\n"
           "PI1   Missed bins   50        71        Worse\n")
    bottom = ("      Indicator     Target    Q2\n"
              "Ref   description   2024/25   Actual    Status\n"
              "PI1   Missed bins   50        71        Red\n")
    (first,) = read_tables(top, column_role)
    assert [c.text for c in first.columns] == ["Ref", "Indicator description", "Target 2024/25", "Q2 Actual",
                                               "Direction of travel"]
    assert [c.role for c in first.columns] == ["ref", "name", "target", "value", "trend"]
    assert first.rows[0].cells == ("PI1", "Missed bins", "50", "71", "Worse")
    (second,) = read_tables(bottom, column_role)
    assert [c.text for c in second.columns] == ["Ref", "Indicator description", "Target 2024/25", "Q2 Actual",
                                                "Status"]
    assert second.start == 0 and second.rows[0].cells == ("PI1", "Missed bins", "50", "71", "Red")


def test_a_group_header_over_target_and_actual_stays_over_both(tmp_path):
    from nlp.extract.indicators import column_role
    from nlp.extract.tables import read_tables

    text = ("Ref    Indicator                 2023/24            2024/25\n"
            "                                 Target    Actual   Target    Actual\n"
            "AN01   Residents satisfied       60%       63%      65%       61%\n")
    (table,) = read_tables(text, column_role)
    assert [c.role for c in table.columns] == ["ref", "name", "target", "value", "target", "value"]
    assert [c.parts[0] for c in table.columns[2:]] == ["2023/24", "", "2024/25", ""]
    (tmp_path / "annual.txt").write_text("Annual indicators\n\n" + text, encoding="utf-8")
    found = find_indicators(read_document(tmp_path / "annual.txt"))
    assert {(o.period.label, o.value, o.target) for o in found[0].observations} == {
        ("2023/24", "63%", "60%"), ("2024/25", "61%", "65%")}


def test_prose_after_a_table_is_not_a_continuation_line():
    text = ("Ref   Indicator                        Target   Actual\n"
            "PI1   Missed bins per 100,000          50       71\n"
            "      collections\n"
            "Officers will report on the red indicators next quarter\n"
            "and the panel will review them.\n")
    assert _rows(text) == [("PI1", "Missed bins per 100,000 collections", "50", "71")]


def wrapped_columns(text: str, mode: str, cap: int = 30) -> str:
    """Each run of tab-separated lines re-set as columns, cells longer than `cap` (and headers
    wider than their column) wrapped onto continuation lines, short cells at the `mode` (top,
    middle, bottom) of their row — as a PDF table comes out of layout extraction."""
    import textwrap

    def set_rows(rows: list[list[str]]) -> list[str]:
        n, body, out = len(rows[0]), rows[1:] or rows, []
        widths = [max(min(max(len(r[c]) for r in body), cap), *(len(w) for r in rows for w in r[c].split()), 3)
                  for c in range(n)]
        for r in rows:
            cells = [textwrap.wrap(r[c], widths[c], break_long_words=False, break_on_hyphens=False) or [""]
                     for c in range(n)]
            height = max(len(c) for c in cells)
            grid = []
            for c in cells:
                pad = height - len(c)
                top = {"top": 0, "bottom": pad}.get(mode, pad // 2)
                grid.append([""] * top + c + [""] * (pad - top))
            out += ["".join(grid[c][k].ljust(widths[c] + 3) for c in range(n)).rstrip() for k in range(height)]
        return out

    return reset_tables(text, set_rows)


@pytest.mark.parametrize(("stem", "mode"), [("kestrel-vale", "top"), ("kestrel-vale", "middle"),
                                            ("kestrel-vale", "bottom"), ("wealdmoor", "top"),
                                            ("wealdmoor", "middle"), ("wealdmoor", "bottom")])
def test_wrapped_columns_read_like_tabs(tmp_path, stem, mode):
    (source,) = HELDOUT.glob(f"{stem}*.txt")
    copy = tmp_path / source.name
    copy.write_text(wrapped_columns(source.read_text(encoding="utf-8"), mode), encoding="utf-8")
    tabs, spaces = read_document(source, 10**7), read_document(copy, 10**7)
    assert "\t" not in spaces.text and len(spaces.text.split("\n")) > len(tabs.text.split("\n"))  # cells wrapped
    assert _figures(tabs) and _figures(spaces) == _figures(tabs)


def test_a_tab_row_inside_an_aligned_table_with_continuation_lines():
    """A row of another width (tab-separated, as a converter may leave one) between wrapped rows."""
    text = ("Ref   Indicator                        Target   Actual\n"
            "      Missed bins per 100,000\n"
            "PI1\tcollections\t50\t71\tRed\textra\n"
            "      collections\n"
            "PI2   Fly-tips cleared                 95%      97%\n")
    rows = _rows(text)
    assert [r[0] for r in rows] == ["PI1", "PI2"]
