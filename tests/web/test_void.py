"""The VoID description at /.well-known/void: counted from the store, in every RDF syntax."""

from __future__ import annotations

import json

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, RDF, XSD

from tests.web.conftest import PERSON
from tests.web.test_sparql import parse_rdf

VOID = Namespace("http://rdfs.org/ns/void#")
DATASET = URIRef("http://localhost/.well-known/void#dataset")


def void_graph(client) -> Graph:  # noqa: ANN001
    r = client.get("/.well-known/void")
    assert r.status_code == 200, r.data
    assert r.mimetype == "text/turtle"
    return Graph().parse(data=r.data.decode(), format="turtle")


def sparql_count(client, where: str) -> int:  # noqa: ANN001
    r = client.get("/sparql", query_string={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"},
                   headers={"Accept": "application/sparql-results+json"})
    return int(json.loads(r.data)["results"]["bindings"][0]["n"]["value"])


def test_void_points_at_the_endpoint_and_dumps_that_answer(client) -> None:  # noqa: ANN001
    g = void_graph(client)
    assert (DATASET, RDF.type, VOID.Dataset) in g
    endpoint = g.value(DATASET, VOID.sparqlEndpoint)
    assert endpoint == URIRef("http://localhost/sparql")
    dumps = set(g.objects(DATASET, VOID.dataDump))
    assert URIRef("http://localhost/dumps/councilgraph.nq") in dumps and len(dumps) == 4
    for dump in dumps:  # every dump it names is served
        assert client.get(str(dump).removeprefix("http://localhost")).status_code == 200
    assert g.value(DATASET, VOID.uriSpace) == Literal("https://councilgraph.org/id/")
    assert URIRef(str(FOAF)) in set(g.objects(DATASET, VOID.vocabulary))


def test_void_figures_match_the_store(client) -> None:  # noqa: ANN001
    g = void_graph(client)
    triples = g.value(DATASET, VOID.triples)
    assert triples.datatype == XSD.integer
    assert int(triples) == sparql_count(client, "?s ?p ?o")
    partitions = {g.value(p, VOID["class"]): int(g.value(p, VOID.entities))
                  for p in g.objects(DATASET, VOID.classPartition)}
    people = sparql_count(client, f"SELECT DISTINCT ?s WHERE {{ ?s a <{FOAF.Person}> }}")
    assert people >= 2 and partitions[FOAF.Person] == people
    properties = {g.value(p, VOID.property): int(g.value(p, VOID.triples))
                  for p in g.objects(DATASET, VOID.propertyPartition)}
    assert properties[FOAF.name] == sparql_count(client, f"?s <{FOAF.name}> ?o")
    assert int(g.value(DATASET, VOID.classes)) == len(partitions)
    examples = set(g.objects(DATASET, VOID.exampleResource))
    assert PERSON in examples  # the one councillor (cg:Councillor is an example class)
    for example in examples:  # each dereferences on this server
        path = str(example).removeprefix("https://councilgraph.org")
        assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 200, example


def test_void_in_other_syntaxes(client) -> None:  # noqa: ANN001
    r = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and r.mimetype == "application/ld+json"
    g = parse_rdf(r.data, "json-ld")
    assert (DATASET, RDF.type, VOID.Dataset) in g
    r = client.get("/.well-known/void", headers={"Accept": "application/n-triples"})
    assert r.mimetype == "application/n-triples"
    assert (DATASET, RDF.type, VOID.Dataset) in Graph().parse(data=r.data.decode(), format="nt")
