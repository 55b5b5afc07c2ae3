"""An action keeps one IRI when its due date moves between reports, and the graph keeps each
report's due date with the row it was read from. Items scheduled for a meeting (forward plans)
are one item per date: the same title at two meetings is two decisions.

The reports are written in styles the sample lacks: a district council's quarterly
corporate-plan update (the next quarter's with a "Revised date" column and other columns), a
forward plan of key decisions with a recurring quarterly report, a corporate risk register."""

from __future__ import annotations

from rdflib import Literal

from graph.entity_iris import entity_iri
from graph.facts import fact_triples
from graph.iris import document_iri
from graph.namespaces import CG, sparql_prologue
from graph.store import GraphStore
from nlp import extraction as x
from nlp.extract.actions import extract_actions
from nlp.records import Document
from tests.nlp.conftest import table_context

BASE = "https://example.org/id/"
LEISURE = "Refurbish the Riverside Leisure Centre"
FOOD_WASTE = "Introduce weekly food waste collections"

Q1 = f"""Anytown District Council
Corporate Plan 2024-2028: delivery update, Quarter 1 2025/26

Project\tLead Officer\tTarget date\tRAG
{LEISURE}\tHead of Leisure\t31 December 2025\tGreen
{FOOD_WASTE}\tWaste Services Manager\tMarch 2026\tAmber
"""

# The next quarter: other columns, and the leisure centre's date has slipped.
Q2 = f"""Anytown District Council
Corporate Plan 2024-2028: delivery update, Quarter 2 2025/26

Ref\tProject\tResponsible Officer\tRevised date\tStatus\tComments
CP3\t{LEISURE}\tHead of Leisure\t30 June 2026\tAmber\tContractor delay; revised date agreed by Cabinet
CP4\t{FOOD_WASTE}\tWaste Services Manager\tMarch 2026\tGreen\tVehicles delivered
"""

FORWARD_PLAN = """Anytown District Council
Forward Plan of Key Decisions, 1 August 2025 to 30 November 2025

Matter for decision\tDecision maker\tDate of decision\tLead Member\tLead Officer
Quarterly performance report\tCabinet\t10 September 2025\tCllr Priya Shah\tHead of Policy
Quarterly performance report\tCabinet\t12 November 2025\tCllr Priya Shah\tHead of Policy
"""

# The next month's forward plan lists the November report again.
NEXT_FORWARD_PLAN = """Anytown District Council
Forward Plan of Key Decisions, 1 September 2025 to 31 December 2025

Matter for decision\tDecision maker\tDate of decision\tLead Member\tLead Officer
Quarterly performance report\tCabinet\t12 November 2025\tCllr Priya Shah\tHead of Policy
"""

RISKS = f"""Anytown District Council
Corporate risk register

Risk\tRisk owner\tLikelihood\tImpact
{FOOD_WASTE}\tDirector of Place\t3\t4
"""


def _doc(doc_id: str, text: str, day: str) -> Document:
    return Document(id=doc_id, source=f"{doc_id}.txt", text=text, content_hash=doc_id, title=doc_id,
                    doc_type="report", council="Anytown District Council", council_id="anytown", date=day)


def _actions(doc: Document, title: str) -> list[x.Entity]:
    return [e for e in extract_actions(doc, table_context(doc)).of_kind(x.ACTION) if e.name == title]


def _store(*docs: Document) -> GraphStore:
    store = GraphStore(None)
    for doc in docs:
        triples = fact_triples(doc, extract_actions(doc, table_context(doc)), BASE)
        store.replace_graph(document_iri(doc.id, BASE), triples)
    return store


def test_a_project_keeps_one_iri_when_its_date_slips():
    q1, q2 = _doc("q1", Q1, "2025-07-15"), _doc("q2", Q2, "2025-10-14")
    (before,) = _actions(q1, LEISURE)
    (after,) = _actions(q2, LEISURE)
    assert (before.get(x.A_DUE_DATE), after.get(x.A_DUE_DATE)) == ("2025-12-31", "2026-06-30")
    assert entity_iri(before.key, BASE) == entity_iri(after.key, BASE)
    (waste,) = _actions(q2, FOOD_WASTE)
    assert waste.key != after.key


def test_both_due_dates_stay_traceable_to_their_rows():
    q1, q2 = _doc("q1", Q1, "2025-07-15"), _doc("q2", Q2, "2025-10-14")
    store = _store(q1, q2)
    action = entity_iri(_actions(q1, LEISURE)[0].key, BASE)
    assert {row["due"].value for row in store.query(
        sparql_prologue() + f"SELECT ?due WHERE {{ {action.n3()} cg:dueDate ?due }}")} == {"2025-12-31", "2026-06-30"}

    rows = store.query(sparql_prologue() + f"""
        SELECT ?due ?doc ?b ?e WHERE {{
          ?st rdf:subject {action.n3()} ; rdf:predicate cg:dueDate ; rdf:object ?due ;
              prov:wasDerivedFrom ?doc ; cg:evidence ?span .
          ?span nif:beginIndex ?b ; nif:endIndex ?e ; nif:referenceContext ?doc .
        }}""")
    texts = {str(document_iri(d.id, BASE)): d.text for d in (q1, q2)}
    found = {(row["due"].value, row["doc"].value,
              texts[row["doc"].value][int(row["b"].value):int(row["e"].value)]) for row in rows}
    assert {(due, doc) for due, doc, _ in found} == {
        ("2025-12-31", str(document_iri("q1", BASE))), ("2026-06-30", str(document_iri("q2", BASE)))}
    written = {"2025-12-31": "31 December 2025", "2026-06-30": "30 June 2026"}
    for due, _doc_iri, row_text in found:  # the evidence is the action's own row, with the date as written
        assert LEISURE in row_text and written[due] in row_text

    # Each report's graph holds that report's date and status: "as at this report" stays answerable.
    for doc, due, status in ((q1, "2025-12-31", "Green"), (q2, "2026-06-30", "Amber")):
        graph = store.graph(document_iri(doc.id, BASE))
        assert {str(o) for o in graph.objects(action, CG.dueDate)} == {due}
        assert set(graph.objects(action, CG.status)) == {Literal(status)}


def test_a_recurring_forward_plan_item_is_one_item_per_meeting():
    plan, later = _doc("fp-aug", FORWARD_PLAN, "2025-08-01"), _doc("fp-sep", NEXT_FORWARD_PLAN, "2025-09-01")
    september, november = _actions(plan, "Quarterly performance report")
    assert september.key != november.key
    assert (september.get(x.A_DUE_DATE), november.get(x.A_DUE_DATE)) == ("2025-09-10", "2025-11-12")
    (again,) = _actions(later, "Quarterly performance report")
    assert again.key == november.key  # the same meeting's item in the next plan is the same item


def test_a_risk_and_a_project_with_one_title_stay_apart():
    (project,) = _actions(_doc("q1", Q1, "2025-07-15"), FOOD_WASTE)
    (risk,) = _actions(_doc("risks", RISKS, "2025-07-01"), FOOD_WASTE)
    assert risk.get(x.A_ACTION_KIND) == "risk" and project.get(x.A_ACTION_KIND) != "risk"
    assert risk.key != project.key


def test_the_entity_page_shows_each_due_date_with_its_own_row():
    from web.graphdata import GraphData

    q1, q2 = _doc("q1", Q1, "2025-07-15"), _doc("q2", Q2, "2025-10-14")
    entity = GraphData(_store(q1, q2), BASE).entity(str(entity_iri(_actions(q1, LEISURE)[0].key, BASE)))
    dues = {(f.value.value, f.evidence.document_id): f.evidence for f in entity.facts if f.predicate == str(CG.dueDate)}
    assert set(dues) == {("2025-12-31", "q1"), ("2026-06-30", "q2")}
    for (_due, doc_id), evidence in dues.items():
        text = {"q1": q1, "q2": q2}[doc_id].text
        assert text[evidence.start:evidence.end].startswith(("CP3\t" + LEISURE, LEISURE))


def test_one_report_listing_an_action_twice_keeps_both_dates():
    text = f"{LEISURE}\tMarch 2026\n...\n{LEISURE}\tJune 2026\n"
    doc = _doc("twice", text, "2025-07-15")
    key = x.make_key(x.ACTION, "anytown", LEISURE)
    first, second = (0, text.index("\n")), (text.rindex(LEISURE), len(text) - 1)
    extraction = x.Extraction("twice", (x.Entity(key, x.ACTION, LEISURE, (
        (x.A_DUE_DATE, "2026-03"), (x.A_DUE_DATE, "2026-06"), (x.A_STATUS, "Amber"), (x.A_STATUS, "Red"))),),
        (x.Mention(*first, text[slice(*first)], key), x.Mention(*second, text[slice(*second)], key)))
    store = GraphStore(None)
    store.replace_graph(document_iri(doc.id, BASE), fact_triples(doc, extraction, BASE))
    action = entity_iri(key, BASE)
    rows = store.query(sparql_prologue() + f"""
        SELECT ?p ?o (COUNT(?span) AS ?rows) WHERE {{
          ?st rdf:subject {action.n3()} ; rdf:predicate ?p ; rdf:object ?o ; cg:evidence ?span .
        }} GROUP BY ?p ?o""")
    assert {(r["p"].value, r["o"].value, int(r["rows"].value)) for r in rows} == {
        (str(CG.dueDate), "2026-03", 2), (str(CG.dueDate), "2026-06", 2),
        (str(CG.status), "Amber", 2), (str(CG.status), "Red", 2)}


def test_the_owners_table_shows_the_newest_reports_date_and_status():
    """Not every pairing of the old and new date and status: the newest report's pair."""
    from graph.build import document_triples
    from graph.named_queries import bind, load
    from nlp.extract import context

    q1, q2 = _doc("q1", Q1, "2025-07-15"), _doc("q2", Q2, "2025-10-14")
    store = _store(q1, q2)
    for doc in (q1, q2):
        graph = document_iri(doc.id, BASE)
        store.replace_graph(graph, [*store.graph(graph), *document_triples(doc, (), BASE)])
    post = next(e for e in extract_actions(q2, context(q2, None)).entities if e.name == "Head of Leisure")
    rows = [{k: row[k].value if row[k] is not None else None for k in ("label", "status", "due", "report")}
            for row in store.query(bind(load("actions-by-owner"), owner=entity_iri(post.key, BASE)))]
    leisure = [r for r in rows if r["label"] == LEISURE]
    assert leisure == [{"label": LEISURE, "status": "Amber", "due": "2026-06-30", "report": str(document_iri("q2", BASE))}]
