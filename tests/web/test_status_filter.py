"""Browse by status: indicators whose latest rated period missed (or met) its target, actions off
(or on) track — on a real graph store, through GraphData, the page and the API."""

from __future__ import annotations

import json

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, QB, RDF, RDFS, XSD

from graph.iris import mint
from graph.namespaces import CG
from graph.store import GraphStore
from web.graphdata import GraphData

BASE = "https://councilgraph.org/id/"


def _indicator(name: str, flags: list[tuple[str, bool | None]]) -> tuple[URIRef, list]:
    """An indicator with one observation per (period end, on-target flag); None = amber/unrated."""
    iri = mint(BASE, "indicator", "testshire", name)
    triples = [(iri, RDF.type, CG.Indicator), (iri, RDFS.label, Literal(name))]
    for end, flag in flags:
        obs = mint(BASE, "observation", "testshire", name, end)
        triples += [(obs, RDF.type, QB.Observation), (obs, CG.indicator, iri),
                    (obs, CG.periodEnd, Literal(end, datatype=XSD.date))]
        if flag is not None:
            triples.append((obs, CG.onTarget, Literal(flag)))
    return iri, triples


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> GraphData:
    store = GraphStore(tmp_path_factory.mktemp("status") / "graph")
    recovered, a = _indicator("Recycling rate", [("2024-03-31", False), ("2024-06-30", True)])
    slipped, b = _indicator("Calls answered", [("2024-03-31", True), ("2024-06-30", False)])
    # the latest period is amber: the latest *rated* period (Q4, missed) decides
    amber_now, c = _indicator("Void turnaround", [("2024-03-31", False), ("2024-06-30", None)])
    depot = mint(BASE, "action", "testshire", "new-depot")
    hub = mint(BASE, "action", "testshire", "customer-hub")  # red in Q1's report, green in Q2's
    store.replace_graph(URIRef(BASE + "document/q1"), a + b + c + [
        (URIRef(BASE + "document/q1"), DCTERMS.date, Literal("2024-07-20", datatype=XSD.date)),
        (depot, RDF.type, CG.Action), (depot, RDFS.label, Literal("New depot")), (depot, CG.onTrack, Literal(False)),
        (hub, RDF.type, CG.Action), (hub, RDFS.label, Literal("Customer hub")), (hub, CG.onTrack, Literal(False))])
    store.replace_graph(URIRef(BASE + "document/q2"), [
        (URIRef(BASE + "document/q2"), DCTERMS.date, Literal("2024-10-20", datatype=XSD.date)),
        (hub, RDF.type, CG.Action), (hub, CG.onTrack, Literal(True))])
    store.flush()
    return GraphData(store, BASE)


def labels(gd: GraphData, status: str, type_iri: str | None = None) -> set[str]:
    items, total = gd.entities(type_iri, status=status)
    assert total == len(items)
    return {item["label"] for item in items}


def test_latest_rated_period_decides(graph: GraphData) -> None:
    assert labels(graph, "missed", str(CG.Indicator)) == {"Calls answered", "Void turnaround"}
    assert labels(graph, "met", str(CG.Indicator)) == {"Recycling rate"}


def test_actions_off_track_in_their_newest_report_are_listed_with_missed_indicators(graph: GraphData) -> None:
    assert labels(graph, "missed") == {"Calls answered", "Void turnaround", "New depot"}
    assert labels(graph, "missed", str(CG.Action)) == {"New depot"}
    assert labels(graph, "met", str(CG.Action)) == {"Customer hub"}  # back on track in the later report


def test_unknown_status_is_refused(graph: GraphData) -> None:
    with pytest.raises(ValueError, match="missed, met"):
        graph.entities(status="late")


def test_page_and_api_take_the_filter(client) -> None:  # noqa: ANN001 - the synthetic data dir: one Red indicator
    page = json.loads(client.get("/browse?format=json&status=missed").data)
    assert [e["label"] for e in page["entities"]] == ["Household waste recycled"]
    assert page["selected"]["status"] == "missed"
    assert json.loads(client.get("/api/entities?status=met").data)["total"] == 0
    bad = client.get("/api/entities?status=late")
    assert bad.status_code == 400 and "missed" in json.loads(bad.data)["error"]["detail"]
    html = client.get("/browse?status=missed").data.decode()
    assert '<option value="missed" selected>' in html
