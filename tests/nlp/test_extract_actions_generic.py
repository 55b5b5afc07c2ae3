"""Action tables in layouts councils use everywhere (written apart from the held-out extraction set
whose errors these rules fix): a row whose date cell says "TBC" / "To be agreed" starts a row of its
own, and a "Portfolio Holder: Cllr X (Remit)" line over each section's table names the lead member
of that section's actions, even when the sections' tables share one header and read as one table."""

from __future__ import annotations

from nlp.documents import read_document
from nlp.extract.actions import find_actions


def _actions(tmp_path, text: str):
    path = tmp_path / "westby-2025-02-11-cabinet-delivery-plan.txt"
    path.write_text(text, encoding="utf-8")
    return {a.title: a for a in find_actions(read_document(path))}


def test_an_undated_row_is_a_row_of_its_own(tmp_path):
    found = _actions(tmp_path, """Scrutiny work programme 2025/26

Meeting date\tTopic\tLead officer
10 June 2025\tFlood resilience\tHead of Environment
To be agreed\tLibrary opening hours\tHead of Culture
TBC\tTaxi licensing fees\tLicensing Manager
""")
    assert set(found) == {"Flood resilience", "Library opening hours", "Taxi licensing fees"}
    assert found["Library opening hours"].due == "To be agreed"
    assert [o.post for o in found["Taxi licensing fees"].owners] == ["Licensing Manager"]


def test_portfolio_holder_over_each_section_leads_its_actions(tmp_path):
    found = _actions(tmp_path, """Delivery Plan 2025/26

Theme A: Prosperous Westby
Portfolio Holder: Cllr Omar Haddad (Economy)

Ref\tAction\tLead officer\tDue\tRAG
A1\tOpen the enterprise hub\tHead of Economy\tJun 2025\tG
A2\tAdopt a visitor strategy\tTourism Manager\tDec 2025\tA

Theme B: Greener Westby
Portfolio Holder: Cllr Ruth Ellis (Environment)

Ref\tAction\tLead officer\tDue\tRAG
B1\tPlant 5,000 trees\tParks Manager\tMar 2026\tG
""")
    leads = {title: [o.person for o in a.owners if o.role == "lead_member"] for title, a in found.items()}
    assert leads == {"Open the enterprise hub": ["Omar Haddad"], "Adopt a visitor strategy": ["Omar Haddad"],
                     "Plant 5,000 trees": ["Ruth Ellis"]}


def test_a_cover_far_above_the_table_names_no_lead_member(tmp_path):
    cover = "Lead Member: Cllr Omar Haddad\n\n" + "\n\n".join(["The plan sets out what we will do this year."] * 12)
    found = _actions(tmp_path, cover + """

Ref\tAction\tLead officer\tDue\tRAG
A1\tOpen the enterprise hub\tHead of Economy\tJun 2025\tG
""")
    assert [o.role for o in found["Open the enterprise hub"].owners] == ["lead_officer"]
