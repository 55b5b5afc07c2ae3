"""Passes over the whole store after an ingest batch, for facts no single document can settle.

A person's name: each document's graph names a person as that document does ("Beales" in one
paper, "Alistair Beales" in another), and resolution gives both the same IRI. The contract is one
`foaf:name`, the fullest known form, so the shorter forms become `skos:altLabel` in the graphs
that used them. The same holds for any entity's `rdfs:label` (an action's title as two reports
write it)."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal, URIRef

from graph.namespaces import sparql_prologue
from graph.store import GraphStore

NAMES = sparql_prologue() + """
SELECT ?g ?s ?value WHERE {
  GRAPH ?g { ?s foaf:name ?value }
  FILTER EXISTS { ?s a foaf:Person }
}"""

# Entities (ours, and people) whose rdfs:label two documents may spell differently: an action's
# title cut at another length, a body written in capitals.
LABELS = sparql_prologue() + """
SELECT ?g ?s ?value WHERE {
  GRAPH ?g { ?s rdfs:label ?value }
  FILTER EXISTS { ?s a ?type FILTER(STRSTARTS(STR(?type), STR(cg:)) || ?type = foaf:Person) }
  FILTER NOT EXISTS { ?s a cg:Passage }
}"""


def fullest(names: set[str]) -> str:
    """More words, then more letters, then more capitals (a name's own casing over a sentence-cased
    copy), then alphabetical: a stable choice."""
    return max(names, key=lambda n: (len(n.split()), len(n), sum(c.isupper() for c in n), n))


def consolidate_person_names(store: GraphStore) -> int:
    """Give every person one foaf:name (the fullest) in every graph; returns names changed."""
    return _one_value(store, NAMES, "foaf:name")


def consolidate_labels(store: GraphStore) -> int:
    """Give every entity one rdfs:label (the fullest) in every graph, the other spellings kept as
    skos:altLabel; returns labels changed."""
    return _one_value(store, LABELS, "rdfs:label")


def _one_value(store: GraphStore, query: str, predicate: str) -> int:
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in store.select(query)[1]:
        found[row["s"].value].append((row["g"].value, row["value"].value))
    deletes, inserts = [], []
    for subject, uses in found.items():
        best = fullest({value for _, value in uses})
        s = URIRef(subject).n3()
        for graph, value in uses:
            if value == best:
                continue
            g = URIRef(graph).n3()
            deletes.append(f"GRAPH {g} {{ {s} {predicate} {Literal(value).n3()} }}")
            inserts.append(
                f"GRAPH {g} {{ {s} {predicate} {Literal(best).n3()} ; skos:altLabel {Literal(value).n3()} }}"
            )
    if deletes:
        # one update: one transaction, so readers never see an entity without its name
        store.ox.update(
            sparql_prologue()
            + "DELETE DATA { " + " ".join(deletes) + " } ;\n"
            + "INSERT DATA { " + " ".join(inserts) + " }"
        )
    return len(deletes)
