"""The meetings found in one paper, and the entities, mentions and relations read about them so
far: each reader (headers, references, attendance, agenda) adds to one `Builder`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from nlp.extract.bodies import body_kind, body_name, norm_body
from nlp.extract.lists import PeopleList
from nlp.extraction import (
    A_BODY_KIND,
    A_DATE,
    A_TIME,
    A_VENUE,
    BODY,
    COUNCIL,
    DOCUMENT_SUBJECT,
    MEETING,
    MEETING_OF,
    REFERS_TO,
    SUB_ORGANIZATION_OF,
    Context,
    Entity,
    Extraction,
    Mention,
    Relation,
    merge,
)
from nlp.records import Document
from nlp.resolve import strip_council_prefix


@dataclass
class Meeting:
    key: str
    body_key: str
    body: str
    day: date
    start: int  # where its header starts
    header_end: int
    kind: str  # "header" (a meeting's own paper or minutes) | "referred"
    time: str = ""
    venue: str = ""
    lists: list[PeopleList] = field(default_factory=list)


class Builder:
    def __init__(self, ctx: Context, doc: Document) -> None:
        self.ctx, self.doc = ctx, doc
        self.entities: list[Entity] = []
        self.mentions: list[Mention] = []
        self.relations: list[Relation] = []
        self.meetings: dict[str, Meeting] = {}
        self.council_key = ctx.key(COUNCIL)

    def body(self, raw: str, start: int, end: int) -> tuple[str, str]:
        name = body_name(raw)
        key = self.ctx.key(BODY, norm_body(name))
        self.entities.append(Entity(key, BODY, name, ((A_BODY_KIND, body_kind(name)),)))
        self.mentions.append(Mention(start, end, self.doc.text[start:end], key))
        self.relations.append(Relation(key, SUB_ORGANIZATION_OF, self.council_key, False, start, end))
        return key, name

    def meeting(self, body_raw: str, body_span: tuple[int, int], day: date, date_span: tuple[int, int],
                kind: str, header_end: int) -> Meeting:
        body_key, name = self.body(body_raw, *body_span)
        # keyed by the bare body name, as resolve keys the body: a council's papers writing
        # "Oakmere Audit Committee" and "Audit Committee" meet on one meeting
        key = self.ctx.key(MEETING, norm_body(strip_council_prefix(name, self.doc.council)), day.isoformat())
        self.mentions.append(Mention(date_span[0], date_span[1], self.doc.text[date_span[0]:date_span[1]], key))
        self.relations.append(Relation(DOCUMENT_SUBJECT, REFERS_TO, key, False, *date_span))
        self.relations.append(Relation(key, MEETING_OF, body_key, False, min(body_span[0], date_span[0]), max(body_span[1], date_span[1])))
        existing = self.meetings.get(key)
        if existing is None or (existing.kind == "referred" and kind == "header"):
            self.meetings[key] = Meeting(key, body_key, name, day, min(body_span[0], date_span[0]), header_end, kind)
        return self.meetings[key]

    def rel(self, s: str, p: str, o: str, literal: bool, start: int, end: int) -> None:
        if s and o:
            self.relations.append(Relation(s, p, o, literal, start, end))

    def result(self) -> Extraction:
        for m in self.meetings.values():
            attributes = [(A_DATE, m.day.isoformat())]
            if m.time:
                attributes.append((A_TIME, m.time))
            if m.venue:
                attributes.append((A_VENUE, m.venue))
            self.entities.append(Entity(m.key, MEETING, f"{m.body}, {m.day.day} {m.day:%B %Y}", tuple(attributes)))
        return merge(self.doc.id, Extraction(self.doc.id, tuple(self.entities), tuple(self.mentions), tuple(self.relations)))
