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


def aligned(text: str) -> str:
    """Each run of tab-separated lines re-set as columns padded with spaces (widest cell + 3)."""
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
        pads = [max(len(r[c]) if c < len(r) else 0 for r in rows) + 3 for c in range(width)]
        out += ["".join((r[c] if c < len(r) else "").ljust(pads[c]) for c in range(width)).rstrip() for r in rows]
        i = j
    return "\n".join(out)


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
    assert "\t" not in doc.text  # the page came through layout extraction, set out in columns
    found = {i.ref: i for i in find_indicators(doc)}
    assert set(found) == {"PI 1", "PI 2", "PI 3"}
    assert found["PI 1"].name == "Calls answered within 90 seconds"
    calls = {(o.value, o.target, o.status) for o in found["PI 1"].observations}
    assert ("70%", "75%", "Red") in calls
    bins = {(o.value, o.target, o.status) for o in found["PI 3"].observations}
    assert (None, "60", "Amber") in bins or ("", "60", "Amber") in bins  # the empty Q1 cell stays empty
