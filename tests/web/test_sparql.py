"""The SPARQL 1.1 Protocol endpoint: responses parsed back, refusals, limits, no outbound calls."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
import warnings
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from graph.namespaces import SD
from tests.web.conftest import INDICATOR, PERSON

SELECT_PEOPLE = (
    "PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?p ?name WHERE { ?p a foaf:Person ; rdfs:label ?name } ORDER BY ?name"
)
PEOPLE = {(str(PERSON), "Jane Smith")}
CONSTRUCT_PERSON = f"CONSTRUCT {{ <{PERSON}> ?p ?o }} WHERE {{ <{PERSON}> ?p ?o }}"


def bindings(response) -> set[tuple[str, str]]:  # noqa: ANN001
    data = json.loads(response.data)
    return {(b["p"]["value"], b["name"]["value"]) for b in data["results"]["bindings"]}


def parse_rdf(data: bytes, rdflib_format: str) -> Graph:
    with warnings.catch_warnings():
        # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=data.decode(), format=rdflib_format)


# -- protocol -----------------------------------------------------------------------------


def test_get_select_json(client) -> None:  # noqa: ANN001
    r = client.get("/sparql", query_string={"query": SELECT_PEOPLE},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.data
    assert r.mimetype == "application/sparql-results+json"
    data = json.loads(r.data)
    assert data["head"]["vars"] == ["p", "name"]
    assert PEOPLE <= bindings(r)
    assert ("https://councilgraph.org/id/person/example/omar-patel", "Omar Patel") in bindings(r)
    assert r.headers["X-Councilgraph-Truncated"] == "false"
    assert data["councilgraph"]["truncated"] is False


def test_post_form_and_direct_body_agree_with_get(client) -> None:  # noqa: ANN001
    get = bindings(client.get("/sparql", query_string={"query": SELECT_PEOPLE}))
    form = client.post("/sparql", data={"query": SELECT_PEOPLE})
    direct = client.post("/sparql", data=SELECT_PEOPLE.encode(), content_type="application/sparql-query")
    assert form.status_code == direct.status_code == 200
    assert bindings(form) == bindings(direct) == get
    assert len(get) == 2


def test_results_as_xml_csv_tsv(client) -> None:  # noqa: ANN001
    xml = client.get("/sparql", query_string={"query": SELECT_PEOPLE},
                     headers={"Accept": "application/sparql-results+xml"})
    assert xml.mimetype == "application/sparql-results+xml"
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(xml.data)
    rows = {(r.find("s:binding[@name='p']/s:uri", ns).text, r.find("s:binding[@name='name']/s:literal", ns).text)
            for r in root.iterfind(".//s:result", ns)}
    assert PEOPLE <= rows and len(rows) == 2

    text = client.get("/sparql", query_string={"query": SELECT_PEOPLE}, headers={"Accept": "text/csv"})
    assert text.mimetype == "text/csv"
    table = list(csv.DictReader(io.StringIO(text.data.decode())))
    assert {(row["p"], row["name"]) for row in table} == bindings(client.get("/sparql", query_string={"query": SELECT_PEOPLE}))

    tsv = client.get("/sparql", query_string={"query": SELECT_PEOPLE},
                     headers={"Accept": "text/tab-separated-values"})
    assert tsv.mimetype == "text/tab-separated-values"
    lines = tsv.data.decode().strip().split("\n")
    assert lines[0].split("\t") == ["?p", "?name"]
    assert f'<{PERSON}>\t"Jane Smith"' in lines


def test_ask(client) -> None:  # noqa: ANN001
    yes = client.get("/sparql", query_string={"query": f"ASK {{ <{PERSON}> ?p ?o }}"})
    no = client.get("/sparql", query_string={"query": "ASK { <urn:x:nothing> ?p ?o }"})
    assert json.loads(yes.data)["boolean"] is True
    assert json.loads(no.data)["boolean"] is False


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
])
def test_construct_formats_parse_back(client, accept: str, rdflib_format: str) -> None:  # noqa: ANN001
    r = client.get("/sparql", query_string={"query": CONSTRUCT_PERSON}, headers={"Accept": accept})
    assert r.status_code == 200, r.data
    assert r.mimetype == accept
    g = parse_rdf(r.data, rdflib_format)
    assert (PERSON, RDF.type, URIRef("http://xmlns.com/foaf/0.1/Person")) in g
    assert len(g) >= 5


def test_describe(client) -> None:  # noqa: ANN001
    r = client.get("/sparql", query_string={"query": f"DESCRIBE <{INDICATOR}>"}, headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.data.decode(), format="turtle")
    assert (INDICATOR, URIRef("https://councilgraph.org/ns#owner"), PERSON) in g


def test_format_parameter_and_download(client) -> None:  # noqa: ANN001
    r = client.get("/sparql", query_string={"query": SELECT_PEOPLE, "format": "csv", "download": "1"})
    assert r.mimetype == "text/csv"
    assert r.headers["Content-Disposition"] == 'attachment; filename="results.csv"'


def test_not_acceptable(client) -> None:  # noqa: ANN001
    r = client.get("/sparql", query_string={"query": SELECT_PEOPLE}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert json.loads(r.data)["error"]["status"] == 406


def test_service_description(client) -> None:  # noqa: ANN001
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.data.decode(), format="turtle")
    services = list(g.subjects(RDF.type, SD.Service))
    assert len(services) == 1
    assert (services[0], SD.supportedLanguage, SD.SPARQL11Query) in g
    assert len(list(g.objects(None, SD.name))) == 2  # the two documents' graphs


def test_browser_without_query_gets_the_editor(client) -> None:  # noqa: ANN001
    r = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 303


def test_union_of_named_graphs(client) -> None:  # noqa: ANN001
    # The person is in the minutes' graph, the indicator in the report's: one BGP joins them.
    q = ("PREFIX cg: <https://councilgraph.org/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
         " SELECT ?name WHERE { ?i a cg:Indicator ; cg:owner ?p . ?p rdfs:label ?name }")
    data = json.loads(client.get("/sparql", query_string={"query": q}).data)
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == ["Jane Smith"]


def test_from_own_graph_allowed(client) -> None:  # noqa: ANN001
    g = "https://councilgraph.org/id/document/example-2024-11-05-performance-report"
    q = f"SELECT ?s WHERE {{ GRAPH <{g}> {{ ?s a <https://councilgraph.org/ns#Indicator> }} }}"
    q_from = f"SELECT ?s FROM <{g}> WHERE {{ ?s a <https://councilgraph.org/ns#Indicator> }}"
    for query in (q, q_from):
        data = json.loads(client.get("/sparql", query_string={"query": query}).data)
        assert [b["s"]["value"] for b in data["results"]["bindings"]] == [str(INDICATOR)]


# -- refusals --------------------------------------------------------------------------------

FORBIDDEN = {
    "insert": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "delete": "DELETE WHERE { ?s ?p ?o }",
    "load": "LOAD <http://example.org/data.ttl>",
    "clear": "CLEAR ALL",
    "drop": "DROP GRAPH <https://councilgraph.org/id/document/x>",
    "service": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "service silent": "SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }",
    "service variable": "SELECT * WHERE { VALUES ?e { <http://example.org/sparql> } SERVICE ?e { ?s ?p ?o } }",
    "service in subquery": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://e.org/s> { ?s ?p ?o } } } }",
    "service in optional": "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <http://e.org/s> { ?a ?p ?o } } }",
    "service in exists": "SELECT * WHERE { ?a ?b ?c FILTER EXISTS { SERVICE <http://e.org/s> { ?a ?p ?o } } }",
    "service lower case": "select * where { service <http://e.org/s> { ?s ?p ?o } }",
    "from remote": "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
    "from file": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "from named remote": "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "from prefixed": "PREFIX ex: <http://example.org/> SELECT * FROM ex:g WHERE { ?s ?p ?o }",
    "from unknown own": "SELECT * FROM <https://councilgraph.org/id/document/nope> WHERE { ?s ?p ?o }",
}


@pytest.mark.parametrize("name", sorted(FORBIDDEN))
def test_forbidden_queries_refused(client, name: str) -> None:  # noqa: ANN001
    for response in (
        client.get("/sparql", query_string={"query": FORBIDDEN[name]}),
        client.post("/sparql", data=FORBIDDEN[name].encode(), content_type="application/sparql-query"),
    ):
        assert response.status_code == 400, (name, response.data)
        error = json.loads(response.data)["error"]
        assert error["status"] == 400
        assert error["title"] == "Query refused"
        assert any(word in error["detail"] for word in ("read-only", "SERVICE", "FROM", "LOAD")), error


def test_update_by_form_and_by_media_type_refused(client) -> None:  # noqa: ANN001
    r1 = client.post("/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    r2 = client.post("/sparql", data=b"CLEAR ALL", content_type="application/sparql-update")
    assert r1.status_code == r2.status_code == 400
    still = client.get("/sparql", query_string={"query": "ASK { <urn:a> <urn:b> <urn:c> }"})
    assert json.loads(still.data)["boolean"] is False


def test_unknown_graph_parameter_refused(client) -> None:  # noqa: ANN001
    r = client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }",
                                            "default-graph-uri": "http://example.org/g"})
    assert r.status_code == 400


def test_syntax_error_has_parser_message(client) -> None:  # noqa: ANN001
    r = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400
    error = json.loads(r.data)["error"]
    assert error["title"] == "Malformed query"
    assert "line 1" in error["detail"]


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def test_syntax_error_from_a_browser_is_a_page(client) -> None:  # noqa: ANN001
    r = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"},
                   headers={"Accept": BROWSER_ACCEPT})
    assert r.status_code == 400 and r.mimetype == "text/html"
    page = r.data.decode()
    assert "Malformed query" in page and "line 1" in page
    # a SPARQL client asking for anything still gets the JSON error
    for accept in ("*/*", "application/sparql-results+json", "application/sparql-results+xml, */*;q=0.1"):
        r = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"}, headers={"Accept": accept})
        assert r.mimetype == "application/json", accept
        assert json.loads(r.data)["error"]["title"] == "Malformed query"


class ConnectionRecorder:
    """A TCP server on 127.0.0.1 that counts the connections it receives."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self.thread.join()
        self.sock.close()


def test_no_outbound_connection_for_service_or_from(client) -> None:  # noqa: ANN001
    recorder = ConnectionRecorder()
    try:
        url = f"http://127.0.0.1:{recorder.port}/sparql"
        queries = [
            f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
            f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
            f"LOAD <{url}>",
        ]
        for query in queries:
            assert client.get("/sparql", query_string={"query": query}).status_code == 400
            assert client.post("/sparql", data={"query": query}).status_code == 400
        time.sleep(0.5)
        assert recorder.connections == 0
    finally:
        recorder.close()


def test_recorder_sees_an_engine_that_does_connect() -> None:
    """Control for the test above: unscreened, pyoxigraph does open a connection for SERVICE."""
    import pyoxigraph

    recorder = ConnectionRecorder()
    try:
        try:
            list(pyoxigraph.Store().query(
                f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{recorder.port}/sparql> {{ ?s ?p ?o }} }}"))
        except Exception:  # the recorder hangs up: the engine fails, after connecting
            pass
        deadline = time.monotonic() + 3
        while recorder.connections == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert recorder.connections >= 1
    finally:
        recorder.close()


# -- limits ------------------------------------------------------------------------------------


def test_row_limit_cuts_and_flags(client, settings) -> None:  # noqa: ANN001
    q = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> ?o }"
    r = client.get("/sparql", query_string={"query": q})
    data = json.loads(r.data)
    assert len(data["results"]["bindings"]) == settings.sparql_row_limit
    assert r.headers["X-Councilgraph-Truncated"] == "true"
    assert data["councilgraph"] == {"truncated": True, "rowLimit": settings.sparql_row_limit}
    small = client.get("/sparql", query_string={"query": q + " LIMIT 3"})
    assert small.headers["X-Councilgraph-Truncated"] == "false"
    construct = client.get("/sparql", query_string={"query": q.replace("SELECT ?s ?o", "CONSTRUCT WHERE")
                                                    .replace("WHERE WHERE", "WHERE")},
                           headers={"Accept": "application/n-triples"})
    assert construct.headers["X-Councilgraph-Truncated"] == "true"
    assert len(Graph().parse(data=construct.data.decode(), format="nt")) == settings.sparql_row_limit


SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> ?x ."
        " ?b <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> ?y . ?c <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> ?z ."
        " ?d <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> ?w }")


@pytest.mark.slow
def test_timeout_kills_the_query_and_the_server_keeps_answering(app, client, settings) -> None:  # noqa: ANN001
    pool = app.extensions["councilgraph"].pool
    kills = pool.kills
    pids = {w.process.pid for w in pool._all}
    started = time.monotonic()
    results = {}

    def slow() -> None:
        results["slow"] = app.test_client().get("/sparql", query_string={"query": SLOW})

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.3)
    # while the slow query runs, another client's query is answered by the other worker
    quick = app.test_client().get("/sparql", query_string={"query": SELECT_PEOPLE})
    assert quick.status_code == 200
    assert time.monotonic() - started < settings.sparql_timeout
    thread.join()
    elapsed = time.monotonic() - started
    response = results["slow"]
    assert response.status_code == 503, response.data
    assert json.loads(response.data)["error"]["title"] == "Query timeout"
    assert settings.sparql_timeout <= elapsed < settings.sparql_timeout + 5
    assert pool.kills == kills + 1
    killed = pids - {w.process.pid for w in pool._all}
    assert len(killed) == 1  # that worker process is gone, replaced by a new one
    after = client.get("/sparql", query_string={"query": SELECT_PEOPLE})
    assert after.status_code == 200 and bindings(after) == bindings(quick)


def test_per_client_concurrency_limit(app, settings) -> None:  # noqa: ANN001
    from web.sparql import limiter

    client = app.test_client()
    held = [limiter.slot("127.0.0.1", settings.sparql_max_concurrent) for _ in range(settings.sparql_max_concurrent)]
    for slot in held:
        slot.__enter__()
    try:
        r = client.get("/sparql", query_string={"query": SELECT_PEOPLE}, environ_base={"REMOTE_ADDR": "127.0.0.1"})
        assert r.status_code == 429
        assert r.headers["Retry-After"]
        other = client.get("/sparql", query_string={"query": SELECT_PEOPLE}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
        assert other.status_code == 200
    finally:
        for slot in held:
            slot.__exit__(None, None, None)
    assert client.get("/sparql", query_string={"query": SELECT_PEOPLE},
                      environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 200


def test_security_headers(client) -> None:  # noqa: ANN001
    r = client.get("/sparql", query_string={"query": SELECT_PEOPLE})
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"]


def test_request_size_limit(client, settings) -> None:  # noqa: ANN001
    body = b"#" * (settings.max_request_bytes + 10)
    r = client.post("/sparql", data=body, content_type="application/sparql-query")
    assert r.status_code == 413
    assert json.loads(r.data)["error"]["status"] == 413


@pytest.mark.slow
def test_memory_cap_stops_a_greedy_query_and_the_pool_recovers(data_dir) -> None:  # noqa: ANN001
    from web.sparql_worker import QueryFailed, WorkerPool

    pool = WorkerPool(str(data_dir / "graph"), size=1, memory_mb=1024)
    try:
        greedy = SLOW.replace("SELECT (COUNT(*) AS ?n)", "SELECT *").replace(" . ?d <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> ?w", "") + " ORDER BY ?x ?y ?z"
        with pytest.raises(QueryFailed, match="more memory"):
            pool.run(greedy, "json", "turtle", 10, 60)
        assert pool.kills == 1
        assert json.loads(pool.run("ASK { ?s ?p ?o }", "json", "turtle", 10, 10).body)["boolean"] is True
    finally:
        pool.close()
