"""Meetings a paper refers to: "minutes of the meeting held on 20th October 2021", "considered by
Cabinet on 30th July", a body's defined acronym ("will go to R&D on 19th November"), forward-plan
cells ("CABINET 12 SEPT 2018") and a work programme's "Date of meeting" column."""

from __future__ import annotations

import re
from datetime import date

from nlp.dates import find_dates, parse_date
from nlp.extract.bodies import BODY_WORDS, COUNCIL_NAME
from nlp.extract.lines import Line, clean
from nlp.extract.meeting_builder import Builder, Meeting

_REFERRED = re.compile(
    r"(?P<lead>(?i:minutes\s+of\s+the)\s+(?:(?P<body1>[A-Za-z&' ]{2,40}?)\s+)?(?i:meetings?\s+held\s+on)"
    r"|(?P<body2>\b(?:(?:\(?[A-Z][A-Za-z&']*\)?|and|&|of|for)\s+){0,6}?(?:[Cc]abinet|[Cc]ommittee|[Pp]anel|[Bb]oard|[Cc]ouncil|[Ff]orum))"
    r"\s+(?:meeting\s+)?(?:held\s+)?on)\s+",
)
_CELL = re.compile(r"^(?P<body>(?:[A-Za-z&']+\s+){0,4}?" + BODY_WORDS + r")\s+(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?(?:\s+\d{4})?)$", re.I)


_LEADING = re.compile(
    r"^(?:(?:Following|After|Before|At|To|By|From|The|This|That|Our|Its|Their|With|Both|Each|All|When|Once|Since|"
    r"Until|Then|And|Also|A|An|January|February|March|April|May|June|July|August|September|October|November|"
    r"December|and|&)\s+)+")
_BODY_NAME = re.compile(r"\b(?:(?:\(?[A-Z][A-Za-z&']*\)?|and|&|of|for)\s+){0,6}?(?:Cabinet|Executive|Committee|Panel|Board|"
                        r"Council|Forum)\b")
# "... to Council at its meeting on 10 July", "the Board would wish to ... at its next meeting on 3 July"
_ITS_MEETING = re.compile(r"(?i)\bits\s+(?:next\s+)?meeting\s+(?:(?:to\s+be\s+)?held\s+)?on\s+")
# "The Health and Wellbeing Board had agreed ... on 26 June", "Council adopted the plan on 19 July 2023"
_BODY_DID = re.compile(r"(?:had\s+|has\s+)?(?:approved|agreed|adopted|considered|noted|endorsed|discussed|reviewed)\b"
                       r"[^.;:,\n]{0,70}?\bon\s+")
# "Date of next meeting: Tuesday 16 July 2024", "The next meeting will be held on ..."
_NEXT_MEETING = re.compile(r"(?i)(?<!its )\b(?:date\s+of\s+(?:the\s+)?)?next\s+meeting\s*(?::|(?:will\s+be\s+|is\s+)?(?:held\s+)?on)\s*")


def _day_at(text: str, at: int, reference: date | None):  # type: ignore[no-untyped-def]
    """The day written at `at` (a weekday may come first), or None."""
    found = find_dates(text[at: at + 40], reference)
    if not found or found[0].period.granularity != "day":
        return None
    if not re.fullmatch(r"(?i)\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s*)?", text[at: at + found[0].start]):
        return None
    return found[0]


def _named_body(candidates: list[re.Match[str]]) -> re.Match[str] | None:
    """The body a phrase refers back to: the last named before it; "the Board" stands for the last
    full name ending in "Board"."""
    for m in reversed(candidates):
        name = _LEADING.sub("", m.group(0))
        if COUNCIL_NAME.search(name):
            continue
        if len(name.split()) > 1 or name in ("Cabinet", "Executive", "Council"):
            return m
        earlier = [c for c in candidates if c.start() < m.start() and c.group(0).endswith(name)
                   and len(_LEADING.sub("", c.group(0)).split()) > 1]
        return earlier[-1] if earlier else None
    return None


def prose_meetings(b: Builder, text: str, reference: date | None, home: Meeting | None) -> None:
    """Meetings named in running text by what a body did on a day, by "its meeting on", and by
    "Date of next meeting:" (the paper's own body)."""
    def add(body: re.Match[str] | str, found, at: int) -> None:  # type: ignore[no-untyped-def]
        start = at + found.start
        if isinstance(body, str):
            raw, span = body, (start, start + len(found.text))
        else:
            raw = _LEADING.sub("", body.group(0))
            span = (body.end() - len(raw), body.end())
        b.meeting(raw, span, found.period.start, (start, start + len(found.text)), "referred", start)

    for m in _ITS_MEETING.finditer(text):
        sentence = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start()), m.start() - 300)
        body = _named_body(list(_BODY_NAME.finditer(text, sentence + 1, m.start())))
        found = _day_at(text, m.end(), reference)
        if body and found:
            add(body, found, m.end())
    for body in _BODY_NAME.finditer(text):
        did = _BODY_DID.match(text, body.end() + 1) if text[body.end(): body.end() + 1] == " " else None
        if not did or not _named_body([body]):
            continue
        found = _day_at(text, did.end(), reference)
        if found:
            add(body, found, did.end())
    if home is not None:
        for m in _NEXT_MEETING.finditer(text):
            found = _day_at(text, m.end(), reference)
            if found:
                add(home.body, found, m.end())


def referred_meetings(b: Builder, text: str, reference: date | None, home: Meeting | None) -> None:
    """ "minutes of the meeting held on 20th October 2021" (the paper's own body when none is named),
    "considered by Cabinet on 30th July and 3rd September"."""
    for m in _REFERRED.finditer(text):
        raw_body = m.group("body1") or m.group("body2")
        if raw_body and not re.search(BODY_WORDS, raw_body, re.I):
            raw_body = None
        if raw_body and COUNCIL_NAME.search(raw_body):
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


def acronym_references(b: Builder, text: str, reference: date | None) -> None:
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


def cell_meetings(b: Builder, lines: list[Line], reference: date | None) -> None:
    """Forward-plan and work-programme cells: "CABINET 12 SEPT 2018"."""
    for line in lines:
        if "\t" not in line.text:
            continue
        offset = line.start
        for cell in line.text.split("\t"):
            m = _CELL.match(cell.strip())
            if m and not COUNCIL_NAME.search(m.group("body")):
                day = parse_date(m.group("date"), reference)
                if day:
                    at = offset + cell.find(m.group("body"))
                    dat = offset + cell.find(m.group("date"))
                    b.meeting(m.group("body"), (at, at + len(m.group("body"))), day,
                              (dat, dat + len(m.group("date"))), "referred", dat)
            offset += len(cell) + 1


_MEETING_COLUMN = re.compile(r"(?i)^\s*(?:date\s+of\s+(?:the\s+)?meeting|meeting\s+date|committee\s+date)\s*$")


def meeting_columns(b: Builder, lines: list[Line], reference: date | None, home: Meeting | None) -> None:
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
