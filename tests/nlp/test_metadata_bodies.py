"""Publishers that are not councils (combined authorities, fire and national park authorities,
crime panels) and bilingual Welsh letterheads."""

from __future__ import annotations

import pytest

from nlp.bilingual import english_half, is_welsh
from nlp.council import authority_mentions
from nlp.metadata import infer_council, infer_metadata

PARTNER_PROSE = "The scheme is funded with {body}, which also leads the bus franchising work. " * 4


@pytest.mark.parametrize(
    ("letterhead", "expected"),
    [
        ("DUNHOLME COMBINED AUTHORITY", "Dunholme Combined Authority"),
        ("Eastvale and Marsh Fire and Rescue Authority", "Eastvale and Marsh Fire and Rescue Authority"),
        ("HAWKRIDGE NATIONAL PARK AUTHORITY", "Hawkridge National Park Authority"),
        ("Lowfield Police, Fire and Crime Panel", "Lowfield Police, Fire and Crime Panel"),
        # a real one takes its official name from the gazetteer
        ("SOUTH YORKSHIRE COMBINED AUTHORITY", "South Yorkshire Mayoral Combined Authority"),
        ("Greater London Authority", "Greater London Authority"),
    ],
)
def test_a_body_on_its_own_letterhead_is_the_publisher(letterhead: str, expected: str) -> None:
    text = f"{letterhead}\n\nAudit and Governance Committee\n\nDate: 12 June 2025\n\n1. Apologies were received.\n"
    assert infer_council(text) == expected


def test_a_combined_authority_named_as_a_partner_is_not_the_publisher() -> None:
    text = "LEEDS CITY COUNCIL\n\nExecutive Board\n\n" + PARTNER_PROSE.format(body="the West Yorkshire Combined Authority")
    assert infer_council(text) == "Leeds City Council"
    # the council names itself only in prose, the authority many times
    text = (
        "Report to Cabinet, 3 July 2025\n\nTrent Vale District Council is asked to note the plan.\n\n"
        + PARTNER_PROSE.format(body="the Ouseland Combined Authority")
        + "Ouseland Fire and Rescue Authority was consulted.\n"
    )
    assert infer_council(text) == "Trent Vale District Council"


def test_the_title_is_the_paper_not_the_authority() -> None:
    text = (
        "ASHMOOR COMBINED AUTHORITY\n\nBus Service Improvement Plan - Annual Review\n\n"
        "Report to: Transport Committee\nDate: 9 May 2025\n\n1. Purpose\n"
    )
    meta = infer_metadata(text)
    assert meta.council == "Ashmoor Combined Authority"
    assert meta.council_id == "ashmoor-combined-authority"
    assert meta.title == "Bus Service Improvement Plan - Annual Review"


def test_the_authority_kind_alone_is_no_body() -> None:
    assert list(authority_mentions("Report to the Combined Authority Board and the Mayoral Combined Authority")) == []
    assert list(authority_mentions("the County Fire Authority met")) == []
    assert [m[0] for m in authority_mentions("Peak District National Park Authority")] == [
        "Peak District National Park Authority"]


def test_a_bilingual_letterhead_gives_the_english_council_and_title() -> None:
    text = (
        "CYNGOR SIR FERNDALE\nFERNDALE COUNTY COUNCIL\n\nPWYLLGOR CRAFFU ADDYSG\nEDUCATION SCRUTINY COMMITTEE\n\n"
        "Minutes of the meeting held at County Hall on Thursday, 6 March 2025 at 2.00 pm\n\nPresent: Councillor A. Rees\n"
    )
    meta = infer_metadata(text)
    assert meta.council == "Ferndale County Council"
    assert meta.title == "Education Scrutiny Committee"
    assert meta.date == "2025-03-06"


def test_a_bilingual_line_is_a_letterhead_and_gives_its_english_title() -> None:
    text = (
        "Cyngor Dinas Aberwen / Aberwen City Council\nPwyllgor Cynllunio / Planning Committee\n\n"
        "Date: 2 April 2025\n\n" + "The applicant consulted Carmarthenshire County Council on drainage. " * 4
    )
    meta = infer_metadata(text)
    assert meta.council == "Aberwen City Council"
    assert meta.title == "Planning Committee"


def test_welsh_lines_are_told_from_english_ones() -> None:
    assert is_welsh("Cofnodion y Cyfarfod")
    assert is_welsh("Cyngor Sir Ynys Môn")
    assert not is_welsh("Minutes of the Cabinet")
    assert not is_welsh("A Plan for Tai Hall")  # words both languages share do not make Welsh
    assert english_half("Adroddiad Blynyddol | Annual Report") == "Annual Report"
    assert english_half("Housing / Regeneration") == "Housing / Regeneration"
