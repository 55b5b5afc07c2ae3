"""Partner organisations on paragraphs written for the test in the style of other councils' papers
(none of them from the sample corpus): a held-out check that the gazetteer and the shape rules
find what councils everywhere cite, and leave kinds, posts and committees alone."""

from __future__ import annotations

import re

import pytest

from nlp import extraction as x
from nlp.records import Document


def _doc(text: str, council: str, doc_id: str = "t") -> Document:
    text = re.sub(r"(?<!\n)\n(?!\n)", " ", text)  # one paragraph a line, as converted documents come
    return Document(id=doc_id, source=f"{doc_id}.txt", text=text, content_hash="x", title="", doc_type="report",
                    council=council, council_id=x.slug(council), date="2024-03-12")


@pytest.fixture(scope="module")
def nlp():
    from nlp.pipeline import build_pipeline

    return build_pipeline()


def _orgs(nlp, text: str, council: str) -> dict[str, x.Entity]:
    from nlp.extract import extract

    extraction = extract(_doc(text, council), nlp)
    return {e.name: e for e in extraction.entities if e.kind == x.ORGANISATION}


KENT = """Maidstone Borough Council

Communities, Housing and Environment Policy Advisory Committee - 12 March 2024

Officers met Thames Water and the Environment Agency about sewage outfalls into the River Medway. The
work is funded by the Department for Levelling Up, Housing and Communities (DLUHC) through the Rural
England Prosperity Fund.

Healthwatch Kent presented its report on access to GP services. Kent Fire and Rescue Service will carry
out home safety visits with our partners, and Kent Police have agreed to extra patrols in the town centre.

The Kent and Medway Integrated Care Board and Kent Community Health NHS Foundation Trust sit on the
partnership. A housing association may nominate a representative.

The Head of Housing and Community Services will report back to the Housing Committee.
"""

ESSEX = """Southend-on-Sea City Council

Cabinet - Homelessness Prevention

Mid and South Essex NHS Foundation Trust, Essex Police and the Sussex Police and Crime Commissioner
attended the summit. Referrals were made to Shelter, Citizens Advice Southend and St Mungo's.

The Cost of Living Crisis has increased demand, and Crisis Fund payments rose by a third. Our partners
include a local Community Interest Company. The council wrote to HM Treasury and to the DWP about
discretionary housing payments. Peace of Mind checks are offered to all tenants.

Shelter is provided at the night hostel. The Housing Ombudsman issued a determination.
"""

CUMBRIA = """Cumberland Council

Scrutiny Panel minutes

The Lake District National Park Authority and Natural England objected to the route. United Utilities
reported on bathing water quality. Students from the University of Cumbria and Carlisle College will
help with the survey. Electricity North West and Homes England attended. Funding was secured from Sport
England, and Groundwork will deliver the project with Sustrans.
"""


@pytest.mark.model
@pytest.mark.parametrize("text,council,expected", [
    (KENT, "Maidstone Borough Council", {
        "Thames Water", "Environment Agency", "Department for Levelling Up, Housing and Communities",
        "Healthwatch Kent", "Kent Fire and Rescue Service", "Kent Police", "Kent and Medway Integrated Care Board",
        "Kent Community Health NHS Foundation Trust"}),
    (ESSEX, "Southend-on-Sea City Council", {
        "Mid and South Essex NHS Foundation Trust", "Essex Police", "Sussex Police and Crime Commissioner",
        "Shelter", "Citizens Advice Southend", "St Mungo's", "HM Treasury", "Department for Work and Pensions",
        "Housing Ombudsman"}),
    (CUMBRIA, "Cumberland Council", {
        "Lake District National Park Authority", "Natural England", "United Utilities", "University of Cumbria",
        "Carlisle College", "Electricity North West", "Homes England", "Sport England", "Groundwork", "Sustrans"}),
], ids=["kent", "essex", "cumbria"])
def test_partner_organisations_of_other_councils(nlp, text, council, expected):
    assert set(_orgs(nlp, text, council)) == expected


@pytest.mark.model
def test_acronyms_read_as_the_full_name_and_kept_as_surfaces(nlp):
    orgs = _orgs(nlp, ESSEX + KENT, "Southend-on-Sea City Council")
    assert "DWP" in orgs["Department for Work and Pensions"].get_all(x.A_SURFACE)
    assert "DLUHC" in orgs["Department for Levelling Up, Housing and Communities"].get_all(x.A_SURFACE)


NOT_ORGANISATIONS = """Testshire District Council

Overview and Scrutiny Committee

The partnership agreed its priorities for the year. A housing association may nominate a tenant, and our
partners in the voluntary sector were consulted. Customers may use a Home Improvement Agency or any
Registered Provider. Every district must form a Community Safety Partnership under the 1998 Act.

In the opinion of the Lead Local Flood Authority (Essex County Council) the drainage is adequate.

Officers from Bethel Street police station attended. NHS services are under pressure.

The Health and Wellbeing Board and the Audit and Governance Committee will consider the report.

The Head of Housing and the Strategic Director (Resources) will attend. The centre was named
Local Authority / Leisure Trust Centre of the Year. We are procuring a professional marketing agency;
the Professional Marketing Agency will design the brand.

Shelter is provided at the hostel. Mind your step. The Cost of Living Crisis continues.
"""


@pytest.mark.model
def test_kinds_posts_and_committees_are_not_organisations(nlp):
    # Only the council named in brackets is an organisation here.
    assert set(_orgs(nlp, NOT_ORGANISATIONS, "Testshire District Council")) == {"Essex County Council"}


VARIANTS = """Cheshire East Council

Corporate Policy Committee

The precept of Sandbach Town Council rose by 3%. Sandbach Parish Council and Middlewich Town Council
were consulted, and a later letter from Sandbach Council confirmed it. The Police, Fire and Crime
Commissioner for Cheshire and Cheshire Constabulary presented their plan; the Police and Crime
Commissioner answered questions on Cheshire Police's response times. Cheshire East Community Safety
Partnership reported, and the Cheshire East Safety Partnership noted the figures. The Department of
Work and Pensions (DWP) attended.
"""


@pytest.mark.model
def test_variant_names_of_one_organisation_resolve_to_one_entity(nlp):
    orgs = _orgs(nlp, VARIANTS, "Cheshire East Council")
    sandbach = orgs["Sandbach Town Council"]
    assert {"Sandbach Parish Council"} <= set(sandbach.get_all(x.A_SURFACE))
    assert "Middlewich Town Council" in orgs  # another town: another council
    assert "Cheshire Constabulary" in orgs or "Cheshire Police" in orgs
    assert len([n for n in orgs if "Constabulary" in n or n.endswith("Police")]) == 1
    commissioners = [n for n in orgs if n.endswith("Commissioner") or "Commissioner for" in n]
    assert len(commissioners) == 1, commissioners
    assert len([n for n in orgs if "Safety Partnership" in n]) == 1
    assert len([n for n in orgs if "Work and Pensions" in n]) == 1


def _org(name: str) -> x.Entity:
    return x.Entity(x.make_key(x.ORGANISATION, "c", name.lower()), x.ORGANISATION, name)


def test_resolution_keeps_genuinely_different_bodies_apart():
    from nlp.resolve import resolve_organisations

    names = ["Norfolk County Council", "Norfolk County Community Safety Partnership",
             "Norfolk Community Safety Partnership", "West Suffolk Council", "Suffolk Council",
             "Norfolk and Suffolk NHS Foundation Trust", "James Paget University Hospitals NHS Foundation Trust",
             "NHS Foundation Trust", "Canvey Island Town Council", "Canvey Island Parish Council"]
    resolved = resolve_organisations(x.Extraction("d", tuple(_org(n) for n in names)))
    kept = {e.name: e for e in resolved.entities}
    assert "Norfolk County Council" in kept and "Norfolk County Community Safety Partnership" in kept
    assert "Norfolk Community Safety Partnership" in kept["Norfolk County Community Safety Partnership"].get_all(
        x.A_SURFACE)
    assert "West Suffolk Council" in kept and "Suffolk Council" in kept  # a compass word tells places apart
    assert "NHS Foundation Trust" in kept  # fits two trusts: joins neither
    assert len([n for n in kept if n.startswith("Canvey")]) == 1
    assert len(resolved.entities) == 8


def test_gazetteer_rows_are_consistent():
    from nlp.extract.organisations import gazetteer
    from nlp.pipeline import PATTERNS_DIR, read_jsonl

    rows = [r for r in read_jsonl(PATTERNS_DIR / "organisations.jsonl") if "name" in r]
    assert len(rows) > 200
    ids_by_form: dict[str, set[str]] = {}
    for row in rows:
        assert row["label"] == "PARTNER" and isinstance(row["pattern"], str) and row["id"] == x.slug(row["id"])
        ids_by_form.setdefault(row["pattern"].lower(), set()).add(row["id"])
    assert {form: ids for form, ids in ids_by_form.items() if len(ids) > 1} == {}  # one form, one organisation
    assert gazetteer()["dclg"].name == "Department for Communities and Local Government"
    assert gazetteer()["dclg"].id == gazetteer()["mhclg"].id  # a department keeps one key through its renamings
