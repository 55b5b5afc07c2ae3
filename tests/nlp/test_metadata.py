from __future__ import annotations

from pathlib import Path

import pytest

from nlp.documents import read_document
from nlp.metadata import infer_council, infer_date, infer_doc_type, infer_metadata, infer_title, parse_date, slug

# Read from the documents by hand (the file names are not used by the code).
SAMPLE_EXPECTED = {
    "castle-point-2021-11-17-cabinet-agenda.txt": ("Castle Point Borough Council", "agenda", "2021-11-17"),
    # A service plan for 2014-2015 with no dated cover: the first day of its financial year.
    "copeland-2014-housing-services-service-plan.txt": ("Copeland Borough Council", "service plan", "2014-04-01"),
    "norwich-2018-09-20-scrutiny-committee-agenda.txt": ("Norwich City Council", "agenda", "2018-09-20"),
    "west-norfolk-2024-11-05-cabinet-q1-performance-report.txt": (
        "Borough Council of King's Lynn & West Norfolk", "performance report", "2024-11-05"),
    "west-norfolk-2025-10-02-cabinet-member-report-people-communities.txt": (
        "Borough Council of King's Lynn & West Norfolk", "member's report", "2025-10-02"),
}


@pytest.mark.parametrize("name", sorted(SAMPLE_EXPECTED))
def test_sample_metadata(sample_dir, tmp_path, name) -> None:
    # copy under a neutral name: metadata must come from the text alone
    neutral = tmp_path / "document.txt"
    neutral.write_bytes((sample_dir / name).read_bytes())
    doc = read_document(neutral)
    council, doc_type, date = SAMPLE_EXPECTED[name]
    assert (doc.council, doc.doc_type, doc.date) == (council, doc_type, date)
    assert doc.council_id == slug(council)
    assert doc.title


SAMPLE_TITLES = {
    "copeland-2014-housing-services-service-plan.txt": "Service Plan 2014-2015",
    "west-norfolk-2024-11-05-cabinet-q1-performance-report.txt": "Q1 2024-2025 Performance Management Report",
    "west-norfolk-2025-10-02-cabinet-member-report-people-communities.txt": "Cabinet Members Report to Council",
    "castle-point-2021-11-17-cabinet-agenda.txt": "Cabinet Agenda",
}


@pytest.mark.parametrize("name", sorted(SAMPLE_TITLES))
def test_sample_titles(sample_dir, name) -> None:
    assert read_document(sample_dir / name).title == SAMPLE_TITLES[name]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Date: Wednesday 17th November 2021", "2021-11-17"),
        ("Date of meeting: 5 November 2024", "2024-11-05"),
        ("Thursday, 20 September 2018", "2018-09-20"),
        ("held on 22.10.2021 at", "2021-10-22"),
        ("on 3/4/2025", "2025-04-03"),
        ("November 17, 2021", "2021-11-17"),
        ("1st Sept 2024", "2024-09-01"),
        ("31 February 2024", None),
        ("no date here 2024", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    found = parse_date(text)
    assert (found[0] if found else None) == expected


def test_meeting_date_is_preferred_to_publication_date() -> None:
    text = "Publication Date: Tuesday 9th November 2021\nCabinet\nDate: Wednesday 17th November 2021\n"
    assert infer_date(text, _lines(text)) == "2021-11-17"


def test_date_on_its_own_line_beats_a_date_in_prose() -> None:
    text = "Report to Council\nThe plan was approved on 3 May 2022 by members.\n2nd October 2025\n"
    assert infer_date(text, _lines(text)) == "2025-10-02"


def test_financial_year_title_gives_first_of_april() -> None:
    assert infer_date("Service Plan 2014-2015\n", ["Service Plan 2014-2015"], "Service Plan 2014-2015") == "2014-04-01"
    assert infer_date("Plan 2014-2019\n", ["Plan 2014-2019"], "Plan 2014-2019") is None


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("CABINET AGENDA\nDate: 1 May 2024\n4. Forward Plan", "agenda"),
        ("Agenda Item 6\nReport to Cabinet\nAnnual report on treasury management", "report"),
        ("REPORT TO CABINET\nDate of meeting: 5 November 2024\nQ1 2024-2025 Performance Management Report", "performance report"),
        ("CABINET MEMBERS REPORT TO COUNCIL\n2nd October 2025", "member's report"),
        ("Portfolio Holder Report - Housing", "member's report"),
        ("Service Plan 2014-2015\nHOUSING SERVICES", "service plan"),
        ("Forward Plan of Key Decisions\nNovember 2021", "forward plan"),
        ("Minutes of the meeting of the Planning Committee held on 3 June 2024", "minutes"),
        ("PLANNING COMMITTEE\n3 June 2024\nPresent: Councillors A, B\nApologies: Councillor C", "minutes"),
        ("Quarter 2 Corporate Performance Scorecard", "performance report"),
        ("Annual Parish Newsletter", "other"),
        ("Annual Treasury Management Report\n2023/24", "report"),
        ("Notes of the Joint Consultative Committee meeting\n3 June 2024", "minutes"),
    ],
)
def test_doc_type(head: str, expected: str) -> None:
    assert infer_doc_type(_lines(head)) == expected


def test_an_agenda_item_about_minutes_does_not_make_minutes() -> None:
    head = "Cabinet\nAgenda\n- 3. Minutes\nTo approve the Minutes of the meeting held on 20th October 2021."
    assert infer_doc_type(_lines(head)) == "agenda"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # letterhead on a line of its own beats a county named more often as a partner
        ("NORTH HERTFORDSHIRE DISTRICT COUNCIL\nCabinet report\n"
         + "We work with Hertfordshire County Council. " * 4, "North Hertfordshire District Council"),
        # e-mail domain decides between two councils named once each
        ("Report on joint working between Basildon Borough Council and Rochford District Council.\n"
         "Contact: jo.bloggs@rochford.gov.uk", "Rochford District Council"),
        ("Borough Council of Wellingborough\nPlanning report", "Borough Council of Wellingborough"),
        ("The London Borough of Camden and the Royal Borough of Greenwich. Camden residents. "
         "In Camden we are proud.", "London Borough of Camden"),
        # no name in the text: domain table, then place names
        ("Contact democratic.services@castlepoint.gov.uk for details.", "Castle Point Borough Council"),
        ("Events in King's Lynn and in Kings Lynn town centre, and in West Norfolk.",
         "Borough Council of King's Lynn & West Norfolk"),
        ("A report about nothing in particular.", None),
    ],
)
def test_council(text: str, expected: str | None) -> None:
    assert infer_council(text) == expected


def test_stop_words_are_not_part_of_the_place() -> None:
    assert infer_council("Other Copeland Borough Council departments are consulted.") == "Copeland Borough Council"


def test_title_skips_addresses_labels_and_dates() -> None:
    head = "Council Offices, Kiln Road,\nEssex SS7 1TF.\nTel. No: 01268 882200\nCABINET AGENDA\nDate: 1 May 2024"
    assert infer_title(_lines(head)) == "Cabinet Agenda"
    head = "REPORT TO CABINET\nDate of meeting: 5 November 2024\nQ1 2024-2025 Performance Management Report"
    assert infer_title(_lines(head)) == "Q1 2024-2025 Performance Management Report"


def test_infer_metadata_runs_on_empty_text() -> None:
    meta = infer_metadata("")
    assert (meta.council, meta.doc_type, meta.date, meta.title) == (None, "other", None, "")


def test_council_named_plainly_and_in_capitals() -> None:
    assert infer_council("Agenda Item 8\nReport to: Cabinet\n\nSomerset Council\n1. Purpose") == "Somerset Council"
    assert infer_council("LONDON BOROUGH OF CAMDEN\nFORWARD PLAN OF KEY DECISIONS") == "London Borough of Camden"
    assert infer_council("Wealden Council\n\nPlanning Committee") == "Wealden District Council"  # canonical
    assert infer_council("Anytown Council\n\nPlanning Committee") == "Anytown Council"  # a letterhead
    assert infer_council("We met Anytown Council officers.") is None  # unknown, in passing
    # "Full Council" and "Arts Council" are not councils a document comes from
    assert infer_council("Full Council\nArts Council funding was discussed.") is None


def test_councils_in_a_list_are_partners() -> None:
    text = (
        "Report to Cabinet\nReport title: Norfolk Rural Strategy\n"
        "Norfolk County Council works with the district councils including Breckland District Council, "
        "Broadland District Council, North Norfolk District Council and South Norfolk Council."
    )
    assert infer_council(text) == "Norfolk County Council"


def test_labelled_and_long_minutes_titles() -> None:
    head = "Agenda Item 8\nReport to: Cabinet\nReport title: Norfolk Rural Strategy\nDate of meeting: 4 March 2024"
    assert infer_title(_lines(head)) == "Norfolk Rural Strategy"
    head = (
        "MINUTES of a meeting of the PLANNING COMMITTEE held in the Council Chamber, Civic Centre on "
        "Tuesday, 12 March 2024 at 6.30 pm\nPresent: Councillor J Smith (Chairman)"
    )
    assert infer_title(_lines(head)) == "MINUTES of a meeting of the PLANNING COMMITTEE"
    assert infer_doc_type(_lines(head)) == "minutes"
    assert infer_title(["FORWARD PLAN OF KEY DECISIONS"]) == "Forward Plan of Key Decisions"
    assert infer_title(["Ref     Indicator     Target", "Annual Monitoring Report"]) == "Annual Monitoring Report"
    assert infer_title(["NHS AND CCTV UPDATE"]) == "NHS and CCTV Update"


# Held-out papers in other councils' styles (tests/fixtures/heldout-meetings), read by hand:
# council, type, date (the meeting's own, never the earlier meeting whose minutes are approved), title.
HELDOUT = Path(__file__).resolve().parent.parent / "fixtures" / "heldout-meetings"
HELDOUT_EXPECTED = {
    "audit-agenda-pack.txt": (None, "agenda", "2024-01-23", "Audit Committee"),
    "county-scrutiny-minutes.txt": ("Westshire County Council", "minutes", "2023-11-21", None),
    "modgov-planning-minutes.txt": ("Harlow Vale District Council", "minutes", "2024-03-13", "Planning Committee"),
    "parish-notice.txt": ("Brindle Parish Council", "agenda", "2024-03-04", "Extraordinary Meeting of Brindle Parish Council"),
    "scrutiny-record.txt": (None, "minutes", "2023-12-07", "Overview and Scrutiny Committee"),
    "summons-licensing-agenda.txt": ("Northmere Borough Council", "agenda", "2024-04-18", "Licensing Committee"),
    "town-council-minutes.txt": ("Ashcombe Town Council", "minutes", "2024-01-09", None),
    "welsh-cabinet-minutes.txt": ("Glanmor County Borough Council", "minutes", "2024-01-15", "Cabinet"),
}


@pytest.mark.parametrize("name", sorted(HELDOUT_EXPECTED))
def test_heldout_metadata(name) -> None:
    doc = read_document(HELDOUT / name)
    council, doc_type, date, title = HELDOUT_EXPECTED[name]
    assert (doc.council, doc.doc_type, doc.date) == (council, doc_type, date)
    if title:
        assert doc.title == title


def test_a_town_council_is_the_council_only_on_its_own_letterhead() -> None:
    partner = ("ROCHFORD DISTRICT COUNCIL\n\nCabinet\n\nDate: 4 March 2024\n\n"
               "Rayleigh Town Council, Hockley Parish Council and Rayleigh Town Council again were consulted. "
               "Rayleigh Town Council supports the plan.\n")
    own = "RAYLEIGH TOWN COUNCIL\n\nMinutes of the meeting held at the Mill Hall on 5 March 2024\n\nPresent: Cllr A Smith\n"
    assert infer_council(partner) == "Rochford District Council"
    assert infer_council(own) == "Rayleigh Town Council"


def test_the_previous_meeting_never_dates_the_document() -> None:
    text = ("Planning Committee\n\nTo approve the minutes of the meeting held on 5 February 2024.\n\n"
            "A meeting of the committee will be held at the Town Hall on Monday 4 March 2024 at 7pm.\n")
    assert infer_date(text, [line for line in text.splitlines() if line.strip()]) == "2024-03-04"
