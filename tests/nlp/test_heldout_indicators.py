"""Held-out layouts: performance reports, service plans, action plans and a risk register in
the styles of councils the labelled sample does not hold (tests/fixtures/heldout/, invented
councils, indicators and officers). Every extract goes through the reader as ingest reads
it (normalisation, structure, metadata), then through the indicator and action readers.

The six extracts: a cabinet quarterly KPI report (month-range quarter columns, a RAG summary,
theme rows, a header repeated over a page break, target/actual pairs under spanning years); a
housing service plan (measures under a quarter line, ticks and crosses, targets for two years,
a year-to-date table beside its annual target, tasks with success measures); a scrutiny
scorecard of coded cards; a climate action plan (lead officers, deadlines, RAG, then "this
quarter" against "same quarter last year"); a strategic risk register with current and target scores; leisure KPIs with a
target and an actual column per quarter, a totals row and a "Complete?" column of ticks.

The rules these exercise are keyed to what councils write everywhere — header words
("PI Code", "Good performance is", "Q1 Target", "Complete?"), quarter columns written as
months ("Apr-Jun 2024"), status words and ticks, coded cards ("CS01 - ..." then "Target:",
"Actual:", "Status:") — and each test also says what must not be read: header rows, summary
and totals rows, section rows, risk registers, page furniture, agenda items.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from nlp import extraction as x
from nlp.documents import read_document
from nlp.extract.actions import find_actions
from nlp.extract.indicators import Indicator, Observation, extract_indicators, find_indicators
from nlp.records import Document
from tests.nlp.conftest import table_context

HELDOUT = Path(__file__).resolve().parent.parent / "fixtures" / "heldout"


@cache
def heldout(stem: str) -> Document:
    (path,) = HELDOUT.glob(f"{stem}*.txt")
    return read_document(path, 10**7)


def indicators(stem: str) -> dict[str, Indicator]:
    return {i.ref or i.name: i for i in find_indicators(heldout(stem))}


def periods(indicator: Indicator) -> dict[str, Observation]:
    return {o.period.label: o for o in indicator.observations if o.period}


def figures(obs: Observation) -> tuple[str | None, str | None, str | None]:
    return obs.value, obs.target, obs.status


# --- a quarterly KPI table: PI Code | Indicator | Good performance is | 2023/24 Outturn |
# --- Apr-Jun 2024 | Jul-Sep 2024 | Target | RAG | Direction of travel ------------------------------
def test_kpi_table_with_month_range_quarters_reads_every_indicator_and_nothing_else():
    found = indicators("wealdmoor")
    # Not the RAG summary ("Green", "Amber", "Total"), not the theme rows, not the header
    # repeated after the running title and page number.
    assert set(found) == {"WM01", "WM02", "EH03", "FN01", "FN04", "HR02", "AN01", "AN02"}
    assert found["WM01"].name == "Percentage of household waste sent for reuse, recycling and composting"


def test_month_range_columns_are_quarters_of_the_financial_year():
    waste = periods(indicators("wealdmoor")["WM01"])
    assert set(waste) == {"2023/24", "2024/25 Q1", "2024/25 Q2"}
    assert figures(waste["2023/24"]) == ("41.3%", None, None)
    assert figures(waste["2024/25 Q1"]) == ("43.8%", None, None)
    assert figures(waste["2024/25 Q2"]) == ("44.9%", "45%", "Amber")
    assert waste["2024/25 Q2"].trend == "improving"


def test_kpi_table_values_targets_statuses_and_trends():
    found = indicators("wealdmoor")
    bins = periods(found["WM02"])["2024/25 Q2"]
    assert figures(bins) + (bins.trend,) == ("71", "50", "Red", "declining")
    noise = periods(found["EH03"])["2024/25 Q2"]
    assert figures(noise) == ("3.9 days", "5 days", "Green")
    assert noise.comment is None  # another quarter's figure is not a comment
    assert figures(periods(found["FN01"])["2024/25 Q2"]) == ("£31.9m", "£31.5m", "Green")
    assert figures(periods(found["FN04"])["2024/25 Q2"]) == ("297", None, "Data only")
    assert periods(found["FN04"])["2023/24"].value == "1,204"
    assert figures(periods(found["HR02"])["2024/25 Q2"]) == ("8.7", "8.5", "Amber")


def test_target_and_actual_pairs_under_a_year_that_spans_them():
    found = indicators("wealdmoor")
    satisfaction = periods(found["AN01"])
    assert set(satisfaction) == {"2022/23", "2023/24"}
    assert figures(satisfaction["2022/23"]) == ("58%", "60%", None)
    assert figures(satisfaction["2023/24"]) == ("63%", "60%", "Green")
    assert figures(periods(found["AN02"])["2023/24"]) == ("131", "150", "Red")


def test_kpi_table_records_carry_the_code_as_notation():
    doc = heldout("wealdmoor")
    ext = extract_indicators(doc, table_context(doc))
    notations = {e.get(x.A_NOTATION) for e in ext.of_kind(x.INDICATOR)}
    assert notations == {"WM01", "WM02", "EH03", "FN01", "FN04", "HR02", "AN01", "AN02"}
    names = {e.name.lower() for e in ext.of_kind(x.INDICATOR)}
    assert not names & {"indicator", "pi code", "green", "amber", "red", "total"}


# --- a service plan: Measure | Polarity | Target | Actual | Status | Commentary, under a quarter
# --- line; then targets for two years, and tasks with a responsible officer -----------------------
def test_measures_table_takes_the_quarter_named_above_it():
    found = indicators("kestrel-vale")
    relet = found["Average time to re-let council homes (calendar days)"]
    (obs,) = relet.observations
    assert obs.period is not None and obs.period.label == "2024/25 Q3"
    assert figures(obs) == ("34.6", "28", "Not met")
    assert obs.comment == "Two properties needed major works after long tenancies."
    assert figures(found["Rent collected as a percentage of rent due"].observations[0]) == ("98.1%", "97.5%", "Met")
    assert found["Households in bed and breakfast at quarter end"].observations[0].status == "On track"


def test_ticks_and_crosses_in_a_status_column_are_met_and_not_met():
    found = indicators("kestrel-vale")
    assert figures(found["Homelessness cases prevented or relieved"].observations[0]) == ("63%", "60%", "Met")
    complaints = found["Stage 1 complaints answered within 10 working days"].observations[0]
    assert figures(complaints) == ("81%", "90%", "Not met")


def test_target_columns_for_two_years_each_give_that_years_target():
    found = indicators("kestrel-vale")
    gas = found["HS10"]  # "HS10: Percentage of ..." in the indicator column: code and name
    assert (gas.name, gas.frequency) == ("Percentage of gas safety certificates in date", "Monthly")
    by = periods(gas)
    assert set(by) == {"2022/23", "2023/24", "2024/25", "2025/26"}
    assert figures(by["2022/23"]) == ("99.2%", None, None)
    assert figures(by["2023/24"]) == ("99.6%", None, None)
    assert figures(by["2024/25"]) == (None, "100%", None)
    assert figures(by["2025/26"]) == (None, "100%", None)
    dfg = periods(found["HS11"])
    assert (dfg["2024/25"].target, dfg["2025/26"].target) == ("110", "120")
    assert len(found) == 8  # five measures, two standards, one year-to-date; no action read as an indicator


def test_year_to_date_columns_are_the_year_so_far():
    found = indicators("kestrel-vale")  # YTD Actual | YTD Target | Annual Target | Status
    by = periods(found["Electricity used in communal areas of housing blocks (MWh)"])
    assert set(by) == {"2024/25 YTD to Dec", "2024/25"}
    ytd = by["2024/25 YTD to Dec"]
    assert figures(ytd) == ("1,204", "1,250", "On track")  # the year-to-date target, not the annual one
    assert ytd.period is not None and (ytd.period.start, ytd.period.end) == (date(2024, 4, 1), date(2024, 12, 31))
    assert figures(by["2024/25"]) == (None, "2,500", None)  # the annual target stays with the year


def test_service_plan_tasks_with_objective_key_task_and_success_measure_columns():
    tasks = {a.title: a for a in find_actions(heldout("kestrel-vale"))}
    assert set(tasks) == {"Recommission the rough sleeper outreach service",
                          "Complete fire risk assessments for all sheltered schemes",
                          "Agree a new voids repair contract"}
    outreach = tasks["Recommission the rough sleeper outreach service"]
    assert (outreach.due_period.label, outreach.status) == ("2025-06", "On track")
    assert [(o.person, o.post) for o in outreach.owners] == [(None, "Homelessness Prevention Manager")]
    assert outreach.text == "No one sleeping rough for a second night"  # the success measure, not the title
    fire = tasks["Complete fire risk assessments for all sheltered schemes"]
    assert (fire.due_period.label, fire.status) == ("2024/25 Q4", "Off track")
    assert [(o.person, o.post) for o in fire.owners] == [("J Okafor", None)]
    voids = tasks["Agree a new voids repair contract"]
    assert (voids.due_period.start, voids.status) == (date(2025, 3, 31), "Not started")


# --- KPI cards: "CS01 - <name>", then "Target:", "Actual:", "Status:" lines -----------------------
def test_cards_with_dash_separated_codes():
    found = indicators("harrowfield")
    # Not "Item 7 - Quarter 1 performance scorecard", nor the running title.
    assert set(found) == {"CS01", "CS02", "PL07", "PL09", "RB12", "HS04"}
    assert found["CS01"].name == "Percentage of calls answered within 60 seconds"
    (calls,) = found["CS01"].observations
    assert calls.period is not None and calls.period.label == "2024/25 Q1"
    assert figures(calls) == ("74.2%", "80%", "Off track")
    assert "garden waste" in (calls.comment or "")
    assert figures(found["CS02"].observations[0]) == ("2.5 days", "3 days", "On track")
    assert figures(found["PL07"].observations[0]) == ("91%", "85%", "Green")


def test_card_commentary_stops_at_the_next_heading_and_before_page_furniture():
    found = indicators("harrowfield")
    assert found["CS02"].observations[0].comment is None  # not the "Planning and regeneration" heading
    (funding,) = found["PL09"].observations
    assert figures(funding) == ("£1.2m", "£1.5m", "Amber")
    assert funding.comment == "Two bids to the Shared Prosperity Fund are still being assessed."
    (homes,) = found["HS04"].observations
    assert homes.comment == "Numbers rose after two private landlords left the market."  # not the running title


def test_card_fields_on_one_line():
    (arrears,) = indicators("harrowfield")["RB12"].observations  # "Target: 2.5%   Actual: 2.9%   Status: Red"
    assert figures(arrears) == ("2.9%", "2.5%", "Red")
    assert arrears.comment == "Arrears rose after tenants moved to Universal Credit."


def test_card_lines_that_name_their_period():
    (homes,) = indicators("harrowfield")["HS04"].observations  # "Target 2024/25: 40", "Q1 result: 46", a cross
    assert figures(homes) == ("46", "40", "Not met")
    assert homes.period is not None and homes.period.label == "2024/25 Q1"


# --- an action plan: Ref | Action | Lead officer | Deadline | Progress | RAG --------------------------
def test_action_plan_with_lead_officers_deadlines_and_rag():
    doc = heldout("marston")
    actions = {a.title: a for a in find_actions(doc)}
    assert set(actions) == {"Install solar panels on the depot roof", "Replace pool cars with electric vehicles",
                            "Publish a tree planting strategy", "Carbon literacy training for all managers",
                            "Adopt a sustainable procurement policy"}  # the repeated header is no action
    solar = actions["Install solar panels on the depot roof"]
    assert (solar.due_period.start, solar.status) == (date(2025, 3, 31), "Green")
    assert [(o.role, o.person, o.post) for o in solar.owners] == [("lead_officer", None, "Facilities Manager")]
    assert "installation booked" in solar.text
    cars = actions["Replace pool cars with electric vehicles"]
    assert (cars.due_period.label, cars.status) == ("2024/25 Q4", "Amber")
    trees = actions["Publish a tree planting strategy"]
    assert (trees.due_period.label, trees.status) == ("2024-12", "Red")
    assert [(o.person, o.post) for o in trees.owners] == [("Priya Natarajan", "Tree Officer")]
    training = actions["Carbon literacy training for all managers"]
    assert (training.due, training.status) == ("Ongoing", "Complete")
    procurement = actions["Adopt a sustainable procurement policy"]
    assert procurement.due_period.label == "2025-03"
    assert [(o.person, o.post) for o in procurement.owners] == [("Tom Adeyemi", None)]


def test_this_quarter_against_the_same_quarter_last_year():
    found = {i.name: i for i in find_indicators(heldout("marston"))}  # the action plan adds none
    assert set(found) == {"Council carbon emissions (tonnes CO2e)", "Percentage of the council fleet that is electric"}
    carbon = periods(found["Council carbon emissions (tonnes CO2e)"])
    assert set(carbon) == {"2023/24 Q2", "2024/25 Q2"}
    assert figures(carbon["2023/24 Q2"]) == ("1,412", None, None)
    assert figures(carbon["2024/25 Q2"]) == ("1,268", "1,300", "Green")
    fleet = periods(found["Percentage of the council fleet that is electric"])
    assert figures(fleet["2024/25 Q2"]) == ("18%", "25%", "Red")


# --- a risk register: Ref | Risk description | Owner | Likelihood | Impact | Current score |
# --- Target score | Mitigation | Direction of travel -----------------------------------------------
def test_risk_register_is_read_as_risks_with_owners_and_never_as_indicators():
    doc = heldout("fenbridge")
    risks = {a.title: a for a in find_actions(doc)}
    assert len(risks) == 3
    funding = risks["Insufficient funding to deliver the medium term financial strategy"]
    assert (funding.kind, funding.likelihood, funding.impact) == ("risk", "4", "4")
    assert [(o.person, o.post) for o in funding.owners] == [(None, "Chief Finance Officer (S151)")]
    assert "Savings programme" in funding.text
    cyber = risks["Cyber attack disrupts council services"]
    assert (cyber.likelihood, cyber.impact) == ("2", "5")
    assert [(o.person, o.post) for o in cyber.owners] == [("Mark Ellison", "ICT Manager")]
    assert find_indicators(doc) == []


# --- per-quarter targets: KPI | Description | Q1 Target | Q1 Actual | Q2 Target | Q2 Actual ... -----
def test_each_quarter_takes_its_own_target():
    visits = periods(indicators("brackley")["LC01"])
    assert set(visits) == {"2024/25 Q1", "2024/25 Q2", "2024/25 Q3"}
    assert figures(visits["2024/25 Q1"]) == ("221,430", "210,000", None)
    assert figures(visits["2024/25 Q2"]) == ("197,812", "200,000", None)
    assert figures(visits["2024/25 Q3"]) == ("201,005", "190,000", "On target")
    library = periods(indicators("brackley")["LC02"])
    assert figures(library["2024/25 Q3"]) == ("86,115", "95,000", "Below target")


def test_a_totals_row_is_not_an_indicator_and_quarters_may_spell_out_their_months():
    found = indicators("brackley")
    assert set(found) == {"LC01", "LC02", "LC03", "Visits to Harbour Leisure Centre", "Visits to Brackley Pool"}
    pool = periods(found["Visits to Brackley Pool"])
    assert [pool[q].value for q in ("2024/25 Q1", "2024/25 Q2", "2024/25 Q3")] == ["101,030", "89,579", "90,985"]


def test_a_tick_in_a_complete_column_completes_the_action():
    actions = {a.title: a for a in find_actions(heldout("brackley"))}
    assert len(actions) == 3
    pool = actions["Refurbish the Brackley Pool changing village"]
    assert pool.status == "Completed" and pool.due_period.label == "2024-09"
    assert [o.person for o in pool.owners] == ["S Whitlock", "R Dunmore"]
    contract = actions["Procure a new leisure management contract"]
    assert contract.status is None and contract.due_period.label == "2025/26 Q2"
    assert [o.post for o in contract.owners] == ["Head of Leisure and Culture"]
