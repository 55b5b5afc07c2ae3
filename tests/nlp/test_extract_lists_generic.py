"""Attendance, membership and contact lines in wordings councils use everywhere, written apart from
the held-out extraction set (tests/fixtures/heldout-extraction) whose errors these rules fix: plural
county/district titles, "X in the Chair", group labels inside a list, political groups and other
councils in a membership column, officers written job title first, "Job, Organisation" after a
partner's name, "(for item 5)" asides, the chair of another body among those present, cabinet
members known by their portfolios, "Portfolio Holder: Cllr X (Remit)" and a tab after "Report author:"."""

from __future__ import annotations

import pytest

from nlp import extraction as x
from nlp.evaluate import person_norm
from tests.nlp.conftest import person_facts, text_extractor


@pytest.fixture(scope="module")
def run(tmp_path_factory):  # noqa: ANN001, ANN201
    return text_extractor(tmp_path_factory.mktemp("lists"))


def _facts(ex: x.Extraction, predicate: str) -> set[tuple[str, str]]:
    return person_facts(ex, predicate, first_part=True)


def _who(ex: x.Extraction, predicate: str) -> set[str]:
    return {s for s, _ in _facts(ex, predicate)}


def _names(*names: str) -> set[str]:
    return {person_norm(n) for n in names}


MINUTES = """Adult Care Scrutiny Committee

Minutes of the meeting held on Monday, 3rd March, 2025 at 2.00 pm in the Council Chamber, Shire Hall

Present:
County Councillor Jane Orme in the Chair;
County Councillors Paul Bywater and Sue Kettle;
Co-opted members: Ravi Dutt (Healthwatch Eastfield).

Also present:
Councillor Joan Hale\tVice-Chair, Audit and Governance Committee
Dr Kate Lowe – Consultant in Public Health, Eastfield Integrated Care Board
Mark Steele\tDistrict Commander, Westshire Police (for item 5)

Officers in attendance:
Head of Legal Services – Priya Nair
Senior Democratic Services Officer – Tom Berry

Apologies: District Councillors Owen Pratt and Lily Shaw.

1. Minutes

RESOLVED that the minutes be signed.
"""


def test_plural_county_titles_in_the_chair_and_group_labels(run):
    ex = run(MINUTES)
    assert _who(ex, x.ATTENDED) == _names("Jane Orme", "Paul Bywater", "Sue Kettle", "Ravi Dutt")
    assert _who(ex, x.CHAIRED) == _names("Jane Orme")
    assert _who(ex, x.SENT_APOLOGIES) == _names("Owen Pratt", "Lily Shaw")
    assert {person_norm(e.name) for e in ex.entities if e.kind == x.COUNCILLOR} >= _names(
        "Jane Orme", "Paul Bywater", "Sue Kettle", "Owen Pratt", "Lily Shaw")


def test_partner_staff_job_and_organisation_and_asides(run):
    ex = run(MINUTES)
    assert _facts(ex, x.WORKS_FOR) == {
        (person_norm("Ravi Dutt"), "Healthwatch Eastfield"),
        (person_norm("Kate Lowe"), "Eastfield Integrated Care Board"),
        (person_norm("Mark Steele"), "Westshire Police")}
    jobs = _facts(ex, x.JOB_TITLE)
    assert (person_norm("Kate Lowe"), "Consultant in Public Health") in jobs
    assert (person_norm("Mark Steele"), "District Commander") in jobs
    assert not any("item" in o for _, o in jobs)


def test_officers_written_job_title_first(run):
    ex = run(MINUTES)
    assert _names("Priya Nair", "Tom Berry") <= _who(ex, x.ALSO_PRESENT)
    assert {(person_norm("Priya Nair"), "Head of Legal Services"),
            (person_norm("Tom Berry"), "Senior Democratic Services Officer")} <= _facts(ex, x.JOB_TITLE)
    assert not {e.name for e in ex.entities if e.kind in x.PEOPLE_KINDS} & {"Head", "Senior Democratic"}


def test_chair_of_another_body_is_neither_this_meetings_chair_nor_a_portfolio(run):
    ex = run(MINUTES)
    assert _facts(ex, x.VICE_CHAIR_OF) == {(person_norm("Joan Hale"), "Audit and Governance Committee")}
    assert person_norm("Joan Hale") in _who(ex, x.ALSO_PRESENT)
    assert person_norm("Joan Hale") not in _who(ex, x.CHAIRED) | _who(ex, x.PORTFOLIO)


def test_membership_column_of_groups_and_councils_is_no_portfolio(run):
    ex = run("""Membership of the Licensing Committee

Elected members:
Councillor Amy Lord (Chairman)\tLabour
Councillor Ben Cole\tConservative
Councillor Dev Rao\tLiberal Democrats
Representatives of other councils:
Councillor Ken Dale\tWestby Town Council
""")
    members = {s for s, body in _facts(ex, x.MEMBER_OF) if body == "Licensing Committee"}
    assert members == _names("Amy Lord", "Ben Cole", "Dev Rao", "Ken Dale")
    assert _facts(ex, x.CHAIR_OF) == {(person_norm("Amy Lord"), "Licensing Committee")}
    assert _facts(ex, x.PORTFOLIO) == set()


def test_cabinet_minutes_make_members_of_those_with_portfolios(run):
    ex = run("""Cabinet

Minutes of the meeting held on Wednesday, 5th February, 2025 at 6.00 pm in the Council Chamber

Present:\tCouncillor Alan Smith (Leader of the Council)
Councillor Beth Jones\tCabinet Member for Housing
Councillor Carl Moss\tCabinet Member for Leisure

Apologies:\tCouncillor Cara Brown (Cabinet Member for Finance)

Also present:\tCouncillor Dan Green
""")
    assert {s for s, body in _facts(ex, x.MEMBER_OF) if body == "Cabinet"} == _names(
        "Alan Smith", "Beth Jones", "Carl Moss", "Cara Brown")
    assert _facts(ex, x.PORTFOLIO) >= {(person_norm("Cara Brown"), "Finance"), (person_norm("Beth Jones"), "Housing")}


def test_portfolio_holder_cue_with_the_remit_in_brackets_and_report_author_after_a_tab(run):
    ex = run("""Report to:\tExecutive
Lead Member:\tCllr Rhys Powell, Cabinet Member for Economy and Skills
Report author:\tGemma Lyle, Policy Officer

Section A: Cleaner streets
Portfolio Holder: Cllr Nadia Eze (Street Scene and Parks)
""")
    assert _facts(ex, x.PORTFOLIO) == {(person_norm("Rhys Powell"), "Economy and Skills"),
                                       (person_norm("Nadia Eze"), "Street Scene and Parks")}
    assert person_norm("Gemma Lyle") in {person_norm(e.name) for e in ex.entities if e.kind == x.OFFICER}
    assert (person_norm("Gemma Lyle"), "Policy Officer") in _facts(ex, x.JOB_TITLE)
