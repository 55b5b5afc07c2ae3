"""Meetings: the meeting a paper is for (agenda header "Date: / Time: / Venue:", "REPORT TO
CABINET ... Date of meeting:"), minutes inside agenda packs (a body line, a date line, then
"Present:"), and meetings referred to ("minutes of the meeting held on 20th October 2021",
"considered by Cabinet on 30th July", forward-plan cells "CABINET 12 SEPT 2018").

For each meeting: body, date, time, venue; attendance from the lists that follow its header
(present, apologies, substitutes, also present, chair); numbered agenda items; "RESOLVED"
decisions under the item they belong to. Membership blocks give members of the body and
their roles (chair, vice-chair, leader, deputy leader, portfolio).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from nlp.dates import find_dates, parse_date, parse_time
from nlp.extract.lines import Line, clean, split_lines
from nlp.extract.lists import PeopleList, read_lists
from nlp.extract.people import listed_key
from nlp.extraction import (
    A_BODY_KIND,
    A_DATE,
    A_NUMBER,
    A_TEXT,
    A_TIME,
    A_VENUE,
    AGENDA_ITEM,
    AGENDA_ITEM_OF,
    ALSO_PRESENT,
    ATTENDED,
    BODY,
    CHAIR_OF,
    CHAIRED,
    COUNCIL,
    DEPUTY_LEADER_OF,
    DOCUMENT_SUBJECT,
    LEADER_OF,
    MEETING,
    MEETING_OF,
    MEMBER_OF,
    PORTFOLIO,
    REFERS_TO,
    RESOLUTION,
    RESOLUTION_OF,
    RESOLVED_UNDER,
    SENT_APOLOGIES,
    SUB_ORGANIZATION_OF,
    SUBSTITUTE_AT,
    VICE_CHAIR_OF,
    Context,
    Entity,
    Extraction,
    Mention,
    Relation,
    merge,
)
from nlp.pipeline import cues
from nlp.records import Document

_BODY_WORDS = r"(?:committee|sub-committee|subcommittee|panel|board|forum|cabinet|executive|full\s+council|council)"
BODY_LINE = re.compile(
    r"^(?:(?:report|minutes|agenda|notice)\s+(?:to|of|for)\s+(?:the\s+)?(?:meeting\s+of\s+(?:the\s+)?)?)?"
    r"(?P<body>(?:[A-Za-z&',\-]+\s+){0,6}?" + _BODY_WORDS + r")"
    r"(?:\s+(?:agenda|minutes|meeting|report|summons))?\s*:?$",
    re.IGNORECASE,
)
_COUNCIL_NAME = re.compile(r"\b(?:city|borough|district|county|town|parish)\s+council\b|\bcouncil\s+of\b", re.I)
_TIME_RANGE = re.compile(r"^\s*\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:to|-|\u2013|until)\s*\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?)?\s*$", re.I)
_ITEM = re.compile(
    r"^\s*(?:[-*]\s*)?(?:\*+\s*)?(?:item\s+(?:no\.?\s*)?)?(?P<number>\d{1,3})[.)]?\s+(?:\*+\s*)?(?P<title>[A-Za-z][^\n]{2,150}?)"
    r"(?:\*+\s*)?(?:\s*\*\*\s*\d+\s*[-\u2013]\s*\d+\s*\*\*)?\s*$",
    re.IGNORECASE,
)
_REFERRED = re.compile(
    r"(?P<lead>(?i:minutes\s+of\s+the)\s+(?:(?P<body1>[A-Za-z&' ]{2,40}?)\s+)?(?i:meetings?\s+held\s+on)"
    r"|(?P<body2>\b(?:(?:\(?[A-Z][A-Za-z&']*\)?|and|&|of|for)\s+){0,6}?(?:[Cc]abinet|[Cc]ommittee|[Pp]anel|[Bb]oard|[Cc]ouncil|[Ff]orum))"
    r"\s+(?:meeting\s+)?(?:held\s+)?on)\s+",
)
_CELL = re.compile(r"^(?P<body>(?:[A-Za-z&']+\s+){0,4}?" + _BODY_WORDS + r")\s+(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?(?:\s+\d{4})?)$", re.I)


@dataclass
class _Meeting:
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


def body_name(text: str) -> str:
    """Canonical body name: "SCRUTINY COMMITTEE" -> "Scrutiny Committee", "full council" -> "Council"."""
    text = re.sub(r"\s*\([A-Z&]{2,8}\)", "", text)  # "(R&D)": an acronym the text defines
    text = re.sub(r"\s+", " ", text).strip(" :,-")
    text = re.sub(r"^(?:(?:and|&|of|for)\s+)+", "", text, flags=re.I)
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    if re.fullmatch(r"(?i)(?:full\s+)?council", text):
        return "Council"
    small = {"and", "of", "the", "for", "&", "on", "to"}
    return " ".join(w if w.isupper() and len(w) <= 4 and not w.lower() in small and w not in ("CABINET",)
                    and len(w) <= 3 else (w.lower() if w.lower() in small else w[:1].upper() + w[1:].lower())
                    for w in text.split())


def _norm(name: str) -> str:
    """Body names in keys: "&" and "and" are one."""
    return re.sub(r"\s*&\s*", " and ", name)


def _body_kind(name: str) -> str:
    lower = name.lower()
    for word in ("sub-committee", "committee", "panel", "board", "forum", "cabinet", "executive"):
        if word in lower:
            return word
    return "council"


class _Builder:
    def __init__(self, ctx: Context, doc: Document) -> None:
        self.ctx, self.doc = ctx, doc
        self.entities: list[Entity] = []
        self.mentions: list[Mention] = []
        self.relations: list[Relation] = []
        self.meetings: dict[str, _Meeting] = {}
        self.council_key = ctx.key(COUNCIL)

    def body(self, raw: str, start: int, end: int) -> tuple[str, str]:
        name = body_name(raw)
        key = self.ctx.key(BODY, _norm(name))
        self.entities.append(Entity(key, BODY, name, ((A_BODY_KIND, _body_kind(name)),)))
        self.mentions.append(Mention(start, end, self.doc.text[start:end], key))
        self.relations.append(Relation(key, SUB_ORGANIZATION_OF, self.council_key, False, start, end))
        return key, name

    def meeting(self, body_raw: str, body_span: tuple[int, int], day: date, date_span: tuple[int, int],
                kind: str, header_end: int) -> _Meeting:
        body_key, name = self.body(body_raw, *body_span)
        key = self.ctx.key(MEETING, _norm(name), day.isoformat())
        self.mentions.append(Mention(date_span[0], date_span[1], self.doc.text[date_span[0]:date_span[1]], key))
        self.relations.append(Relation(DOCUMENT_SUBJECT, REFERS_TO, key, False, *date_span))
        self.relations.append(Relation(key, MEETING_OF, body_key, False, min(body_span[0], date_span[0]), max(body_span[1], date_span[1])))
        existing = self.meetings.get(key)
        if existing is None or (existing.kind == "referred" and kind == "header"):
            self.meetings[key] = _Meeting(key, body_key, name, day, min(body_span[0], date_span[0]), header_end, kind)
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


def _same_council(name: str, council: str | None) -> bool:
    """Is `name` the document's council ("Eastbridge Council" on Eastbridge Council's letterhead)?"""
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z]+", text.lower().replace("&", " and "))
    return bool(council) and words(name) == words(council or "")


def _body_line(line: Line, council: str | None = None) -> tuple[str, int, int] | None:
    text = re.sub(r"</?[a-z]+>", "", line.clean)
    if not text or len(text.split()) > 9 or _COUNCIL_NAME.search(text) or _same_council(text, council):
        return None
    to = re.search(r"(?i)\breport\s+to\s*:?\s+(?:the\s+)?(.+?)\s*:?$", text)
    if to and re.fullmatch(r"(?i)(?:[A-Za-z&',\-]+\s+){0,6}?" + _BODY_WORDS, to.group(1)):
        body = to.group(1)
    else:
        m = BODY_LINE.match(text)
        if not m or re.search(r"(?i)\b(?:report|members)\b", m.group("body")):
            return None
        body = m.group("body")
    at = line.text.find(body)
    start = line.start + (at if at >= 0 else 0)
    return body, start, start + len(body)


_TIME_WORDS = re.compile(
    r"(?i)(?:\b(?:at|commencing\s+at|starting\s+at|from)\s+)?\d{1,2}(?:[.:]\d{2})?\s*(?:[ap]\.?m\.?|noon|hrs|hours)"
    r"|(?:\b(?:at|commencing\s+at|from)\s+)?\d{1,2}[.:]\d{2}(?:\s*(?:to|-|\u2013)\s*\d{1,2}[.:]\d{2})?")
_KIND_OF_MEETING = r"(?:(?:ordinary|extraordinary|special|annual|reconvened|additional|adjourned)\s+)?"
# "Minutes of the meeting of the Planning Committee held on ...", "MINUTES of a meeting of the ... held
# in the Council Chamber ... on ...", and a summons: "You are hereby summoned to attend a meeting of the
# Licensing Committee to be held in ... on ...", "Notice is hereby given that a meeting of ... will be held".
_ONE_LINE_HEADER = re.compile(
    r"(?i)^\s*(?:minutes\s+of\s+|.{0,80}?\b(?:summoned|invited|requested)\s+to\s+attend\s+|"
    r"notice\s+is\s+(?:hereby\s+)?given\s+that\s+)?(?:a|an|the)?\s*" + _KIND_OF_MEETING + r"meeting\s+of\s+(?:the\s+)?"
    r"(?P<body>(?:[A-Za-z&'\u2019,\-]+\s+){0,6}?" + _BODY_WORDS + r")\s+(?:(?:to\s+be|will\s+be|was)\s+)?(?:held\s+)?"
    r"(?P<rest>(?:on|at|in)\s+.+)$")
# "Minutes of the meeting held on Wednesday, 13th March, 2024 at 6.30 pm in the Council Chamber" under
# the body's name.
_MINUTES_LINE = re.compile(
    r"(?i)^\s*(?:(?:minutes|record)\s+of\s+(?:the|a|an)\s+" + _KIND_OF_MEETING + r"meeting\s+|(?:meeting\s+)?)held\s+"
    r"(?P<rest>(?:on|at|in)\s+.+)$")
_VENUE = re.compile(
    r"(?:^|\b)(?:in|at)\s+(?:the\s+)?(?P<venue>[A-Z][^.;]*?)"
    r"(?=\s+on\s+|\s+at\s+\d|\s+(?:commencing|starting|from|for\s+the)\b|[.;]?\s*$)")


def _when_and_where(rest: str, reference: date | None) -> tuple[str, str, str] | None:
    """(date text, time, venue) of "on Tuesday 5 March 2024 at 7pm in the Council Chamber ..."."""
    found = [d for d in find_dates(rest, reference) if d.period.granularity == "day"]
    if not found:
        return None
    venue = ""
    for m in _VENUE.finditer(rest):
        candidate = m.group("venue").strip(" ,")
        if not find_dates(candidate, reference) and not re.match(
                r"(?i)(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|noon|midday|mid-day)\b", candidate):
            venue = candidate
            break
    return found[0].text, parse_time(rest) or "", venue


def _held(b: _Builder, body: str, body_span: tuple[int, int] | None, line: Line, rest: str,
          reference: date | None) -> _Meeting | None:
    """The meeting a header line says was (or will be) held: date, time and venue read from `rest`."""
    when = _when_and_where(rest, reference)
    day = parse_date(when[0], reference) if when else None
    if when is None or day is None:
        return None
    at = line.start + max(0, line.text.find(when[0]))
    date_span = (at, at + len(when[0]))
    meeting = b.meeting(body, body_span or date_span, day, date_span, "header", line.end)
    meeting.time = meeting.time or when[1]
    meeting.venue = meeting.venue or when[2]
    return meeting


def _one_line_headers(b: _Builder, lines: list[Line], reference: date | None) -> None:
    """ "Minutes of the meeting of the Planning Committee held on Tuesday 5 March 2024 at 7pm"."""
    for line in lines:
        m = _ONE_LINE_HEADER.match(line.clean)
        if not m:
            continue
        body = m.group("body")
        if _COUNCIL_NAME.search(body) or _same_council(body, b.doc.council):
            # "Minutes of the Meeting of Ashcombe Town Council held at ...": the council's own
            # meeting (its full council) when the council is the document's, or not known
            if b.doc.council and not _same_council(body, b.doc.council):
                continue
            body = "Council"
        at = line.start + max(0, line.text.find(m.group("body")))
        _held(b, body, (at, at + len(m.group("body"))), line, m.group("rest"), reference)


def _minutes_lines(b: _Builder, lines: list[Line], reference: date | None, home: _Meeting | None) -> None:
    """A line of its own "Minutes of the meeting held on 14 November 2023 ..." in a body's agenda
    pack heads the minutes of that body's earlier meeting (when no body line stands above it,
    `_headers` has not read it)."""
    if home is None:
        return
    taken = {m.header_end for m in b.meetings.values()}
    for line in lines:
        held = _MINUTES_LINE.match(line.clean)
        if not held or line.end in taken or not re.match(r"(?i)\s*(?:minutes|record)\b", line.clean):
            continue
        _held(b, home.body, None, line, held.group("rest"), reference)


def _date_line(line: Line, reference: date | None) -> tuple[date, int, int] | None:
    """A line that is only a date (possibly with a weekday), or a "Date:" cue line."""
    text = line.clean
    if not text or len(text) > 60:
        return None
    cue = cues()["DATE"].match(text)
    rest = text[cue.end():] if cue else text
    found = find_dates(rest, reference)
    if len(found) != 1 or found[0].period.granularity != "day":
        return None
    leftover = (rest[: found[0].start] + rest[found[0].end:]).strip(" ,.")
    leftover = _TIME_WORDS.sub("", leftover).strip(" ,.")
    if leftover and not cue and not re.fullmatch(r"(?i)(?:held\s+on|meeting\s+on|on)?", leftover):
        return None
    at = line.text.find(found[0].text)
    start = line.start + (at if at >= 0 else 0)
    return found[0].period.start, start, start + len(found[0].text)


def _headers(b: _Builder, lines: list[Line], reference: date | None) -> None:
    """Body line followed within a few lines by a date line (or "Date:" cue near a body line)."""
    non_blank = [ln for ln in lines if not ln.blank]
    for i, line in enumerate(non_blank):
        body = _body_line(line, b.doc.council)
        if body is None:
            continue
        for j in range(i + 1, min(i + 5, len(non_blank))):
            nxt = non_blank[j]
            found = _date_line(nxt, reference)
            held = _MINUTES_LINE.match(nxt.clean) if not found else None
            if held and _held(b, body[0], (body[1], body[2]), nxt, held.group("rest"), reference):
                break
            if found:
                day, ds, de = found
                meeting = b.meeting(body[0], (body[1], body[2]), day, (ds, de), "header", nxt.end)
                # time and venue: a time range before/after the date, or "Time:" / "Venue:" cues
                for k in range(i + 1, min(j + 6, len(non_blank))):
                    t = non_blank[k].clean
                    if _TIME_RANGE.match(t) or cues()["TIME"].match(t):
                        meeting.time = meeting.time or (parse_time(t) or "")
                    v = cues()["VENUE"].match(t)
                    if v and not meeting.venue:
                        meeting.venue = t[v.end():].strip()
                break
            if _body_line(nxt, b.doc.council) or len(nxt.clean.split()) > 12:
                break


def _date_cues(b: _Builder, lines: list[Line], reference: date | None) -> None:
    """ "Date:" / "Date of meeting:" lines: the body is on a line not far above."""
    non_blank = [ln for ln in lines if not ln.blank]
    for i, line in enumerate(non_blank):
        if not cues()["DATE"].match(line.clean):
            continue
        found = _date_line(line, reference)
        if not found:
            continue
        for k in range(i - 1, max(-1, i - 25), -1):
            body = _body_line(non_blank[k], b.doc.council)
            if body:
                meeting = b.meeting(body[0], (body[1], body[2]), found[0], (found[1], found[2]), "header", line.end)
                for follow in non_blank[i + 1: i + 6]:
                    t = follow.clean
                    if cues()["TIME"].match(t):
                        meeting.time = meeting.time or (parse_time(t) or "")
                    v = cues()["VENUE"].match(t)
                    if v and not meeting.venue:
                        meeting.venue = t[v.end():].strip()
                break


def _report_for_meeting(b: _Builder, lines: list[Line], reference: date | None) -> None:
    """ "REPORT for meeting to be held on Thursday 20 September 2018" under a body line."""
    non_blank = [ln for ln in lines if not ln.blank]
    for i, line in enumerate(non_blank):
        m = re.search(r"(?i)\b(?:for|to)\s+(?:the\s+)?meeting\s+(?:to\s+be\s+)?held\s+on\s+", line.text)
        if not m:
            continue
        day = parse_date(line.text[m.end():], reference)
        if day is None:
            continue
        for k in range(i - 1, max(-1, i - 4), -1):
            body = _body_line(non_blank[k], b.doc.council)
            if body:
                at = line.start + m.end()
                b.meeting(body[0], (body[1], body[2]), day, (at, line.end), "header", line.end)
                break


def _referred(b: _Builder, text: str, reference: date | None, home: _Meeting | None) -> None:
    for m in _REFERRED.finditer(text):
        raw_body = m.group("body1") or m.group("body2")
        if raw_body and not re.search(_BODY_WORDS, raw_body, re.I):
            raw_body = None
        if raw_body and _COUNCIL_NAME.search(raw_body):
            raw_body = None
        if raw_body:
            raw_body = re.sub(r"^(?:(?:Following|After|Before|At|To|By|From|The|This|That|Our|Its|Their|With|Both|Each|All|When|Once|Since|Until|Then|And|Also|A|An|January|February|March|April|May|June|July|August|September|October|November|December|and|&)\s+)+", "", raw_body)
        body_start = m.start("body1") if m.group("body1") else m.start("body2") if m.group("body2") else m.start()
        if not raw_body:
            if home is None or not m.group("lead"):
                continue
            raw_body, body_span = home.body, (m.start(), m.end())
        else:
            body_span = (body_start, body_start + len(m.group("body1") or m.group("body2")))
        tail = text[m.end(): m.end() + 80]
        previous_end = 0
        for found in find_dates(tail, reference):
            gap = tail[previous_end: found.start]
            first = previous_end == 0
            if found.period.granularity != "day":
                break
            if first and not re.fullmatch(r"(?i)\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s*)?", gap):
                break
            if not first and not re.fullmatch(r"\s*(?:,|and|&)\s*", gap):
                break
            start = m.end() + found.start
            b.meeting(raw_body, body_span, found.period.start, (start, start + len(found.text)), "referred", start)
            previous_end = found.end


_DEFINED_ACRONYM = re.compile(
    r"\b((?:[A-Z][A-Za-z']+\s+(?:(?:and|&|of|for)\s+)?){0,6}(?:Panel|Committee|Board|Forum|Cabinet|Group))\s*\(([A-Z][A-Za-z&]{1,7})\)")


def _acronym_references(b: _Builder, text: str, reference: date | None) -> None:
    """ "Regeneration and Development (R&D) Panel ... will go to R&D on 19th November": a body's
    acronym, defined in the text, names its meetings too."""
    acronyms: dict[str, str] = {}
    for m in re.finditer(r"\b((?:[A-Z][A-Za-z']+\s+(?:(?:and|&|of|for)\s+)?){1,6})\(([A-Z][A-Za-z&]{1,7})\)\s+"
                         r"(Panel|Committee|Board|Forum)\b", text):
        acronyms[m.group(2)] = f"{m.group(1).strip()} {m.group(3)}"
    for m in _DEFINED_ACRONYM.finditer(text):
        acronyms.setdefault(m.group(2), m.group(1))
    for acronym, body in acronyms.items():
        for m in re.finditer(r"(?<![\w&])" + re.escape(acronym) + r"(?:\s+(?:meeting|panel|committee))?\s+(?:on|held\s+on)\s+", text):
            found = find_dates(text[m.end(): m.end() + 40], reference)
            if found and found[0].start == 0 and found[0].period.granularity == "day":
                start = m.end()
                b.meeting(body, (m.start(), m.start() + len(acronym)), found[0].period.start,
                          (start, start + len(found[0].text)), "referred", start)


def _cells(b: _Builder, lines: list[Line], reference: date | None) -> None:
    """Forward-plan and work-programme cells: "CABINET 12 SEPT 2018"."""
    for line in lines:
        if "\t" not in line.text:
            continue
        offset = line.start
        for cell in line.text.split("\t"):
            m = _CELL.match(cell.strip())
            if m and not _COUNCIL_NAME.search(m.group("body")):
                day = parse_date(m.group("date"), reference)
                if day:
                    at = offset + cell.find(m.group("body"))
                    dat = offset + cell.find(m.group("date"))
                    b.meeting(m.group("body"), (at, at + len(m.group("body"))), day,
                              (dat, dat + len(m.group("date"))), "referred", dat)
            offset += len(cell) + 1


_MEETING_COLUMN = re.compile(r"(?i)^\s*(?:date\s+of\s+(?:the\s+)?meeting|meeting\s+date|committee\s+date)\s*$")


def _meeting_columns(b: _Builder, lines: list[Line], reference: date | None, home: _Meeting | None) -> None:
    """Work programmes: a "Date of meeting" column lists the body's own future meetings."""
    if home is None:
        return
    in_table = False
    for line in lines:
        if "\t" not in line.text:
            if not line.blank:
                in_table = False
            continue
        first = line.text.split("\t", 1)[0]
        if _MEETING_COLUMN.match(clean(first)):
            in_table = True
            continue
        if not in_table or not first.strip():
            continue
        found = find_dates(first, reference)
        if len(found) == 1 and found[0].period.granularity == "day" and not first.replace(found[0].text, "").strip():
            at = line.start + first.find(found[0].text)
            b.meeting(home.body, (at, at + len(found[0].text)), found[0].period.start,
                      (at, at + len(found[0].text)), "referred", at)


_MEMBERS_OF = re.compile(
    r"(?i)\bmembers(?:hip)?\s+of\s+(?:the\s+)?(?P<body>(?:[A-Za-z&'\u2019,\-]+\s+){0,6}?" + _BODY_WORDS + r")\b"
    r"|^\W*(?P<cabinet>cabinet)\s+members")


def _membership_body(b: _Builder, start: int) -> str | None:
    """The body a membership list names in its cue ("Cabinet Members", "To: All Members of the
    Licensing Committee", "Membership of the Planning Committee"); None for "Committee members"."""
    end = b.doc.text.find("\n", start)
    cue = b.doc.text[start: end if end >= 0 else len(b.doc.text)]
    m = _MEMBERS_OF.search(cue)
    if not m:
        return None
    raw = m.group("body") or m.group("cabinet")
    if re.fullmatch(r"(?i)(?:the\s+)?(?:committee|sub-committee|panel|board|forum|council)", raw):
        return None  # the body of the meeting the list belongs to
    at = start + m.start("body" if m.group("body") else "cabinet")
    return b.body(raw, at, at + len(raw))[0]


def _list_meeting(people_list: PeopleList, headers: list[_Meeting]) -> _Meeting | None:
    """The meeting whose header a list follows."""
    before = [m for m in headers if m.start <= people_list.start]
    return max(before, key=lambda m: m.start) if before else None


def _attendance(b: _Builder, lists: list[PeopleList], headers: list[_Meeting]) -> None:
    ctx = b.ctx
    # Minutes say who was present; an agenda front's "Substitute Members:" names the body's standing
    # substitutes, who have substituted at no meeting yet.
    minuted = {m.key for pl in lists if pl.cue == "PRESENT" and (m := _list_meeting(pl, headers))}
    for people_list in lists:
        meeting = _list_meeting(people_list, headers)
        if people_list.cue == "MEMBERSHIP":
            named = _membership_body(b, people_list.start)
            if meeting is None and named is None:
                continue
            body_key = named or meeting.body_key
            for p in people_list.people:
                key = listed_key(ctx, p)
                span = (p.line_start, p.line_end)
                b.rel(key, MEMBER_OF, body_key, False, *span)
                for role in p.roles:
                    predicate = {"chair": CHAIR_OF, "vice_chair": VICE_CHAIR_OF, "leader": LEADER_OF,
                                 "deputy_leader": DEPUTY_LEADER_OF}.get(role)
                    target = b.council_key if role in ("leader", "deputy_leader") else body_key
                    if predicate:
                        b.rel(key, predicate, target, False, *span)
                if p.portfolio and p.councillor:
                    b.rel(key, PORTFOLIO, p.portfolio, True, *span)
            continue
        if meeting is None or people_list.start - meeting.header_end > 4000:
            continue
        meeting.lists.append(people_list)
        predicate = {"PRESENT": ATTENDED, "APOLOGIES": SENT_APOLOGIES, "ALSO_PRESENT": ALSO_PRESENT,
                     "SUBSTITUTES": SUBSTITUTE_AT}.get(people_list.cue)
        if predicate is None:
            continue
        for p in people_list.people:
            key = listed_key(ctx, p)
            span = (p.line_start, p.line_end)
            if predicate == SUBSTITUTE_AT and meeting.key not in minuted and not p.substitute_for:
                continue
            b.rel(key, predicate, meeting.key, False, *span)
            if "substitute" in p.roles:
                b.rel(key, SUBSTITUTE_AT, meeting.key, False, *span)
            if "chair" in p.roles and predicate == ATTENDED:
                b.rel(key, CHAIRED, meeting.key, False, *span)
            for role in p.roles:
                if role in ("leader", "deputy_leader"):
                    b.rel(key, LEADER_OF if role == "leader" else DEPUTY_LEADER_OF, b.council_key, False, *span)
            if p.portfolio and p.councillor:
                b.rel(key, PORTFOLIO, p.portfolio, True, *span)


def _items_and_resolutions(b: _Builder, lines: list[Line], headers: list[_Meeting]) -> None:
    """Numbered agenda items and RESOLVED decisions, within each meeting's own section."""
    ordered = sorted(headers, key=lambda m: m.start)
    for index, meeting in enumerate(ordered):
        limit = ordered[index + 1].start if index + 1 < len(ordered) else len(b.doc.text)
        section = [ln for ln in lines if meeting.header_end <= ln.start < limit]
        is_agenda = any(cues()["AGENDA"].match(ln.clean) for ln in section[:40])
        if not (is_agenda or meeting.lists):
            continue  # a report's cover page: its numbered paragraphs are not agenda items
        last_number = 0
        current_item = ""
        resolution_seq = 0
        for line_index, line in enumerate(section):
            text = line.clean
            if cues()["SIGNATURE"].match(text):
                break
            m = _ITEM.match(line.text.replace("**", " ").replace("*", " "))
            if m:
                number = int(m.group("number"))
                title = m.group("title").strip(" *:")
                if (last_number < number <= last_number + 3 or last_number == 0) and len(title.split()) <= 16 \
                        and not re.search(r"[.;]$", title) and re.search(r"[A-Za-z]{3}", title):
                    last_number = number
                    item_key = b.ctx.key(AGENDA_ITEM, _norm(meeting.body), meeting.day.isoformat(), str(number))
                    b.entities.append(Entity(item_key, AGENDA_ITEM, f"{number}. {title}", ((A_NUMBER, str(number)),)))
                    b.mentions.append(Mention(line.start, line.end, line.text, item_key))
                    b.rel(item_key, AGENDA_ITEM_OF, meeting.key, False, line.start, line.end)
                    current_item = item_key
                    continue
            if cues()["RESOLVED"].search(text) and re.match(r"(?i)^\s*(?:it\s+was\s+)?resolved\b", text):
                resolution_seq += 1
                end_line = line
                open_ended = bool(re.search(r"[:;\-\u2013]\s*$|\bto\s*$", text))
                for follow in section[line_index + 1: line_index + 12]:
                    if follow.blank:
                        continue
                    bullet = re.match(r"^\s*(?:[-*\u2022]\s|\(\w{1,3}\)|[a-z]\))", follow.text)
                    if bullet or open_ended:
                        end_line = follow
                        text = text + " " + follow.clean
                        open_ended = bool(re.search(r"[:;]\s*$|\band\s*$", follow.clean)) or bool(bullet)
                        continue
                    break
                key = b.ctx.key(RESOLUTION, _norm(meeting.body), meeting.day.isoformat(), str(resolution_seq))
                body = re.sub(r"\s+", " ", text).strip()
                b.entities.append(Entity(key, RESOLUTION, body[:200], ((A_TEXT, body),)))
                b.mentions.append(Mention(line.start, end_line.end, b.doc.text[line.start:end_line.end], key))
                b.rel(key, RESOLUTION_OF, meeting.key, False, line.start, end_line.end)
                if current_item:
                    b.rel(key, RESOLVED_UNDER, current_item, False, line.start, end_line.end)


def extract_meetings(doc: Document, ctx: Context) -> Extraction:
    b = _Builder(ctx, doc)
    lines = split_lines(doc.text)
    reference = ctx.document_date
    _headers(b, lines, reference)
    _date_cues(b, lines, reference)
    _one_line_headers(b, lines, reference)
    _report_for_meeting(b, lines, reference)
    headers = sorted((m for m in b.meetings.values() if m.kind == "header"), key=lambda m: m.start)
    home = headers[0] if headers else None
    _minutes_lines(b, lines, reference, home)
    _referred(b, doc.text, reference, home)
    _cells(b, lines, reference)
    _acronym_references(b, doc.text, reference)
    _meeting_columns(b, lines, reference, home)
    headers = sorted((m for m in b.meetings.values() if m.kind == "header"), key=lambda m: m.start)
    # A meeting header block may repeat (agenda front page, then a report cover for the same
    # meeting); sections are cut at every header occurrence, so keep per-occurrence starts.
    _attendance(b, read_lists(doc.text, lines), headers)
    _items_and_resolutions(b, lines, headers)
    return b.result()
