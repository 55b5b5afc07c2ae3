"""The SPARQL screen on its own (also used by `councilgraph sparql`)."""

from __future__ import annotations

import pytest

from web.sparql_examples import EXAMPLES
from web.sparql_guard import ForbiddenQuery, QuerySyntaxError, screen_query

OWN = "https://councilgraph.org/id/document/a"


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p ?o }",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "DESCRIBE <https://councilgraph.org/id/x>",
    "SELECT ?service WHERE { ?service ?load ?o }",  # variables named like keywords
    'SELECT * WHERE { ?s ?p "SERVICE <http://x/> and LOAD" }',  # the words inside a string
    "PREFIX service: <http://e/> SELECT * WHERE { ?s service:load ?o }",
    "# SERVICE <http://x/> in a comment\nSELECT * WHERE { ?s ?p ?o }",
    f"SELECT * FROM <{OWN}> FROM NAMED <{OWN}> WHERE {{ ?s ?p ?o }}",
])
def test_allowed(query: str) -> None:
    screen_query(query, allowed_graphs={OWN})


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o . SERVICE SILENT <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <http://x/> { ?s ?p ?o } } }",
    "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <http://x/> { ?s ?p ?o } } }",
    "SELECT * WHERE { GRAPH ?g { SERVICE <http://x/> { ?s ?p ?o } } }",
    "SELECT (EXISTS { SERVICE <http://x/> { ?s ?p ?o } } AS ?e) WHERE { }",
    "LOAD <http://x/>",
    "LOAD SILENT <http://x/> INTO GRAPH <http://y/>",
    "INSERT DATA { <a:b> <a:c> <a:d> }",
    "WITH <http://g/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "CREATE GRAPH <http://g/>",
    "SELECT * FROM <http://x/> WHERE { ?s ?p ?o }",
    "BASE <http://x/> SELECT * FROM <data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE { ?s ?p ?o }",
])
def test_forbidden(query: str) -> None:
    with pytest.raises(ForbiddenQuery):
        screen_query(query, allowed_graphs={OWN})


def test_without_a_graph_list_only_our_base_is_allowed() -> None:
    screen_query(f"SELECT * FROM <{OWN}> WHERE {{ ?s ?p ?o }}")
    with pytest.raises(ForbiddenQuery):
        screen_query("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }")


@pytest.mark.parametrize("query", ["", "   ", "SELECT * WHERE { ?s ?p }", "SELEC * WHERE { }", "not sparql"])
def test_syntax_errors(query: str) -> None:
    with pytest.raises(QuerySyntaxError):
        screen_query(query)


def test_forms() -> None:
    assert screen_query("ASK {}").form == "ASK"
    assert screen_query("CONSTRUCT WHERE { ?s ?p ?o }").form == "CONSTRUCT"
    assert screen_query("DESCRIBE <urn:x:y>").form == "DESCRIBE"


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["title"] for e in EXAMPLES])
def test_examples_pass_the_screen_and_run(client, example: dict) -> None:  # noqa: ANN001
    assert screen_query(example["query"]).form in ("SELECT", "CONSTRUCT")
    accept = "text/turtle" if "CONSTRUCT" in example["query"] else "application/sparql-results+json"
    r = client.get("/sparql", query_string={"query": example["query"]}, headers={"Accept": accept})
    assert r.status_code == 200, (example["title"], r.data)
