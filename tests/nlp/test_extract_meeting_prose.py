"""Meetings named in running text and on a cover row, in wordings councils use everywhere (written
apart from the held-out extraction set whose misses these rules fix): "at its meeting on", what a
body did on a day, "Date of next meeting:", and a cover's "BODY<TAB>date" row."""

from __future__ import annotations

import pytest

from nlp import extraction as x


@pytest.fixture(scope="module")
def meetings(tmp_path_factory):
    from nlp.documents import read_document
    from nlp.extract import extract

    folder = tmp_path_factory.mktemp("prose")

    def _meetings(text: str) -> set[tuple[str, str]]:
        path = folder / "westby-2025-03-03-paper.txt"
        path.write_text(text, encoding="utf-8")
        ex = extract(read_document(path), None)
        return {(e.name.split(",")[0], e.get(x.A_DATE)) for e in ex.entities if e.kind == x.MEETING}

    return _meetings


def test_its_meeting_on_refers_back_to_the_body_named_before_it(meetings):
    found = meetings("""Licensing Committee

Date: 4 March 2025

1. Recommendations

1.1 That the committee refers the revised fees to Full Council for approval at its meeting on 27 March 2025.

1.2 The chair of the Audit and Standards Board said that the Board would review the policy at its next meeting on 9 April 2025.
""")
    assert found == {("Licensing Committee", "2025-03-04"), ("Council", "2025-03-27"),
                     ("Audit and Standards Board", "2025-04-09")}


def test_what_a_body_did_on_a_day_is_a_meeting_of_it(meetings):
    found = meetings("""Planning Policy Panel

Date: 4 March 2025

2. Background

2.1 Cabinet endorsed the draft design code on 14 January 2025. The Place Scrutiny Committee had reviewed the consultation responses on 3 February 2025.

2.2 The scheme started on 1 April 2024 and the contractor finished on 30 June 2024.
""")
    assert found == {("Planning Policy Panel", "2025-03-04"), ("Cabinet", "2025-01-14"),
                     ("Place Scrutiny Committee", "2025-02-03")}


def test_date_of_next_meeting_is_the_papers_own_body(meetings):
    found = meetings("""Harbour Board

Minutes of the meeting held on Tuesday, 4th March, 2025 at 10.00 am in Room 2, Quay House

1. Minutes

RESOLVED that the minutes be signed.

Date of next meeting: Tuesday 6 May 2025 at 10.00 am
""")
    assert found == {("Harbour Board", "2025-03-04"), ("Harbour Board", "2025-05-06")}


def test_a_cover_row_of_body_and_date(meetings):
    found = meetings("""**WESTBY DISTRICT COUNCIL**

**OVERVIEW AND SCRUTINY COMMITTEE**\t**11 February 2025**

Report title:\tQuarter 3 performance
""")
    assert found == {("Overview and Scrutiny Committee", "2025-02-11")}
