"""The vocabulary page's content: the classes and properties of graph/ontology.ttl."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from graph.namespaces import PREFIXES
from web.graphdata import ONTOLOGY, local_name, prefixed

CLASS_TYPES = (OWL.Class, RDFS.Class)
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property, OWL.AnnotationProperty)


def _text(graph: Graph, subject, predicate) -> str:  # noqa: ANN001
    values = [str(v) for v in graph.objects(subject, predicate)]
    english = [str(v) for v in graph.objects(subject, predicate) if getattr(v, "language", None) in (None, "en")]
    return (english or values or [""])[0]


def _terms(graph: Graph, types: tuple) -> list[dict]:
    seen = set()
    out = []
    for kind in types:
        for term in graph.subjects(RDF.type, kind):
            if term in seen or not str(term).startswith("http"):
                continue
            seen.add(term)
            out.append({
                "iri": str(term), "name": prefixed(str(term)),
                "label": _text(graph, term, RDFS.label) or local_name(str(term)),
                "comment": _text(graph, term, RDFS.comment),
                "kind": local_name(str(kind)),
                "parents": sorted(prefixed(str(p)) for p in graph.objects(term, RDFS.subClassOf)
                                  if str(p).startswith("http"))
                           + sorted(prefixed(str(p)) for p in graph.objects(term, RDFS.subPropertyOf)),
                "domain": sorted(prefixed(str(d)) for d in graph.objects(term, RDFS.domain) if str(d).startswith("http")),
                "range": sorted(prefixed(str(r)) for r in graph.objects(term, RDFS.range) if str(r).startswith("http")),
            })
    return sorted(out, key=lambda t: t["name"].lower())


@lru_cache(maxsize=1)
def read_vocabulary() -> dict:
    """{"ontology": ..., "classes": [...], "properties": [...], "prefixes": {...}}."""
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    if not ONTOLOGY.exists():
        return {"ontology": None, "classes": [], "properties": [], "prefixes": prefixes,
                "note": "graph/ontology.ttl is not there yet"}
    graph = Graph().parse(ONTOLOGY, format="turtle")
    ontology = next(iter(graph.subjects(RDF.type, OWL.Ontology)), None)
    return {
        "ontology": {"iri": str(ontology), "label": _text(graph, ontology, RDFS.label),
                     "comment": _text(graph, ontology, RDFS.comment)} if ontology is not None else None,
        "classes": _terms(graph, CLASS_TYPES),
        "properties": _terms(graph, PROPERTY_TYPES),
        "prefixes": prefixes,
        "download": "/vocabulary/ontology.ttl",
    }
