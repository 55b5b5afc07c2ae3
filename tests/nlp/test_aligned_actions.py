"""Action plans, risk registers and lists of leads set out in columns of spaces — as a PDF's
layout extraction gives them — give the same actions as their tab-separated originals, whether
or not their long cells wrap onto continuation lines, and wherever short cells sit in a tall
row (top, middle, bottom). The documents are held out: other councils' styles, written for
these tests, not taken from the sample."""

from __future__ import annotations

import pytest

from nlp.documents import read_document
from nlp.extract.actions import column_role, find_actions
from nlp.extract.tables import read_tables
from tests.nlp.conftest import action_plan_pdf, table_context
from tests.nlp.test_aligned_tables import aligned, wrapped_columns

# A service plan's action plan with reference codes, a lead officer and a progress column.
SERVICE_PLAN = """Thornbury District Council
Environmental Services Service Plan 2025/26

4. Action plan

Ref\tAction\tLead officer\tTarget date\tRAG status\tProgress update
ES1\tReplace the remaining diesel refuse collection vehicles with electric vehicles on the urban rounds\tFleet Manager\tMarch 2026\tAmber\tTwo vehicles delivered; charging points at the depot delayed until the grid connection is upgraded
ES2\tIntroduce weekly food waste collections for all households, including flats with communal bins\tHead of Waste Services\tApril 2026\tGreen\tContainers ordered and crews recruited for the new rounds
ES3\tReview the street cleansing schedules for the town centres\tS Patel\tDecember 2025\tGreen\tDraft schedules shared with the town councils for comment
ES4\tAdopt a new enforcement policy for fly-tipping and littering offences\tEnvironmental Protection Manager\tOctober 2025\tRed\tCabinet report deferred to allow further consultation with the parish councils

5. Resources

The service has 142 full-time equivalent posts and a net budget of 6.2 million pounds.
"""

# A strategic risk register: the risk itself in the first column, no reference codes.
RISK_REGISTER = """Audit and Governance Committee, 3 March 2025
Appendix A: Strategic risk register

Risk description\tRisk owner\tLikelihood\tImpact\tMitigating controls\tRAG
Failure to deliver a balanced budget over the medium term financial strategy period\tDirector of Finance\t4\t5\tSavings programme monitored monthly by the leadership team and a reserves strategy agreed by council\tRed
Loss of key IT systems following a cyber attack on the council's network\tHead of Digital Services\t3\t5\tOffsite backups tested quarterly, staff training and an incident response plan\tAmber
Insufficient temporary accommodation to meet rising homelessness demand\tHousing Options Manager\t4\t4\tLeasing scheme with private landlords expanded and new hostel places commissioned\tAmber

The committee is asked to note the register.
"""

# A corporate plan's projects: title, target date and an unheaded status column; comment
# lines under each project, as councils' performance reports set them.
PROJECTS = """Corporate Plan 2024-2028: progress at quarter 2

Project description and comments\tTarget date\t
Deliver the town centre regeneration scheme, including the new market hall and public realm works\tMarch 2026\tAmber
Market hall tender returned over budget; value engineering under way.\t\t
Open the new leisure centre at Riverside Park\tSeptember 2025\tGreen
Building works on programme and operator appointed.\t\t
Adopt a climate change strategy and action plan for the district\tDecember 2024\tGreen
Draft strategy out to consultation until November.\t\t

Performance indicators follow in Appendix B.
"""

# A community safety plan's priorities with the partner leading each: two columns only.
LEADS = """Community Safety Partnership Plan 2025-2028

Key risks identified\tDelivery lead
Anti-social behaviour in the town centre and at the bus station\tCommunity Safety Partnership
Domestic abuse and violence against women and girls\tDomestic Abuse Forum
Exploitation of children and young people by organised crime groups\tSafeguarding Children Partnership
Road safety on rural routes\tFire and Rescue Service

The partnership will report progress to the scrutiny committee each year.
"""

HELD_OUT = {"service_plan": SERVICE_PLAN, "risk_register": RISK_REGISTER, "projects": PROJECTS, "leads": LEADS}


def _actions(path):
    doc = read_document(path, 10**7)
    return {(a.kind, a.title, a.due, a.status, a.impact, a.likelihood, tuple(sorted(str(o) for o in a.owners)))
            for a in find_actions(doc, table_context(doc).document_date)}


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tabs")
    found = {}
    for name, text in HELD_OUT.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        found[name] = _actions(folder / f"{name}.txt")
    return found


def test_the_tab_originals_give_their_actions(originals):
    counts = {name: len(found) for name, found in originals.items()}
    assert counts == {"service_plan": 4, "risk_register": 3, "projects": 3, "leads": 4}
    plan = {a[1]: a for a in originals["service_plan"]}
    assert plan["Review the street cleansing schedules for the town centres"][2:4] == ("December 2025", "Green")
    risks = {a[1]: a for a in originals["risk_register"]}
    assert risks["Loss of key IT systems following a cyber attack on the council's network"][0] == "risk"


# Known gaps: a first cell in capitals whose first word would not have fitted on the line
# above starts a row or continues one, and where cells sit in the middle or at the bottom of
# their rows the layout alone does not say which (a person reads the words).
_AMBIGUOUS = {("top", "leads"), ("middle", "leads"), ("bottom", "leads"), ("middle", "projects"),
              ("bottom", "projects")}


@pytest.mark.parametrize("name", sorted(HELD_OUT))
@pytest.mark.parametrize("mode", ["unwrapped", "top", "middle", "bottom"])
def test_column_set_actions_read_like_tabs(request, tmp_path, originals, name, mode):
    if (mode, name) in _AMBIGUOUS:
        request.applymarker(pytest.mark.xfail(strict=True, reason="first cells that wrap: see _AMBIGUOUS"))
    text = HELD_OUT[name]
    copy = tmp_path / f"{name}.txt"
    copy.write_text(aligned(text) if mode == "unwrapped" else wrapped_columns(text, mode), encoding="utf-8")
    assert "\t" not in copy.read_text(encoding="utf-8")
    assert _actions(copy) == originals[name]


def test_a_continuation_line_of_three_pieces_joins_its_row():
    """The action, the comment and the owner all wrap onto the same next lines."""
    text = ("Action                        Owner                  Due date     Comment\n"
            "Refresh the housing           Head of Housing        June 2025    Consultation closed on 2\n"
            "allocations policy and the    Strategy and                        May; responses being\n"
            "choice-based lettings scheme  Enabling                            analysed\n"
            "Publish the tenancy strategy  Housing Manager        July 2025    On track\n")
    (table,) = read_tables(text, column_role)
    assert [r.cells for r in table.rows] == [
        ("Refresh the housing allocations policy and the choice-based lettings scheme",
         "Head of Housing Strategy and Enabling", "June 2025",
         "Consultation closed on 2 May; responses being analysed"),
        ("Publish the tenancy strategy", "Housing Manager", "July 2025", "On track")]


def test_a_row_with_an_empty_first_cell_is_still_a_row():
    """A forward plan item whose meeting is not yet fixed: its first cell is empty, but its
    cells start no word the line above had room for, and none runs on in lower case."""
    text = ("Meeting          Report                          Purpose                           Lead officer\n"
            "Cabinet 12 Dec   Quarter 2 performance report    To report progress against the    Strategy Manager\n"
            "                                                 corporate plan priorities\n"
            "                 Council tax base 2025/26        To set the tax base               Head of Finance\n"
            "Cabinet 16 Jan   Budget and council tax          To propose the budget             Head of Finance\n")
    (table,) = read_tables(text, column_role)
    assert [r.cells[1] for r in table.rows] == [
        "Quarter 2 performance report", "Council tax base 2025/26", "Budget and council tax"]
    assert table.rows[0].cells[2] == "To report progress against the corporate plan priorities"


def test_a_caption_over_the_header_is_not_part_of_its_first_cell(tmp_path):
    text = ("Action plan\n"
            "Equality objective      Action(s)                        Lead responsibility   Timescale\n"
            "Improve access          Publish the guide in Easy Read   Customer Manager      March 2025\n")
    (table,) = read_tables(text, column_role)
    assert [c.text for c in table.columns][:2] == ["Equality objective", "Action(s)"]
    (tmp_path / "plan.txt").write_text(text, encoding="utf-8")
    assert [a.title for a in find_actions(read_document(tmp_path / "plan.txt"))] == ["Publish the guide in Easy Read"]


@pytest.mark.parametrize("valign", ["TOP", "MIDDLE", "BOTTOM"])
def test_action_plan_in_a_pdf(tmp_path, valign):
    path = action_plan_pdf(tmp_path / "plan.pdf", "Housing Service Plan 2025/26: action plan", [
        ["Action", "Lead officer", "Target date", "Status"],
        ["Review the allocations policy and the choice-based lettings scheme with partner landlords",
         "Head of Housing Strategy", "June 2025", "Green"],
        ["Procure a new responsive repairs contract for the council's homes", "Property Services Manager",
         "March 2026", "Amber"],
        ["Publish the tenancy strategy", "Housing Manager", "July 2025", "Green"]], valign)
    doc = read_document(path)
    # the wrapped title comes back whole in its row (nlp.pdf_columns), whatever the alignment
    assert ("Review the allocations policy and the choice-based lettings scheme with partner landlords\t"
            "Head of Housing Strategy\tJune 2025\tGreen") in doc.text.split("\n")
    found = {(a.title, a.due, a.status, tuple(str(o) for o in a.owners)) for a in find_actions(doc)}
    titles = {f[0] for f in found}
    assert titles == {"Review the allocations policy and the choice-based lettings scheme with partner landlords",
                      "Procure a new responsive repairs contract for the council's homes",
                      "Publish the tenancy strategy"}
    dues = {f[0][:12]: (f[1], f[2]) for f in found}
    assert dues == {"Review the a": ("June 2025", "Green"), "Procure a ne": ("March 2026", "Amber"),
                    "Publish the ": ("July 2025", "Green")}
