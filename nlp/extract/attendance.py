"""Attendance and membership: the people lists (present, apologies, substitutes, also present,
membership) read by nlp.extract.lists, tied to the meeting whose header they follow or to the body
their cue names, with the roles (chair, vice-chair, leader, deputy leader, portfolio) they give."""

from __future__ import annotations

import re

from nlp.extract.bodies import BODY_WORDS
from nlp.extract.lists import PeopleList
from nlp.extract.meeting_builder import Builder, Meeting
from nlp.extract.people import listed_key
from nlp.extraction import (
    ALSO_PRESENT,
    ATTENDED,
    CHAIR_OF,
    CHAIRED,
    DEPUTY_LEADER_OF,
    LEADER_OF,
    MEMBER_OF,
    PORTFOLIO,
    SENT_APOLOGIES,
    SUBSTITUTE_AT,
    VICE_CHAIR_OF,
)

_MEMBERS_OF = re.compile(
    r"(?i)\bmembers(?:hip)?\s+of\s+(?:the\s+)?(?P<body>(?:[A-Za-z&'\u2019,\-]+\s+){0,6}?" + BODY_WORDS + r")\b"
    r"|^\W*(?P<cabinet>cabinet)\s+members")


_CABINET = re.compile(r"(?i)(?:the\s+)?(?:cabinet|executive)")


def _membership_body(b: Builder, start: int) -> str | None:
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


def _list_meeting(people_list: PeopleList, headers: list[Meeting]) -> Meeting | None:
    """The meeting whose header a list follows."""
    before = [m for m in headers if m.start <= people_list.start]
    return max(before, key=lambda m: m.start) if before else None


def attendance_and_membership(b: Builder, lists: list[PeopleList], headers: list[Meeting]) -> None:
    ctx = b.ctx
    # Minutes say who was present; an agenda front's "Substitute Members:" names the body's standing
    # substitutes, who have substituted at no meeting yet.
    minuted = {m.key for pl in lists if pl.cue == "PRESENT" and (m := _list_meeting(pl, headers))}
    for people_list in lists:
        for p in people_list.people:
            if p.chairs:  # "Councillor X<TAB>Chair, Overview and Scrutiny Board"
                at = b.doc.text.find(p.chairs, p.line_start, p.line_end)
                body = b.body(p.chairs, at, at + len(p.chairs))[0] if at >= 0 else None
                if body:
                    b.rel(listed_key(ctx, p), VICE_CHAIR_OF if p.chairs_role == "vice_chair" else CHAIR_OF, body,
                          False, p.line_start, p.line_end)
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
            # A cabinet's minutes list its members with their portfolios (or as leader): each one
            # present or sending apologies with a portfolio is a member of the cabinet.
            if _CABINET.fullmatch(meeting.body) and p.councillor and predicate in (ATTENDED, SENT_APOLOGIES) \
                    and (p.portfolio or {"leader", "deputy_leader"} & set(p.roles)):
                b.rel(key, MEMBER_OF, meeting.body_key, False, *span)

