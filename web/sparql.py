"""The SPARQL 1.1 Protocol endpoint at /sparql: read-only, screened, time- and row-limited.

GET ?query=, POST form (query=), POST application/sparql-query. Results by Accept (or
?format=): SELECT/ASK as SPARQL JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE as Turtle, N-Triples,
JSON-LD, RDF/XML. No query: the service description (or, for a browser, the query editor).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from contextlib import contextmanager
from typing import Iterator

from flask import Blueprint, Response, redirect, request, url_for
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph.namespaces import SD
from web.errors import ApiError
from web.resources import resources
from web.sparql_guard import ForbiddenQuery, QuerySyntaxError, screen_query
from web.sparql_worker import PoolBusy, QueryFailed, QueryTimeout

bp = Blueprint("sparql", __name__)

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "text/plain": "nt",
}
RESULT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_MEDIA = {"turtle": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
               "rdfxml": "application/rdf+xml"}
EXTENSIONS = {"json": "srj", "xml": "srx", "csv": "csv", "tsv": "tsv", "turtle": "ttl", "nt": "nt",
              "jsonld": "jsonld", "rdfxml": "rdf"}
FORMAT_ALIASES = {"ttl": "turtle", "ntriples": "nt", "json-ld": "jsonld", "rdf": "rdfxml", "rdf/xml": "rdfxml"}
W3C_FORMATS = "http://www.w3.org/ns/formats/"


class ClientLimiter:
    """At most `limit` queries running at once per client address."""

    def __init__(self) -> None:
        self._running: Counter[str] = Counter()
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, client: str, limit: int) -> Iterator[None]:
        with self._lock:
            if self._running[client] >= limit:
                raise ApiError(
                    429, f"you already have {limit} SPARQL queries running; wait for one to finish",
                    "Too many concurrent queries", {"Retry-After": "2"},
                )
            self._running[client] += 1
        try:
            yield
        finally:
            with self._lock:
                self._running[client] -= 1
                if self._running[client] <= 0:
                    del self._running[client]


limiter = ClientLimiter()


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ApiError(400, f"give the {name} parameter once, not {len(values)} times", "Malformed request")
    return values[0] if values else None


def read_request() -> tuple[str | None, list[str], list[str]]:
    """(query text or None, default-graph-uri list, named-graph-uri list) per the protocol."""
    if request.method == "GET":
        source = request.args
        query = _one(source.getlist("query"), "query")
    else:
        mimetype = request.mimetype
        if mimetype == "application/x-www-form-urlencoded":
            source = request.form
            if "update" in source:
                raise ApiError(400, "updates are not allowed: this endpoint is read-only", "Query refused")
            query = _one(source.getlist("query"), "query")
        elif mimetype == "application/sparql-query":
            source = request.args
            query = request.get_data(as_text=True)
        elif mimetype == "application/sparql-update":
            raise ApiError(400, "updates are not allowed: this endpoint is read-only", "Query refused")
        else:
            raise ApiError(
                415, "POST a query as application/x-www-form-urlencoded (query=...) or as "
                "application/sparql-query", "Unsupported media type",
            )
    return query, source.getlist("default-graph-uri"), source.getlist("named-graph-uri")


def negotiate(form: str) -> tuple[str, str]:
    """(format key, media type) for a query form from ?format= or the Accept header."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    types, media = (GRAPH_TYPES, GRAPH_MEDIA) if graph else (RESULT_TYPES, RESULT_MEDIA)
    asked = (request.values.get("format") or "").lower()
    if asked:
        key = FORMAT_ALIASES.get(asked, asked)
        if key == "xml" and graph:
            key = "rdfxml"
        if key not in media:
            raise ApiError(400, f"format {asked!r} is not available for {form}; use one of "
                           f"{', '.join(media)}", "Unknown format")
        return key, media[key]
    if not request.accept_mimetypes:
        key = next(iter(types.values()))
        return key, media[key]
    best = request.accept_mimetypes.best_match(list(types))
    if best is None:
        raise ApiError(406, f"{form} results are available as {', '.join(types)}", "Not acceptable")
    return types[best], media[types[best]]


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    query, default_graphs, named_graphs = read_request()
    if query is None:
        return service_description()
    res = resources()
    settings = res.settings
    own = res.graph_names()
    try:
        screened = screen_query(query, allowed_graphs=own, base_iri=settings.base_iri)
    except QuerySyntaxError as error:
        raise ApiError(400, f"the query is not valid SPARQL 1.1: {error}", "Malformed query") from None
    except ForbiddenQuery as error:
        raise ApiError(400, str(error), "Query refused") from None
    for iri in default_graphs + named_graphs:
        if iri not in own:
            raise ApiError(400, f"<{iri}> is not a graph of this store; default-graph-uri and "
                           "named-graph-uri may only name its own graphs", "Query refused")
    key, media = negotiate(screened.form)
    started = time.perf_counter()
    with limiter.slot(request.remote_addr or "unknown", settings.sparql_max_concurrent):
        try:
            output = res.pool.run(
                query,
                key if key in RESULT_MEDIA else "json",
                key if key in GRAPH_MEDIA else "turtle",
                settings.sparql_row_limit,
                settings.sparql_timeout,
                tuple(default_graphs),
                tuple(named_graphs),
            )
        except QueryTimeout as error:
            raise ApiError(503, f"{error}; narrow it (LIMIT, more specific patterns) and try again",
                           "Query timeout") from None
        except PoolBusy as error:
            raise ApiError(503, str(error), "Busy", {"Retry-After": "5"}) from None
        except QueryFailed as error:
            title = "Malformed query" if error.syntax else "Query failed"
            raise ApiError(400, str(error), title) from None
    elapsed = time.perf_counter() - started
    charset = "; charset=utf-8" if not media.endswith("+xml") and media != "application/xml" else ""
    response = Response(output.body, content_type=media + charset)
    response.headers["X-Councilgraph-Truncated"] = "true" if output.truncated else "false"
    if output.truncated:
        response.headers["X-Councilgraph-Row-Limit"] = str(settings.sparql_row_limit)
    response.headers["Server-Timing"] = f"sparql;dur={elapsed * 1000:.1f}"
    response.headers["Vary"] = "Accept"
    if request.values.get("download"):
        response.headers["Content-Disposition"] = f'attachment; filename="results.{EXTENSIONS[key]}"'
    return response


def service_description() -> Response:
    """The SPARQL 1.1 Service Description of this endpoint (a browser gets the editor)."""
    best = request.accept_mimetypes.best_match(["text/turtle", "text/html"] + list(GRAPH_TYPES))
    if best == "text/html" and request.accept_mimetypes["text/html"] > request.accept_mimetypes["text/turtle"]:
        return redirect(url_for("pages.sparql_page"), code=303)
    res = resources()
    endpoint_iri = URIRef(request.base_url)
    g = Graph()
    g.bind("sd", SD)
    g.add((endpoint_iri, RDF.type, SD.Service))
    g.add((endpoint_iri, SD.endpoint, endpoint_iri))
    g.add((endpoint_iri, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((endpoint_iri, SD.feature, SD.UnionDefaultGraph))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        g.add((endpoint_iri, SD.resultFormat, URIRef(W3C_FORMATS + name)))
    dataset = BNode()
    g.add((endpoint_iri, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default_graph = BNode()
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    names = sorted(res.graph_names())
    for name in names[:1000]:
        named = BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, SD.name, URIRef(name)))
    g.add((dataset, URIRef("http://rdfs.org/ns/void#graphs"), Literal(len(names), datatype=XSD.integer)))
    asked = request.accept_mimetypes.best_match(list(GRAPH_TYPES)) or "text/turtle"
    key = GRAPH_TYPES[asked]
    rdflib_format = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}[key]
    response = Response(g.serialize(format=rdflib_format, encoding="utf-8"), mimetype=GRAPH_MEDIA[key])
    response.headers["Vary"] = "Accept"
    return response
