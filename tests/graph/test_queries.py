"""The named queries (graph/queries/*.rq) answer correctly: on the sample corpus where it has
the facts, and on small graphs built for the test where exact answers are needed."""

from __future__ import annotations

import datetime as dt

import pyoxigraph
import pytest
from rdflib import Graph, URIRef

from graph.entity_iris import entity_iri
from graph.facts import fact_triples
from graph.named_queries import bind, load, names
from nlp import extraction as x
from nlp.records import Document

BASE = "https://councilgraph.org/id/"
NORWICH = "norwich-city-council"
CASTLE_POINT = "castle-point-borough-council"


def _rows(graph: Graph, name: str, **values) -> list[dict[str, str]]:
    """Run a named query as the service does: over a dataset whose facts sit in a named graph."""
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt").encode(), format=pyoxigraph.RdfFormat.N_TRIPLES,
               to_graph=pyoxigraph.NamedNode(BASE + "document/test"))
    result = store.query(bind(load(name), **values), use_default_graph_as_union=True)
    names_ = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names_} for row in result]


def test_every_query_is_named_and_parses():
    assert set(names()) >= {"actions-by-owner", "action-owner", "indicators-off-target", "body-members",
                            "meeting-attendance", "entity-mentions"}
    for name in names():
        list(pyoxigraph.Store().query(load(name), use_default_graph_as_union=True))  # parses and runs


@pytest.mark.slow
@pytest.mark.model
def test_attendance_at_a_meeting(sample_graph):
    meeting = entity_iri(f"meeting/{NORWICH}/scrutiny-committee/2018-07-19", BASE)
    rows = _rows(sample_graph, "meeting-attendance", meeting=meeting)
    by = {}
    for row in rows:
        by.setdefault(row["attendance"], set()).add(row["name"])
    assert by["present"] == {"Wright", "Fullman", "Carlo", "Fulton-McAlister (M)", "Hampton", "Manning", "Raby",
                             "Stewart", "Thomas (Va)", "Thomas (Vi)"}
    assert by["substitute"] == {"Sands (M)"}
    assert by["apologies"] == {"Coleshill", "Sands (S)", "Smith"}
    assert by["also present"] == {"Kim Wright", "Alison Fearn", "Paul Corney"}
    assert by["chair"] == {"Wright"}


@pytest.mark.slow
@pytest.mark.model
def test_members_of_a_body_with_roles(sample_graph):
    body = entity_iri(f"body/{CASTLE_POINT}/cabinet", BASE)
    rows = _rows(sample_graph, "body-members", body=body)
    members = {r["name"] for r in rows if r["roleLabel"] == "member"}
    assert members == {"Sheldon", "James Cutler", "Egan", "Hart", "Isaacs", "Johnson", "Thornton", "Varker"}
    assert {r["name"] for r in rows if r["roleLabel"] == "chair"} == {"Sheldon"}
    assert "Resources" in {r["portfolio"] for r in rows if r["name"] == "Johnson"}


@pytest.mark.slow
@pytest.mark.model
def test_everything_mentioning_an_entity(sample_oxigraph, sample_dir):
    # Oxigraph, the engine the service runs this query on: rdflib takes ~50 s for it here.
    person = entity_iri(f"person/{CASTLE_POINT}/cllr-thornton", BASE)
    result = sample_oxigraph.query(bind(load("entity-mentions"), entity=person))
    columns = [v.value for v in result.variables]
    rows = [{c: (row[c].value if row[c] is not None else None) for c in columns} for row in result]
    spans = [r for r in rows if r["text"]]
    facts = [r for r in rows if r["fact"]]
    assert len(spans) >= 3 and facts
    from nlp.documents import read_document

    text = read_document(sample_dir / "castle-point-2021-11-17-cabinet-agenda.txt").text
    for r in spans:
        assert "Thornton" in text[int(r["begin"]):int(r["end"])]
    assert any(r["predicate"].endswith("portfolio") for r in facts)


@pytest.mark.slow
@pytest.mark.model
def test_queries_run_the_same_on_oxigraph(sample_graph, sample_oxigraph):
    store = sample_oxigraph
    meeting = entity_iri(f"meeting/{NORWICH}/scrutiny-committee/2018-08-01", BASE)
    query = bind(load("meeting-attendance"), meeting=meeting)
    oxi = {(str(s["name"].value), str(s["attendance"].value)) for s in store.query(query)}
    rdf = {(r["name"], r["attendance"]) for r in _rows(sample_graph, "meeting-attendance", meeting=meeting)}
    assert oxi == rdf and ("Sands (M)", "substitute") in oxi


def _owned_graph() -> Graph:
    text = "Head of Environment: Jane Doe. Tree planting (Green, March 2025) owned by Head of Environment. " \
           "Litter (Amber) owned by Jane Doe. HOT1 Q1 55% target 65% Red. HOT1 Q2 70% target 65% Green."
    k = lambda kind, *p: x.make_key(kind, "t", *p)  # noqa: E731
    jane, post = k(x.OFFICER, "Jane Doe"), k(x.POST, "head of environment")
    trees, litter = k(x.ACTION, "Tree planting"), k(x.ACTION, "Litter")
    ind, q1, q2 = k(x.INDICATOR, "HOT1"), k(x.OBSERVATION, "HOT1", "2024/25 Q1"), k(x.OBSERVATION, "HOT1", "2024/25 Q2")
    entities = (
        x.Entity(jane, x.OFFICER, "Jane Doe"), x.Entity(post, x.POST, "Head of Environment"),
        x.Entity(trees, x.ACTION, "Tree planting", (("status", "Green"), ("due_date", "2025-03-31"))),
        x.Entity(litter, x.ACTION, "Litter", (("status", "Amber"),)),
        x.Entity(ind, x.INDICATOR, "Household waste", (("notation", "HOT1"),)),
        x.Entity(q1, x.OBSERVATION, "HOT1 2024/25 Q1", (("value", "55%"), ("target", "65%"), ("status", "Red"),
                 ("period", "2024/25 Q1"), ("period_start", "2024-04-01"), ("period_end", "2024-06-30"))),
        x.Entity(q2, x.OBSERVATION, "HOT1 2024/25 Q2", (("value", "70%"), ("target", "65%"), ("status", "Green"),
                 ("period", "2024/25 Q2"), ("period_start", "2024-07-01"), ("period_end", "2024-09-30"))),
    )
    relations = (
        x.Relation(jane, x.HOLDS_POST, post, False, 0, 30), x.Relation(trees, x.OWNER, post, False, 31, 95),
        x.Relation(litter, x.OWNER, jane, False, 96, 130), x.Relation(q1, x.OBSERVATION_OF, ind, False, 131, 160),
        x.Relation(q2, x.OBSERVATION_OF, ind, False, 161, len(text)),
    )
    doc = Document(id="own", source="own.txt", text=text, content_hash="x", title="", doc_type="service plan")
    g = Graph()
    for t in fact_triples(doc, x.Extraction("own", entities, (), relations), BASE):
        g.add(t)
    return g


def test_actions_owned_by_a_person_directly_and_through_their_post():
    g = _owned_graph()
    jane = entity_iri("person/t/jane-doe", BASE)
    rows = _rows(g, "actions-by-owner", owner=jane)
    assert {(r["label"], r["via"] is not None) for r in rows} == {("Tree planting", True), ("Litter", False)}
    post_rows = _rows(g, "actions-by-owner", owner=entity_iri("post/t/head-of-environment", BASE))
    assert {r["label"] for r in post_rows} == {"Tree planting"}


def test_the_owner_of_an_action():
    g = _owned_graph()
    rows = _rows(g, "action-owner", action=entity_iri("action/t/tree-planting", BASE))
    assert {r["ownerLabel"] for r in rows} == {"Head of Environment"}
    assert {r["holderLabel"] for r in rows} == {"Jane Doe"}


def test_indicators_off_target_in_a_period():
    g = _owned_graph()
    rows = _rows(g, "indicators-off-target")
    assert [(r["notation"], r["period"], r["value"]) for r in rows] == [("HOT1", "2024/25 Q1", "55%")]
    assert _rows(g, "indicators-off-target", **{"from": dt.date(2024, 7, 1), "to": dt.date(2024, 9, 30)}) == []
    inside = _rows(g, "indicators-off-target", **{"from": dt.date(2024, 4, 1), "to": dt.date(2025, 3, 31)})
    assert len(inside) == 1


@pytest.mark.slow
@pytest.mark.model
def test_off_target_rows_on_the_sample_are_off_target(sample_graph):
    from graph.namespaces import CG
    from rdflib import Literal

    rows = _rows(sample_graph, "indicators-off-target")
    assert rows  # the West Norfolk Q1 report has red indicators
    for r in rows:
        assert (URIRef(r["observation"]), CG.onTarget, Literal(False)) in sample_graph


@pytest.mark.slow
@pytest.mark.model
def test_who_owns_what_on_the_sample(sample_graph):
    """Castle Point's forward plan names posts, not people, as lead officers."""
    post = entity_iri(f"post/{CASTLE_POINT}/head-of-environment", BASE)
    rows = _rows(sample_graph, "actions-by-owner", owner=post)
    dfg = [r for r in rows if "DFG" in r["label"]]
    assert dfg, [r["label"] for r in rows]
    owners = _rows(sample_graph, "action-owner", action=URIRef(dfg[0]["action"]))
    assert "Head of Environment" in {r["ownerLabel"] for r in owners}


def test_the_fullest_name_of_a_person_named_two_ways_in_two_papers():
    one = x.Extraction("a", (x.Entity("person/c/cllr-beales", x.COUNCILLOR, "Beales"),))
    two = x.Extraction("b", (x.Entity("person/c/cllr-beales", x.COUNCILLOR, "Alistair Beales"),))
    g = Graph()
    for doc_id, extraction in (("a", one), ("b", two)):
        doc = Document(id=doc_id, source=doc_id, text="", content_hash="x", title="", doc_type="other")
        for t in fact_triples(doc, extraction, BASE):
            g.add(t)
    person = entity_iri("person/c/cllr-beales", BASE)
    assert _rows(g, "person-name", person=person) == [{"person": str(person), "name": "Alistair Beales"}]
