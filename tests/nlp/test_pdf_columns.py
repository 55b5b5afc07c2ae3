"""Tables without vertical rules in council PDFs (tests/pdfkit.py sets them at test time): ruled
with horizontal lines only (a rule over and under the header, a hairline under each row, as
InDesign and modern.gov export them) or not ruled at all. pypdf gives such a table a cell a line,
or with its layout mode scatters wrapped cells; the columns read from the text's positions
(`nlp.pdf_columns`) give the rows the text has. Also: a word broken at a hyphen at a line's end
is joined as the document spells it elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.documents import read_document
from nlp.extract.actions import find_actions
from nlp.extract.indicators import find_indicators
from tests.nlp.test_pdf_tables import ACTION_PLAN, KPI_REPORT, MINUTES
from tests.pdfkit import council_pdf


def _both(tmp_path: Path, text: str, rules: str, name: str = "report"):
    source = tmp_path / f"{name}.txt"
    source.write_text(text, encoding="utf-8")
    return read_document(source), read_document(council_pdf(tmp_path / f"{name}.pdf", text, rules=rules))


def _observations(doc) -> dict[str, set[tuple]]:
    return {
        i.ref or i.name: {(o.period.label if o.period else None, o.value, o.target, o.status) for o in i.observations}
        for i in find_indicators(doc)
    }


@pytest.mark.parametrize("rules", ["horizontal", "none"])
def test_kpi_table_without_vertical_rules_reads_one_row_per_indicator(tmp_path: Path, rules: str) -> None:
    text, pdf = _both(tmp_path, KPI_REPORT, rules)
    lines = pdf.text.split("\n")
    assert "Ref\tIndicator\tQ1 2024/25\tQ2 2024/25\tTarget\tStatus" in lines
    assert ("RB03\tPercentage of fly-tipping incidents on public land removed within two working days of being "
            "reported\t76%\t81%\t90%\tAmber") in lines
    assert "Theme: Environment and neighbourhoods\t\t\t\t\t" in lines  # a row across the table
    assert _observations(pdf) == _observations(text)
    # the paragraphs round the table stay paragraphs
    assert "3.1 That the committee notes the performance set out in this report." in [" ".join(line.split()) for line in lines]


@pytest.mark.parametrize("rules", ["horizontal", "none"])
def test_action_plan_without_vertical_rules_gives_the_actions_of_the_text(tmp_path: Path, rules: str) -> None:
    text, pdf = _both(tmp_path, ACTION_PLAN, rules, "plan")

    def read(doc):
        return {(a.title, a.due, a.status, tuple(o.person or o.post for o in a.owners)) for a in find_actions(doc)}

    assert read(pdf) == read(text) and len(read(pdf)) == 3


def test_a_year_over_target_and_actual_keeps_both_columns(tmp_path: Path) -> None:
    text = ("Ravensholme Borough Council\n\nAnnual Indicators Report\n\n"
            "Ref\tIndicator\t2022/23\t\t2023/24\t\tRAG\n"
            "\t\tTarget\tActual\tTarget\tActual\t\n"
            "AN01\tPercentage of residents satisfied with their local area as a place to live\t75%\t71%\t75%\t77%\tGreen\n"
            "AN02\tNumber of new affordable homes completed in the borough\t120\t97\t150\t131\tRed\n"
            "AN03\tPercentage of household waste sent for reuse, recycling and composting\t45%\t41%\t46%\t44%\tAmber\n"
            "AN04\tNumber of long-term empty homes brought back into use\t12\t9\t12\t14\tGreen\n"
            "AN05\tAverage days to re-let council homes\t28\t31\t28\t26\tGreen\n"
            "AN06\tPercentage of invoices paid within 30 days\t98%\t97%\t98%\t99%\tGreen\n")
    _, pdf = _both(tmp_path, text, "none")
    lines = pdf.text.split("\n")
    assert "AN02\tNumber of new affordable homes completed in the borough\t120\t97\t150\t131\tRed" in lines
    assert ("2023/24", "131", "150", "Red") in _observations(pdf)["AN02"]


def test_a_number_beside_its_paragraph_is_no_table(tmp_path: Path) -> None:
    _, pdf = _both(tmp_path, MINUTES, "none", "minutes")
    lines = pdf.text.split("\n")
    assert ("Apologies for absence were received from Councillors Anna Morley and Nigel Pryce, whose places on the "
            "committee were not filled by substitutes at this meeting.") in lines
    assert sum(line.count("\t") for line in lines) <= 1  # "12<TAB>Apologies for Absence" at most


def test_a_word_broken_at_a_hyphen_is_joined_as_the_document_spells_it(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    lines = [  # set to one measure, as a word processor that hyphenates sets them
        "The council will publish its revised environmental strategy and a long-term plan for the",
        "district's housing in the spring, after consulting residents and partners on the environ-",
        "mental priorities for the district and its towns, parishes and villages, and on the long-",
        "term funding of the plan, its schools, roads, surgeries and libraries, and on the reassess-",
        "ment of the sites it has already identified for new council homes in the market towns.",
    ]
    path = tmp_path / "hyphens.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4)
    y = 760.0
    drawing.setFont("Helvetica", 12.4)
    for line in lines:
        assert 455 < stringWidth(line, "Helvetica", 12.4) < 490  # each line ends near the right margin
        drawing.drawString(60, y, line)
        y -= 15
    drawing.drawString(60, y - 20, "Officers will report back to the committee in the autumn on the consultation.")
    drawing.showPage()
    drawing.save()
    text = read_document(path).text
    assert "on the environmental priorities" in text  # as the first line spells it
    assert "on the long-term funding" in text  # as the first line spells it
    assert "on the reassessment of the sites" in text  # spelt nowhere else: as normalise joins text
