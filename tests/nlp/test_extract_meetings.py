"""Meetings, attendance, agenda items and resolutions on texts written for the test."""

from __future__ import annotations

from nlp.extract import extract
from nlp.extraction import AGENDA_ITEM, MEETING, RESOLUTION
from nlp.records import Document

PACK = """Testshire District Council

LICENSING COMMITTEE AGENDA

Date: Tuesday 14th March 2023

Time: 6.30pm

Venue: Council Chamber, Town Hall

Membership:

Councillor Adams\tChairman
Councillor Baker\tVice-Chairman
Councillor Mrs Cole

AGENDA

- 1. Apologies
- 2. Minutes
To approve the minutes of the meeting held on 8th February 2023.
- 3. Street Trading Policy Review

LICENSING COMMITTEE

8TH FEBRUARY 2023

PRESENT: Councillors Adams (Chairman), Baker and Mrs Cole

APOLOGIES: Councillor Dean

10. STREET TRADING POLICY

Resolved – to consult on the draft Street Trading Policy.

Chairman

The report will be considered by Cabinet on 21 March and by Council on 4th April 2023.
"""


def _extract(text: str = PACK):
    doc = Document(id="pack", source="pack.txt", text=text, content_hash="x", title="", doc_type="agenda",
                   council="Testshire District Council", council_id="testshire", date="2023-03-14")
    return extract(doc, None)


def _meetings(x):
    return {(e.name.split(",")[0], e.get("date")): e for e in x.entities if e.kind == MEETING}


def test_meetings_from_headers_minutes_and_references():
    meetings = _meetings(_extract())
    assert set(meetings) == {("Licensing Committee", "2023-03-14"), ("Licensing Committee", "2023-02-08"),
                             ("Cabinet", "2023-03-21"), ("Council", "2023-04-04")}
    own = meetings[("Licensing Committee", "2023-03-14")]
    assert own.get("time") == "18:30" and own.get("venue") == "Council Chamber, Town Hall"


def test_attendance_and_membership():
    x = _extract()
    names = {e.key: e.name for e in x.entities}
    minutes = [e.key for e in x.entities if e.kind == MEETING and e.get("date") == "2023-02-08"][0]
    present = {names[r.subject] for r in x.relations if r.predicate == "attended" and r.object == minutes}
    apologies = {names[r.subject] for r in x.relations if r.predicate == "sent_apologies" and r.object == minutes}
    assert present == {"Adams", "Baker", "Cole"} and apologies == {"Dean"}
    chair = {names[r.subject] for r in x.relations if r.predicate == "chair_of"}
    vice = {names[r.subject] for r in x.relations if r.predicate == "vice_chair_of"}
    members = {names[r.subject] for r in x.relations if r.predicate == "member_of"}
    assert chair == {"Adams"} and vice == {"Baker"} and members == {"Adams", "Baker", "Cole"}


def test_agenda_items_and_resolutions():
    x = _extract()
    items = {e.name for e in x.entities if e.kind == AGENDA_ITEM}
    assert {"1. Apologies", "2. Minutes", "3. Street Trading Policy Review", "10. STREET TRADING POLICY"} <= items
    (resolution,) = [e for e in x.entities if e.kind == RESOLUTION]
    assert "consult on the draft Street Trading Policy" in resolution.get("text")
    under = {r.object for r in x.relations if r.subject == resolution.key and r.predicate == "resolved_under"}
    assert {x.entity(k).name for k in under} == {"10. STREET TRADING POLICY"}


def test_every_relation_has_evidence_inside_the_text():
    x = _extract()
    assert x.relations
    for r in x.relations:
        assert 0 <= r.start < r.end <= len(PACK), r
    for m in x.mentions:
        assert PACK[m.start:m.end] == m.text


def test_body_acronyms_defined_in_the_text_name_meetings():
    text = ("The plan goes to the Regeneration and Development (R&D) Panel on 12th April; "
            "the final report will go to R&D on 19th May and Cabinet on 10th December 2024.")
    meetings = _meetings(_extract(text))  # the paper is dated 14 March 2023: yearless dates follow it
    assert ("Regeneration and Development Panel", "2023-04-12") in meetings
    assert ("Regeneration and Development Panel", "2023-05-19") in meetings
    assert ("Cabinet", "2024-12-10") in meetings


def test_the_same_meeting_from_two_documents_has_one_key():
    one = _meetings(_extract())
    other = _meetings(_extract("Minutes of the meeting held on 8th February 2023 were approved.\n\n"
                               "LICENSING COMMITTEE\n\n14 March 2023\n\nPresent: Councillor Adams\n"))
    assert one[("Licensing Committee", "2023-02-08")].key == other[("Licensing Committee", "2023-02-08")].key


def test_one_line_minutes_header_and_officers_in_attendance():
    text = ("Minutes of the meeting of the Planning Committee held on Tuesday 5 March 2024 at 7.00pm "
            "in the Council Chamber, Civic Offices\n\n"
            "Present: Councillor A Smith (Chairman), Councillors B Jones and C Brown\n\n"
            "Officers in attendance: D Green (Head of Planning), E White (Democratic Services Officer)\n\n"
            "Apologies for absence were received from Councillor F Black.\n")
    x = _extract(text)
    meetings = _meetings(x)
    meeting = meetings[("Planning Committee", "2024-03-05")]
    assert meeting.get("time") == "19:00" and meeting.get("venue", "").startswith("Council Chamber")
    names = {e.key: e for e in x.entities}
    rel = {(names[r.subject].name, r.predicate) for r in x.relations if r.object == meeting.key and r.subject in names}
    assert {("A Smith", "attended"), ("B Jones", "attended"), ("C Brown", "attended"),
            ("D Green", "also_present"), ("E White", "also_present"), ("F Black", "sent_apologies"),
            ("A Smith", "chaired")} <= rel
    jobs = {(names[r.subject].name, r.object) for r in x.relations if r.predicate == "job_title"}
    assert ("D Green", "Head of Planning") in jobs


def test_inline_membership_substitutes_and_partner_attendees():
    text = ("AUDIT AND GOVERNANCE COMMITTEE\n\nDate: 12/03/2024\nTime: 18:30\nPlace: Committee Room 1, Civic Centre\n\n"
            "Membership: Councillors Smith (Chair), Jones (Vice-Chair), Brown, Green and White\n\n"
            "Members present:\nCllr Smith (Chair)\nCllr Jones\nCllr Brown\n\n"
            "Substitutes: Councillor Black for Councillor Green\n\n"
            "Also in attendance: Mr Peter Parker (External Auditor, Grant Thornton)\n")
    x = _extract(text)
    meeting = _meetings(x)[("Audit and Governance Committee", "2024-03-12")]
    assert meeting.get("venue") == "Committee Room 1, Civic Centre"
    names = {e.key: e.name for e in x.entities}
    rel = {(names.get(r.subject), r.predicate, r.object if r.literal else names.get(r.object)) for r in x.relations}
    body = "Audit and Governance Committee"
    assert {("Smith", "member_of", body), ("White", "member_of", body), ("Smith", "chair_of", body),
            ("Jones", "vice_chair_of", body)} <= rel
    assert ("Black", "substitute_at", meeting.name) in rel
    assert ("Peter Parker", "job_title", "External Auditor") in rel
    assert ("Peter Parker", "works_for", "Grant Thornton") in rel
    assert [e.name for e in x.entities if e.kind == "body"] == [body]
