"""The indicator page's "same measure at other councils" (HTML and JSON) and the SPARQL example,
over the synthetic data directory plus two other councils' reports and the links pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, QB, RDF, RDFS, XSD

from graph.indicator_links import link_indicators
from graph.iris import document_iri, mint
from graph.namespaces import CG
from graph.store import GraphStore
from tests.web.conftest import BASE, INDICATOR, build_data_dir
from web.datadir import DataDir
from web.settings import Settings

OTHER = mint(BASE, "indicator", "otherton", "household-waste-recycled")
OTHER_COUNCIL = mint(BASE, "council", "otherton")
NEAR_MISS = mint(BASE, "indicator", "thirdshire", "tonnage-recycled")


def _report(store: GraphStore, doc_id: str, council: URIRef, council_label: str,
            indicator: URIRef, name: str, observations: list[tuple[str, str, str, str, str, bool]]) -> None:
    d = document_iri(doc_id, BASE)
    triples = [(d, DCTERMS.publisher, council), (council, RDFS.label, Literal(council_label)),
               (indicator, RDF.type, CG.Indicator), (indicator, RDFS.label, Literal(name))]
    for period, start, value, target, status, met in observations:
        obs = URIRef(f"{indicator}/{start}")
        triples += [(obs, RDF.type, QB.Observation), (obs, CG.indicator, indicator), (obs, CG.period, Literal(period)),
                    (obs, CG.periodStart, Literal(start, datatype=XSD.date)), (obs, CG.valueText, Literal(value)),
                    (obs, CG.target, Literal(target)), (obs, CG.status, Literal(status)), (obs, CG.onTarget, Literal(met))]
    store.replace_graph(d, triples)


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    root = build_data_dir(tmp_path_factory.mktemp("same-measure"))
    store = GraphStore(DataDir(root).graph)
    _report(store, "otherton-2024-performance", OTHER_COUNCIL, "Otherton District Council", OTHER,
            "% of household waste recycled", [("2024/25 Q1", "2024-04-01", "47%", "45%", "Green", True),
                                              ("2024/25 Q2", "2024-07-01", "52.5%", "45%", "Green", True)])
    _report(store, "thirdshire-2024-performance", mint(BASE, "council", "thirdshire"), "Thirdshire Council",
            NEAR_MISS, "Total tonnage of household waste recycled", [("2024/25 Q1", "2024-04-01", "1,204", "", "", True)])
    assert link_indicators(store, BASE) == 1  # no encoder needed: the names normalise alike
    store.flush()
    del store
    return Settings(data_dir=root)


def test_indicator_page_lists_the_same_measure_elsewhere(client) -> None:  # noqa: ANN001
    page = client.get("/entity", query_string={"iri": str(INDICATOR)})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    section = html[html.index("The same measure at other councils"):]
    section = section[:section.index("</section>")]
    assert "Otherton District Council" in section and "% of household waste recycled" in section
    assert "2024/25 Q2" in section and "52.5%" in section and "(on target)" in section  # the latest period
    assert "2024/25 Q1" not in section
    assert "Thirdshire" not in section and "tonnage" not in section  # tonnes are not a rate
    assert "/indicator/otherton/household-waste-recycled" in section  # linked to its page


def test_json_twin_carries_the_same_measure(client) -> None:  # noqa: ANN001
    data = client.get("/entity", query_string={"iri": str(INDICATOR), "format": "json"}).get_json()
    [other] = data["same_measure"]
    assert other["iri"] == str(OTHER) and other["council"] == str(OTHER_COUNCIL)
    assert (other["period"], other["value"], other["target"], other["status"], other["on_target"]) == (
        "2024/25 Q2", "52.5%", "45%", "Green", True)
    assert other["url"].endswith("/indicator/otherton/household-waste-recycled")
    # the link is shown in its own section, not again among the facts
    assert not any(f["predicate"].endswith("closeMatch") for f in data["facts"])


def test_the_link_reads_back_from_the_other_side(client) -> None:  # noqa: ANN001
    data = client.get("/entity", query_string={"iri": str(OTHER), "format": "json"}).get_json()
    assert [o["iri"] for o in data["same_measure"]] == [str(INDICATOR)]
    assert data["same_measure"][0]["council_label"] == "Example Borough Council"


def test_other_kinds_have_no_such_section(client) -> None:  # noqa: ANN001
    from tests.web.conftest import PERSON

    data = client.get("/entity", query_string={"iri": str(PERSON), "format": "json"}).get_json()
    assert data["same_measure"] == []


def test_sparql_example_compares_councils(client) -> None:  # noqa: ANN001
    from web.sparql_examples import EXAMPLES

    [example] = [e for e in EXAMPLES if e["title"] == "Compare one measure across councils"]
    response = client.post("/sparql", data={"query": example["query"]},
                           headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    rows = {(b["council"]["value"], b.get("period", {}).get("value"), b.get("value", {}).get("value"))
            for b in response.get_json()["results"]["bindings"]}
    assert ("Otherton District Council", "2024/25 Q2", "52.5%") in rows
    assert ("Example Borough Council", "2024/25 Q1", "41%") in rows
    assert not any(council == "Thirdshire Council" for council, _, _ in rows)
