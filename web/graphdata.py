"""Reading the graph for pages and the API: entity descriptions, mentions, lists, observations.

These are our own, trusted queries over the store held by the app (not the public endpoint).
They read the graph through the vocabularies of DESIGN.md but do not hard-code the extraction
helpers' property names: facts are shown for whatever predicates the graph holds, labelled from
the ontology when it defines them, and an indicator's observations are read by the local names
of their properties (period, value, target, status) so the chart follows the ontology as it grows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from graph.namespaces import PREFIXES

PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
          "http://xmlns.com/foaf/0.1/name", "http://purl.org/dc/terms/title", "https://schema.org/name")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
NIF = PREFIXES["nif"]
HIDDEN_TYPES = {f"{NIF}Phrase", f"{NIF}String", f"{NIF}Context", f"{NIF}RFC5147String",
                "https://councilgraph.org/ns#Passage", "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement"}
CG_NS = "https://councilgraph.org/ns#"


def kind_of(types: list[str]) -> str:
    """The most specific kind to show: our own class first, then any other visible one."""
    visible = [t for t in types if t not in HIDDEN_TYPES]
    ours = [t for t in visible if t.startswith(CG_NS)]
    return term_label((ours or visible or [""])[0]) if (ours or visible) else "thing"
ONTOLOGY = Path(__file__).resolve().parent.parent / "graph" / "ontology.ttl"
QUERIES = Path(__file__).resolve().parent.parent / "graph" / "queries"


@lru_cache(maxsize=32)
def named_query_text(name: str) -> str | None:
    """A named query of graph/queries/ (written and tested by the graph's owners), if present."""
    path = QUERIES / f"{name}.rq"
    return path.read_text(encoding="utf-8") if path.exists() else None


def esc(iri: str) -> str:
    """An IRI safe to put between < > in a query (IRIs from URLs are user input)."""
    if re.search(r'[\s<>"{}|^`\\]', iri) or not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri):
        raise ValueError(f"not an absolute IRI: {iri!r}")
    return f"<{iri}>"


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def humanise(name: str) -> str:
    """camelCase / snake_case -> words ("sentApologies" -> "sent apologies")."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name).replace("_", " ").replace("-", " ")
    return words.lower().strip()


def prefixed(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)) and re.fullmatch(r"[\w.-]*", iri[len(str(ns)):]):
            return f"{prefix}:{iri[len(str(ns)):]}"
    return iri


@lru_cache(maxsize=1)
def ontology_labels() -> dict[str, str]:
    """Labels of the ontology's terms (graph/ontology.ttl), when it exists."""
    if not ONTOLOGY.exists():
        return {}
    labels = {}
    store = ox.Store()
    try:
        store.load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
    except (OSError, SyntaxError):
        return {}
    for row in store.query("SELECT ?t ?l WHERE { ?t <http://www.w3.org/2000/01/rdf-schema#label> ?l }"):
        labels[row["t"].value] = row["l"].value
    return labels


def term_label(iri: str) -> str:
    return ontology_labels().get(iri) or humanise(local_name(iri))


@dataclass(frozen=True, slots=True)
class Value:
    """An object of a fact: an IRI with its label, or a literal."""

    value: str
    is_iri: bool
    label: str
    datatype: str = ""

    def to_json(self) -> dict:
        if self.is_iri:
            return {"iri": self.value, "label": self.label}
        out = {"value": self.value}
        if self.datatype:
            out["datatype"] = self.datatype
        return out


@dataclass(frozen=True, slots=True)
class Evidence:
    document_id: str
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict:
        return {"document": self.document_id, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Fact:
    predicate: str
    predicate_label: str
    value: Value
    evidence: Evidence | None
    incoming: bool = False  # value --predicate--> the entity

    def to_json(self) -> dict:
        return {"predicate": self.predicate, "label": self.predicate_label, "incoming": self.incoming,
                **({"subject": self.value.to_json()} if self.incoming else {"object": self.value.to_json()}),
                "evidence": self.evidence.to_json() if self.evidence else None}


@dataclass(slots=True)
class Entity:
    iri: str
    label: str
    types: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    mentions: list[tuple[str, int, int, str]] = field(default_factory=list)  # doc id, start, end, surface

    @property
    def kind(self) -> str:
        return kind_of(self.types)

    def to_json(self) -> dict:
        return {
            "iri": self.iri, "label": self.label, "types": self.types, "kind": self.kind,
            "facts": [f.to_json() for f in self.facts],
            "mentions": [{"document": d, "start": s, "end": e, "text": t} for d, s, e, t in self.mentions],
        }


class GraphData:
    """Page-oriented reads over a GraphStore (pyoxigraph underneath)."""

    def __init__(self, store, base_iri: str) -> None:  # noqa: ANN001 - graph.store.GraphStore
        self.store = store
        self.base_iri = base_iri if base_iri.endswith("/") else base_iri + "/"
        self.document_prefix = self.base_iri + "document/"

    def select(self, query: str) -> list[dict[str, object]]:
        return self.store.select(PROLOGUE + query)[1]

    def named(self, name: str, **bindings: str) -> tuple[list[str], list[dict[str, object]]] | None:
        """Run graph/queries/<name>.rq with variables bound to IRIs: (columns, rows) or None."""
        text = named_query_text(name)
        if text is None:
            return None
        substitutions = {ox.Variable(k): ox.NamedNode(v) for k, v in bindings.items()}
        return self.store.select(text, substitutions=substitutions)

    def document_id(self, graph_iri: str) -> str | None:
        if graph_iri.startswith(self.document_prefix):
            rest = graph_iri[len(self.document_prefix):]
            return rest if "/" not in rest else None
        return None

    def labels(self, iris: list[str]) -> dict[str, str]:
        if not iris:
            return {}
        values = " ".join(esc(i) for i in set(iris))
        preds = " ".join(f"<{p}>" for p in LABELS)
        rows = self.select(f"SELECT ?s ?p ?l WHERE {{ VALUES ?s {{ {values} }} VALUES ?p {{ {preds} }} ?s ?p ?l }}")
        rank = {p: i for i, p in enumerate(LABELS)}
        best: dict[str, tuple[int, str]] = {}
        for row in rows:
            s, p, label = row["s"].value, row["p"].value, row["l"].value
            if s not in best or rank[p] < best[s][0]:
                best[s] = (rank[p], label)
        return {s: v[1] for s, v in best.items()}

    def dates(self, iris: list[str]) -> dict[str, str]:
        """The date of each meeting (schema:startDate) or action (cg:dueDate) among `iris`, ISO."""
        if not iris:
            return {}
        values = " ".join(esc(i) for i in set(iris))
        rows = self.select(f"SELECT ?s ?d WHERE {{ VALUES ?s {{ {values} }} VALUES ?p {{ schema:startDate cg:dueDate }}"
                           " ?s ?p ?d }")
        found: dict[str, str] = {}
        for row in rows:  # an action with several reports' due dates: the latest
            found[row["s"].value] = max(found.get(row["s"].value, ""), row["d"].value[:10])
        return found

    def exists(self, iri: str) -> bool:
        return bool(self.store.query(f"ASK {{ {{ {esc(iri)} ?p ?o }} UNION {{ ?s ?p {esc(iri)} }} }}"))

    def entity(self, iri: str, limit: int = 500) -> Entity | None:
        """Everything the graph says about `iri`, each fact with the document it came from."""
        node = esc(iri)
        out = self.select(
            f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {node} ?p ?o }} }} LIMIT {limit}")
        inc = self.select(
            f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p {node} }}"
            # provenance machinery (mentions, reified statements, spans) is shown as evidence, not facts
            " FILTER(?p NOT IN (itsrdf:taIdentRef, rdf:subject, rdf:object, nif:referenceContext,"
            f" prov:wasDerivedFrom)) }} LIMIT {limit}")
        if not out and not inc:
            return None
        spans = self._evidence_spans(iri)
        mentions = self.mentions_of(iri)
        first_mention: dict[str, tuple[int, int]] = {}
        for doc, start, end, _ in mentions:
            first_mention.setdefault(doc, (start, end))
        iris = [row["o"].value for row in out if isinstance(row["o"], ox.NamedNode)]
        iris += [row["s"].value for row in inc if isinstance(row["s"], ox.NamedNode)]
        labels = self.labels(iris + [iri])
        entity = Entity(iri, labels.get(iri) or humanise(local_name(iri)))
        seen: set[tuple] = set()
        for row in out:
            p, o, g = row["p"].value, row["o"], row["g"].value
            if p == RDF_TYPE:
                if o.value not in entity.types:
                    entity.types.append(o.value)
                continue
            if p in LABELS[:1]:
                continue
            key = (p, str(o), False)
            if key in seen:
                continue
            seen.add(key)
            value = self._value(o, labels)
            entity.facts.append(Fact(p, term_label(p), value, self._evidence(g, spans, (p, str(o)), first_mention)))
        for row in inc:
            s, p, g = row["s"], row["p"].value, row["g"].value
            key = (p, str(s), True)
            if key in seen:
                continue
            seen.add(key)
            entity.facts.append(Fact(p, term_label(p), self._value(s, labels),
                                     self._evidence(g, spans, (p, str(s)), first_mention), incoming=True))
        # related meetings and actions newest first (a body's meetings by date, not by label)
        dates = self.dates([f.value.value for f in entity.facts if f.value.is_iri])
        entity.facts.sort(key=lambda f: (f.incoming, f.predicate_label, _newest_first(dates.get(f.value.value)),
                                         f.value.label.lower()))
        entity.mentions = mentions
        return entity

    def _value(self, term, labels: dict[str, str]) -> Value:  # noqa: ANN001
        if isinstance(term, ox.NamedNode):
            return Value(term.value, True, labels.get(term.value) or humanise(local_name(term.value)))
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value if term.datatype else ""
            if datatype.endswith("#string") or datatype.endswith("#langString"):
                datatype = ""
            return Value(term.value, False, term.value, datatype)
        return Value(str(term), False, str(term))

    def _evidence(self, graph_iri: str, spans: dict, key: tuple[str, str],
                  first_mention: dict[str, tuple[int, int]]) -> Evidence | None:
        doc = self.document_id(graph_iri)
        if doc is None:
            return None
        span = spans.get((doc, *key)) or first_mention.get(doc)
        return Evidence(doc, *span) if span else Evidence(doc)

    def _evidence_spans(self, iri: str) -> dict[tuple[str, str, str], tuple[int, int]]:
        """Spans recorded for facts about `iri` as reified statements (rdf:Statement with a
        NIF span or a cg:evidence phrase), keyed (document, predicate, other end)."""
        node = esc(iri)
        rows = self.select(
            "SELECT ?g ?p ?other ?b ?e WHERE { GRAPH ?g {"
            f" {{ ?st rdf:subject {node} ; rdf:predicate ?p ; rdf:object ?other }}"
            f" UNION {{ ?st rdf:object {node} ; rdf:predicate ?p ; rdf:subject ?other }}"
            " { ?st nif:beginIndex ?b ; nif:endIndex ?e } UNION"
            # cg:evidence, never prov:wasDerivedFrom: that names the whole report (a nif:Context
            # spanning the document), which made the source link highlight everything
            " { ?st cg:evidence ?span . ?span nif:beginIndex ?b ; nif:endIndex ?e } } } LIMIT 2000")
        spans = {}
        for row in rows:
            doc = self.document_id(row["g"].value)
            if doc:  # the tightest span when a fact has several (a row, and the cell in it)
                key, span = (doc, row["p"].value, str(row["other"])), (int(row["b"].value), int(row["e"].value))
                if key not in spans or span[1] - span[0] < spans[key][1] - spans[key][0]:
                    spans[key] = span
        return spans

    def mentions_of(self, iri: str, limit: int = 200) -> list[tuple[str, int, int, str]]:
        rows = self.select(
            f"SELECT ?g ?b ?e ?t WHERE {{ GRAPH ?g {{ ?m itsrdf:taIdentRef {esc(iri)} ;"
            " nif:beginIndex ?b ; nif:endIndex ?e . OPTIONAL { ?m nif:anchorOf ?t } } }"
            f" ORDER BY ?g ?b LIMIT {limit}")
        out = []
        for row in rows:
            doc = self.document_id(row["g"].value)
            if doc:
                out.append((doc, int(row["b"].value), int(row["e"].value), row["t"].value if row["t"] else ""))
        return out

    def document_mentions(self, document_id: str) -> list[tuple[int, int, str, str]]:
        """(start, end, entity IRI, entity label) of every mention in the document, by start."""
        g = esc(self.document_prefix + document_id)
        rows = self.select(
            f"SELECT ?b ?e ?x WHERE {{ GRAPH {g} {{ ?m itsrdf:taIdentRef ?x ; nif:beginIndex ?b ;"
            " nif:endIndex ?e } } ORDER BY ?b")
        labels = self.labels([row["x"].value for row in rows])
        return [(int(r["b"].value), int(r["e"].value), r["x"].value,
                 labels.get(r["x"].value) or humanise(local_name(r["x"].value))) for r in rows]

    def types(self) -> list[tuple[str, str, int]]:
        """(class IRI, label, number of entities) over the graph, biggest first."""
        rows = self.select("SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t ORDER BY DESC(?n)")
        return [(r["t"].value, term_label(r["t"].value), int(r["n"].value)) for r in rows
                if r["t"].value not in HIDDEN_TYPES]

    def councils(self) -> list[tuple[str, str]]:
        rows = self.select("SELECT DISTINCT ?c ?l WHERE { ?d dcterms:publisher ?c . OPTIONAL { ?c rdfs:label ?l } }"
                           " ORDER BY ?l")
        return [(r["c"].value, r["l"].value if r["l"] else local_name(r["c"].value)) for r in rows]

    def entities(self, type_iri: str | None = None, council: str | None = None, text: str | None = None,
                 limit: int = 100, offset: int = 0, sort: str = "name",
                 status: str | None = None) -> tuple[list[dict], int]:
        """Entities (not documents or passages), optionally of one class, named in one council's
        documents, with a label containing `text`, or (`status` "missed" / "met") indicators whose
        latest rated period missed / met its target and actions a report calls off / on track;
        with the total count."""
        where = ["GRAPH ?g { ?s a ?t }"]
        if status is not None:
            if status not in STATUS_FILTERS:
                raise ValueError(f"status must be one of {', '.join(STATUS_FILTERS)}, not {status!r}")
            where.append(_status_pattern(status == "met"))
        if type_iri:
            where.append(f"VALUES ?t {{ {esc(type_iri)} }}")
        else:
            hidden = ", ".join(f"<{t}>" for t in HIDDEN_TYPES | {str(PREFIXES['foaf']) + 'Document',
                                                                     str(PREFIXES['schema']) + 'Report'})
            where.append(f"FILTER(?t NOT IN ({hidden}))")
        if council:
            where.append(f"?g dcterms:publisher {esc(council)}")
        where.append("OPTIONAL { ?s rdfs:label ?label }")
        if text:
            literal = json.dumps(text, ensure_ascii=False)  # JSON string escapes are valid SPARQL ones
            where.append(f"FILTER(CONTAINS(LCASE(STR(?label)), LCASE({literal})))")
        body = " ".join(where)
        total = int(self.select(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {body} }}")[0]["n"].value)
        if sort == "date":  # meetings by date, actions by due date: newest first, undated last
            date = ("OPTIONAL { ?s schema:startDate|cg:dueDate|dcterms:date ?when }")
            order = "ORDER BY DESC(BOUND(?d)) DESC(?d) LCASE(STR(SAMPLE(?label)))"
            extra = " (MAX(STR(?when)) AS ?d)"
        else:
            date, order, extra = "", "ORDER BY LCASE(STR(SAMPLE(?label))) ?s", ""
        rows = self.select(
            f"SELECT ?s (SAMPLE(?label) AS ?l) (GROUP_CONCAT(DISTINCT STR(?t); separator=' ') AS ?ts){extra}"
            f" WHERE {{ {body} {date} }} GROUP BY ?s {order}"
            f" LIMIT {int(limit)} OFFSET {int(offset)}")
        items = []
        for r in rows:
            iri = r["s"].value
            types = r["ts"].value.split() if r["ts"] else []
            items.append({"iri": iri, "label": r["l"].value if r["l"] else humanise(local_name(iri)),
                          "types": types,
                          "kind": kind_of(types)})
        return items, total

    SUMMARY = (  # properties shown beside an entity in lists: (IRI, follow to its label?)
        ("https://schema.org/startDate", False), ("https://councilgraph.org/ns#dueDate", False),
        ("https://councilgraph.org/ns#status", False), ("https://councilgraph.org/ns#owner", True),
        ("http://www.w3.org/ns/org#holds", True), ("https://councilgraph.org/ns#portfolio", False),
        ("https://schema.org/jobTitle", False), ("https://schema.org/organizer", True),
        ("http://www.w3.org/ns/org#memberOf", True), ("https://councilgraph.org/ns#actionKind", False),
    )

    def summaries(self, iris: list[str], per_entity: int = 4) -> dict[str, list[tuple[str, str]]]:
        """A few (property label, value) pairs per entity for list pages (dates, status, owner, role)."""
        if not iris:
            return {}
        values = " ".join(esc(i) for i in iris)
        props = " ".join(f"<{p}>" for p, _ in self.SUMMARY)
        rows = self.select(
            f"SELECT ?s ?p ?v ?l WHERE {{ VALUES ?s {{ {values} }} VALUES ?p {{ {props} }} ?s ?p ?v"
            " OPTIONAL { ?v rdfs:label ?l } }")
        order = {p: i for i, (p, _) in enumerate(self.SUMMARY)}
        found: dict[str, dict[tuple[int, str], None]] = {}
        for r in rows:
            p = r["p"].value
            shown = r["l"].value if r["l"] is not None else (
                humanise(local_name(r["v"].value)) if isinstance(r["v"], ox.NamedNode) else r["v"].value)
            found.setdefault(r["s"].value, {})[(order[p], f"{term_label(p)}\x00{shown}")] = None
        # an indicator's status is its latest observation's
        latest = self.select(
            f"SELECT ?s ?status ?period ?start ?value ?target WHERE {{ VALUES ?s {{ {values} }} ?s a cg:Indicator ."
            " ?obs cg:indicator ?s ; cg:status ?status . OPTIONAL { ?obs cg:period ?period }"
            " OPTIONAL { ?obs cg:periodStart ?start } OPTIONAL { ?obs cg:valueText ?value }"
            " OPTIONAL { ?obs cg:target ?target } } ORDER BY ?s DESC(?start) DESC(?period)")
        seen: set[str] = set()
        for r in latest:
            s = r["s"].value
            if s in seen:
                continue
            seen.add(s)
            period = f" ({r['period'].value})" if r["period"] is not None else ""
            figures = " against ".join(r[k].value for k in ("value", "target") if r[k] is not None)
            figures = f": {figures}" if r["value"] is not None else ""
            found.setdefault(s, {})[(-1, f"latest status\x00{r['status'].value}{period}{figures}")] = None
        out = {}
        for s, pairs in found.items():
            ordered = [text.split("\x00", 1) for _, text in sorted(pairs)][:per_entity]
            out[s] = [(a, b) for a, b in ordered]
        return out

    def same_measure(self, indicator: str) -> list[dict[str, object]]:
        """The indicators of other councils linked to `indicator` as the same measure (skos:closeMatch,
        graph/indicator_links.py), each with its council and latest observation, by council name."""
        rows = self.select(
            f"SELECT DISTINCT ?other ?label ?council ?councilLabel WHERE {{ {esc(indicator)} skos:closeMatch ?other ."
            " ?other a cg:Indicator . OPTIONAL { ?other rdfs:label ?label }"
            " OPTIONAL { GRAPH ?g { ?other a cg:Indicator } ?g dcterms:publisher ?council"
            " OPTIONAL { ?council rdfs:label ?councilLabel } } }")
        found: dict[str, dict[str, object]] = {}
        for r in rows:
            iri = r["other"].value
            if iri == indicator or iri in found:
                continue
            council = r["council"].value if r["council"] is not None else ""
            latest = self.observations(iri)
            fields = observation_fields(latest[-1]) if latest else {}
            on_target = latest[-1].get("onTarget") if latest else None
            found[iri] = {
                "iri": iri, "label": r["label"].value if r["label"] is not None else humanise(local_name(iri)),
                "council": council,
                "council_label": r["councilLabel"].value if r["councilLabel"] is not None else (
                    humanise(local_name(council)) if council else ""),
                "period": fields.get("period") if latest else None, "value": (_pick(latest[-1], "valueText") or fields.get("value") or None) if latest else None,
                "target": fields.get("target") or None, "status": fields.get("status") or None,
                "on_target": None if on_target is None else str(on_target).lower() == "true",
                "document": fields.get("document"),
            }
        return sorted(found.values(), key=lambda o: (str(o["council_label"]).lower(), str(o["label"]).lower()))

    def observations(self, indicator: str) -> list[dict[str, object]]:
        """The indicator's observations: every literal property of each, keyed by local name."""
        rows = self.select(
            f"SELECT ?obs ?p ?v ?g WHERE {{ GRAPH ?g {{ ?obs ?link {esc(indicator)} ; ?p ?v }}"
            " ?obs a qb:Observation . FILTER(isLiteral(?v)) }")
        by_obs: dict[str, dict[str, object]] = {}
        for r in rows:
            record = by_obs.setdefault(r["obs"].value, {"iri": r["obs"].value,
                                                        "document": self.document_id(r["g"].value)})
            record.setdefault(local_name(r["p"].value), r["v"].value)
        return sorted(by_obs.values(), key=lambda o: (str(_pick(o, "periodStart", "period_start", "period", "date")),
                                                      str(_pick(o, "periodEnd", "period_end"))))


def _pick(record: dict, *names: str) -> object:
    lowered = {k.lower(): v for k, v in record.items()}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return ""


def observation_fields(obs: dict) -> dict[str, object]:
    """Period, value, target and status of an observation, whatever the ontology calls them."""
    value = _pick(obs, "numeric", "numericValue", "value", "measure")
    target = _pick(obs, "targetNumeric", "target", "targetValue")
    return {"period": _pick(obs, "period", "periodLabel", "label", "refPeriod") or "?",
            "value": value, "target": target, "status": _pick(obs, "status", "rag"),
            "span": period_span(str(_pick(obs, "periodStart")), str(_pick(obs, "periodEnd"))),
            "document": obs.get("document"), "iri": obs.get("iri")}


def period_span(start: str, end: str) -> str:
    """What kind of period runs from `start` to `end` (ISO dates): "month", "quarter", "year",
    or "other" (a year to date, an unknown end) — a chart joins only points of one kind."""
    try:
        days = (date.fromisoformat(end) - date.fromisoformat(start)).days + 1
    except ValueError:
        return "other"
    for name, low, high in (("month", 28, 31), ("quarter", 89, 92), ("year", 365, 366)):
        if low <= days <= high:
            return name
    return "other"


def to_number(value: object) -> float | None:
    """The number in a value as the extraction reads it ("£559,576" -> 559576.0); None if none."""
    from nlp.extract.indicator_values import numeric

    return numeric(str(value or ""))


def entity_path(iri: str, base_iri: str) -> str:
    """The local URL of an entity page: the IRI's path when it is one of ours, else /entity?iri=."""
    base = base_iri if base_iri.endswith("/") else base_iri + "/"
    if iri.startswith(base):
        from urllib.parse import urlsplit

        return urlsplit(base).path + quote(iri[len(base):], safe="/-_.~")
    return "/entity?iri=" + quote(iri, safe="")


STATUS_FILTERS = {"missed": "missed target / off track", "met": "met target / on track"}


def _status_pattern(met: bool) -> str:
    """SPARQL: ?s is an indicator whose latest observation with an on-target flag has that flag
    (latest by period end; an observation without a period counts as latest), or an action whose
    newest rating report (by document date; an undated one counts only alone) gives that flag."""
    flag = "true" if met else "false"
    return (
        "{ ?obs cg:indicator ?s ; cg:onTarget ?flag . OPTIONAL { ?obs cg:periodEnd ?end }"
        " FILTER NOT EXISTS { ?newer cg:indicator ?s ; cg:onTarget ?other ; cg:periodEnd ?later ."
        " FILTER(BOUND(?end) && ?later > ?end) }"
        f" FILTER(?flag = {flag}) }}"
        " UNION { ?s a cg:Action . GRAPH ?rated { ?s cg:onTrack ?track } OPTIONAL { ?rated dcterms:date ?ratedOn }"
        " FILTER NOT EXISTS { GRAPH ?rerated { ?s cg:onTrack ?again } ?rerated dcterms:date ?reratedOn ."
        " FILTER(!BOUND(?ratedOn) || STR(?reratedOn) > STR(?ratedOn)) }"
        f" FILTER(?track = {flag}) }}")


def _newest_first(date: str | None) -> tuple[int, tuple[int, ...]]:
    """Sort key: dated values newest first, undated after them."""
    if not date:
        return (1, ())
    return (0, tuple(-ord(c) for c in date))
