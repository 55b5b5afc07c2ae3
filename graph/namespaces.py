"""The vocabularies the graph uses, bound to their usual prefixes."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, QB, RDF, RDFS, SKOS, XSD

CG = Namespace("https://councilgraph.org/ns#")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

DEFAULT_BASE_IRI = "https://councilgraph.org/id/"

PREFIXES: dict[str, Namespace] = {
    "cg": CG,
    "schema": SCHEMA,
    "nif": NIF,
    "itsrdf": ITSRDF,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "org": ORG,
    "prov": PROV,
    "qb": QB,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "xsd": XSD,
}


def bind_prefixes(graph) -> None:  # type: ignore[no-untyped-def]
    """Bind our prefixes on an rdflib Graph or Dataset (for readable Turtle)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)


def sparql_prologue() -> str:
    """PREFIX lines for every vocabulary, to put before a query."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
