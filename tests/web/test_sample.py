"""The web app over the real sample corpus (ingested once per session by tests/conftest.py)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Graph

pytestmark = [pytest.mark.slow, pytest.mark.model]
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def sample_app(built_sample):  # noqa: ANN001, ANN201
    from web import create_app
    from web.settings import Settings

    app = create_app(Settings(data_dir=built_sample), search_mode="hybrid")
    yield app
    app.extensions["councilgraph"].close()


@pytest.fixture()
def sample(sample_app):  # noqa: ANN001, ANN201
    return sample_app.test_client()


def test_every_document_renders_with_its_mentions(sample) -> None:  # noqa: ANN001
    documents = json.loads(sample.get("/api/documents").data)["documents"]
    assert len(documents) == 5
    for doc in documents:
        data = json.loads(sample.get(doc["url"] + "?format=json").data)
        for mention in data["mentions"]:
            assert 0 <= mention["start"] < mention["end"] <= len(data["text"])
        assert sample.get(doc["url"], headers=HTML).status_code == 200


@pytest.mark.parametrize("question", ["how are councils tackling county lines", "recycling target",
                                      "who is the lead officer", "homelessness prevention"])
def test_search_questions(sample, question: str) -> None:  # noqa: ANN001
    page = sample.get("/", query_string={"q": question}, headers=HTML)
    assert page.status_code == 200
    data = json.loads(sample.get("/", query_string={"q": question, "format": "json"}).data)
    assert data["results"], question
    for hit in data["results"]:
        opened = sample.get(hit["url"].split("#")[0], headers=HTML)
        assert opened.status_code == 200 and b'id="hit"' in opened.data


def test_entity_pages_of_every_kind(sample) -> None:  # noqa: ANN001
    listing = json.loads(sample.get("/api/entities", query_string={"limit": 1000}).data)["entities"]
    by_kind: dict[str, list[dict]] = {}
    for entity in listing:
        by_kind.setdefault(entity["kind"], []).append(entity)
    assert len(by_kind) >= 5
    for kind, entities in by_kind.items():
        for entity in entities[:3]:
            html = sample.get(entity["url"], headers=HTML)
            assert html.status_code == 200, (kind, entity["iri"])
            data = json.loads(sample.get(entity["url"], headers={"Accept": "application/json"}).data)
            assert data["iri"] == entity["iri"]
            for fact in data["facts"]:
                if fact["evidence"] and fact["evidence"]["start"] is not None:
                    assert fact["evidence"]["end"] > fact["evidence"]["start"]
                    # the sentence or row it came from, never the whole report
                    assert fact["evidence"]["end"] - fact["evidence"]["start"] < 20_000, fact
            turtle = sample.get(entity["url"], headers={"Accept": "text/turtle"})
            assert len(Graph().parse(data=turtle.data.decode(), format="turtle")) > 0


def test_examples_run_on_the_sample(sample) -> None:  # noqa: ANN001
    from web.sparql_examples import EXAMPLES

    answered = 0
    for example in EXAMPLES:
        construct = example["query"].lstrip().split("\n\n", 1)[-1].startswith("CONSTRUCT")
        r = sample.post("/sparql", data={"query": example["query"]},
                        headers={"Accept": "text/turtle" if construct else "application/sparql-results+json"})
        assert r.status_code == 200, (example["title"], r.data[:300])
        if not construct:
            answered += bool(json.loads(r.data)["results"]["bindings"])
    assert answered >= 8  # most examples find something in five documents


def test_browse_every_class(sample) -> None:  # noqa: ANN001
    data = json.loads(sample.get("/browse?format=json").data)
    for kind in data["types"]:
        r = sample.get("/browse", query_string={"class": kind["iri"], "format": "json"})
        assert json.loads(r.data)["total"] == kind["count"]


def test_similar_passages_api_and_page(sample) -> None:  # noqa: ANN001
    """From a search hit to passages like it in other councils' papers, in the API and the page."""
    hits = json.loads(sample.get("/api/search?q=recycling+target&k=3").data)["results"]
    source = hits[0]
    data = json.loads(sample.get(source["similar_url"] + "&k=5").data)
    assert data["passage"] == source["passage_id"] and len(data["results"]) == 5
    assert all(r["document_id"] != source["document_id"] for r in data["results"])
    assert all(0 < r["score"] <= 1 for r in data["results"])
    assert [r["score"] for r in data["results"]] == sorted((r["score"] for r in data["results"]), reverse=True)
    same = json.loads(sample.get(source["similar_url"] + "&k=5&same_document=1").data)["results"]
    assert any(r["document_id"] == source["document_id"] for r in same)
    missing = sample.get("/api/similar?passage=nope")
    assert missing.status_code == 404 and "no passage" in json.loads(missing.data)["error"]["detail"]
    assert sample.get("/api/similar").status_code == 400

    page = sample.get("/?like=" + source["passage_id"].replace("#", "%23"), headers=HTML).get_data(as_text=True)
    assert "passages like" in page and "from other documents" in page and "Similar passages elsewhere" in page
    assert "format=csv" in page and "/api/similar?" in page  # the download link follows the view
    rows = sample.get(f"/api/similar?passage={source['passage_id'].replace('#', '%23')}&k=4&format=csv")
    assert rows.status_code == 200 and len(list(csv.DictReader(io.StringIO(rows.get_data(as_text=True))))) == 4
