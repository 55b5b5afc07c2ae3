"""A numbered heading or paragraph set close to a table without rules (tests/pdfkit.py, bold
run-in headings in body type, tables kept apart by their gutters alone) is text, not a row of the
table: a table's wrapped cells are in its own type and keep inside its columns, so neither the
heading under one table nor the header of the next table under that heading joins it."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.documents import read_document
from nlp.extract.indicators import find_indicators
from tests.pdfkit import council_pdf

REPORT = """Ashby Fen District Council

Housing Service Plan 2024/25

1. Summary

1.1 The service met four of its six targets in the quarter. Two measures are behind and carry a commentary.

Measure\tPolarity\tTarget\tActual\tStatus\tCommentary
Average time to re-let council homes (calendar days)\tLow\t28\t34.6\tNot met\tTwo properties needed major works after long tenancies.
Rent collected as a percentage of rent due\tHigh\t97.5%\t98.1%\tMet\t
Households in bed and breakfast at quarter end\tLow\t10\t6\tOn track\t

2. Service standards for next year

Performance indicator\tFrequency\t2022/23 Actual\t2023/24 Actual\t2024/25 Target\t2025/26 Target
AF10: Percentage of gas safety certificates in date\tMonthly\t99.2%\t99.6%\t100%\t100%
AF11: Number of disabled facilities grants completed\tQuarterly\t88\t102\t110\t120

2.1 The targets for next year were agreed by Cabinet in February and are reviewed each quarter.

3. Financial implications

3.1 There are no direct financial implications arising from this report.
"""


def _observations(doc) -> dict[str, set[tuple]]:
    return {
        i.ref or i.name: {(o.period.label if o.period else None, o.value, o.target) for o in i.observations}
        for i in find_indicators(doc)
    }


@pytest.mark.parametrize("headings", ["bold", "spaced"])
def test_numbered_heading_and_paragraphs_round_a_table_stay_out_of_it(tmp_path: Path, headings: str) -> None:
    source = tmp_path / "plan.txt"
    source.write_text(REPORT, encoding="utf-8")
    pdf = read_document(council_pdf(tmp_path / "plan.pdf", REPORT, headings=headings, rules="none"))
    lines = [line.strip(" ") for line in pdf.text.split("\n")]
    # the heading between two tables is a line of its own, not a row of the table above
    assert "2. Service standards for next year" in lines
    assert ("Performance indicator\tFrequency\t2022/23 Actual\t2023/24 Actual\t2024/25 Target\t"
            "2025/26 Target") in lines
    assert not any(line.startswith("1.1") and "\t" in line for line in lines)
    assert not any(line.startswith("2.1") and "\t" in line for line in lines)
    expected = _observations(read_document(source))
    assert {"AF10", "AF11"} <= expected.keys()
    assert _observations(pdf) == expected


def test_numbered_paragraph_in_the_tables_type_under_it_is_not_a_row() -> None:
    # a Word table set in body type: the paragraph under it shares its size, so only its layout
    # (a number, then one wide run of text across the table's gutters) keeps it out
    from nlp.pdf_columns import find_tables
    from nlp.pdf_tables import Run

    def line(y: float, cells: list[tuple[float, str]]) -> list[Run]:
        return [Run(text, x, x + 5.0 * len(text), y, 10.0) for x, text in cells]

    rows = [["Ref", "Target", "Actual", "Status"], ["AB01 Homes", "120", "97", "Red"],
            ["AB02 Grants", "88", "102", "Green"]]
    runs: list[Run] = []
    for index, row in enumerate(rows):
        runs += line(700 - 14 * index, list(zip((60, 200, 280, 360), row)))
    runs += line(700 - 14 * len(rows), [(60, "1.2"), (90, "The figures above are provisional until audited.")])
    tables = find_tables(runs)
    assert [table.table_rows for table in tables] == [tuple(tuple(row) for row in rows)]
