"""People extraction on small texts written for the test (rules only: no model needed)."""

from __future__ import annotations

from nlp.extract import extract
from nlp.extraction import COUNCILLOR, OFFICER, PEOPLE_KINDS
from nlp.records import Document


def _doc(text: str, council_id: str = "testshire") -> Document:
    return Document(id="t", source="t.txt", text=text, content_hash="x", title="", doc_type="minutes",
                    council="Testshire District Council", council_id=council_id, date="2023-06-14")


def _people(x):
    return {e.name: e for e in x.entities if e.kind in PEOPLE_KINDS}


MINUTES = """PLANNING COMMITTEE

18:00 to 19:45

7 June 2023

Present: Councillors Patel (chair), Okafor (vice chair) Brown, Jones (A), Jones (B) (substitute for Lee), Wright and Mrs Hughes

Also present: Kim Wright, partnership manager (Department for Work and Pensions)

Apologies: Councillor Lee

1. Declarations of interest

There were no declarations.

2. Land at Mill Road

RESOLVED to approve the application.

CHAIR
"""


def test_attendance_list_keeps_disambiguators_apart():
    people = _people(extract(_doc(MINUTES), None))
    assert {"Jones (A)", "Jones (B)", "Patel", "Okafor", "Brown", "Wright", "Hughes", "Lee"} <= set(people)
    assert people["Jones (A)"].key != people["Jones (B)"].key
    assert all(people[n].kind == COUNCILLOR for n in ("Patel", "Jones (A)", "Hughes", "Lee"))


def test_councillor_wright_is_not_kim_wright_of_the_dwp():
    x = extract(_doc(MINUTES), None)
    people = _people(x)
    assert people["Wright"].kind == COUNCILLOR
    assert people["Kim Wright"].kind != COUNCILLOR
    assert people["Wright"].key != people["Kim Wright"].key
    works_for = {(r.subject, r.object) for r in x.relations if r.predicate == "works_for"}
    (org_key,) = [o for s, o in works_for if s == people["Kim Wright"].key]
    assert x.entity(org_key).name == "Department for Work and Pensions"


def test_surname_only_mentions_join_the_full_name():
    text = "Cabinet Member: Councillor Priya Patel – Housing\n\n" + MINUTES
    people = _people(extract(_doc(text), None))
    assert "Patel" not in people
    assert people["Priya Patel"].kind == COUNCILLOR
    assert "Patel" in people["Priya Patel"].get_all("surface")


def test_officer_contact_block():
    text = ("Contact Officers: Jo Bloggs\nEarly help and community safety manager\n"
            "jo.bloggs@testshire.gov.uk\n01234 567890\n\nReport Author: Samir Khan – Head of Planning\n")
    x = extract(_doc(text), None)
    people = _people(x)
    assert people["Jo Bloggs"].kind == OFFICER and people["Samir Khan"].kind == OFFICER
    facts = {(r.predicate, r.object) for r in x.relations if r.subject == people["Jo Bloggs"].key}
    assert ("email", "jo.bloggs@testshire.gov.uk") in facts
    assert ("job_title", "Early help and community safety manager") in facts
    assert any(p == "holds_post" for p, _ in {(r.predicate, r.object) for r in x.relations
                                              if r.subject == people["Samir Khan"].key})


def test_pdf_split_names_are_joined():
    text = "Lead Officer: De\tbbie Ess\t\tOther Officers consulted:\t\n"
    people = _people(extract(_doc(text), None))
    assert "Debbie Ess" in people


def test_nicknames_resolve_to_one_person():
    text = "Report Author: Susan Ryan – Project Officer\n\nFor details contact Sue Ryan.\n"
    doc = _doc(text)
    from nlp.extraction import Entity, Extraction, make_key
    from nlp.resolve import resolve_people

    a = Entity(make_key(OFFICER, "c", "Susan Ryan"), OFFICER, "Susan Ryan")
    b = Entity(make_key("person", "c", "Sue Ryan"), "person", "Sue Ryan")
    resolved = resolve_people(Extraction(doc.id, (a, b)), "c")
    assert len(resolved.entities) == 1 and resolved.entities[0].name == "Susan Ryan"


def test_forward_plan_cells_split_run_on_names():
    text = ("Meeting\tReport\tPortfolio holder + Senior Officer + Report author\n"
            "CABINET 12 JULY 2023\tBudget monitoring\tCllr Patel Maria Lopez Tom Harris / Ann Lee\n"
            "CABINET 12 JULY 2023\tHousing strategy\tCllr Priya Patel Maria Lopez\n")
    people = _people(extract(_doc(text), None))
    assert {"Maria Lopez", "Tom Harris", "Ann Lee"} <= set(people)
    assert people["Priya Patel"].kind == COUNCILLOR
    assert people["Maria Lopez"].kind == OFFICER


def test_a_councillor_named_two_ways_in_two_documents_gets_one_key():
    one = _people(extract(_doc("Lead Member: Cllr Alistair Beales\n"), None))
    two = _people(extract(_doc("Present: Councillors Beales and Smith\n"), None))
    assert one["Alistair Beales"].key == two["Beales"].key
    assert two["Smith"].key != two["Beales"].key


def test_structure_chart_post_then_name():
    text = "Structure Chart\n\nHead of Customer and Community Services\nJulie Example\n\nHousing Services Manager 1FTE\n"
    x = extract(_doc(text), None)
    people = _people(x)
    holds = {(r.subject, x.entity(r.object).name) for r in x.relations if r.predicate == "holds_post"}
    assert (people["Julie Example"].key, "Head of Customer and Community Services") in holds


OTHER_LAYOUT = """CABINET

Monday, 5th February 2024 at 7.00 pm

PRESENT:
Councillor J Smith (Leader of the Council) (Chairman)
Councillor K Jones (Deputy Leader)
Councillors A Able, B Baker and C Cole

In attendance: Councillor D Dean (Portfolio Holder for Housing), Sarah Long (Chief Executive)

Apologies for absence were received from Councillor E Evans.

Cabinet Member for Housing: Councillor Jane Doe
Contact officer: John Smith, Head of Finance, 01234 567890, john.smith@testshire.gov.uk
Report author: Head of Housing
"""


def test_another_councils_layout():
    x = extract(_doc(OTHER_LAYOUT), None)
    people = _people(x)
    assert people["J Smith"].kind == COUNCILLOR and people["John Smith"].kind == OFFICER
    assert people["J Smith"].key != people["John Smith"].key  # councillor J Smith is not officer John Smith
    assert people["Sarah Long"].kind == OFFICER
    portfolios = {(x.entity(r.subject).name, r.object) for r in x.relations if r.predicate == "portfolio"}
    assert portfolios == {("D Dean", "Housing"), ("Jane Doe", "Housing")}
    leaders = {(x.entity(r.subject).name, r.predicate) for r in x.relations if r.predicate.endswith("leader_of")}
    assert leaders == {("J Smith", "leader_of"), ("K Jones", "deputy_leader_of")}
    authors = [x.entity(r.subject) for r in x.relations if r.predicate == "report_author"]
    assert [(a.kind, a.name) for a in authors] == [("post", "Head of Housing")]


def test_departments_from_posts():
    from nlp.extract.people import department_of

    assert department_of("Head of Environment") == "Environment"
    assert department_of("Director of Business Services") == "Business Services"
    assert department_of("Head of Service") == "" and department_of("Planning Officer") == ""
    text = "Lead Officer: Sue Smith, Children's Services\n\nReport Author: Ann Lee, Head of Planning Policy\n"
    x = extract(_doc(text), None)
    people = _people(x)
    works = {(x.entity(r.subject).name, x.entity(r.object).name) for r in x.relations if r.predicate == "in_department"}
    assert ("Sue Smith", "Children's Services") in works and ("Ann Lee", "Planning Policy") in works
    assert people["Ann Lee"].kind == OFFICER
