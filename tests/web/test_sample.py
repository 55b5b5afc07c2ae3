"""The web app over the real sample corpus (ingested once per session by tests/conftest.py)."""

from __future__ import annotations

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
