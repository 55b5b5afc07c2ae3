"""A VoID description of the dataset, for the catalogues and crawlers open-data people use.

VoID (https://www.w3.org/TR/void/) is what a linked-data client looks for at
`/.well-known/void`: where the SPARQL endpoint and the dumps are, which IRIs belong to the
dataset (`void:uriSpace`), which vocabularies it uses, how many triples and entities it holds, one
partition per class and per property with its size, and the link sets computed across documents
(`cg:LinkSet` graphs, such as the indicators matched across councils). The figures are counted
from the store, so they are only as current as the store the server opened.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from graph.namespaces import CG, PREFIXES, bind_prefixes
from graph.store import GraphStore

VOID = Namespace("http://rdfs.org/ns/void#")
EXAMPLES_PER_CLASS = 1
EXAMPLE_CLASSES = ("cg:Council", "cg:Body", "cg:Councillor", "cg:Officer", "cg:Meeting", "cg:Indicator", "cg:Action")


@dataclass(frozen=True, slots=True)
class Service:
    """Where this server answers: the dataset's own IRI, the SPARQL endpoint and the dumps."""

    dataset: str
    sparql_endpoint: str
    dumps: Mapping[str, str]  # URL -> media type
    homepage: str


def _rows(store: GraphStore, query: str) -> list[dict[str, object]]:
    return store.select(query)[1]


def _count(store: GraphStore, query: str) -> int:
    rows = _rows(store, query)
    value = rows[0]["n"] if rows else None
    return int(value.value) if value is not None else 0  # type: ignore[attr-defined]


def _term(node: object) -> URIRef:
    return URIRef(node.value)  # type: ignore[attr-defined]


def describe(store: GraphStore, base_iri: str, service: Service, modified: str | None = None) -> Graph:
    """The VoID description of everything in `store`, as an rdflib Graph."""
    graph = Graph()
    bind_prefixes(graph)
    graph.bind("void", VOID)
    dataset = URIRef(service.dataset)
    add = graph.add
    add((dataset, RDF.type, VOID.Dataset))
    add((dataset, DCTERMS.title, Literal("councilgraph", lang="en")))
    add((dataset, DCTERMS.description, Literal(
        "Councils, committees, councillors, officers, meetings, policies, performance indicators, "
        "actions and partner organisations extracted from local-council documents, each fact linked "
        "to the passage it came from.", lang="en")))
    add((dataset, FOAF.homepage, URIRef(service.homepage)))
    if modified:
        add((dataset, DCTERMS.modified, Literal(modified, datatype=XSD.dateTime)))
    add((dataset, VOID.sparqlEndpoint, URIRef(service.sparql_endpoint)))
    for url, media in service.dumps.items():
        add((dataset, VOID.dataDump, URIRef(url)))
        add((URIRef(url), DCTERMS["format"], Literal(media)))
    add((dataset, VOID.uriSpace, Literal(base_iri)))
    add((dataset, VOID.feature, URIRef("http://www.w3.org/ns/formats/Turtle")))
    add((dataset, VOID.feature, URIRef("http://www.w3.org/ns/formats/JSON-LD")))
    for namespace in sorted(set(PREFIXES.values()) | {VOID}, key=str):
        if namespace is not VOID:
            add((dataset, VOID.vocabulary, URIRef(str(namespace))))

    add((dataset, VOID.triples, _literal(_count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))))
    add((dataset, VOID.entities, _literal(_count(
        store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER STRSTARTS(STR(?s), {_quoted(base_iri)}) }}"))))
    add((dataset, VOID.distinctSubjects, _literal(_count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"))))
    add((dataset, VOID.distinctObjects, _literal(_count(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"))))
    add((dataset, VOID.documents, _literal(_count(
        store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a ?type } }"))))

    classes = _rows(store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c")
    add((dataset, VOID.classes, _literal(len(classes))))
    for row in classes:
        part = BNode()
        add((dataset, VOID.classPartition, part))
        add((part, VOID["class"], _term(row["c"])))
        add((part, VOID.entities, _literal(int(row["n"].value))))  # type: ignore[attr-defined]
    properties = _rows(store, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p")
    add((dataset, VOID.properties, _literal(len(properties))))
    for row in properties:
        part = BNode()
        add((dataset, VOID.propertyPartition, part))
        add((part, VOID.property, _term(row["p"])))
        add((part, VOID.triples, _literal(int(row["n"].value))))  # type: ignore[attr-defined]

    for example in _examples(store):
        add((dataset, VOID.exampleResource, example))
    for linkset, predicates, size in _linksets(store):
        add((dataset, VOID.subset, linkset))
        add((linkset, RDF.type, VOID.Linkset))
        add((linkset, VOID.subjectsTarget, dataset))
        add((linkset, VOID.objectsTarget, dataset))
        add((linkset, VOID.triples, _literal(size)))
        for predicate in predicates:
            add((linkset, VOID.linkPredicate, predicate))
    return graph


def _literal(number: int) -> Literal:
    return Literal(number, datatype=XSD.integer)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _examples(store: GraphStore) -> Iterable[URIRef]:
    """One resource of each of the main classes, so a client has somewhere to start."""
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    for name in EXAMPLE_CLASSES:
        rows = _rows(store, f"{prologue}SELECT ?s WHERE {{ ?s a {name} }} ORDER BY ?s LIMIT {EXAMPLES_PER_CLASS}")
        yield from (_term(row["s"]) for row in rows)


def _linksets(store: GraphStore) -> Iterable[tuple[URIRef, list[URIRef], int]]:
    """Each cg:LinkSet graph with the predicates its links use and how many links it holds."""
    rows = _rows(store, f"SELECT ?g ?p (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?g a <{CG.LinkSet}> . ?s ?p ?o "
                        f"FILTER (?s != ?g) }} }} GROUP BY ?g ?p ORDER BY ?g ?p")
    grouped: dict[str, tuple[list[URIRef], int]] = {}
    for row in rows:
        predicates, size = grouped.get(row["g"].value, ([], 0))  # type: ignore[attr-defined]
        predicates.append(_term(row["p"]))
        grouped[row["g"].value] = (predicates, size + int(row["n"].value))  # type: ignore[attr-defined]
    for graph_iri, (predicates, size) in grouped.items():
        yield URIRef(graph_iri), predicates, size
