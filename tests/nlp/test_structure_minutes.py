"""Structure of minutes and forward plans: minute references as headings, resolutions as the
first line of what they decide, sub-item titles, and label/value records. Wordings are invented
in the styles of parish, town, district and county papers."""

from __future__ import annotations

from nlp.normalise import normalise
from nlp.passages import make_passages
from nlp.records import Document
from nlp.structure import find_blocks


def _doc(raw: str) -> Document:
    clean = normalise(raw, (0,))
    blocks = find_blocks(clean.text, clean.pages, clean.headings)
    return Document(id="d", source="d.txt", text=clean.text, content_hash="x", title="T", doc_type="minutes",
                    blocks=blocks)


def _headings(doc: Document) -> list[tuple[str, int]]:
    return [(doc.text[b.start : b.end], b.level) for b in doc.blocks if b.kind == "heading"]


def _block(doc: Document, starting: str):
    return next(b for b in doc.blocks if doc.text[b.start : b.end].startswith(starting))


# --- 1. minute references -----------------------------------------------------------------------

_PARISH = (
    "MARSHFIELD PARISH COUNCIL\n\n"
    "Minutes of the Parish Council meeting held in the Reading Room on Monday 3 March 2025\n\n"
    "PC25/031\tAPOLOGIES\n"
    "Cllr Dunn sent apologies (holiday); these were accepted.\n\n"
    "PC25/032\tVILLAGE HALL CAR PARK\n"
    "The Clerk reported three quotes for resurfacing the village hall car park, the lowest from "
    "Severn Surfacing at £8,940. Members asked for the drainage channel to be included.\n\n"
    "PC25/033\tSPEED INDICATOR DEVICE\n"
    "The device recorded 1,412 vehicles over the limit on Mill Road in February.\n"
)


def test_a_tab_separated_minute_reference_and_title_is_a_heading_over_its_minute() -> None:
    doc = _doc(_PARISH)
    assert ("PC25/031\tAPOLOGIES", 2) in _headings(doc)
    assert ("PC25/032\tVILLAGE HALL CAR PARK", 2) in _headings(doc)
    assert not [b for b in doc.blocks if b.kind == "table_row"]  # no "PC25/032 | VILLAGE HALL ..." rows
    passage = next(p for p in make_passages(doc) if "Severn Surfacing" in p.text)
    assert passage.section.endswith("PC25/032 VILLAGE HALL CAR PARK")
    # no passage is a heading-only fragment: each minute's title heads its own text
    assert all(len(p.text.split("\n")) >= 2 for p in make_passages(doc))


def test_minute_references_written_with_spaces_dashes_and_prefixes_are_headings() -> None:
    raw = (
        "Min 45/24 – Footpaths\n\n"
        "The footpath warden reported that the stile on FP12 had been replaced by the county.\n\n"
        "112/24 Correspondence\n\n"
        "A letter from the county library service about mobile library stops was noted.\n\n"
        "C/12/25 Planning Matters\n\n"
        "No applications had been received since the last meeting of the council.\n\n"
        "17.\tFinance\n\n"
        "The council noted the budget monitoring report for the third quarter of the year.\n"
    )
    assert _headings(_doc(raw)) == [
        ("Min 45/24 - Footpaths", 2), ("112/24 Correspondence", 2), ("C/12/25 Planning Matters", 2),
        ("17.\tFinance", 2),
    ]


def test_numbered_lines_in_a_list_or_a_table_are_not_minute_headings() -> None:
    agenda = "AGENDA\n\n24/061\tApologies\n24/062\tDeclarations of interest\n24/063\tFinance report\n"
    assert [b.kind for b in _doc(agenda).blocks][1:] == ["table_row"] * 3
    spaced = "AGENDA\n\n5.\tMinutes\t(Pages 3 - 8)\n\n6.\tPublic questions\n\n7.\tBudget\t(Pages 9 - 20)\n"
    assert not [h for h, _ in _headings(_doc(spaced)) if "Public questions" in h]
    logged = "Minute\tAction\n24/117\tClerk to order the new bench\n"  # one row under a header
    assert [b.kind for b in _doc(logged).blocks] == ["table_row", "table_row"]
    dated = "Paid since the last meeting:\n\n03/02/2025\tBritish Telecom\n\nThe list was approved.\n"
    assert not [h for h, _ in _headings(_doc(dated)) if "British" in h]  # a date, not a reference
    year = "The plan runs to 2030.\n\n2024/25 Budget Outturn\n\nThe outturn was within budget.\n"
    assert ("2024/25 Budget Outturn", 2) not in _headings(_doc(year))  # a year, not a reference


# --- 2. resolutions -----------------------------------------------------------------------------


def test_a_resolution_lead_in_is_the_first_line_of_the_decision_not_a_heading() -> None:
    raw = (
        "WESTBROOK DISTRICT COUNCIL\n\n"
        "Recreation ground lease\n\n"
        "Members considered the renewal of the lease of the recreation ground to the cricket club.\n\n"
        "RESOLVED:\n\n"
        "(1) that the lease be renewed for 25 years;\n"
        "(2) that the rent be reviewed every five years.\n\n"
        "It was RESOLVED that:\n\n"
        "(a) the play area be fenced.\n\n"
        "Resolved -\n\n"
        "To note the report.\n\n"
        "AGREED:\n\n"
        "That the Clerk write to the county council about the verges.\n\n"
        "**RESOLVED**\n\n"
        "That the accounts be approved.\n\n"
        "RESOLVED to note the forward work programme for 2025-26\n\n"
        "- item one of a list that follows the resolution\n\n"
        "The Chairman closed the meeting at 9.15 pm after thanking the members of the public.\n"
    )
    doc = _doc(raw)
    titles = [t for t, _ in _headings(doc)]
    assert not [t for t in titles if t.upper().startswith(("RESOLVED", "IT WAS", "AGREED"))], titles
    for lead in ("RESOLVED:", "It was RESOLVED that:", "Resolved -", "AGREED:"):
        assert _block(doc, lead).kind == "paragraph"
    closing = next(p for p in make_passages(doc) if "closed the meeting" in p.text)
    assert "RESOLVED" not in closing.section and "AGREED" not in closing.section


def test_a_clause_opening_a_resolution_is_not_a_heading_but_a_label_like_agreed_actions_is() -> None:
    raw = (
        "RESOLVED:\n\n"
        "That the Executive:\n\n"
        "(1)\tapproves the Local Transport Plan;\n"
        "(2)\tasks the Director to report back in June.\n\n"
        "Agreed Actions\n\n"
        "- The Director to publish the plan by the end of the month, with the consultation report.\n"
    )
    doc = _doc(raw)
    assert [t for t, _ in _headings(doc)] == ["Agreed Actions"]
    items = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "list_item"]
    assert items[:2] == ["(1)\tapproves the Local Transport Plan;", "(2)\tasks the Director to report back in June."]


def test_a_resolution_stays_in_one_block_with_the_discussion_or_item_it_settles() -> None:
    # text wrapped at a fixed width, as a PDF gives it: a short line ending a sentence would end
    # the paragraph, but not before the decision on what it says
    raw = (
        "The Clerk reported that the boiler in the community centre had failed twice during January\n"
        "and that the heating engineer had advised that the heat exchanger could not be repaired\n"
        "economically, so that a new condensing boiler would be needed before next winter at a cost\n"
        "of about six thousand pounds.\n"
        "RESOLVED: to replace the boiler.\n\n"
        "(c) Tree survey The arboricultural survey commissioned in the autumn found that two of the\n"
        "limes on Church Walk were in poor condition, with decay at the base of both trunks and dead\n"
        "wood over the footpath, and recommended that they be felled within three months of the\n"
        "survey, with replacement planting in the next season.\n"
        "RESOLVED that both limes be felled and replaced with field maples.\n\n"
        "The Chairman thanked the tree warden for arranging the survey and for the report to members\n"
        "of the council on the condition of the trees in the churchyard and along the footpaths.\n"
    )
    doc = _doc(raw)
    report = _block(doc, "The Clerk reported")
    assert doc.text[report.start : report.end].endswith("RESOLVED: to replace the boiler.")
    item = _block(doc, "(c) Tree survey")
    assert item.kind == "list_item" and doc.text[item.start : item.end].endswith("field maples.")


# --- 3. lettered sub-items and their resolutions -----------------------------------------------


def test_a_lettered_item_and_its_resolution_share_a_passage() -> None:
    # a finance minute with lettered sub-items, each a title and a sentence, then its resolution;
    # text wrapped as a PDF gives it, so a short line ending a sentence ends a paragraph
    body = (
        "The Responsible Financial Officer took members through the figures, the budget lines and\n"
        "the comparison with the same period last year, and answered the questions put by members\n"
        "of the council.\n"
    )
    raw = (
        "C/18/25\tFINANCE\n\n"
        f"(a) Bank reconciliation The reconciliation for February was signed by Cllr Amos and\n{body}"
        "RESOLVED that the reconciliation be approved.\n\n"
        f"(b) Grass cutting tender Two tenders were received for the 2025 season and\n{body}"
        "RESOLVED to accept the tender from Greenway Ltd at £4,200 a year.\n\n"
        f"(c) Insurance renewal The renewal premium from the council's insurer was noted and\n{body}"
        "RESOLVED to renew the policy with the current insurer.\n"
    )
    doc = _doc(raw)
    item = _block(doc, "(b) Grass cutting tender")
    assert item.kind == "list_item" and doc.text[item.start : item.end].endswith("£4,200 a year.")
    for passage in make_passages(doc, max_words=90):
        for title, decision in (("(a) Bank", "reconciliation be approved"), ("(b) Grass", "Greenway"),
                                ("(c) Insurance", "renew the policy")):
            if decision in passage.text:
                assert title in passage.text, passage.text


def test_short_lettered_items_in_a_list_stay_list_items() -> None:
    raw = "The services reviewed were:\n\n(a) Housing\n(b) Planning\n(c) Leisure\n\nEach will report in June.\n"
    doc = _doc(raw)
    assert [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "list_item"] == [
        "(a) Housing", "(b) Planning", "(c) Leisure"]


# --- 4. records of labels and values ------------------------------------------------------------


def test_a_cover_sheet_of_labels_and_values_is_one_record_each_value_under_its_own_label() -> None:
    raw = (
        "Report to:\tPolicy and Resources Committee\n"
        "Meeting date:\t14 May 2025\n"
        "Report of:\tHead of Finance and Property\n"
        "Contact:\tJane Okafor, Finance Manager\n"
        "\tjane.okafor@eastleigh-vale.gov.uk\n"
        "Key decision:\tNo\n\n"
        "Purpose of the report\n\n"
        "To set out the final accounts for 2024/25 and the carry forward of unspent budgets.\n"
    )
    doc = _doc(raw)
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert len(rows) == 1
    assert rows[0].header == ("Report to", "Meeting date", "Report of", "Contact", "Key decision")
    assert rows[0].cells[1] == "14 May 2025"
    assert rows[0].cells[3] == "Jane Okafor, Finance Manager jane.okafor@eastleigh-vale.gov.uk"
    passage = next(p for p in make_passages(doc) if "Meeting date" in p.text)
    for pair in ("Report to: Policy and Resources Committee", "Meeting date: 14 May 2025", "Key decision: No"):
        assert pair in passage.text
    assert "Report to:: " not in passage.text and "Policy and Resources Committee: " not in passage.text


def test_forward_plan_entries_are_records_kept_apart_and_together() -> None:
    entry = (
        "FP/2025/{n}\n"
        "Subject:\t{subject}\n"
        "Decision taker:\tExecutive Member for Environment\n"
        "\n"
        "Expected date:\t{date}\n"
        "Consultees:\tWard members; parish councils\n"
        "Contact officer:\tTom Reyes, Waste Strategy Manager\n"
    )
    raw = "\n".join([
        entry.format(n=7, subject="Garden waste charges 2025/26", date="2 June 2025"),
        entry.format(n=8, subject="Bring bank rationalisation", date="30 June 2025"),
    ])
    doc = _doc(raw)
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert [r.header for r in rows] == [("Subject", "Decision taker", "Expected date", "Consultees", "Contact officer")] * 2
    assert rows[1].cells[0] == "Bring bank rationalisation"  # not labelled by the first entry's values
    passages = make_passages(doc)
    first = next(p for p in passages if "Garden waste" in p.text)
    assert "Expected date: 2 June 2025" in first.text and "Contact officer: Tom Reyes" in first.text
    assert "Bring bank" not in first.text or "30 June" in first.text
