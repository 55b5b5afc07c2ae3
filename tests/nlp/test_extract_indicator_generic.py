"""Indicator rules in wordings councils use everywhere (written apart from the held-out extraction
set whose errors these rules fix): a "Standard" column is the target, a section numbered like a
code ("Theme 2: ...", "Priority 1: ...") is no KPI card, and commentary keyed by a KPI's code
("PI 4: figures fell because ...") does not become that indicator's name."""

from __future__ import annotations

from nlp.documents import read_document
from nlp.extract.indicators import find_indicators


def _doc(tmp_path, text: str):
    path = tmp_path / "westby-2025-02-11-scrutiny-performance.txt"
    path.write_text(text, encoding="utf-8")
    return read_document(path)


def test_a_standard_column_is_the_target(tmp_path):
    doc = _doc(tmp_path, """Performance against national standards

Measure\tNational standard\tOctober 2024\tNovember 2024\tStatus
Emergency department patients seen within 4 hours\t76%\t70.2%\t71.8%\tBelow standard
Cancer patients starting treatment within 62 days\t85%\t86.1%\t87.0%\tMeeting standard
""")
    found = {i.name: i for i in find_indicators(doc)}
    assert set(found) == {"Emergency department patients seen within 4 hours",
                          "Cancer patients starting treatment within 62 days"}
    latest = {o.period.label: o for o in found["Emergency department patients seen within 4 hours"].observations}
    assert latest["2024-11"].value == "71.8%" and latest["2024-11"].target == "76%"


def test_numbered_sections_are_not_kpi_cards(tmp_path):
    doc = _doc(tmp_path, """Theme 2: A Safer Westby

Objective 3: Fewer people killed or injured on our roads

Priority 1: Homes for Everyone

PI 07: Number of homes improved through grants
Target: 120
Actual: 96
""")
    found = find_indicators(doc)
    assert [(i.ref, i.name) for i in found] == [("PI 07", "Number of homes improved through grants")]


def test_commentary_keyed_by_a_code_does_not_rename_the_indicator(tmp_path):
    doc = _doc(tmp_path, """Quarter 3 2024/25

Ref\tIndicator\tTarget\tActual\tStatus
PI 4\tMissed bin collections per 100,000\t60\t75\tRed

Exceptions:
- PI 4: crews were short in December because of sickness; rounds were caught up within two days.
""")
    found = find_indicators(doc)
    assert [(i.ref, i.name) for i in found] == [("PI 4", "Missed bin collections per 100,000")]
