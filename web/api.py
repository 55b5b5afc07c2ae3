"""The JSON API under /api: search, entities, documents, and its OpenAPI 3 description."""

from __future__ import annotations

import csv
import io
import re

from flask import Blueprint, Response, jsonify, request, url_for

from web.errors import ApiError
from web.resources import resources

bp = Blueprint("api", __name__, url_prefix="/api")

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MAX_K = 100


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ApiError(400, f"{name} must be a whole number from {low} to {high}", "Bad parameter")
    return int(raw)


def _date(name: str) -> str | None:
    raw = request.args.get(name) or None
    if raw and not DATE.match(raw):
        raise ApiError(400, f"{name} must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)", "Bad parameter")
    return raw


@bp.get("/search")
def search() -> Response:
    from search.index import MODES

    from web.searching import search_passages

    res = resources()
    q = request.args.get("q", "")
    if len(q) > 1000:
        raise ApiError(400, "q is limited to 1000 characters", "Bad parameter")
    k = _int("k", 10, 1, MAX_K)
    mode = request.args.get("mode") or res.search_mode
    if mode not in MODES:
        raise ApiError(400, f"mode must be one of {', '.join(MODES)}", "Bad parameter")
    outcome = search_passages(res, q, k, mode=mode, **_filters().kwargs())
    results = outcome.results
    out = [_hit_json(hit, res.settings.base_iri) for hit in results]
    if _format() == "csv":
        return _csv(out, "councilgraph-search.csv")
    return jsonify({"results": out, "mode": outcome.mode, **({"notice": outcome.notice} if outcome.notice else {}),
                    "entities": [{"iri": e.iri, "label": e.label, "type": e.type}
                                 for e in getattr(results, "entities", [])]})


def _filters():  # noqa: ANN202 - search.filters.Filters
    """The filters of /api/search and /api/similar from the query string (a bare year `to` is its
    last day)."""
    from search.filters import Filters

    date_to = _date("to")
    if date_to and len(date_to) == 4:
        date_to += "-12-31"
    return Filters(council=request.args.get("council") or None, doc_type=request.args.get("type") or None,
                   date_from=_date("from"), date_to=date_to, entity=request.args.get("entity") or None)


def _hit_json(hit, base_iri: str) -> dict:  # noqa: ANN001 - search.index.Hit
    """A result as the API gives it: the contract's keys plus links to the passage and entities."""
    from web.graphdata import entity_path

    item = hit.to_dict()
    seq = item["passage_id"].rsplit("#", 1)[-1]
    item["url"] = url_for("pages.document_page", document_id=item["document_id"], passage=seq) + f"#p-{seq}"
    item["similar_url"] = url_for("api.similar_passages", passage=item["passage_id"])
    for entity in item["entities"]:
        entity["url"] = entity_path(entity["iri"], base_iri)
    return item


@bp.get("/similar")
def similar_passages() -> Response:
    """Passages like the one named by `passage` (its id), by default from other documents."""
    from search.similar import NoVector, UnknownPassage, similar

    res = resources()
    passage = request.args.get("passage", "")
    if not passage:
        raise ApiError(400, "passage is required: a passage id such as 'castle-point-cabinet#12' "
                            "(search results carry it as passage_id)", "Missing parameter")
    k = _int("k", 10, 1, MAX_K)
    filters = _filters()
    if res.docstore is None:
        raise ApiError(404, "nothing is ingested yet", "Not found")
    try:
        results = similar(res.docstore, passage, k, filters,
                          same_document=request.args.get("same_document", "") in ("1", "true", "yes"))
    except UnknownPassage as error:
        raise ApiError(404, str(error), "Not found") from error
    except NoVector as error:
        raise ApiError(409, str(error), "No vector") from error
    out = [_hit_json(hit, res.settings.base_iri) for hit in results]
    if _format() == "csv":
        return _csv(out, "councilgraph-similar.csv")
    return jsonify({"passage": passage, "results": out})


CSV_COLUMNS = ("rank", "score", "council", "title", "type", "date", "document", "page", "section", "text",
               "entities", "url", "passage_id")


def _format() -> str:
    fmt = request.args.get("format", "json")
    if fmt not in ("json", "csv"):
        raise ApiError(400, "format must be json or csv", "Bad parameter")
    return fmt


def _csv(results: list[dict], filename: str) -> Response:
    """Results as a spreadsheet: one row per passage, absolute links, entity labels joined."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for rank, item in enumerate(results, start=1):
        row = {**item, "rank": rank, "score": f"{item['score']:.4f}", "url": request.host_url.rstrip("/") + item["url"],
               "entities": "; ".join(e["label"] for e in item["entities"])}
        writer.writerow([_cell(row[column]) for column in CSV_COLUMNS])
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _cell(value: object) -> str:
    """A cell a spreadsheet will not run: text from a document starting "=", "+", "-" or "@" would
    be read as a formula, so it gets a leading apostrophe (OWASP's advice for CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/entities")
def entities() -> Response:
    from web.graphdata import GraphData, entity_path

    res = resources()
    gd = GraphData(res.graph, res.settings.base_iri)
    limit = _int("limit", 100, 1, 1000)
    offset = _int("offset", 0, 0, 10_000_000)
    type_iri = request.args.get("type") or None
    if type_iri and ":" not in type_iri:
        type_iri = KIND_CLASSES.get(type_iri.lower().replace("-", "").replace("_", ""), type_iri)
    elif type_iri and not type_iri.startswith("http"):
        from graph.namespaces import PREFIXES

        prefix, _, name = type_iri.partition(":")
        if prefix in PREFIXES:
            type_iri = str(PREFIXES[prefix]) + name
    try:
        items, total = gd.entities(type_iri, request.args.get("council") or None,
                                   (request.args.get("q") or "").strip() or None, limit, offset,
                                   status=request.args.get("status") or None)
    except ValueError as error:
        raise ApiError(400, str(error), "Bad parameter") from None
    for item in items:
        item["url"] = entity_path(item["iri"], res.settings.base_iri)
        item["api"] = url_for("api.entity", iri=item["iri"])
    return jsonify({"entities": items, "total": total, "limit": limit, "offset": offset})


# `type=action` as well as a class IRI or CURIE: our classes by their local name, plus a few
# reused classes by their everyday name.
KIND_CLASSES = {
    name.lower(): f"https://councilgraph.org/ns#{name}"
    for name in ("Council", "Body", "Department", "PartnerOrganisation", "Councillor", "Officer", "Post",
                 "Meeting", "AgendaItem", "Resolution", "Policy", "Indicator", "Action")
} | {
    "organisation": "https://councilgraph.org/ns#PartnerOrganisation",
    "person": "http://xmlns.com/foaf/0.1/Person",
    "observation": "http://purl.org/linked-data/cube#Observation",
    "document": "http://xmlns.com/foaf/0.1/Document",
}


@bp.get("/entities/<path:rest>")
def entity_by_path(rest: str) -> Response:
    base = resources().settings.base_iri
    return _entity((base if base.endswith("/") else base + "/") + rest)


@bp.get("/entity")
def entity() -> Response:
    iri = request.args.get("iri")
    if not iri:
        raise ApiError(400, "give the entity's IRI as ?iri=", "Missing parameter")
    return _entity(iri)


def _entity(iri: str) -> Response:
    from web.pages import entity_data

    return jsonify(entity_data(iri))


@bp.get("/documents")
def documents() -> Response:
    store = resources().docstore
    rows = store.document_rows() if store else []
    return jsonify({"documents": [
        {**dict(row), "url": url_for("pages.document_page", document_id=row["id"]),
         "api": url_for("api.document", document_id=row["id"])} for row in rows]})


@bp.get("/documents/<document_id>")
def document(document_id: str) -> Response:
    store = resources().docstore
    doc = store.document(document_id) if store else None
    if doc is None:
        raise ApiError(404, f"there is no document {document_id!r}", "Not found")
    passages = store.passages(document_id)
    return jsonify({
        "id": doc.id, "source": doc.source, "title": doc.title, "type": doc.doc_type, "council": doc.council,
        "council_id": doc.council_id, "date": doc.date, "text": doc.text,
        "passages": [{"id": p.id, "seq": p.seq, "start": p.start, "end": p.end, "page": p.page,
                      "section": p.section, "kind": p.kind} for p in passages],
        "url": url_for("pages.document_page", document_id=doc.id),
    })


@bp.get("/openapi.json")
def openapi() -> Response:
    from web.openapi import spec

    return jsonify(spec(request.url_root.rstrip("/")))
