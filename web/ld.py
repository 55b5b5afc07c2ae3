"""Linked data: every entity IRI under settings.base_iri dereferences on this server.

The path part of the base (default /id/) answers with content negotiation: a page for browsers,
Turtle / JSON-LD / N-Triples / RDF/XML for everything else (Turtle when the client does not
say). Dumps of the whole dataset: N-Quads (with the named graphs), TriG, Turtle and N-Triples
(the union). A VoID description of the dataset at /.well-known/void."""

from __future__ import annotations

from urllib.parse import urlsplit

import pyoxigraph as ox
from flask import Blueprint, Response, redirect, request, url_for
from flask.blueprints import BlueprintSetupState

from graph.namespaces import PREFIXES
from graph.void import Service, describe
from web.errors import ApiError
from web.graphdata import esc
from web.resources import EXTENSION, resources

bp = Blueprint("ld", __name__)

RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
DUMPS = {
    "councilgraph.nq": ("nquads", "application/n-quads"),
    "councilgraph.trig": ("trig", "application/trig"),
    "councilgraph.ttl": ("turtle", "text/turtle"),
    "councilgraph.nt": ("nt", "application/n-triples"),
}
PREFIXES_FOR_TURTLE = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def base_path(base_iri: str) -> str:
    path = urlsplit(base_iri).path or "/"
    return path if path.endswith("/") else path + "/"


@bp.record_once
def _register_iri_rule(state: BlueprintSetupState) -> None:
    base = state.app.extensions[EXTENSION].settings.base_iri
    state.app.add_url_rule(f"{base_path(base)}<path:rest>", "ld.resource", resource, methods=["GET", "HEAD"])


def negotiate_rdf_or_html() -> str:
    """The media type to answer with: text/html, application/json (the page's twin) or RDF."""
    accept = request.accept_mimetypes
    if request.args.get("format") == "json":
        return "application/json"
    if not accept or accept.best == "*/*":
        return "text/turtle"
    best = accept.best_match(["text/html", *RDF_TYPES, "application/json"])
    if best is None:
        raise ApiError(406, "available as text/html, " + ", ".join(RDF_TYPES), "Not acceptable")
    return best


def resource(rest: str) -> Response:
    res = resources()
    base = res.settings.base_iri if res.settings.base_iri.endswith("/") else res.settings.base_iri + "/"
    iri = base + rest
    media = negotiate_rdf_or_html()
    if media == "application/json":  # the entity page's JSON twin (JSON-LD is application/ld+json)
        from web.pages import entity_view

        return entity_view(iri)
    if media == "text/html":
        parts = rest.split("/")
        if parts[0] == "document" and len(parts) >= 2:
            if len(parts) == 4 and parts[2] == "passage" and parts[3].isdigit():
                return redirect(url_for("pages.document_page", document_id=parts[1], passage=parts[3])
                                + f"#p-{parts[3]}", code=303)
            if len(parts) == 2:
                return redirect(url_for("pages.document_page", document_id=parts[1]), code=303)
        from web.pages import entity_view

        return entity_view(iri)
    try:
        node = esc(iri)
    except ValueError:
        raise ApiError(404, f"<{iri}> is not an IRI of this dataset", "Not found") from None
    triples = list(res.graph.query(
        f"CONSTRUCT {{ {node} ?p ?o . ?s ?q {node} . ?o <http://www.w3.org/2000/01/rdf-schema#label> ?ol }}"
        f" WHERE {{ {{ {node} ?p ?o OPTIONAL {{ ?o <http://www.w3.org/2000/01/rdf-schema#label> ?ol }} }}"
        f" UNION {{ ?s ?q {node} }} }}"))
    if not triples:
        raise ApiError(404, f"nothing is known about <{iri}>", "Not found")
    rdf_format = RDF_TYPES[media]
    body = ox.serialize(triples, format=rdf_format,
                        prefixes=PREFIXES_FOR_TURTLE if rdf_format == ox.RdfFormat.TURTLE else None) or b""
    response = Response(body, content_type=media + ("; charset=utf-8" if media != "application/rdf+xml" else ""))
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = f'<{iri}>; rel="canonical"'
    return response


@bp.get("/dumps/")
def dumps_index() -> Response:
    from flask import jsonify

    return jsonify({"dumps": [{"url": url_for("ld.dump", name=name), "media_type": media,
                               "named_graphs": fmt in ("nquads", "trig")}
                              for name, (fmt, media) in DUMPS.items()]})


@bp.get("/dumps/<name>")
def dump(name: str) -> Response:
    if name not in DUMPS:
        raise ApiError(404, f"no dump {name!r}; available: {', '.join(DUMPS)}", "Not found")
    fmt, media = DUMPS[name]
    body = resources().graph.dump(fmt)
    response = Response(body, content_type=media + "; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


_VOID_FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld",
                 "application/n-triples": "nt", "application/rdf+xml": "xml"}
_void_cache: dict[tuple[str, str, str, object], bytes] = {}


@bp.get("/.well-known/void")
def void_description() -> Response:
    """The dataset's VoID description (Turtle unless another RDF syntax is asked for). The
    server's stores do not change while it runs (ingest needs it stopped), so it is counted once
    per store generation and media type."""
    res = resources()
    media = request.accept_mimetypes.best_match(list(_VOID_FORMATS)) or "text/turtle"
    store = res.docstore
    generation = store.generation() if store is not None else None
    key = (media, request.url_root, str(res.data_dir.root), generation)
    if key not in _void_cache:
        root = request.url_root
        service = Service(
            dataset=root + ".well-known/void#dataset",
            sparql_endpoint=root + "sparql",
            dumps={root + "dumps/" + name: media_type for name, (_fmt, media_type) in DUMPS.items()},
            homepage=root,
        )
        rows = store.document_rows() if store is not None else []
        modified = max((row["ingested_at"] for row in rows), default=None)
        graph = describe(res.graph, res.settings.base_iri, service, modified)
        _void_cache.clear()
        _void_cache[key] = graph.serialize(format=_VOID_FORMATS[media], encoding="utf-8")
    response = Response(_void_cache[key], content_type=media + ("; charset=utf-8" if media != "application/rdf+xml" else ""))
    response.headers["Vary"] = "Accept"
    return response
