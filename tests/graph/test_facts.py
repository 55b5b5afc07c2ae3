"""Extraction -> triples: the contract outside checks query, provenance, and stable IRIs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.namespace import FOAF, QB, RDF, RDFS, SKOS

from graph.entity_iris import entity_iri
from graph.facts import fact_triples, on_target
from graph.iris import document_iri
from graph.namespaces import CG, ITSRDF, NIF, SCHEMA
from nlp import extraction as x
from nlp.records import Document

BASE = "https://example.org/id/"
TEXT = "Present: Councillor Smith. Head of Environment owns the Tree Strategy. HOT021a was 55.6% against 65%."


def _doc() -> Document:
    return Document(id="d1", source="d1.txt", text=TEXT, content_hash="x", title="T", doc_type="minutes",
                    council="Testshire District Council", council_id="testshire", date="2024-07-01")


def _extraction() -> x.Extraction:
    k = lambda kind, *p: x.make_key(kind, "testshire", *p)  # noqa: E731
    smith, post = k(x.COUNCILLOR, "cllr-smith"), k(x.POST, "head of environment")
    meeting, action = k(x.MEETING, "Cabinet", "2024-07-01"), k(x.ACTION, "Tree Strategy")
    indicator, obs = k(x.INDICATOR, "HOT021a"), k(x.OBSERVATION, "HOT021a", "2024/25 Q1")
    entities = (
        x.Entity(smith, x.COUNCILLOR, "Smith", (("surface", "Councillor Smith"),)),
        x.Entity(post, x.POST, "Head of Environment"),
        x.Entity(meeting, x.MEETING, "Cabinet, 1 July 2024", (("date", "2024-07-01"),)),
        x.Entity(action, x.ACTION, "Tree Strategy", (("status", "Amber"), ("due_date", "2025-03-31"))),
        x.Entity(indicator, x.INDICATOR, "Household waste recycled", (("notation", "HOT021a"),)),
        x.Entity(obs, x.OBSERVATION, "HOT021a 2024/25 Q1", (("value", "55.6%"), ("target", "65%"),
                                                            ("status", "Below target"), ("period", "2024/25 Q1"))),
    )
    mentions = (x.Mention(9, 25, "Councillor Smith", smith),)
    relations = (
        x.Relation(smith, x.ATTENDED, meeting, False, 0, TEXT.index(".")),
        x.Relation(action, x.OWNER, post, False, TEXT.index("Head"), TEXT.index("Strategy.") + 8),
        x.Relation(obs, x.OBSERVATION_OF, indicator, False, TEXT.index("HOT"), len(TEXT)),
    )
    return x.Extraction("d1", entities, mentions, relations)


def _graph() -> Graph:
    g = Graph()
    for t in fact_triples(_doc(), _extraction(), BASE):
        g.add(t)
    return g


def test_people_are_foaf_people_with_names_and_labels():
    g = _graph()
    smith = entity_iri("person/testshire/cllr-smith", BASE)
    assert (smith, RDF.type, FOAF.Person) in g and (smith, RDF.type, CG.Councillor) in g
    assert g.value(smith, FOAF.name) == Literal("Smith")
    assert g.value(smith, RDFS.label) == Literal("Councillor Smith")


def test_every_entity_has_a_label_and_the_contract_types():
    g = _graph()
    for entity in _extraction().entities:
        assert g.value(entity_iri(entity.key, BASE), RDFS.label) is not None, entity
    meeting = entity_iri("meeting/testshire/cabinet/2024-07-01", BASE)
    assert (meeting, RDF.type, SCHEMA.Event) in g and g.value(meeting, SCHEMA.startDate).toPython().isoformat() == "2024-07-01"
    indicator = entity_iri("indicator/testshire/hot021a", BASE)
    assert g.value(indicator, SKOS.notation) == Literal("HOT021a")
    obs = entity_iri("observation/testshire/hot021a/2024-25-q1", BASE)
    assert (obs, RDF.type, QB.Observation) in g and g.value(obs, CG.onTarget) == Literal(False)
    action = entity_iri("action/testshire/tree-strategy", BASE)
    assert g.value(action, CG.owner) == entity_iri("post/testshire/head-of-environment", BASE)


def test_mentions_are_nif_spans_and_relations_have_evidence():
    g = _graph()
    doc = document_iri("d1", BASE)
    (span,) = list(g.subjects(ITSRDF.taIdentRef, entity_iri("person/testshire/cllr-smith", BASE)))
    assert (int(g.value(span, NIF.beginIndex)), int(g.value(span, NIF.endIndex))) == (9, 25)
    assert g.value(span, NIF.referenceContext) == doc
    statements = list(g.subjects(RDF.type, RDF.Statement))
    assert len(statements) == 3
    for s in statements:
        evidence = g.value(s, CG.evidence)
        begin, end = int(g.value(evidence, NIF.beginIndex)), int(g.value(evidence, NIF.endIndex))
        assert 0 <= begin < end <= len(TEXT)


def test_relations_to_unknown_entities_are_dropped():
    broken = x.Extraction("d1", _extraction().entities, (), (x.Relation("person/x/nobody", x.ATTENDED, "meeting/x/y/z"),))
    assert not [t for t in fact_triples(_doc(), broken, BASE) if t[1] == SCHEMA.attendee]


def test_status_words_map_to_on_target():
    assert on_target("Green") is True and on_target("On target") is True and on_target("Exceeded") is True
    assert on_target("Red") is False and on_target("Below target") is False and on_target("Not met") is False
    assert on_target("Amber") is None and on_target("Monitor only") is None
    assert on_target("Overdue") is False and on_target("Delayed") is False and on_target("Completed") is True
    assert on_target("Not started") is None and on_target("Not yet complete") is None  # not "complete"


def test_an_action_is_rated_on_track_and_never_typed_an_observation():
    action = x.Entity("action/testshire/new-depot", x.ACTION, "New depot", (("status", "Off track"), ("status", "Green")))
    triples = list(fact_triples(_doc(), x.Extraction("d1", (action,)), BASE))
    iri = entity_iri(action.key, BASE)
    assert {o for s, p, o in triples if (s, p) == (iri, CG.onTrack)} == {Literal(False), Literal(True)}  # one per rating
    assert not [t for t in triples if t[1] == CG.onTarget]  # cg:onTarget's domain is qb:Observation


@given(st.sampled_from(sorted(x.ENTITY_KINDS)), st.text(max_size=30), st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=3))
def test_entity_iris_are_stable_and_under_the_base(kind, council, parts):
    key = x.make_key(kind, council, *parts)
    iri = entity_iri(key, BASE)
    assert iri == entity_iri(x.make_key(kind, council, *parts), BASE)
    assert str(iri).startswith(BASE) and " " not in str(iri)


def test_same_thing_from_two_documents_gets_one_iri():
    a = x.make_key(x.COUNCILLOR, "norwich-city-council", "cllr-wright")
    b = x.make_key(x.OFFICER, "norwich-city-council", "cllr-wright")
    assert entity_iri(a, BASE) == entity_iri(b, BASE)
    assert entity_iri(x.make_key(x.PERSON, "norwich", "Kim Wright"), BASE) != entity_iri(a, BASE)


def test_a_paper_whose_council_is_unknown_still_conforms():
    import pyshacl
    from pathlib import Path

    from nlp.extract import extract

    text = "PLANNING COMMITTEE\n\n7 June 2023\n\nPresent: Councillors Patel (chair) and Okafor\n"
    doc = Document(id="u", source="u.txt", text=text, content_hash="x", title="", doc_type="minutes")
    g = Graph()
    for t in fact_triples(doc, extract(doc, None), BASE):
        g.add(t)
    shapes = Graph().parse(Path(__file__).resolve().parents[2] / "graph" / "shapes.ttl")
    conforms, _, report = pyshacl.validate(g, shacl_graph=shapes, inference="none")
    assert conforms, report
    assert (entity_iri("council/unknown", BASE), RDFS.label, Literal("Unknown council")) in g
