"""JSON API, linked data and dumps."""

from __future__ import annotations

import json
import warnings

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from tests.web.conftest import INDICATOR, MINUTES, PERSON

FOAF_PERSON = URIRef("http://xmlns.com/foaf/0.1/Person")


def test_search_api(client) -> None:  # noqa: ANN001
    r = client.get("/api/search", query_string={"q": "recycling", "k": 3})
    assert r.status_code == 200
    results = json.loads(r.data)["results"]
    assert 1 <= len(results) <= 3
    for hit in results:
        assert {"document", "title", "council", "type", "date", "page", "start", "end", "text", "snippet",
                "score", "entities"} <= set(hit)
        assert "recycl" in hit["text"].lower()
    minutes = json.loads(client.get("/api/search", query_string={"q": "recycling", "type": "minutes"}).data)
    assert {h["type"] for h in minutes["results"]} == {"minutes"}
    dated = json.loads(client.get("/api/search", query_string={"q": "recycling", "from": "2024-10-01"}).data)
    assert {h["date"] for h in dated["results"]} == {"2024-11-05"}
    by_entity = json.loads(client.get("/api/search", query_string={"q": "", "entity": str(PERSON)}).data)
    assert by_entity["results"] and all(any(e["iri"] == str(PERSON) for e in h["entities"])
                                        for h in by_entity["results"])


@pytest.mark.parametrize("query", [{"k": "0"}, {"k": "abc"}, {"from": "last week"}, {"mode": "magic"}])
def test_search_api_rejects_bad_parameters(client, query: dict) -> None:  # noqa: ANN001
    r = client.get("/api/search", query_string={"q": "x", **query})
    assert r.status_code == 400
    error = json.loads(r.data)["error"]
    assert error["status"] == 400 and error["detail"]


def test_entities_api(client) -> None:  # noqa: ANN001
    data = json.loads(client.get("/api/entities", query_string={"type": "foaf:Person"}).data)
    assert {e["iri"] for e in data["entities"]} == {str(PERSON), "https://councilgraph.org/id/person/example/omar-patel"}
    assert data["total"] == 2
    by_kind = json.loads(client.get("/api/entities", query_string={"type": "person"}).data)
    assert {e["iri"] for e in by_kind["entities"]} == {e["iri"] for e in data["entities"]}
    assert client.get("/api/entities", query_string={"type": "no-such-kind"}).status_code == 400
    one = json.loads(client.get("/api/entities/person/example/jane-smith").data)
    assert one["label"] == "Jane Smith"
    by_iri = json.loads(client.get("/api/entity", query_string={"iri": str(INDICATOR)}).data)
    assert by_iri["iri"] == str(INDICATOR)
    assert client.get("/api/entities/person/example/nobody").status_code == 404


def test_documents_api(client) -> None:  # noqa: ANN001
    docs = json.loads(client.get("/api/documents").data)["documents"]
    assert [d["id"] for d in docs] == ["example-2024-11-05-performance-report", "example-2024-07-01-cabinet-minutes"]
    one = json.loads(client.get("/api/documents/example-2024-07-01-cabinet-minutes").data)
    assert one["text"] == MINUTES
    assert all(MINUTES[p["start"]:p["end"]] for p in one["passages"])


def test_openapi_describes_every_api_route(app, client) -> None:  # noqa: ANN001
    spec = json.loads(client.get("/api/openapi.json").data)
    assert spec["openapi"].startswith("3.")
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}
    documented = {path.replace("{path}", "<path:rest>").replace("{id}", "<document_id>") for path in spec["paths"]}
    assert routes - {"/api/openapi.json"} <= documented


def test_api_errors_are_json_even_for_browsers(client) -> None:  # noqa: ANN001
    r = client.get("/api/nothing-here", headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert json.loads(r.data) == {"error": {"status": 404, "title": "Not Found", "detail": r.json["error"]["detail"]}}
    assert client.post("/api/search").status_code == 405


# -- linked data ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                              ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
                                              ("*/*", "turtle")])
def test_entity_iri_dereferences_by_content_negotiation(client, accept: str, fmt: str) -> None:  # noqa: ANN001
    r = client.get("/id/person/example/jane-smith", headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["Vary"] == "Accept"
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        g = Graph().parse(data=r.data.decode(), format=fmt)
    assert (PERSON, RDF.type, FOAF_PERSON) in g
    assert (INDICATOR, URIRef("https://councilgraph.org/ns#owner"), PERSON) in g  # incoming links too


def test_browser_gets_the_entity_page(client) -> None:  # noqa: ANN001
    r = client.get("/id/person/example/jane-smith", headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.mimetype == "text/html" and b"Jane Smith" in r.data


def test_document_iri_sends_browsers_to_the_document_view(client) -> None:  # noqa: ANN001
    r = client.get("/id/document/example-2024-07-01-cabinet-minutes", headers={"Accept": "text/html"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/documents/example-2024-07-01-cabinet-minutes")


def test_dumps(client) -> None:  # noqa: ANN001
    import pyoxigraph as ox

    nq = client.get("/dumps/councilgraph.nq")
    assert nq.status_code == 200 and "attachment" in nq.headers["Content-Disposition"]
    quads = list(ox.parse(nq.data, format=ox.RdfFormat.N_QUADS))  # rdflib's Dataset parse warns
    graphs = {q.graph_name.value for q in quads}
    assert graphs == {"https://councilgraph.org/id/document/example-2024-07-01-cabinet-minutes",
                      "https://councilgraph.org/id/document/example-2024-11-05-performance-report"}
    ttl = Graph().parse(data=client.get("/dumps/councilgraph.ttl").data.decode(), format="turtle")
    assert (PERSON, RDF.type, FOAF_PERSON) in ttl
    # the Turtle dump is the union of the named graphs, blank-node free, so the sizes agree
    assert len(ttl) == len({(q.subject, q.predicate, q.object) for q in quads})
    assert client.get("/dumps/other.zip").status_code == 404


def test_cors_preflight_for_sparql(client) -> None:  # noqa: ANN001
    r = client.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "Content-Type"})
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in r.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in r.headers["Access-Control-Allow-Headers"]


def test_original_files_are_sandboxed(client) -> None:  # noqa: ANN001
    with client.get("/files/example-2024-07-01-cabinet-minutes") as r:
        assert r.headers["Content-Security-Policy"].startswith("sandbox")
    assert client.get("/files/..%2Fcouncilgraph.sqlite").status_code == 404


def test_search_falls_back_to_keywords_when_the_vector_side_fails(client, monkeypatch) -> None:  # noqa: ANN001
    import search.index

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("no FAISS file")

    monkeypatch.setattr(search.index, "refresh_index", broken)
    data = json.loads(client.get("/api/search", query_string={"q": "recycling", "mode": "hybrid"}).data)
    assert data["mode"] == "keyword" and "unavailable" in data["notice"]
    assert data["results"] and all("recycl" in h["text"].lower() for h in data["results"])
    keyword = json.loads(client.get("/api/search", query_string={"q": "recycling", "mode": "keyword"}).data)
    assert [h["passage_id"] for h in data["results"]] == [h["passage_id"] for h in keyword["results"]]
    assert "notice" not in keyword


def test_similar_for_a_passage_stored_without_vectors_is_a_conflict(client):  # noqa: ANN001
    hit = client.get("/api/search?q=recycling&k=1").get_json()["results"][0]
    response = client.get(hit["similar_url"])
    assert response.status_code == 409
    assert "without embeddings" in response.get_json()["error"]["detail"]


def test_search_results_download_as_csv(client):  # noqa: ANN001
    import csv
    import io

    as_json = client.get("/api/search?q=recycling&k=5").get_json()["results"]
    response = client.get("/api/search?q=recycling&k=5&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["passage_id"] for r in rows] == [h["passage_id"] for h in as_json]
    assert rows[0]["rank"] == "1" and rows[0]["url"].startswith("http://localhost/documents/")
    assert rows[0]["council"] == as_json[0]["council"] and rows[0]["text"] == as_json[0]["text"].lstrip("=+-@")
    bad = client.get("/api/search?q=recycling&format=xlsx")
    assert bad.status_code == 400 and "json or csv" in bad.get_json()["error"]["detail"]


def test_csv_cells_never_become_spreadsheet_formulas():
    from web.api import _cell

    assert _cell("=HYPERLINK(\"http://evil\")") == "'=HYPERLINK(\"http://evil\")"
    assert _cell("+44 1268 882200") == "'+44 1268 882200" and _cell("@SUM(A1)") == "'@SUM(A1)"
    assert _cell("Food waste 1,800 tonnes") == "Food waste 1,800 tonnes" and _cell(None) == ""
