"""Extraction records: what the extractors find in one document.

An `Extraction` holds entities (things, keyed by a stable key), mentions (character spans
of `Document.text` that name an entity) and relations (subject key, predicate, object key
or literal, with the evidence span they were read from). Extractors return partial
extractions; `merge` joins them. Keys are stable slugs (see `make_key`) so the same thing
found twice, or in two documents of one council, gets the same key and so the same IRI.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

# --- entity kinds ---------------------------------------------------------------------
COUNCIL = "council"  # the council itself (org:FormalOrganization)
BODY = "body"  # cabinet, committee, panel, board, full council (org:OrganizationalUnit)
DEPARTMENT = "department"  # directorate, service, team
ORGANISATION = "organisation"  # partner / outside organisation (NHS Trust, DWP, Police, ...)
COUNCILLOR = "councillor"  # an elected member (foaf:Person)
OFFICER = "officer"  # a council employee (foaf:Person)
PERSON = "person"  # any other named person (partner staff, public speakers)
POST = "post"  # a role named without a person ("Head of Environment")
MEETING = "meeting"  # a meeting of a body on a date (schema:Event)
AGENDA_ITEM = "agenda_item"
RESOLUTION = "resolution"  # a decision recorded as "RESOLVED ..."
POLICY = "policy"  # policy, strategy, plan, order, scheme named in the text
INDICATOR = "indicator"  # a performance indicator (B)
OBSERVATION = "observation"  # one value of an indicator for one period (B)
ACTION = "action"  # project, task, risk, forward-plan item, work-programme topic (B)

PEOPLE_KINDS = frozenset({COUNCILLOR, OFFICER, PERSON})
ENTITY_KINDS = frozenset(
    {COUNCIL, BODY, DEPARTMENT, ORGANISATION, COUNCILLOR, OFFICER, PERSON, POST, MEETING,
     AGENDA_ITEM, RESOLUTION, POLICY, INDICATOR, OBSERVATION, ACTION}
)

# --- relation predicates (subject -> object) --------------------------------------------
SUB_ORGANIZATION_OF = "sub_organization_of"  # body|department -> council|body
MEMBER_OF = "member_of"  # person -> body
CHAIR_OF = "chair_of"  # person -> body
VICE_CHAIR_OF = "vice_chair_of"  # person -> body
LEADER_OF = "leader_of"  # councillor -> council
DEPUTY_LEADER_OF = "deputy_leader_of"  # councillor -> council
PORTFOLIO = "portfolio"  # councillor -> literal ("Resources")
HOLDS_POST = "holds_post"  # person -> post
JOB_TITLE = "job_title"  # person -> literal
WORKS_FOR = "works_for"  # person -> organisation (partner staff) or council
IN_DEPARTMENT = "in_department"  # person|post -> department
EMAIL = "email"  # person|body -> literal
PHONE = "phone"  # person|body -> literal
ATTENDED = "attended"  # person -> meeting (present)
SENT_APOLOGIES = "sent_apologies"  # person -> meeting
SUBSTITUTE_AT = "substitute_at"  # person -> meeting
ALSO_PRESENT = "also_present"  # person -> meeting (attending, not a member)
CHAIRED = "chaired"  # person -> meeting
MEETING_OF = "meeting_of"  # meeting -> body
AGENDA_ITEM_OF = "agenda_item_of"  # agenda_item -> meeting
RESOLUTION_OF = "resolution_of"  # resolution -> meeting
RESOLVED_UNDER = "resolved_under"  # resolution -> agenda_item
CONSIDERED = "considered"  # meeting|agenda_item -> policy|action
REFERS_TO = "refers_to"  # the document (subject "") -> meeting|policy it names
REPORT_AUTHOR = "report_author"  # person|post -> the document (object "")
CONTACT_OFFICER = "contact_officer"  # person -> the document or agenda item
# indicators and actions (extraction helper B)
OBSERVATION_OF = "observation_of"  # observation -> indicator
OWNER = "owner"  # action|indicator -> person|post (the accountable owner)
LEAD_MEMBER = "lead_member"  # action -> councillor|post
LEAD_OFFICER = "lead_officer"  # action -> officer|post
DECISION_MAKER = "decision_maker"  # action -> body|person|post
PART_OF = "part_of"  # action|indicator -> policy|action
DUE_AT_MEETING = "due_at_meeting"  # action (forward-plan item) -> meeting

PREDICATES = frozenset(
    {SUB_ORGANIZATION_OF, MEMBER_OF, CHAIR_OF, VICE_CHAIR_OF, LEADER_OF, DEPUTY_LEADER_OF,
     PORTFOLIO, HOLDS_POST, JOB_TITLE, WORKS_FOR, IN_DEPARTMENT, EMAIL, PHONE, ATTENDED, SENT_APOLOGIES,
     SUBSTITUTE_AT, ALSO_PRESENT, CHAIRED, MEETING_OF, AGENDA_ITEM_OF, RESOLUTION_OF,
     RESOLVED_UNDER, CONSIDERED, REFERS_TO, REPORT_AUTHOR, CONTACT_OFFICER, OBSERVATION_OF,
     OWNER, LEAD_MEMBER, LEAD_OFFICER, DECISION_MAKER, PART_OF, DUE_AT_MEETING}
)
DOCUMENT_SUBJECT = ""  # a relation whose subject or object is the document itself

# --- attribute names (Entity.attributes), values always strings --------------------------
A_DATE = "date"  # ISO date (meetings)
A_TIME = "time"  # "19:00"
A_VENUE = "venue"
A_NUMBER = "number"  # agenda item number
A_TEXT = "text"  # resolution text, action description
A_NOTATION = "notation"  # indicator reference ("HOT021a")
A_PERIOD = "period"  # label of the period ("2024/25 Q1")
A_PERIOD_START = "period_start"  # ISO date
A_PERIOD_END = "period_end"  # ISO date
A_VALUE = "value"  # as written ("55.6%"); A_NUMERIC holds the number when there is one
A_NUMERIC = "numeric"
A_TARGET = "target"
A_STATUS = "status"  # RAG / on target / off target / completed ...
A_TREND = "trend"
A_COMMENT = "comment"
A_UNIT = "unit"
A_FREQUENCY = "frequency"  # how often an indicator is reported ("Quarterly")
A_DUE_DATE = "due_date"  # ISO date, or a period label when only a period is given
A_ACTION_KIND = "action_kind"  # project | task | risk | forward_plan_item | work_programme_topic
A_IMPACT = "impact"
A_LIKELIHOOD = "likelihood"
A_POLICY_KIND = "policy_kind"  # policy | strategy | plan | order | scheme | ...
A_BODY_KIND = "body_kind"  # cabinet | committee | panel | board | council | ...
A_SURFACE = "surface"  # one surface form the entity appeared as (repeatable)
A_DISAMBIGUATOR = "disambiguator"  # "M" in "Sands (M)"

Attributes = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Entity:
    key: str  # stable key, "<kind-namespace>/<council slug>/<name slug>[/...]" (see make_key)
    kind: str  # one of ENTITY_KINDS
    name: str  # the fullest known name, as written
    attributes: Attributes = ()

    def get(self, attribute: str, default: str | None = None) -> str | None:
        for name, value in self.attributes:
            if name == attribute:
                return value
        return default

    def get_all(self, attribute: str) -> list[str]:
        return [value for name, value in self.attributes if name == attribute]


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # offsets into Document.text
    end: int
    text: str
    entity: str  # Entity.key


@dataclass(frozen=True, slots=True)
class Relation:
    subject: str  # Entity.key, or DOCUMENT_SUBJECT for the document itself
    predicate: str  # one of PREDICATES
    object: str  # Entity.key, or a literal when `literal` is true
    literal: bool = False
    start: int = 0  # evidence span in Document.text
    end: int = 0


@dataclass(frozen=True, slots=True)
class Extraction:
    document_id: str
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()

    def entity(self, key: str) -> Entity | None:
        for entity in self.entities:
            if entity.key == key:
                return entity
        return None

    def of_kind(self, *kinds: str) -> list[Entity]:
        return [e for e in self.entities if e.kind in kinds]


@dataclass(slots=True)
class Context:
    """What every extractor gets besides the Document.

    `spacy_doc` is the spaCy Doc over the whole `Document.text` (or None when the pipeline
    was not run); `nlp` the loaded pipeline; `council_id` the council slug ("unknown" when
    the reader could not tell); `document_date` the document's date, used to resolve dates
    written without a year. `found` is filled as extractors run (people first), so later
    extractors can link to entities already found: look names up with `ctx.lookup_person`.
    """

    spacy_doc: Any = None
    nlp: Any = None
    text: str = ""  # Document.text
    council_id: str = "unknown"
    document_date: date | None = None
    found: list[Extraction] = field(default_factory=list)

    def key(self, kind: str, *parts: str) -> str:
        return make_key(kind, self.council_id, *parts)

    def lookup_person(self, name: str) -> str | None:
        """The key of a person already found in this document whose name matches `name`."""
        from nlp.resolve import match_person  # late import: resolve builds on these records

        people = [e for x in self.found for e in x.entities if e.kind in PEOPLE_KINDS]
        return match_person(name, people)


# --- keys ----------------------------------------------------------------------------------
_KEY_NAMESPACE = {COUNCILLOR: "person", OFFICER: "person", PERSON: "person"}
_MAX_PART = 60


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens (same rule as graph.iris.slug)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "unnamed"


def _part(text: str) -> str:
    s = slug(text)
    if len(s) <= _MAX_PART:
        return s
    digest = hashlib.sha1(s.encode()).hexdigest()[:8]
    return f"{s[:_MAX_PART].rstrip('-')}-{digest}"


def make_key(kind: str, council_id: str | None, *parts: str) -> str:
    """A stable key: "<namespace>/<council>/<part>/...". People of every kind share the
    namespace "person", so a councillor and an officer reading of one name meet. Long
    parts are cut and suffixed with a hash of the whole, so keys stay short and distinct."""
    if kind not in ENTITY_KINDS:
        raise ValueError(f"unknown entity kind {kind!r}; use one of {sorted(ENTITY_KINDS)}")
    namespace = _KEY_NAMESPACE.get(kind, kind)
    rest = [_part(p) for p in parts if p and p.strip()]
    # The council itself is "council/<slug>" (graph.iris.council_iri mints the same IRI).
    return "/".join([namespace, slug(council_id or "unknown"), *rest])


def key_kind(key: str) -> str:
    """The namespace (first path segment) of a key."""
    return key.split("/", 1)[0]


# --- merging ---------------------------------------------------------------------------------
def _fuller(a: str, b: str) -> str:
    return b if len(b.split()) > len(a.split()) or (len(b) > len(a) and len(b.split()) == len(a.split())) else a


_KIND_RANK = {PERSON: 0, OFFICER: 1, COUNCILLOR: 2}


def merge_entities(a: Entity, b: Entity) -> Entity:
    """One entity from two readings of it: fullest name, union of attributes, the more
    specific person kind (councillor > officer > person)."""
    kind = a.kind
    if a.kind in PEOPLE_KINDS and b.kind in PEOPLE_KINDS:
        kind = max(a.kind, b.kind, key=lambda k: _KIND_RANK[k])
    attributes = tuple(dict.fromkeys(a.attributes + b.attributes))
    return replace(a, kind=kind, name=_fuller(a.name, b.name), attributes=attributes)


def merge(document_id: str, *parts: Extraction) -> Extraction:
    """Join partial extractions: entities with one key merged, duplicates dropped, order kept."""
    entities: dict[str, Entity] = {}
    mentions: dict[Mention, None] = {}
    relations: dict[Relation, None] = {}
    for part in parts:
        for entity in part.entities:
            entities[entity.key] = (
                merge_entities(entities[entity.key], entity) if entity.key in entities else entity
            )
        mentions.update(dict.fromkeys(part.mentions))
        relations.update(dict.fromkeys(part.relations))
    return Extraction(document_id, tuple(entities.values()), tuple(mentions), tuple(relations))
