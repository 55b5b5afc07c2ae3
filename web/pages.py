"""Server-rendered pages. Each view builds one plain dict and either renders it (browsers) or
returns it as JSON (?format=json or Accept: application/json): every page has a JSON twin."""

from __future__ import annotations

import re
from collections import Counter
from math import ceil
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, render_template, request, send_from_directory, url_for

from graph.iris import document_iri
from web.charts import NEIGHBOURHOOD_HEIGHT, NEIGHBOURHOOD_WIDTH, line_chart, neighbourhood
from web.errors import ApiError
from web.graphdata import (CG_NS, STATUS_FILTERS, GraphData, entity_path, esc, observation_fields, prefixed,
                           term_label, to_number)
from web.rendering import code_words, context, document_blocks, inverse_label, snippet_segments
from web.resources import resources
from web.sparql_examples import EXAMPLES

bp = Blueprint("pages", __name__)

PAGE_SIZE = 10
CANDIDATES = 100  # hits fetched per search; facets count over them, pages slice them
YEAR = re.compile(r"^\d{4}$")
CLOSE_MATCH = "http://www.w3.org/2004/02/skos/core#closeMatch"


def wants_json() -> bool:
    if request.args.get("format") == "json":
        return True
    accept = request.accept_mimetypes
    return accept.best_match(["text/html", "application/json"]) == "application/json" and \
        accept["application/json"] > accept["text/html"]


def respond(template: str, data: dict, status: int = 200) -> Response:
    if wants_json():
        response = jsonify(data)
        response.status_code = status
    else:
        response = Response(render_template(template, **data, page_json_url=json_url()), status=status,
                            mimetype="text/html")
    response.headers["Vary"] = "Accept"
    return response


def json_url() -> str:
    args = request.args.to_dict(flat=False)
    args["format"] = ["json"]
    return request.path + "?" + urlencode(args, doseq=True)


def graph_data() -> GraphData:
    res = resources()
    return GraphData(res.graph, res.settings.base_iri)


def link(iri: str) -> str:
    return entity_path(iri, resources().settings.base_iri)


@bp.app_context_processor
def helpers() -> dict:
    def url_with(**changes: object) -> str:
        args = request.args.to_dict()
        args.pop("format", None)
        for key, value in changes.items():
            if value in (None, ""):
                args.pop(key, None)
            else:
                args[key] = str(value)
        if "page" not in changes:
            args.pop("page", None)
        return request.path + ("?" + urlencode(args) if args else "")

    return {"url_with": url_with, "entity_link": link, "term_label": term_label,
            "neighbourhood_size": (NEIGHBOURHOOD_WIDTH, NEIGHBOURHOOD_HEIGHT)}


bp.add_app_template_filter(code_words, "code_words")


# -- search -------------------------------------------------------------------------------------


def search_state() -> dict:
    args = request.args
    page = args.get("page", "1")
    return {
        "q": args.get("q", "").strip()[:500],
        "council": args.get("council") or None,
        "type": args.get("type") or None,
        "year": args.get("year") if YEAR.match(args.get("year", "")) else None,
        "etype": args.get("etype") or None,
        "entity": args.get("entity") or None,
        "like": args.get("like", "").strip()[:300] or None,  # a passage id: passages like it
        "sort": "date" if args.get("sort") == "date" else "relevance",
        "page": int(page) if page.isdigit() and int(page) > 0 else 1,
    }


def state_filters(state: dict):  # noqa: ANN201 - search.filters.Filters
    """The search page's facets as filters (a year is its first to its last day)."""
    from search.filters import Filters

    year = state["year"]
    return Filters(council=state["council"], doc_type=state["type"], date_from=f"{year}-01-01" if year else None,
                   date_to=f"{year}-12-31" if year else None, entity=state["entity"])


def run_search(state: dict, k: int) -> tuple[list, list, str]:
    """(hits as dicts, entities the query named, notice) under the state's filters."""
    from web.searching import search_passages

    if state["like"]:
        return run_similar(state, k)
    outcome = search_passages(resources(), state["q"], k, **state_filters(state).kwargs())
    named = [{"iri": e.iri, "label": e.label, "type": e.type} for e in getattr(outcome.results, "entities", [])]
    return [hit.to_dict() for hit in outcome.results], named, outcome.notice


def run_similar(state: dict, k: int) -> tuple[list, list, str]:
    """Passages like the state's `like` passage, from other documents, under its filters."""
    from search.similar import NoVector, UnknownPassage, similar

    store = resources().docstore
    if store is None:
        return [], [], "nothing is ingested yet"
    try:
        results = similar(store, state["like"], k, state_filters(state))
    except (UnknownPassage, NoVector) as error:
        return [], [], str(error)
    rows = store.db.execute(
        "SELECT p.document_id, p.seq, p.section, d.title, d.council FROM passages p"
        " JOIN documents d ON d.id = p.document_id WHERE p.id = ?", (state["like"],)).fetchone()
    state["like_passage"] = {"title": rows["title"], "council": rows["council"], "section": rows["section"],
                             "url": url_for("pages.document_page", document_id=rows["document_id"],
                                            passage=rows["seq"]) + f"#p-{rows['seq']}"}
    return [hit.to_dict() for hit in results], [], ""


def csv_url(state: dict) -> str:
    """The API link that downloads this search's results (up to 100) as CSV."""
    years = {"from": f"{state['year']}-01-01", "to": f"{state['year']}-12-31"} if state["year"] else {}
    filters = {"council": state["council"], "type": state["type"], "entity": state["entity"], **years}
    filters = {key: value for key, value in filters.items() if value}
    if state["like"]:
        return url_for("api.similar_passages", passage=state["like"], k=100, format="csv", **filters)
    return url_for("api.search", q=state["q"], k=100, format="csv", **filters)


def facet(counter: Counter, selected: str | None) -> list[dict]:
    """Facet values with counts, biggest first; None (unknown council, undated) is counted but
    cannot be chosen as a filter."""
    return [{"value": value, "count": count, "selected": value is not None and value == selected}
            for value, count in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))]


@bp.get("/")
def search_page() -> Response:
    state = search_state()
    searched = bool(state["q"] or any(state[k] for k in ("council", "type", "year", "entity", "etype", "like")))
    hits, named, notice = run_search(state, CANDIDATES) if searched else ([], [], "")
    facets = {
        "council": facet(Counter(h["council"] or None for h in hits), state["council"]),
        "type": facet(Counter(h["type"] for h in hits), state["type"]),
        "year": facet(Counter((h["date"] or "")[:4] or None for h in hits), state["year"]),
        "etype": facet(Counter(t for h in hits for t in {e["type"] for e in h["entities"]}), state["etype"]),
    }
    if state["etype"]:
        hits = [h for h in hits if any(e["type"] == state["etype"] for e in h["entities"])]
    if state["sort"] == "date":
        hits = sorted(hits, key=lambda h: h["date"] or "", reverse=True)
    total = len(hits)
    pages = max(1, ceil(total / PAGE_SIZE))
    start = (state["page"] - 1) * PAGE_SIZE
    shown = hits[start:start + PAGE_SIZE]
    for hit in shown:
        seq = hit["passage_id"].rsplit("#", 1)[-1]
        hit["url"] = url_for("pages.document_page", document_id=hit["document_id"], passage=seq) + f"#p-{seq}"
        hit["similar_url"] = url_for("pages.search_page", like=hit["passage_id"])
        for e in hit["entities"]:
            e["url"] = link(e["iri"])
    if state["entity"]:
        try:
            state["entity_label"] = graph_data().labels([state["entity"]]).get(state["entity"], state["entity"])
        except ValueError:
            state["entity_label"] = state["entity"]
    data = {"query": state, "searched": searched, "total": total, "pages": pages, "results": shown,
            "csv_url": csv_url(state),
            "facets": facets, "notice": notice,
            "entities": [{**e, "url": link(e["iri"])} for e in named]}
    if wants_json():
        return respond("search.html", data)
    for hit in shown:
        hit["segments"] = snippet_segments(hit["snippet"])
    counts = resources().docstore.counts() if resources().docstore else {"documents": 0, "passages": 0}
    # a full candidate list is the best CANDIDATES passages, not all that match: say so
    return respond("search.html", {**data, "counts": counts, "capped": total >= CANDIDATES})


# -- documents -----------------------------------------------------------------------------------


@bp.get("/documents")
def documents_page() -> Response:
    store = resources().docstore
    rows = store.document_rows() if store else []
    documents = [{**dict(row), "url": url_for("pages.document_page", document_id=row["id"])} for row in rows]
    return respond("documents.html", {"documents": documents})


@bp.get("/documents/<document_id>")
def document_page(document_id: str) -> Response:
    res = resources()
    store = res.docstore
    doc = store.document(document_id) if store else None
    if doc is None:
        raise ApiError(404, f"there is no document {document_id!r}; see /documents for the list", "Not found")
    passages = store.passages(document_id)
    hit = None
    if request.args.get("start", "").isdigit() and request.args.get("end", "").isdigit():
        hit = (int(request.args["start"]), int(request.args["end"]))
    elif request.args.get("passage", "").isdigit():
        seq = int(request.args["passage"])
        hit = next(((p.start, p.end) for p in passages if p.seq == seq), None)
    mentions = graph_data().document_mentions(document_id)
    meta = {"id": doc.id, "source": doc.source, "title": doc.title, "type": doc.doc_type,
            "council": doc.council, "council_id": doc.council_id, "date": doc.date,
            "iri": str(document_iri(doc.id, res.settings.base_iri)),
            "original": url_for("pages.original_file", document_id=doc.id)}
    data = {
        "document": meta,
        "passages": [{"seq": p.seq, "start": p.start, "end": p.end, "page": p.page, "section": p.section}
                     for p in passages],
        "mentions": [{"start": s, "end": e, "iri": i, "label": lbl, "url": link(i)} for s, e, i, lbl in mentions],
        "hit": {"start": hit[0], "end": hit[1]} if hit else None,
    }
    if wants_json():
        return respond("document.html", {**data, "text": doc.text})
    return respond("document.html", {**data, "blocks": document_blocks(doc.text, passages, mentions, hit)})


@bp.get("/files/<document_id>")
def original_file(document_id: str) -> Response:
    folder = resources().data_dir.files
    if not re.fullmatch(r"[\w.-]+", document_id) or not folder.is_dir():
        raise ApiError(404, "no original file for this document", "Not found")
    matches = sorted(p.name for p in folder.iterdir() if p.stem == document_id)
    if not matches:
        raise ApiError(404, f"no original file for {document_id!r}", "Not found")
    # A council's HTML file must not run as a page of this site: download it, and sandbox anything
    # shown inline (PDF, text) into an origin of its own.
    download = not matches[0].lower().endswith((".pdf", ".txt"))
    response = send_from_directory(folder, matches[0], as_attachment=download)
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return response


# -- entities ------------------------------------------------------------------------------------


def entity_data(iri: str) -> dict:
    gd = graph_data()
    try:
        entity = gd.entity(iri)
    except ValueError:
        entity = None
    if entity is None:
        raise ApiError(404, f"nothing is known about <{iri}>", "Not found")
    data = entity.to_json()
    redundant = [i for i, f in enumerate(entity.facts)
                 if not f.incoming and not f.value.is_iri and f.value.value == entity.label
                 and f.predicate in ("http://xmlns.com/foaf/0.1/name", "https://schema.org/name",
                                     "http://purl.org/dc/terms/title")
                 or f.predicate == CLOSE_MATCH]  # shown as "the same measure at other councils"
    for i in reversed(redundant):
        del data["facts"][i]
        del entity.facts[i]
    for fact, raw in zip(data["facts"], entity.facts):
        other = fact.get("object") or fact.get("subject")
        if "iri" in other:
            other["url"] = link(other["iri"])
        if raw.evidence:
            ev = raw.evidence
            query = {"start": ev.start, "end": ev.end} if ev.start is not None else {}
            fact["evidence"]["url"] = url_for("pages.document_page", document_id=ev.document_id, **query) + (
                "#hit" if query else "")
    texts: dict[str, tuple[str, str] | None] = {}
    store = resources().docstore
    for mention in data["mentions"]:
        mention["url"] = url_for("pages.document_page", document_id=mention["document"],
                                 start=mention["start"], end=mention["end"]) + "#hit"
        if mention["document"] not in texts:
            doc = store.document(mention["document"]) if store else None
            texts[mention["document"]] = (doc.title, doc.text) if doc else None
        found = texts[mention["document"]]
        if found:
            mention["title"] = found[0]
            mention["before"], mention["after"] = context(found[1], mention["start"], mention["end"])
    observations = [observation_fields(o) for o in gd.observations(iri)]
    data["observations"] = observations
    data["same_measure"] = []
    if CG_NS + "Indicator" in entity.types:
        data["same_measure"] = gd.same_measure(iri)
        for other in data["same_measure"]:
            other["url"] = link(str(other["iri"]))
            if other["document"]:
                other["document_url"] = url_for("pages.document_page", document_id=other["document"])
    data["tables"] = entity_tables(gd, iri, set(entity.types))
    return data


# Kind-specific tables from the graph's named queries: (title, query, variable to bind, classes,
# columns shown as (heading, value column, link column or None)).
ENTITY_TABLES = [
    ("Attendance", "meeting-attendance", "meeting", {CG_NS + "Meeting"},
     [("Person", "name", "person"), ("Attendance", "attendance", None)]),
    ("Members", "body-members", "body", {CG_NS + "Body", CG_NS + "Council"},
     [("Name", "name", "person"), ("Role", "roleLabel", None), ("Portfolio", "portfolio", None)]),
    ("Actions owned", "actions-by-owner", "owner",
     {CG_NS + "Councillor", CG_NS + "Officer", CG_NS + "Post", "http://xmlns.com/foaf/0.1/Person"},
     [("Action", "label", "action"), ("Through post", "via", "via"), ("Status", "status", None),
      ("Due", "due", None), ("Kind", "kind", None)]),
]


def entity_tables(gd: GraphData, iri: str, types: set[str]) -> list[dict]:
    """Tables for the entity's kind (a meeting's attendance, a body's members, a person's actions)."""
    import pyoxigraph as ox

    tables = []
    for title, name, variable, classes, columns in ENTITY_TABLES:
        if not types & classes:
            continue
        result = gd.named(name, **{variable: iri})
        if result is None or not result[1]:
            continue
        labels = gd.labels([row[c].value for row in result[1] for _, _, c in columns
                            if c and isinstance(row.get(c), ox.NamedNode)])
        rows = []
        for row in result[1]:
            cells = []
            for _, value_column, link_column in columns:
                value = row.get(value_column)
                text = "" if value is None else labels.get(value.value, value.value) if isinstance(value, ox.NamedNode) else value.value
                target = row.get(link_column) if link_column else None
                cells.append({"text": text, "url": link(target.value) if isinstance(target, ox.NamedNode) else None})
            if cells not in rows:
                rows.append(cells)
        tables.append({"title": title, "query": name, "columns": [c[0] for c in columns], "rows": rows})
    return tables


def chart_observations(observations: list[dict]) -> list[dict]:
    """The observations a chart joins into one line: those with a number, of the kind of period
    most of them have (quarters, say), so a year-to-date or annual figure starting on the same day
    does not zig-zag the line; ties go to the shorter period. The table still lists them all."""
    numeric = [o for o in observations if to_number(o["value"]) is not None]
    kinds = Counter(o.get("span", "other") for o in numeric)
    if not kinds:
        return []
    order = ("month", "quarter", "year", "other")
    kind = max(kinds, key=lambda k: (kinds[k], -order.index(k) if k in order else -len(order)))
    return [o for o in numeric if o.get("span", "other") == kind]


def entity_view(iri: str) -> Response:
    data = entity_data(iri)
    if wants_json():
        return respond("entity.html", data)
    shown_tables = {table["query"] for table in data["tables"]}
    groups: dict[str, list[dict]] = {}
    for fact in data["facts"]:
        if html_redundant(fact, data["label"], shown_tables):
            continue
        name = inverse_label(fact["label"]) if fact["incoming"] else DISPLAY_LABELS.get(fact["predicate"], fact["label"])
        groups.setdefault(name, []).append(fact)
    charted = chart_observations(data["observations"])
    series = [(o["period"], to_number(o["value"])) for o in charted]
    targets = [to_number(o["target"]) for o in charted if to_number(o["target"]) is not None]
    chart = line_chart(series, targets[-1] if targets else None) if series else None
    neighbours: list[tuple[str, str, str]] = []
    for fact in data["facts"]:
        other = fact.get("object") or fact.get("subject")
        # one node per label: two forward-plan items of one title would be two identical dots
        if "iri" in other and all(n[1] != other["url"] and n[0] != other["label"] for n in neighbours):
            neighbours.append((other["label"], other["url"], fact["label"]))
    titles = document_titles({o["document"] for o in data["observations"] if o.get("document")})
    tables = [{**table, "visible": [i for i in range(len(table["columns"]))
                                    if any(row[i]["text"] for row in table["rows"])]}
              for table in data["tables"]]
    return respond("entity.html", {**data, "groups": groups, "chart": chart, "tables": tables,
                                   "document_titles": titles, "neighbours": neighbourhood(neighbours)})


# Properties whose vocabulary label means little on a page: rdf:value holds a resolution's or an
# action's text, skos:altLabel another name the documents use.
DISPLAY_LABELS = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#value": "text",
                  "http://www.w3.org/2004/02/skos/core#altLabel": "also called"}
# Incoming facts an entity page lists as a table instead: (property, named query of that table).
SHOWN_AS_TABLE = {"http://www.w3.org/ns/org#organization": "body-members"}
LABEL_PROPERTIES = {"http://www.w3.org/2004/02/skos/core#altLabel",
                    "http://www.w3.org/2004/02/skos/core#prefLabel",
                    "http://www.w3.org/2000/01/rdf-schema#label"}


def html_redundant(fact: dict, label: str, tables: set[str]) -> bool:
    """Facts the HTML page need not list (the JSON twin keeps them): a name that only repeats the
    page's heading, and memberships that a table on the page already lists one per row."""
    if fact["incoming"]:
        return SHOWN_AS_TABLE.get(fact["predicate"]) in tables
    value = fact.get("object") or {}
    return fact["predicate"] in LABEL_PROPERTIES and "iri" not in value and value.get("value") == label


def document_titles(ids: set[str]) -> dict[str, str]:
    """Titles of the given documents, for links that would otherwise show a file name."""
    store = resources().docstore
    titles = {}
    for document_id in ids:
        doc = store.document(document_id) if store else None
        if doc is not None and doc.title:
            titles[document_id] = doc.title
    return titles


@bp.get("/entity")
def entity_by_iri() -> Response:
    iri = request.args.get("iri", "")
    if not iri:
        raise ApiError(400, "give the entity's IRI as ?iri=", "Missing parameter")
    return entity_view(iri)


# -- browse and vocabulary ----------------------------------------------------------------------


@bp.get("/browse")
def browse_page() -> Response:
    gd = graph_data()
    type_iri = request.args.get("class") or None
    council = request.args.get("council") or None
    text = (request.args.get("q") or "").strip()[:200] or None
    page = int(request.args["page"]) if request.args.get("page", "").isdigit() and int(request.args["page"]) > 0 else 1
    size = 50
    sort = "date" if request.args.get("sort") == "date" else "name"
    status = request.args.get("status") or None
    try:
        items, total = gd.entities(type_iri, council, text, limit=size, offset=(page - 1) * size, sort=sort,
                                   status=status)
    except ValueError as error:
        raise ApiError(400, str(error), "Bad parameter") from None
    summaries = gd.summaries([item["iri"] for item in items])
    for item in items:
        item["url"] = link(item["iri"])
        item["details"] = [{"property": p, "value": v} for p, v in summaries.get(item["iri"], [])]
    types = [{"iri": t, "label": label, "count": n, "ours": t.startswith(CG_NS)} for t, label, n in gd.types()]
    for t in types:
        if not t["ours"]:
            t["label"] = prefixed(t["iri"])
    data = {
        "types": types,
        "councils": [{"iri": c, "label": label} for c, label in gd.councils()],
        "statuses": [{"value": k, "label": v} for k, v in STATUS_FILTERS.items()],
        "selected": {"class": type_iri, "council": council, "q": text, "page": page, "sort": sort,
                     "status": status},
        "entities": items, "total": total, "pages": max(1, ceil(total / size)),
    }
    if wants_json():
        return respond("browse.html", data)
    # what the list shows, in words, for the heading and title ("Action — missed target / off track")
    chosen = {"class": next((t["label"] for t in types if t["iri"] == type_iri), None),
              "council": next((c["label"] for c in data["councils"] if c["iri"] == council), None),
              "status": STATUS_FILTERS.get(status) if status else None}
    councils = {} if council else entity_councils(gd, [item["iri"] for item in items])
    return respond("browse.html", {**data, "chosen": chosen, "entity_councils": councils})


def entity_councils(gd: GraphData, iris: list[str]) -> dict[str, str]:
    """The councils whose documents name each entity ("Cabinet" is a body of several)."""
    if not iris:
        return {}
    values = " ".join(esc(i) for i in iris)
    rows = gd.select(f"SELECT DISTINCT ?s ?l WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s a ?t }}"
                     " ?g dcterms:publisher ?c . ?c rdfs:label ?l } ORDER BY ?s ?l")
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row["s"].value, []).append(row["l"].value)
    return {iri: ", ".join(names) for iri, names in found.items()}


@bp.get("/vocabulary")
def vocabulary_page() -> Response:
    from web.vocabulary import read_vocabulary

    return respond("vocabulary.html", read_vocabulary())


@bp.get("/query")
def sparql_page() -> Response:
    from web.ld import base_path

    base = resources().settings.base_iri
    data = {"endpoint": url_for("sparql.endpoint"), "examples": EXAMPLES, "base_iri": base,
            "base_path": base_path(base)}
    if wants_json():
        return respond("sparql.html", data)
    # a CONSTRUCT or DESCRIBE gives a graph, which has no CSV: offer it as Turtle
    downloads = [("turtle", "Turtle") if GRAPH_FORM.search(ex["query"]) else ("csv", "CSV")
                 for ex in EXAMPLES]
    return respond("sparql.html", {**data, "downloads": downloads})


GRAPH_FORM = re.compile(r"^\s*(CONSTRUCT|DESCRIBE)\b", re.IGNORECASE | re.MULTILINE)


@bp.get("/about")
def about_page() -> Response:
    return respond("about.html", {"api": url_for("api.openapi"), "sparql": url_for("sparql.endpoint")})


@bp.get("/vocabulary/ontology.ttl")
def ontology_file() -> Response:
    from web.graphdata import ONTOLOGY

    if not ONTOLOGY.exists():
        raise ApiError(404, "the ontology file is not there yet", "Not found")
    return send_from_directory(ONTOLOGY.parent, ONTOLOGY.name, mimetype="text/turtle")
