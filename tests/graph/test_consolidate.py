from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, RDF, SKOS

from graph.consolidate import consolidate_person_names, fullest
from graph.store import GraphStore

PERSON = URIRef("https://e.org/id/person/west-norfolk/beales")
G1 = URIRef("https://e.org/id/document/a")
G2 = URIRef("https://e.org/id/document/b")


def test_fullest_name_is_chosen_stably():
    assert fullest({"Beales", "Alistair Beales", "A Beales"}) == "Alistair Beales"
    assert fullest({"Jo Rust", "Jo Ru"}) == "Jo Rust"


def test_person_gets_one_name_in_every_graph():
    store = GraphStore(None)
    store.replace_graph(G1, [(PERSON, RDF.type, FOAF.Person), (PERSON, FOAF.name, Literal("Beales"))])
    store.replace_graph(G2, [(PERSON, RDF.type, FOAF.Person), (PERSON, FOAF.name, Literal("Alistair Beales"))])
    assert consolidate_person_names(store) == 1
    names = {row["n"].value for row in store.query(f"SELECT ?n WHERE {{ <{PERSON}> <{FOAF.name}> ?n }}")}
    assert names == {"Alistair Beales"}
    first = store.graph(G1)
    assert (PERSON, FOAF.name, Literal("Alistair Beales")) in first
    assert (PERSON, SKOS.altLabel, Literal("Beales")) in first
    assert consolidate_person_names(store) == 0  # a second pass changes nothing


def test_non_people_are_left_alone():
    store = GraphStore(None)
    org = URIRef("https://e.org/id/organisation/x")
    store.replace_graph(G1, [(org, FOAF.name, Literal("NHS"))])
    store.replace_graph(G2, [(org, FOAF.name, Literal("NHS Trust"))])
    assert consolidate_person_names(store) == 0


def test_an_entity_gets_one_label_the_other_spellings_kept():
    from rdflib.namespace import RDFS

    from graph.consolidate import consolidate_labels
    from graph.namespaces import CG

    action = URIRef("https://e.org/id/action/anytown/refurbish-the-riverside-leisure-centre")
    passage = URIRef("https://e.org/id/document/a/passage/1")
    store = GraphStore(None)
    store.replace_graph(G1, [(action, RDF.type, CG.Action), (action, RDFS.label, Literal("Refurbish the riverside leisure centre")),
                             (passage, RDF.type, CG.Passage), (passage, RDFS.label, Literal("one"))])
    store.replace_graph(G2, [(action, RDF.type, CG.Action), (action, RDFS.label, Literal("Refurbish the Riverside Leisure Centre")),
                             (passage, RDF.type, CG.Passage), (passage, RDFS.label, Literal("two"))])
    assert consolidate_labels(store) == 1
    labels = {row["l"].value for row in store.query(f"SELECT ?l WHERE {{ <{action}> <{RDFS.label}> ?l }}")}
    assert labels == {"Refurbish the Riverside Leisure Centre"}  # the name's own capitals
    assert (action, SKOS.altLabel, Literal("Refurbish the riverside leisure centre")) in store.graph(G1)
    assert {row["l"].value for row in store.query(f"SELECT ?l WHERE {{ <{passage}> <{RDFS.label}> ?l }}")} == {"one", "two"}
    assert consolidate_labels(store) == 0
