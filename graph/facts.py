"""Extraction -> RDF triples, with provenance (graph/ontology.ttl documents every cg: term).

Every entity gets its types, rdfs:label and its own properties; every mention becomes a NIF
span (nif:beginIndex / nif:endIndex into the document text, nif:referenceContext the
document, itsrdf:taIdentRef the entity); every relation is written as a plain triple (so
queries stay simple) and as an rdf:Statement whose cg:evidence is the span it was read from.
The lead places all of it in the document's named graph.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from dataclasses import dataclass
from collections.abc import Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, QB, RDF, RDFS, SKOS, XSD

from graph.entity_iris import entity_iri, membership_iri, span_iri, statement_iri
from graph.iris import document_iri
from graph.namespaces import CG, ITSRDF, NIF, SCHEMA
from nlp import extraction as x
from nlp.records import Document

Triple = tuple[URIRef, URIRef, URIRef | Literal]

TYPES: dict[str, tuple[URIRef, ...]] = {
    x.COUNCIL: (ORG.FormalOrganization, FOAF.Organization, CG.Council),
    x.BODY: (ORG.OrganizationalUnit, FOAF.Organization, CG.Body),
    x.DEPARTMENT: (ORG.OrganizationalUnit, FOAF.Organization, CG.Department),
    x.ORGANISATION: (ORG.Organization, FOAF.Organization, CG.PartnerOrganisation),
    x.COUNCILLOR: (FOAF.Person, CG.Councillor),
    x.OFFICER: (FOAF.Person, CG.Officer),
    x.PERSON: (FOAF.Person,),
    x.POST: (ORG.Post, CG.Post),
    x.MEETING: (SCHEMA.Event, CG.Meeting),
    x.AGENDA_ITEM: (CG.AgendaItem,),
    x.RESOLUTION: (CG.Resolution,),
    x.POLICY: (CG.Policy, SCHEMA.CreativeWork),
    x.INDICATOR: (CG.Indicator, SKOS.Concept),
    x.OBSERVATION: (QB.Observation,),
    x.ACTION: (CG.Action,),
}

# predicate -> (property, reverse): reverse writes object -> property -> subject
PROPERTIES: dict[str, tuple[URIRef, bool]] = {
    x.SUB_ORGANIZATION_OF: (ORG.subOrganizationOf, False),
    x.MEMBER_OF: (ORG.memberOf, False),
    x.CHAIR_OF: (CG.chairOf, False),
    x.VICE_CHAIR_OF: (CG.viceChairOf, False),
    x.LEADER_OF: (CG.leaderOf, False),
    x.DEPUTY_LEADER_OF: (CG.deputyLeaderOf, False),
    x.PORTFOLIO: (CG.portfolio, False),
    x.HOLDS_POST: (ORG.holds, False),
    x.JOB_TITLE: (SCHEMA.jobTitle, False),
    x.WORKS_FOR: (SCHEMA.worksFor, False),
    x.IN_DEPARTMENT: (CG.department, False),
    x.EMAIL: (SCHEMA.email, False),
    x.PHONE: (SCHEMA.telephone, False),
    x.ATTENDED: (SCHEMA.attendee, True),
    x.SENT_APOLOGIES: (CG.sentApologies, False),
    x.SUBSTITUTE_AT: (CG.substituteAt, False),
    x.ALSO_PRESENT: (CG.alsoPresentAt, False),
    x.CHAIRED: (CG.chaired, False),
    x.MEETING_OF: (SCHEMA.organizer, False),
    x.AGENDA_ITEM_OF: (CG.agendaItemOf, False),
    x.RESOLUTION_OF: (CG.resolutionOf, False),
    x.RESOLVED_UNDER: (CG.resolvedUnder, False),
    x.CONSIDERED: (CG.considered, False),
    x.REFERS_TO: (DCTERMS.references, False),
    x.REPORT_AUTHOR: (CG.reportAuthor, True),
    x.CONTACT_OFFICER: (CG.contactOfficer, True),
    x.OBSERVATION_OF: (CG.indicator, False),
    x.OWNER: (CG.owner, False),
    x.LEAD_MEMBER: (CG.leadMember, False),
    x.LEAD_OFFICER: (CG.leadOfficer, False),
    x.DECISION_MAKER: (CG.decisionMaker, False),
    x.PART_OF: (DCTERMS.isPartOf, False),
    x.DUE_AT_MEETING: (CG.dueAtMeeting, False),
}
ROLE_PREDICATES = {x.MEMBER_OF: "member", x.CHAIR_OF: "chair", x.VICE_CHAIR_OF: "vice-chair",
                   x.LEADER_OF: "leader", x.DEPUTY_LEADER_OF: "deputy-leader"}
_OFF = re.compile(r"\b(?:red|off|below|behind|not\s+met|missed|not\s+achieved|worse|fail|adrift|overdue|delayed"
                  r"|slipped|late)\b", re.I)
_ON = re.compile(r"\b(?:green|on\s+target|on\s+track|above|met|achieved|exceeded|better|completed|complete)\b", re.I)

_UNRATED = re.compile(r"\bnot\s+(?:yet\s+)?(?:started|begun|due|complete|completed)\b", re.I)


def on_target(status: str) -> bool | None:
    """True / False when a status says so ("Green", "Below target"), None for amber or unknown
    ("Not started" and "Not yet complete" say nothing about being on track)."""
    if _UNRATED.search(status):
        return None
    if _OFF.search(status):
        return False
    if _ON.search(status):
        return True
    return None


def _number(value: str) -> Literal | None:
    m = re.search(r"-?\d[\d,]*(?:\.\d+)?", value)
    if not m:
        return None
    try:
        return Literal(Decimal(m.group(0).replace(",", "")), datatype=XSD.decimal)
    except InvalidOperation:
        return None


def _iso(value: str) -> Literal:
    return Literal(value, datatype=XSD.date) if re.fullmatch(r"\d{4}-\d\d-\d\d", value) else Literal(value)


def label(entity: x.Entity) -> str:
    if entity.kind == x.COUNCILLOR and len(entity.name.split()) == 1 or entity.kind == x.COUNCILLOR and "(" in entity.name:
        return f"Councillor {entity.name}"
    return entity.name


def entity_triples(entity: x.Entity, base: str) -> Iterator[Triple]:
    s = entity_iri(entity.key, base)
    for cls in TYPES.get(entity.kind, ()):
        yield s, RDF.type, cls
    yield s, RDFS.label, Literal(label(entity))
    if entity.kind in x.PEOPLE_KINDS or entity.kind in (x.COUNCIL, x.BODY, x.ORGANISATION, x.DEPARTMENT):
        yield s, FOAF.name, Literal(entity.name)
    for surface in dict.fromkeys(entity.get_all(x.A_SURFACE)):
        if surface != entity.name:
            yield s, SKOS.altLabel, Literal(surface)
    get = entity.get
    council_slug = entity.key.split("/")[1] if entity.key.count("/") >= 1 else ""
    if entity.kind == x.POST and council_slug and council_slug != "unknown":
        yield s, ORG.postIn, entity_iri(f"council/{council_slug}", base)
    if entity.kind in (x.BODY, x.DEPARTMENT) and council_slug:
        # A body is keyed under its council, so it belongs to it whoever extracted it.
        yield s, ORG.subOrganizationOf, entity_iri(f"council/{council_slug}", base)
    if entity.kind == x.MEETING:
        if get(x.A_DATE):
            yield s, SCHEMA.startDate, _iso(get(x.A_DATE) or "")
        if get(x.A_TIME):
            yield s, CG.startTime, Literal(get(x.A_TIME))
        if get(x.A_VENUE):
            yield s, SCHEMA.location, Literal(get(x.A_VENUE))
    if entity.kind == x.AGENDA_ITEM and get(x.A_NUMBER):
        yield s, CG.itemNumber, Literal(get(x.A_NUMBER))
    if get(x.A_TEXT):
        yield s, RDF.value, Literal(get(x.A_TEXT))
    if get(x.A_POLICY_KIND):
        yield s, CG.policyKind, Literal(get(x.A_POLICY_KIND))
    if get(x.A_BODY_KIND):
        yield s, CG.bodyKind, Literal(get(x.A_BODY_KIND))
    if get(x.A_NOTATION):
        yield s, SKOS.notation, Literal(get(x.A_NOTATION))
    if get(x.A_UNIT):
        yield s, CG.unit, Literal(get(x.A_UNIT))
    if get(x.A_FREQUENCY):
        yield s, CG.reportingFrequency, Literal(get(x.A_FREQUENCY))
    if get(x.A_COMMENT):
        yield s, RDFS.comment, Literal(get(x.A_COMMENT))
    if entity.kind in (x.OBSERVATION, x.ACTION):
        if get(x.A_PERIOD):
            yield s, CG.period, Literal(get(x.A_PERIOD))
        if get(x.A_PERIOD_START):
            yield s, CG.periodStart, _iso(get(x.A_PERIOD_START) or "")
        if get(x.A_PERIOD_END):
            yield s, CG.periodEnd, _iso(get(x.A_PERIOD_END) or "")
        value = get(x.A_VALUE)
        if value:
            yield s, CG.valueText, Literal(value)
        numeric = _number(get(x.A_NUMERIC) or value or "") if (get(x.A_NUMERIC) or value) else None
        if numeric is not None:
            yield s, CG.value, numeric
        if get(x.A_TARGET):
            yield s, CG.target, Literal(get(x.A_TARGET))
        statuses = entity.get_all(x.A_STATUS)
        for status in dict.fromkeys(statuses if entity.kind == x.ACTION else statuses[:1]):
            yield s, CG.status, Literal(status)
            flag = on_target(status)
            if flag is not None:
                yield s, CG.onTarget if entity.kind == x.OBSERVATION else CG.onTrack, Literal(flag)
        if get(x.A_TREND):
            yield s, CG.trend, Literal(get(x.A_TREND))
        # every due date the document gives (one action listed twice with two dates keeps both)
        for due in dict.fromkeys(entity.get_all(x.A_DUE_DATE)):
            yield s, CG.dueDate, _iso(due)
        if get(x.A_ACTION_KIND):
            yield s, CG.actionKind, Literal(get(x.A_ACTION_KIND))
        if get(x.A_IMPACT):
            yield s, CG.impact, Literal(get(x.A_IMPACT))
        if get(x.A_LIKELIHOOD):
            yield s, CG.likelihood, Literal(get(x.A_LIKELIHOOD))


def _span(doc_iri: URIRef, s: URIRef, start: int, end: int) -> Iterator[Triple]:
    yield s, RDF.type, NIF.String
    yield s, NIF.beginIndex, Literal(start, datatype=XSD.nonNegativeInteger)
    yield s, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)
    yield s, NIF.referenceContext, doc_iri


# What a report says about an action at the time it was written: when two reports give two due
# dates (or statuses, or risk scores) for one action, both stand, each traced to its row.
REPORTED = frozenset({CG.dueDate, CG.status, CG.trend, CG.impact, CG.likelihood, RDF.value})


def fact_triples(doc: Document, extraction: x.Extraction, base_iri: str) -> Iterator[Triple]:
    """All triples for one document's extraction (entities, NIF mentions, relations + evidence)."""
    d = document_iri(doc.id, base_iri)
    known = {e.key for e in extraction.entities}
    text_length = len(doc.text)
    mentions = [m for m in extraction.mentions if m.entity in known and 0 <= m.start < m.end <= text_length]
    rows: dict[str, list[URIRef]] = {}
    for mention in mentions:
        rows.setdefault(mention.entity, []).append(span_iri(doc.id, mention.start, mention.end, base_iri))
    for entity in extraction.entities:
        for triple in entity_triples(entity, base_iri):
            yield triple
            if entity.kind == x.ACTION and triple[1] in REPORTED and entity.key in rows:
                yield from statement_triples(doc.id, d, triple, rows[entity.key], base_iri)
    for mention in mentions:
        m = span_iri(doc.id, mention.start, mention.end, base_iri)
        yield from _span(d, m, mention.start, mention.end)
        yield m, RDF.type, NIF.Phrase
        yield m, NIF.anchorOf, Literal(doc.text[mention.start:mention.end])
        yield m, ITSRDF.taIdentRef, entity_iri(mention.entity, base_iri)
    for relation in extraction.relations:
        yield from relation_triples(doc, d, relation, known, base_iri)


def _node(key: str, d: URIRef, base: str) -> URIRef:
    return d if key == x.DOCUMENT_SUBJECT else entity_iri(key, base)


def relation_triples(doc: Document, d: URIRef, r: x.Relation, known: set[str], base: str) -> Iterator[Triple]:
    if r.predicate not in PROPERTIES:
        return
    if r.subject != x.DOCUMENT_SUBJECT and r.subject not in known:
        return
    if not r.literal and r.object != x.DOCUMENT_SUBJECT and r.object not in known:
        return
    prop, reverse = PROPERTIES[r.predicate]
    s = _node(r.subject, d, base)
    o: URIRef | Literal = Literal(r.object) if r.literal else _node(r.object, d, base)
    if reverse and not r.literal:
        s, o = o, s  # type: ignore[assignment]
    yield s, prop, o
    if r.predicate in (x.SUBSTITUTE_AT, x.ALSO_PRESENT) and not r.literal:
        yield o, SCHEMA.attendee, s  # type: ignore[misc]
    if r.predicate in ROLE_PREDICATES and not r.literal:
        yield from membership_triples(r, base)
    read = 0 <= r.start < r.end <= len(doc.text)
    evidence = [span_iri(doc.id, r.start, r.end, base)] if read else []
    yield from statement_triples(doc.id, d, (s, prop, o), evidence, base)
    if read:
        yield from _span(d, evidence[0], r.start, r.end)


def statement_triples(document_id: str, d: URIRef, triple: Triple, evidence: list[URIRef], base: str) -> Iterator[Triple]:
    """The rdf:Statement recording that this document states `triple`, read from the `evidence` spans."""
    s, p, o = triple
    stmt = statement_iri(document_id, str(s), str(p), str(o), base)
    yield stmt, RDF.type, RDF.Statement
    yield stmt, RDF.subject, s
    yield stmt, RDF.predicate, p
    yield stmt, RDF.object, o
    yield stmt, PROV.wasDerivedFrom, d
    for span in evidence:
        yield stmt, CG.evidence, span


def membership_triples(r: x.Relation, base: str) -> Iterator[Triple]:
    """org:Membership with its role, so "members of a body with their roles" is one pattern."""
    role = ROLE_PREDICATES[r.predicate]
    m = membership_iri(r.subject, role, r.object, base)
    yield m, RDF.type, ORG.Membership
    yield m, RDFS.label, Literal(f"{role} of {r.object.rsplit('/', 1)[-1].replace('-', ' ')}")
    yield m, ORG.member, entity_iri(r.subject, base)
    yield m, ORG.organization, entity_iri(r.object, base)
    yield m, ORG.role, CG[f"role-{role}"]
    yield CG[f"role-{role}"], SKOS.prefLabel, Literal(role)


@dataclass(frozen=True, slots=True)
class MentionRef:
    """An entity a span mentions (same fields as search.docstore.EntityRef; graph must not
    import search)."""

    iri: str
    label: str
    type: str


def mention_refs(extraction: x.Extraction, base_iri: str) -> Iterable[tuple[int, int, MentionRef]]:
    """(start, end, MentionRef) for every mention, for the passage -> entities table."""
    entities = {e.key: e for e in extraction.entities}
    for mention in extraction.mentions:
        entity = entities.get(mention.entity)
        if entity is None or entity.kind in (x.RESOLUTION, x.AGENDA_ITEM):
            continue
        yield mention.start, mention.end, MentionRef(str(entity_iri(entity.key, base_iri)), label(entity), entity.kind)
