"""The graph built from the whole sample corpus satisfies graph/shapes.ttl."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import FOAF, RDF

pytestmark = [pytest.mark.slow, pytest.mark.model]

SHAPES = Path(__file__).resolve().parents[2] / "graph" / "shapes.ttl"


def _validate(graph: Graph) -> tuple[bool, str]:
    import pyshacl

    conforms, _, text = pyshacl.validate(graph, shacl_graph=Graph().parse(SHAPES), inference="none")
    return conforms, text


def test_sample_graph_conforms(sample_graph):
    assert len(sample_graph) > 5000
    conforms, text = _validate(sample_graph)
    assert conforms, text[:3000]


def test_a_person_without_a_name_is_caught(sample_graph):
    broken = Graph()
    for t in sample_graph:
        broken.add(t)
    person = next(broken.subjects(RDF.type, FOAF.Person))
    broken.remove((person, FOAF.name, None))
    conforms, text = _validate(broken)
    assert not conforms and "foaf:name" in text.replace(str(FOAF), "foaf:")


def test_ontology_documents_every_term_it_defines():
    from rdflib.namespace import RDFS

    from graph.namespaces import CG

    ontology = Graph().parse(SHAPES.parent / "ontology.ttl")
    terms = {s for s in ontology.subjects() if str(s).startswith(str(CG))}
    assert len(terms) > 40
    for term in terms:
        assert ontology.value(term, RDFS.label) is not None and ontology.value(term, RDFS.comment) is not None, term
    # every cg: term the facts use is defined there
    import graph.facts as facts

    used = {p for p, _ in facts.PROPERTIES.values() if str(p).startswith(str(CG))}
    used |= {c for classes in facts.TYPES.values() for c in classes if str(c).startswith(str(CG))}
    assert used <= terms, used - terms
