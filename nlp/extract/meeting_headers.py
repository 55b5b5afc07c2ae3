"""A meeting's own header: the meeting a paper is for or whose minutes it holds.

Read in several layouts: a body line with a date line under it ("PLANNING COMMITTEE" /
"Tuesday 5 March 2024"), "Date:" / "Time:" / "Venue:" cues under a body line, one line
("Minutes of the meeting of the Planning Committee held on ... at 7pm in ...", a summons or
notice), "Minutes of the meeting held on ..." in a body's agenda pack, and "REPORT for meeting to
be held on ..." under a body line."""

from __future__ import annotations

import re
from datetime import date

from nlp.dates import find_dates, parse_date, parse_time
from nlp.extract.bodies import BODY_WORDS, COUNCIL_NAME, body_line, same_council
from nlp.extract.lines import Line, clean
from nlp.extract.meeting_builder import Builder, Meeting
from nlp.pipeline import cues

_TIME_RANGE = re.compile(r"^\s*\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:to|-|\u2013|until)\s*\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?)?\s*$", re.I)
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
    r"(?P<body>(?:[A-Za-z&'\u2019,\-]+\s+){0,6}?" + BODY_WORDS + r")\s+(?:(?:to\s+be|will\s+be|was)\s+)?(?:held\s+)?"
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


def _held(b: Builder, body: str, body_span: tuple[int, int] | None, line: Line, rest: str,
          reference: date | None) -> Meeting | None:
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


def one_line_headers(b: Builder, lines: list[Line], reference: date | None) -> None:
    """ "Minutes of the meeting of the Planning Committee held on Tuesday 5 March 2024 at 7pm"."""
    for line in lines:
        m = _ONE_LINE_HEADER.match(line.clean)
        if not m:
            continue
        body = m.group("body")
        if COUNCIL_NAME.search(body) or same_council(body, b.doc.council):
            # "Minutes of the Meeting of Ashcombe Town Council held at ...": the council's own
            # meeting (its full council) when the council is the document's, or not known
            if b.doc.council and not same_council(body, b.doc.council):
                continue
            body = "Council"
        at = line.start + max(0, line.text.find(m.group("body")))
        _held(b, body, (at, at + len(m.group("body"))), line, m.group("rest"), reference)


def minutes_lines(b: Builder, lines: list[Line], reference: date | None, home: Meeting | None) -> None:
    """A line of its own "Minutes of the meeting held on 14 November 2023 ..." in a body's agenda
    pack heads the minutes of that body's earlier meeting (when no body line stands above it,
    `body_and_date_headers` has not read it)."""
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


def body_and_date_headers(b: Builder, lines: list[Line], reference: date | None) -> None:
    """Body line followed within a few lines by a date line (or "Date:" cue near a body line)."""
    non_blank = [ln for ln in lines if not ln.blank]
    for i, line in enumerate(non_blank):
        body = body_line(line, b.doc.council)
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
            if body_line(nxt, b.doc.council) or len(nxt.clean.split()) > 12:
                break


def body_tab_date_headers(b: Builder, lines: list[Line], reference: date | None) -> None:
    """A cover's first lines set as a row: "CABINET<TAB>26 November 2024" (the body, then the day)."""
    for line in [ln for ln in lines if not ln.blank][:12]:
        cells = [c for c in line.text.split("\t") if clean(c)]
        if len(cells) != 2:
            continue
        at = line.start + line.text.find(cells[0])
        body = body_line(Line(line.number, at, at + len(cells[0]), cells[0]), b.doc.council)
        found = _date_line(Line(line.number, line.start + line.text.rfind(cells[1]), line.end, cells[1]), reference)
        if body and found:
            b.meeting(body[0], (body[1], body[2]), found[0], (found[1], found[2]), "header", line.end)


def date_cue_headers(b: Builder, lines: list[Line], reference: date | None) -> None:
    """ "Date:" / "Date of meeting:" lines: the body is on a line not far above."""
    non_blank = [ln for ln in lines if not ln.blank]
    for i, line in enumerate(non_blank):
        if not cues()["DATE"].match(line.clean):
            continue
        found = _date_line(line, reference)
        if not found:
            continue
        for k in range(i - 1, max(-1, i - 25), -1):
            body = body_line(non_blank[k], b.doc.council)
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


def report_for_meeting(b: Builder, lines: list[Line], reference: date | None) -> None:
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
            body = body_line(non_blank[k], b.doc.council)
            if body:
                at = line.start + m.end()
                b.meeting(body[0], (body[1], body[2]), day, (at, line.end), "header", line.end)
                break
