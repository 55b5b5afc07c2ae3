"""The sample corpus extracted once and turned into one graph, for shape and query tests."""

from __future__ import annotations

import pytest
from rdflib import Graph

BASE = "https://councilgraph.org/id/"


@pytest.fixture(scope="session")
def sample_graph(sample_dir) -> Graph:
    from graph.facts import fact_triples
    from nlp.evaluate import sample_extractions

    documents, extractions, _ = sample_extractions(str(sample_dir.resolve()))
    graph = Graph()
    for doc, extraction in zip(documents, extractions, strict=True):
        for triple in fact_triples(doc, extraction, BASE):
            graph.add(triple)
    return graph


@pytest.fixture(scope="session")
def sample_oxigraph(sample_graph):
    """The same sample graph in an in-memory Oxigraph store."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(sample_graph.serialize(format="nt").encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store
