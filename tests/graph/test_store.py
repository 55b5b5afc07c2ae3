from __future__ import annotations

import json

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, FOAF

from graph.store import GraphStore, serialize_results

G1 = URIRef("https://e.org/id/document/a")
G2 = URIRef("https://e.org/id/document/b")
DOC = URIRef("https://e.org/id/x")


def test_replace_graph_replaces_only_that_graph(tmp_path):
    store = GraphStore(tmp_path / "g")
    store.replace_graph(G1, [(DOC, DCTERMS.title, Literal("One"))])
    store.replace_graph(G2, [(DOC, RDF.type, FOAF.Document)])
    store.replace_graph(G1, [(DOC, DCTERMS.title, Literal("Two")), (DOC, DCTERMS.date, Literal("2024-01-01"))])
    assert store.count(G1) == 2 and store.count(G2) == 1
    titles = {row["t"].value for row in store.query("SELECT ?t WHERE { ?d <http://purl.org/dc/terms/title> ?t }")}
    assert titles == {"Two"}  # the union of named graphs is the default graph
    assert store.graph_names() == {str(G1), str(G2)}


def test_store_persists_and_reopens_read_only(tmp_path):
    store = GraphStore(tmp_path / "g")
    store.replace_graph(G1, [(DOC, DCTERMS.title, Literal("Kept"))])
    store.flush()
    del store
    reopened = GraphStore(tmp_path / "g", read_only=True)
    assert reopened.count() == 1
    assert (DOC, DCTERMS.title, Literal("Kept")) in reopened.graph(G1)


def test_serialize_select_and_construct(tmp_path):
    store = GraphStore(None)
    store.replace_graph(G1, [(DOC, DCTERMS.title, Literal("T"))])
    data = json.loads(serialize_results(store.query("SELECT ?s WHERE { ?s ?p ?o }"), "json"))
    assert data["results"]["bindings"][0]["s"]["value"] == str(DOC)
    turtle = serialize_results(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), "turtle")
    assert b"e.org/id/x" in turtle
    with pytest.raises(ValueError):
        serialize_results(store.query("SELECT * WHERE { ?s ?p ?o }"), "turtle")


def test_dump_keeps_named_graphs(tmp_path):
    store = GraphStore(None)
    store.replace_graph(G1, [(DOC, DCTERMS.title, Literal("T"))])
    assert str(G1).encode() in store.dump("nquads")
