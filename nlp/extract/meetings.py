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

from nlp.extract.agenda import items_and_resolutions
from nlp.extract.attendance import attendance_and_membership
from nlp.extract.bodies import body_kind, body_name, norm_body
from nlp.extract.lines import split_lines
from nlp.extract.lists import read_lists
from nlp.extract.meeting_builder import Builder
from nlp.extract.meeting_headers import (
    body_and_date_headers,
    body_tab_date_headers,
    date_cue_headers,
    minutes_lines,
    one_line_headers,
    report_for_meeting,
)
from nlp.extract.meeting_references import (
    acronym_references,
    cell_meetings,
    meeting_columns,
    prose_meetings,
    referred_meetings,
)
from nlp.extraction import Context, Extraction
from nlp.records import Document

# nlp.extract.organisations and nlp.extract.owners import body names from here; they live in bodies.
__all__ = ["body_name", "extract_meetings"]
_norm, _body_kind = norm_body, body_kind


def extract_meetings(doc: Document, ctx: Context) -> Extraction:
    """Meetings, bodies, attendance, membership, agenda items and resolutions of one paper: the
    paper's own meetings first (their headers), then the meetings it refers to, then the lists,
    items and decisions under each header."""
    b = Builder(ctx, doc)
    lines = split_lines(doc.text)
    reference = ctx.document_date
    body_and_date_headers(b, lines, reference)
    body_tab_date_headers(b, lines, reference)
    date_cue_headers(b, lines, reference)
    one_line_headers(b, lines, reference)
    report_for_meeting(b, lines, reference)
    headers = sorted((m for m in b.meetings.values() if m.kind == "header"), key=lambda m: m.start)
    home = headers[0] if headers else None
    minutes_lines(b, lines, reference, home)
    referred_meetings(b, doc.text, reference, home)
    prose_meetings(b, doc.text, reference, home)
    cell_meetings(b, lines, reference)
    acronym_references(b, doc.text, reference)
    meeting_columns(b, lines, reference, home)
    headers = sorted((m for m in b.meetings.values() if m.kind == "header"), key=lambda m: m.start)
    # A meeting header block may repeat (agenda front page, then a report cover for the same
    # meeting); sections are cut at every header occurrence, so keep per-occurrence starts.
    attendance_and_membership(b, read_lists(doc.text, lines), headers)
    items_and_resolutions(b, lines, headers)
    return b.result()
