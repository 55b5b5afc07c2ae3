from __future__ import annotations

from nlp.normalise import normalise
from nlp.structure import find_blocks


def _blocks(raw: str, pages=(0,)):
    clean = normalise(raw, pages)
    return clean.text, find_blocks(clean.text, clean.pages, clean.headings)


def _kinds(raw: str) -> list[tuple[str, str]]:
    text, blocks = _blocks(raw)
    return [(b.kind, text[b.start : b.end]) for b in blocks]


def test_headings_of_every_kind() -> None:
    raw = (
        "# Report to Cabinet\n\n"
        "1. Background\n\nThe council approved the strategy in 2023 after a long consultation.\n\n"
        "3.2 Financial implications\n\nThere are no direct financial implications of this report at all.\n\n"
        "RECOMMENDATIONS\n\nThat Cabinet notes the report and the progress made against the plan.\n\n"
        "**Housing Options**\n\nThe service is open to all members of the public aged sixteen or above.\n"
    )
    text, blocks = _blocks(raw)
    headings = [(text[b.start : b.end], b.level) for b in blocks if b.kind == "heading"]
    assert headings == [
        ("Report to Cabinet", 1),
        ("1. Background", 2),
        ("3.2 Financial implications", 3),
        ("RECOMMENDATIONS", 1),
        ("Housing Options", 3),
    ]


def test_a_numbered_sentence_is_a_list_item_not_a_heading() -> None:
    kinds = _kinds("1.1 The Council's 2023-2027 Corporate Strategy was approved by Council on 23 November 2023.")
    assert kinds[0][0] == "list_item"


def test_list_items_of_every_kind_keep_their_wrapped_lines() -> None:
    raw = "- first item\n• second item\n  wraps here\na) third\n(ii) fourth\n"
    kinds = _kinds(raw)
    assert [k for k, _ in kinds] == ["list_item"] * 4
    assert kinds[1][1] == "• second item\n  wraps here"


def test_paragraph_joins_wrapped_lines_and_stops_at_blank() -> None:
    kinds = _kinds("The council will review\nthe plan next year.\n\nA second paragraph follows here.")
    assert kinds == [
        ("paragraph", "The council will review\nthe plan next year."),
        ("paragraph", "A second paragraph follows here."),
    ]


def test_wrapped_pdf_paragraphs_break_at_short_sentence_ends() -> None:
    wrapped = "The council reviewed the plan and the budget for the year ahead and agreed"
    raw = "\n".join([
        wrapped, wrapped, wrapped, "the changes proposed.",
        wrapped, wrapped, wrapped, wrapped, "all of it.",
        wrapped, wrapped, "to report back.",
    ])
    kinds = _kinds(raw)
    assert [k for k, _ in kinds] == ["paragraph"] * 3
    assert kinds[0][1].endswith("the changes proposed.") and kinds[1][1].endswith("all of it.")


def test_headings_in_wrapped_text_without_blank_lines() -> None:
    wrapped = "The council reviewed the plan and the budget for the year ahead and agreed"
    raw = "\n".join([wrapped, wrapped, "the changes proposed.", "Financial Implications", wrapped, wrapped,
                     wrapped, "the end.", "Next steps", wrapped, wrapped, "done."])
    text, blocks = _blocks(raw)
    headings = [text[b.start : b.end] for b in blocks if b.kind == "heading"]
    assert headings == ["Financial Implications", "Next steps"]


def test_unwrapped_text_keeps_lines_together() -> None:
    kinds = _kinds("Short line one.\nAnother short line.\nA third.")
    assert len(kinds) == 1


def test_tab_table_with_header_row() -> None:
    raw = (
        "Ref\tPerformance indicator\t2023/24\tQ1\tTarget\tStatus\n"
        "1.1\t% of planning applications determined in 8 weeks\t89%\t92%\t70%\tG\n"
        "1.2\tNumber of new homes delivered\t636\t40\t571\tR\n"
    )
    text, blocks = _blocks(raw)
    rows = [b for b in blocks if b.kind == "table_row"]
    assert len(rows) == 3
    header = ("Ref", "Performance indicator", "2023/24", "Q1", "Target", "Status")
    assert rows[0].cells == header and rows[0].header == header  # the header row marks itself
    assert rows[1].cells == ("1.1", "% of planning applications determined in 8 weeks", "89%", "92%", "70%", "G")
    assert rows[1].header == header and rows[2].header == header


def test_wrapped_header_line_above_a_header_is_joined() -> None:
    raw = (
        "Intro paragraph before the table starts here.\n\n"
        "DI\t\t\t\tHow often can\t\t\n"
        "PI no\tDescription of Performance Indicator\tTarget 13/14\tBasis for target\tthe PI be reported?\tSource\t\n"
        "\tSatisfaction with DFG service\t95%\t\tQuarterly\tSurveys returned\t\n"
    )
    _, blocks = _blocks(raw)
    assert blocks[-1].header[4] == "How often can the PI be reported?"
    assert blocks[-1].header[2] == "Target 13/14"


def test_first_short_line_is_the_title_heading() -> None:
    text, blocks = _blocks("Service Plan 2014-2015\n\nCustomer and Community Services HOUSING SERVICES\n")
    assert (blocks[0].kind, blocks[0].level, text[blocks[0].start : blocks[0].end]) == ("heading", 1, "Service Plan 2014-2015")


def test_two_line_header_is_merged() -> None:
    raw = (
        "Ref\tPerformance indicator\t2023/24\t\t2024/\t25\tComments\n"
        "Ref\t\t2023/24\tQ1\tQ2\tTarget\tComments\n"
        "2.1\tEV charging points installed\t18\t22\t\t30\tCumulative data\n"
    )
    _, blocks = _blocks(raw)
    assert blocks[2].header == ("Ref", "Performance indicator", "2023/24", "Q1", "Q2", "Target", "Comments")


def test_label_only_table_has_no_header() -> None:
    raw = "Councillor Sheldon\tChairman - Leader of the Council\nCouncillor Cutler\tWaste & Environmental Health\n"
    _, blocks = _blocks(raw)
    assert [b.kind for b in blocks] == ["table_row", "table_row"]
    assert all(b.header == () for b in blocks)


def test_header_without_known_words_found_by_values_under_it() -> None:
    raw = "Grant\tRepayment\n30,000\t10,000\n25,000\t10,000\n"
    _, blocks = _blocks(raw)
    assert blocks[1].header == ("Grant", "Repayment")


def test_a_new_header_row_starts_a_new_table_across_blank_lines() -> None:
    raw = (
        "Ref\tIndicator\tTarget\n1\tCalls answered\t75%\n\n"
        "Risk\tOwner\tImpact\tLikelihood\n1\tFunding cut\tD Cochrane\t3\n"
    )
    _, blocks = _blocks(raw)
    assert blocks[1].header == ("Ref", "Indicator", "Target")
    assert blocks[3].header == ("Risk", "Owner", "Impact", "Likelihood")


def test_column_aligned_rows() -> None:
    raw = "Service        Budget     Actual\nWaste          1,200      1,150\nParks          800        820\n"
    _, blocks = _blocks(raw)
    assert [b.kind for b in blocks] == ["table_row"] * 3
    assert blocks[1].cells == ("Waste", "1,200", "1,150")
    assert blocks[1].header == ("Service", "Budget", "Actual")


def test_double_space_after_full_stops_is_not_a_table() -> None:
    raw = "The plan was agreed.  It starts in May.\nOfficers will report back.  Members noted it.\n"
    assert {k for k, _ in _kinds(raw)} == {"paragraph"}


def test_lone_tab_line_outside_a_table_is_a_paragraph() -> None:
    kinds = _kinds("Lead Officer: De\tbbie Ess\n\nSome text follows.")
    assert kinds[0][0] == "table_row"  # two cells: kept as a row
    kinds = _kinds("An opening paragraph that is long enough.\n\n\tjust one cell here\n\nSome text follows.")
    assert kinds[1] == ("paragraph", "just one cell here")


def test_blocks_carry_page_numbers_and_do_not_span_pages() -> None:
    raw = "1. Background\nFirst page text\fcontinues on page two\n"
    text, blocks = _blocks(raw)
    assert [(b.kind, b.page) for b in blocks] == [("heading", 1), ("paragraph", 1), ("paragraph", 2)]


def test_blocks_are_ordered_and_inside_the_text(sample_files) -> None:
    for path in sample_files:
        text, blocks = _blocks(path.read_text(encoding="utf-8"))
        previous_end = 0
        for block in blocks:
            assert previous_end <= block.start < block.end <= len(text)
            assert text[block.start : block.end].strip() == text[block.start : block.end]
            previous_end = block.end


def test_sample_kpi_table_rows_carry_their_header(sample_dir) -> None:
    text, blocks = _blocks((sample_dir / "west-norfolk-2024-11-05-cabinet-q1-performance-report.txt").read_text())
    rows = [b for b in blocks if b.kind == "table_row" and b.cells and b.cells[0] == "1.1"]
    assert rows, "KPI row 1.1 not found"
    header = rows[0].header
    assert "Target" in header and "Q1" in header
    assert rows[0].cells[header.index("Target")] == "70%"


def test_indicator_cards_are_headed_by_their_coded_titles() -> None:
    """Performance reports give each indicator a card: a coded title on its own line, then
    status, target, figure and commentary. The title heads the card (so a passage is one card,
    under its theme), while a label with its value and a quarter's note stay text."""
    raw = (
        "Annual indicators (reported at Q4):\n\n"
        "- PE001: Percentage of people who agree there is a strong sense of community\n\n"
        "Place\n\n"
        "HOS006: Average Void Turnaround Time\n\n"
        "Off target\n\nTarget 20 days\n\nLatest Performance\n24.8 days\n\n"
        "Performance still off target but trending down from last quarter.\n\n"
        "L003: Leisure Memberships\n\n"
        "On target\n\nTarget: 2,600\n\n"
        "Q2: Monthly Board meetings and a workshop on the estates portfolio.\n\n"
        "KPI 12 - Missed bins per 100,000 collections\n\nTarget 60\n"
    )
    text, blocks = _blocks(raw)
    headings = [(text[b.start : b.end], b.level) for b in blocks if b.kind == "heading"]
    assert ("Place", 3) in headings
    assert ("HOS006: Average Void Turnaround Time", 4) in headings
    assert ("L003: Leisure Memberships", 4) in headings
    assert ("KPI 12 - Missed bins per 100,000 collections", 4) in headings
    titles = {t for t, _ in headings}
    assert not titles & {"Target: 2,600", "Q2: Monthly Board meetings and a workshop on the estates portfolio."}
    assert not any(t.startswith("- PE001") or t.startswith("PE001") for t in titles)  # a list item stays one


def test_lettered_sub_headings_dates_labels_and_postcodes() -> None:
    raw = (
        "b. Legal implications\n\nNone of the proposals in this report have any legal implications for the council.\n\n"
        "c. The council will consult residents before any decision is taken on this matter.\n\n"
        "19 July 2018\n\n"
        "NR2 1NH\n\n"
        "Date of publication: Wednesday, 12 September 2018\n\n"
        "- first item of a list that follows the label line\n"
    )
    kinds = _kinds(raw)
    assert kinds[0] == ("heading", "b. Legal implications")
    assert kinds[2][0] == "list_item"
    assert ("heading", "19 July 2018") not in kinds
    assert ("heading", "NR2 1NH") not in kinds
    assert ("heading", "Date of publication: Wednesday, 12 September 2018") not in kinds


# --- properties --------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_LINES = st.sampled_from([
    "", "", "1. Background", "3.2 Financial implications", "RECOMMENDATIONS", "## Heading", "**Bold line**",
    "- item", "• item", "a) item", "b. Legal implications", "Ref\tIndicator\tTarget", "1.1\tCalls\t75%",
    "\tlone cell", "Service    Budget    Actual", "Waste    1,200    1,150",
    "A paragraph line of ordinary prose that goes on for a while.", "continues here.", "Page 2 of 9", "\f",
    "19 July 2018", "NR2 1NH", "Date: 5 May 2024", "   ", "\t\t",
    # minutes and records: references, resolutions, marker rows, label/value lines
    "FC24/173\tPUBLIC PARTICIPATION", "24/153 Apologies", "Min 12/24 - Planning", "45.\tFinance",
    "RESOLVED:", "It was RESOLVED that:", "That Cabinet:", "(1)\tnotes the report;", "(e) Allotment rents",
    "Title:\tWindow replacement", "Decision maker:\tCabinet", "\tcontinues the value", "03/02/25\tBT",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINES, max_size=30))
def test_blocks_are_ordered_non_overlapping_and_trimmed(lines: list[str]) -> None:
    text, blocks = _blocks("\n".join(lines))
    previous_end = 0
    for block in blocks:
        assert previous_end <= block.start < block.end <= len(text)
        body = text[block.start : block.end]
        assert body.strip() == body and body
        assert block.page >= 1
        if block.kind == "table_row":
            assert block.cells and all(c == c.strip() for c in block.cells)
        else:
            assert block.cells == () and block.header == ()
        previous_end = block.end


# --- lead-ins: a numbered paragraph ending in a colon heads only its list, never its siblings ----


def _headings(raw: str) -> list[str]:
    text, blocks = _blocks(raw)
    return [text[b.start : b.end] for b in blocks if b.kind == "heading"]


def test_a_numbered_lead_in_is_the_first_line_of_its_list_not_a_heading() -> None:
    # a district council's minutes: "14.2 ... were:" over bullets, then its sibling 14.3
    raw = (
        "14. Leisure Centre Contract\n\n"
        "14.1 The Head of Leisure presented the annual review of the leisure operator's contract.\n\n"
        "14.2 Officers said the main pressures on the operator were:\n\n"
        "• energy costs at the swimming pools;\n"
        "• staff turnover among lifeguards.\n\n"
        "14.3 Members asked for a report on pool opening hours at the next meeting of the panel.\n"
    )
    from nlp.passages import make_passages
    from nlp.records import Document

    text, blocks = _blocks(raw)
    assert _headings(raw) == ["14. Leisure Centre Contract"]
    lead = next(b for b in blocks if text[b.start : b.end].startswith("14.2"))
    assert lead.kind == "list_item"
    doc = Document(id="d", source="d.txt", text=text, content_hash="x", title="T", doc_type="minutes", blocks=blocks)
    sibling = next(p for p in make_passages(doc) if "pool opening hours" in p.text)
    assert sibling.section == "14. Leisure Centre Contract"
    assert "main pressures" not in sibling.text.split("\n", 1)[0]


def test_recommendations_lead_in_does_not_head_the_sections_after_it() -> None:
    # a unitary's cabinet report: "3. That the Executive:" over lettered items, then unnumbered sections
    raw = (
        "Recommendations\n\n"
        "3. That the Executive:\n\n"
        "(a) adopts the Parks and Open Spaces Strategy 2025-2030;\n\n"
        "(b) notes the responses to the public consultation.\n\n"
        "Reasons for the decision\n\n"
        "4. The strategy replaces the 2015 plan and sets out how the parks will be managed for ten years.\n"
    )
    assert _headings(raw) == ["Recommendations", "Reasons for the decision"]


def test_a_numbered_line_with_a_colon_and_no_clause_is_a_lead_in_when_its_sibling_is_a_paragraph() -> None:
    raw = (
        "7. Flood Risk Update\n\n"
        "7.3 In debate:\n\n"
        "(a) Councillor Amis asked about the culvert at Mill Lane;\n\n"
        "(b) Councillor Rees asked when the gauges would be installed.\n\n"
        "7.4 Members noted the update and thanked the Environment Agency for attending.\n"
    )
    assert _headings(raw) == ["7. Flood Risk Update"]


def test_numbered_labels_and_sections_with_their_own_sub_items_stay_headings() -> None:
    raw = (
        "6. Financial implications:\n\n"
        "6.1 The scheme costs are met from the capital programme approved in February.\n\n"
        "6.2 There are no revenue implications for the council this year at all.\n\n"
        "9. Background Papers:\n\n"
        "- Parks Strategy consultation report, June 2025\n"
        "- Playing Pitch Assessment 2024\n"
    )
    assert _headings(raw) == ["6. Financial implications:", "9. Background Papers:"]


def test_bracketed_numbers_and_en_dash_bullets_are_list_items() -> None:
    kinds = _kinds("(1) the report be noted;\n(2) the plan be approved.\n– an en dash bullet\n")
    assert [k for k, _ in kinds] == ["list_item"] * 3


def test_numbered_headings_that_begin_like_a_month_are_headings() -> None:
    raw = (
        "2. Declarations of interest\n\nNone were declared by any member present at the meeting today.\n\n"
        "3. Market position statement\n\nThe statement sets out the demand for care homes in the county.\n\n"
        "5. Decision required\n\nThe committee is asked to approve the statement for publication.\n"
    )
    assert _headings(raw) == ["2. Declarations of interest", "3. Market position statement", "5. Decision required"]
    assert _kinds("19 July 2018 meeting of the panel was held at the town hall.")[0][0] != "heading"


# --- tables set out in columns whose cells wrap onto more lines ------------------------------------


def test_a_wrapped_aligned_table_gives_one_row_per_item_with_every_cell_under_its_column() -> None:
    # a county risk register as `pdftotext -layout` gives it: long cells wrap, one word alone on a line
    raw = (
        "No.   Risk description                            Rating   Owner              Controls\n"
        "CR1   Loss of the main data centre through        12       Head of ICT        Second site at Elm\n"
        "      flood or fire                                                           House; tested plan\n"
        "CR2   Failure of the adult social care market     16       Director of Adult  Market shaping\n"
        "      in rural\n"
        "      districts\n"
        "CR3   Pension fund deficit increases              9        Chief Finance      Triennial valuation\n"
        "                                                           Officer\n"
    )
    text, blocks = _blocks(raw)
    rows = [b for b in blocks if b.kind == "table_row"]
    header = ("No.", "Risk description", "Rating", "Owner", "Controls")
    assert rows[0].cells == header
    assert [r.cells[0] for r in rows[1:]] == ["CR1", "CR2", "CR3"]
    assert rows[1].cells[1] == "Loss of the main data centre through flood or fire"
    assert rows[1].cells[4] == "Second site at Elm House; tested plan"
    assert rows[2].cells[1] == "Failure of the adult social care market in rural districts"
    assert rows[3].cells[3] == "Chief Finance Officer"
    assert all(r.header == header for r in rows)
    assert not [b for b in blocks if b.kind != "table_row"]  # no continuation line left as text
    assert text[rows[2].start : rows[2].end].splitlines()[-1].strip() == "districts"
