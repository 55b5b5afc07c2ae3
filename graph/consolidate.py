"""Passes over the whole store after an ingest batch, for facts no single document can settle.

A person's name: each document's graph names a person as that document does ("Beales" in one
paper, "Alistair Beales" in another), and resolution gives both the same IRI. The contract is one
`foaf:name`, the fullest known form, so the shorter forms become `skos:altLabel` in the graphs
that used them."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal, URIRef

from graph.namespaces import sparql_prologue
from graph.store import GraphStore

NAMES = sparql_prologue() + """
SELECT ?g ?person ?name WHERE {
  GRAPH ?g { ?person foaf:name ?name }
  FILTER EXISTS { ?person a foaf:Person }
}"""


def fullest(names: set[str]) -> str:
    """More words, then more letters, then alphabetical: a stable choice."""
    return max(names, key=lambda n: (len(n.split()), len(n), n))


def consolidate_person_names(store: GraphStore) -> int:
    """Give every person one foaf:name (the fullest) in every graph; returns names changed."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in store.query(NAMES):
        found[row["person"].value].append((row["g"].value, row["name"].value))
    deletes, inserts = [], []
    for person, uses in found.items():
        best = fullest({name for _, name in uses})
        p = URIRef(person).n3()
        for graph, name in uses:
            if name == best:
                continue
            g = URIRef(graph).n3()
            deletes.append(f"GRAPH {g} {{ {p} foaf:name {Literal(name).n3()} }}")
            inserts.append(
                f"GRAPH {g} {{ {p} foaf:name {Literal(best).n3()} ; skos:altLabel {Literal(name).n3()} }}"
            )
    if deletes:
        # one update: one transaction, so readers never see a person with no name
        store.ox.update(
            sparql_prologue()
            + "DELETE DATA { " + " ".join(deletes) + " } ;\n"
            + "INSERT DATA { " + " ".join(inserts) + " }"
        )
    return len(deletes)
