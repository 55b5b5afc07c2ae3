"""The links pass: skos:closeMatch between councils' indicators in <base>graph/links, replaced
whole each time (idempotent; a document's indicators leave with it)."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, QB, RDF, RDFS, SKOS

from graph.indicator_links import link_indicators, links_graph, read_indicators
from graph.namespaces import CG
from graph.store import GraphStore

BASE = "https://e.org/id/"


def _doc(store: GraphStore, doc: str, council: str, indicators: list[tuple[str, str, str, str]]) -> URIRef:
    """A document graph naming indicators: (slug, name, notation, latest value)."""
    g = URIRef(f"{BASE}document/{doc}")
    c = URIRef(f"{BASE}council/{council}")
    triples = [(g, DCTERMS.publisher, c)]
    for slug, name, notation, value in indicators:
        i = URIRef(f"{BASE}indicator/{council}/{slug}")
        triples += [(i, RDF.type, CG.Indicator), (i, RDFS.label, Literal(name))]
        if notation:
            triples.append((i, SKOS.notation, Literal(notation)))
        obs = URIRef(f"{BASE}observation/{council}/{slug}/q1")
        triples += [(obs, RDF.type, QB.Observation), (obs, CG.indicator, i), (obs, CG.valueText, Literal(value))]
    store.replace_graph(g, triples)
    return g


def _links(store: GraphStore) -> set[tuple[str, str]]:
    return {(str(s), str(o)) for s, p, o in store.graph(links_graph(BASE)) if p == SKOS.closeMatch}


def _store() -> tuple[GraphStore, URIRef]:
    store = GraphStore(None)
    _doc(store, "anytown-kpis", "anytown", [("ctax", "BV9 Percentage of council tax collected", "", "96.1%"),
                                             ("rough", "Number of rough sleepers", "", "12"),
                                             ("calls", "% of calls answered within 20 seconds", "", "70%")])
    second = _doc(store, "newtown-kpis", "newtown", [("ct", "Council tax collected", "BV 9", "97%"),
                                                     ("rough-sleepers", "No of rough sleepers", "", "8"),
                                                     ("calls", "% of calls answered within 90 seconds", "", "81%")])
    return store, second


def test_indicators_are_read_with_council_and_values():
    store, _ = _store()
    found = {i.key.rsplit("/", 1)[-1]: i for i in read_indicators(store)}
    assert found["ct"].council == f"{BASE}council/newtown" and found["ct"].notation == "BV 9"
    assert found["ctax"].values == ("96.1%",)


def test_links_are_written_both_ways_in_their_own_graph():
    store, _ = _store()
    assert link_indicators(store, BASE) == 2
    ctax, ct = f"{BASE}indicator/anytown/ctax", f"{BASE}indicator/newtown/ct"
    rough, rough2 = f"{BASE}indicator/anytown/rough", f"{BASE}indicator/newtown/rough-sleepers"
    assert _links(store) == {(ctax, ct), (ct, ctax), (rough, rough2), (rough2, rough)}
    assert (links_graph(BASE), RDF.type, CG.LinkSet) in store.graph(links_graph(BASE))
    # the 20 s and 90 s call standards are not one measure; nothing lands in a document's graph
    assert all(p != SKOS.closeMatch for _, p, _ in store.graph(URIRef(f"{BASE}document/anytown-kpis")))


def test_the_pass_is_idempotent():
    store, _ = _store()
    link_indicators(store, BASE)
    before = store.count()
    graph = set(store.graph(links_graph(BASE)))
    assert link_indicators(store, BASE) == 2
    assert store.count() == before and set(store.graph(links_graph(BASE))) == graph


def test_links_go_when_their_document_goes():
    store, second = _store()
    link_indicators(store, BASE)
    store.remove_graph(second)
    assert link_indicators(store, BASE) == 0
    assert _links(store) == set()


def test_links_follow_a_changed_document():
    store, _ = _store()
    link_indicators(store, BASE)
    _doc(store, "newtown-kpis", "newtown", [("ct", "Council tax collected", "BV 9", "97%")])  # re-ingested, shorter
    assert link_indicators(store, BASE) == 1
    assert {a.rsplit("/", 1)[-1] for a, _ in _links(store)} == {"ctax", "ct"}


@pytest.mark.model
def test_with_the_encoder_paraphrases_link():
    from search.encoder import Encoder

    store = GraphStore(None)
    _doc(store, "a", "anytown", [("relet", "Average days to re-let local authority housing", "", "31 days")])
    _doc(store, "b", "newtown", [("voids", "Average Void Turnaround Time", "HOS006", "24.8 days"),
                                 ("void-count", "Number of void properties", "", "112")])
    assert link_indicators(store, BASE, Encoder().encode) == 1
    assert {(a.rsplit("/", 1)[-1], b.rsplit("/", 1)[-1]) for a, b in _links(store)} == {("relet", "voids"), ("voids", "relet")}
