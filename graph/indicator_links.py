"""The same measure at other councils: skos:closeMatch between indicators, after each ingest batch.

Every indicator in the store is read with its council (the publisher of a document that names
it), its name, reference, unit and some of its values; nlp.indicator_match decides which pairs of
different councils measure the same thing; the links are written both ways into one named graph,
`<base>graph/links`, replaced in one update. The pass reads only the documents' graphs, so its
result depends on the documents alone: re-ingesting changes nothing, and a document's indicators
leave the links when the document leaves the store or stops naming them.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from graph.namespaces import CG, DEFAULT_BASE_IRI, sparql_prologue
from graph.store import GraphStore
from nlp.indicator_match import Embed, IndicatorName, Match, match_indicators

MAX_VALUES = 6  # figures per indicator read for its unit

INDICATORS = sparql_prologue() + """
SELECT ?i ?council ?label ?notation ?unit WHERE {
  GRAPH ?g { ?i a cg:Indicator }
  ?g dcterms:publisher ?council .
  OPTIONAL { ?i rdfs:label ?label }
  OPTIONAL { ?i skos:notation ?notation }
  OPTIONAL { ?i cg:unit ?unit }
}"""

VALUES = sparql_prologue() + """
SELECT DISTINCT ?i ?v WHERE {
  ?obs cg:indicator ?i .
  { ?obs cg:valueText ?v } UNION { ?obs cg:target ?v }
}"""


def links_graph(base: str = DEFAULT_BASE_IRI) -> URIRef:
    """The named graph that holds the links between councils' indicators."""
    base = base or DEFAULT_BASE_IRI
    return URIRef(base + ("" if base.endswith("/") else "/") + "graph/links")


def read_indicators(store: GraphStore) -> list[IndicatorName]:
    """Every indicator with its council; one named by two councils' documents (not expected:
    keys carry the council) is read once per council and never linked to itself."""
    values: dict[str, list[str]] = {}
    for row in store.select(VALUES)[1]:
        found = values.setdefault(row["i"].value, [])
        if len(found) < MAX_VALUES:
            found.append(row["v"].value)
    seen: dict[tuple[str, str], IndicatorName] = {}
    for row in store.select(INDICATORS)[1]:
        iri, council = row["i"].value, row["council"].value
        if (iri, council) in seen or row["label"] is None:
            continue
        seen[(iri, council)] = IndicatorName(
            iri, council, row["label"].value,
            row["notation"].value if row["notation"] is not None else "",
            row["unit"].value if row["unit"] is not None else "",
            tuple(sorted(values.get(iri, ()))))
    return sorted(seen.values(), key=lambda i: (i.key, i.council))


def link_triples(matches: list[Match], graph: URIRef) -> list[tuple]:
    triples: list[tuple] = [(graph, RDF.type, CG.LinkSet),
                            (graph, RDFS.label, Literal("Indicators matched across councils")),
                            (graph, DCTERMS.description, Literal(
                                "skos:closeMatch between indicators of different councils that measure the same "
                                "thing, written by councilgraph's matcher after each ingest batch."))]
    for match in matches:
        a, b = URIRef(match.a), URIRef(match.b)
        triples += [(a, SKOS.closeMatch, b), (b, SKOS.closeMatch, a)]
    return triples


def link_indicators(store: GraphStore, base: str = DEFAULT_BASE_IRI, embed: Embed | None = None) -> int:
    """Match every indicator against the other councils' and replace the links graph with the
    result (one transaction); returns the number of linked pairs. Without `embed` (no embedding
    model in this run) only national codes and equal normalised names link."""
    indicators = read_indicators(store)
    matches = [m for m in match_indicators(indicators, embed) if m.a != m.b]
    store.replace_graph(links_graph(base), link_triples(matches, links_graph(base)))
    return len(matches)
