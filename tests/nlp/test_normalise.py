from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.normalise import clean_unicode, map_offset, normalise, span_to_original, to_original


def _original_of(raw: str, clean, needle: str) -> str:
    start = clean.text.index(needle)
    s, e = span_to_original(clean.offset_map, start, start + len(needle))
    return raw[s:e]


def test_html_tags_are_stripped_and_ordinals_kept() -> None:
    clean = normalise("2<sup>nd</sup> October 2025 <b>Total</b> rose<sup>1</sup>. <span class=\"x\">Ok</span>")
    assert clean.text == "2nd October 2025 Total rose. Ok"


def test_non_html_angle_brackets_survive() -> None:
    assert normalise("Target <5% and score >3").text == "Target <5% and score >3"


def test_markdown_headings_become_hints() -> None:
    clean = normalise("## **CABINET REPORT**\n\nBody text here.\n\n### Finance\nMore text.")
    assert clean.text == "CABINET REPORT\n\nBody text here.\n\nFinance\nMore text."
    assert clean.headings == {0: 2, clean.text.index("Finance"): 3}


def test_bold_line_alone_is_a_heading_hint_but_bold_in_a_sentence_is_not() -> None:
    clean = normalise("**Housing Options**\nDate of publication: **Wednesday, 12 September 2018**")
    assert clean.text == "Housing Options\nDate of publication: Wednesday, 12 September 2018"
    assert clean.headings == {0: 3}


def test_unicode_lookalikes() -> None:
    raw = "\u201cSmart\u201d quotes \u2018here\u2019 \u2013 dash\u00a0nbsp \ufb01nance e\u0301 \u00bd m\u00b2 zero\u200bwidth"
    assert normalise(raw).text == "\"Smart\" quotes 'here' - dash nbsp finance \u00e9 \u00bd m\u00b2 zerowidth"
    assert clean_unicode("\uff21BC\u2014x") == "ABC-x"


def test_odd_line_breaks_become_newlines() -> None:
    assert normalise("one\r\ntwo\u2028three\x0bfour").text == "one\ntwo\nthree\nfour"


def test_ligature_maps_back_to_one_character() -> None:
    raw = "the \ufb01nal plan"
    clean = normalise(raw)
    assert clean.text == "the final plan"
    assert _original_of(raw, clean, "final") == "\ufb01nal"
    assert _original_of(raw, clean, "plan") == "plan"


def test_end_of_line_hyphenation_is_joined() -> None:
    raw = "the environ-\nmental strategy and a long-term plan"
    clean = normalise(raw)
    assert clean.text == "the environmental strategy and a long-term plan"
    assert _original_of(raw, clean, "environmental") == "environ-\nmental"


def test_blank_runs_collapse_and_trailing_spaces_go() -> None:
    assert normalise("\n\nA   \n\n\n\n\nB\t\n").text == "A\n\nB\t\n"


def test_page_of_lines_removed_everywhere() -> None:
    assert normalise("Intro\nPage 3 of 12\nMore").text == "Intro\nMore"


def test_repeated_page_furniture_removed_and_pages_mapped() -> None:
    pages_text = [
        "Castle Point Borough Council\nCabinet report one\nBody of page one\n3",
        "Castle Point Borough Council\nSecond page body\n4",
        "Castle Point Borough Council\nThird page body\n5",
    ]
    raw = "\f".join(pages_text)
    starts = (0, len(pages_text[0]) + 1, len(pages_text[0]) + len(pages_text[1]) + 2)
    clean = normalise(raw, starts)
    # the running header stays once (it is the letterhead), page numbers go
    assert clean.text.count("Castle Point Borough Council") == 1
    assert clean.text.startswith("Castle Point Borough Council\nCabinet report one")
    assert "\n3" not in clean.text and "\n5" not in clean.text
    assert len(clean.pages) == 3
    assert clean.text[clean.pages[1] :].lstrip().startswith("Second page body")
    assert clean.text[clean.pages[2] :].lstrip().startswith("Third page body")


def test_repeated_table_header_is_not_furniture() -> None:
    pages_text = [f"Ref\tIndicator\tTarget\n{n}.1\tCalls answered\t75%\nText on page {n}" for n in (1, 2, 3)]
    raw = "\f".join(pages_text)
    clean = normalise(raw)
    assert clean.text.count("Ref\tIndicator\tTarget") == 3


def test_form_feeds_are_page_breaks() -> None:
    clean = normalise("One\fTwo\fThree")
    assert len(clean.pages) == 3
    assert clean.text[clean.pages[2] :].strip() == "Three"
    assert "\f" not in clean.text


def test_to_original_on_a_document_like_object() -> None:
    raw = "<b>Lead Officer:</b> Debbie Ess"
    clean = normalise(raw)
    doc = SimpleNamespace(offset_map=clean.offset_map)
    start = clean.text.index("Debbie")
    s, e = to_original(doc, start, start + len("Debbie Ess"))
    assert raw[s:e] == "Debbie Ess"
    assert to_original(doc, 0, 0) == (map_offset(clean.offset_map, 0),) * 2


# --- properties of the offset map ------------------------------------------------------------

_PIECES = st.sampled_from(
    ["a", "b", "Z", "7", " ", "  ", "\n", "\n\n\n", "\t", "-", "-\n", "**", "# ", "## ", "<b>", "</b>",
     "<sup>", "</sup>", "<sup>2</sup>", "\u201c", "\u2019", "\u2013", "\u00a0", "\ufb01", "\u00ad", "\f",
     "Page 3 of 12", "e\u0301", "word", "environ-\nmental", "\r\n", "\u200b", "\uff21",
     # page furniture: whole lines, and markers cut from the end of a line that stays
     "\nTitle\tPage 2\n", "\nTitle\tPage 7\n", "\nOFFICIAL\n", "\nAgenda Item 5 Page 17\n", "\n- 3 -\n",
     "\nPage 4\n", "  3 | P a g e", "Council | Page 2 | Cabinet"]
)
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_offset_map_is_monotonic_and_in_bounds(raw: str) -> None:
    clean = normalise(raw)
    anchors = clean.offset_map
    assert anchors[0][0] == 0
    for (n1, o1), (n2, o2) in zip(anchors, anchors[1:]):
        assert n1 < n2 and o1 <= o2
    previous = 0
    for index in range(len(clean.text)):
        s, e = span_to_original(anchors, index, index + 1)
        assert 0 <= s < e <= len(raw)
        assert s >= previous
        previous = s


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_every_ascii_letter_maps_to_itself_or_its_lookalike(raw: str) -> None:
    import unicodedata

    clean = normalise(raw)
    for index, char in enumerate(clean.text):
        if not (char.isascii() and char.isalnum()):
            continue
        s, e = span_to_original(clean.offset_map, index, index + 1)
        source = raw[s:e]
        assert source == char or char in unicodedata.normalize("NFKC", source)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="abcdefXYZ .,", max_size=80), st.data())
def test_untouched_text_maps_identically(raw: str, data: st.DataObject) -> None:
    clean = normalise(raw)
    if clean.text != raw:  # only leading/trailing whitespace can change plain text
        assert clean.text == raw.strip(" ").rstrip() or clean.text.strip() == raw.strip()
        return
    start = data.draw(st.integers(0, len(raw)))
    end = data.draw(st.integers(start, len(raw)))
    s, e = span_to_original(clean.offset_map, start, end)
    assert raw[s:e] == raw[start:end]


@settings(max_examples=100, deadline=None)
@given(_TEXTS, st.data())
def test_spans_map_to_ordered_spans(raw: str, data: st.DataObject) -> None:
    clean = normalise(raw)
    n = len(clean.text)
    a = data.draw(st.integers(0, n))
    b = data.draw(st.integers(a, n))
    s, e = span_to_original(clean.offset_map, a, b)
    assert 0 <= s <= e <= len(raw)


# --- page furniture in other councils' styles (text as converted, page breaks lost) -------------

_BODY = [
    "The service received {n}43 complaints in the quarter, most about missed bin collections.",
    "Members noted that the figure for page {n} of the previous report had been corrected.",
    "Officers will bring a revised policy to the next meeting of the committee.",
    "The budget for 2025/26 includes a saving of {n}00,000 from the vehicle fleet.",
    "Councillor Patel asked when the new recycling centre at Moorgate would open.",
    "The Head of Environmental Services said that it would open in the spring.",
]


def _pages(count: int, footer: str, start: int = 1) -> str:
    """`count` pages of distinct body text, each ending with `footer` (its {n} is the page)."""
    pages = []
    for n in range(start, start + count):
        body = "\n\n".join(f"{n}.{i} " + line.format(n=n) for i, line in enumerate(_BODY, 1))
        pages.append(f"{body}\n\n{footer.format(n=n)}\n")
    return "\n".join(pages)


def _assert_body_kept_and_mapped(raw: str, clean) -> None:
    for n in range(1, 4):
        for i, line in enumerate(_BODY, 1):
            sentence = f"{n}.{i} " + line.format(n=n)
            assert sentence in clean.text
            assert _original_of(raw, clean, sentence) == sentence


def test_footer_with_page_number_on_the_same_line_goes() -> None:
    for footer, title in (
        ("Haverleigh Borough Council - Annual Governance Statement 2024/25\t\t\tPage {n}", "Haverleigh"),
        ("Oakmoor District Council \u2013 Planning Committee \u2013 14 January 2025          Page {n} of 12", "Oakmoor"),
        ("Fenwick Town Council Annual Report 2024/25                    {n} | P a g e", "Fenwick"),
        ("Page {n} | Strategic Housing Market Assessment", "Strategic Housing"),
        ("Kelsford City Council | Cabinet | 3 December 2024 | Page {n}", "Kelsford"),
        ("Full Council \u2013 Page {n} \u2013 Thornbury Parish Council", "Thornbury"),
        ("Annual Complaints Report 2023/24                                     {n}", "Complaints Report"),
    ):
        raw = _pages(4, footer)
        clean = normalise(raw)
        assert title not in clean.text, footer
        assert "Page" not in clean.text and "P a g e" not in clean.text, footer
        _assert_body_kept_and_mapped(raw, clean)


def test_footer_set_over_two_lines_goes_both_lines() -> None:
    footer = "Northmoor County Council        Cabinet        4 March 2025\n                                        Page {n} of 7"
    raw = _pages(4, footer)
    clean = normalise(raw)
    assert "Northmoor" not in clean.text and "Page" not in clean.text
    _assert_body_kept_and_mapped(raw, clean)


def test_three_line_header_goes_but_the_letterhead_on_top_stays() -> None:
    header = "OFFICIAL\nBrackenfield Borough Council\nOverview and Scrutiny Committee - 9 July 2024\n"
    raw = header + _pages(3, "- {n} -\n" + header)
    clean = normalise(raw)
    assert clean.text.startswith("Brackenfield Borough Council\nOverview and Scrutiny Committee")
    assert clean.text.count("Brackenfield") == 1 and "OFFICIAL" not in clean.text and "- 2 -" not in clean.text
    _assert_body_kept_and_mapped(raw, clean)
    once = header + _pages(3, "- {n} -")  # the same lines once: the letterhead, not furniture
    assert normalise(once).text.startswith(header)


def test_protective_markings_repeated_go_but_one_stays() -> None:
    raw = _pages(3, "NOT PROTECTIVELY MARKED")
    clean = normalise(raw)
    assert "PROTECTIVELY" not in clean.text
    _assert_body_kept_and_mapped(raw, clean)
    once = "Report to Cabinet\nOFFICIAL\n\nThe report is not exempt.\n"
    assert normalise(once).text == once
    # "Official" in a sentence or a table cell is not a marking
    cells = _pages(3, "Official")
    assert normalise(cells).text.count("Official") == 3


def test_modern_gov_pack_keeps_agenda_item_numbers() -> None:
    raw = (
        "Agenda Item 5\n\nReport to Cabinet\n\n" + _pages(2, "Page {n}", start=17)
        + "\nAgenda Item 6 Page 19\n\nReport to Cabinet\n\n" + _pages(1, "Page {n}", start=20)
        + "\nPage 21\nAgenda Item 7\n\nMinutes of the Licensing Sub-Committee\n"
    )
    clean = normalise(raw)
    for item in ("Agenda Item 5", "Agenda Item 6", "Agenda Item 7"):
        assert f"{item}\n" in clean.text
        assert _original_of(raw, clean, item) == item
    assert "Page" not in clean.text
    assert "Agenda Item 6\n\nReport to Cabinet" in clean.text


def test_headings_that_open_a_page_after_its_number_stay() -> None:
    # two reports of one pack, each with an appendix starting on a new page
    raw = _pages(2, "Page {n}\nAppendix A\nEquality Impact Assessment") + _pages(1, "Page {n}", start=3)
    clean = normalise(raw)
    assert clean.text.count("Appendix A\nEquality Impact Assessment") == 2
    assert "Page" not in clean.text


def test_body_text_and_contents_that_mention_pages_stay() -> None:
    contents = (
        "Contents\n1.\tIntroduction\tPage 2\n2.\tBackground\tPage 3\n3.\tFinancial implications\tPage 5\n"
        "4.\tRisks\tPage 6\n\n"
    )
    raw = contents + _pages(3, "Agenda Item {n}") + "\nAs set out on Page 4\n\nsee page 3 of the report\n"
    clean = normalise(raw)
    assert contents.strip() in clean.text
    assert "As set out on Page 4\n\nsee page 3 of the report" in clean.text
    for n in (1, 2, 3):
        assert f"Agenda Item {n}\n" in clean.text


def test_repeated_rows_with_rising_numbers_in_tables_stay() -> None:
    table = "Quarter {n}\nIndicator\tValue\nHouseholds in bed and breakfast\t{v}\nRough sleepers\t{w}\n"
    raw = "\n".join(
        table.format(n=n, v=40 + n, w=n) + "\n" + "\n".join(line.format(n=n) for line in _BODY) for n in (1, 2, 3)
    )
    clean = normalise(raw)
    assert clean.text.count("Households in bed and breakfast\t") == 3
    assert clean.text.count("Indicator\tValue") == 3
    # a table's header row repeated under each page's footer stays too
    raw = _pages(3, "Page {n} of 3\nRef   Indicator   Target")
    assert normalise(raw).text.count("Ref   Indicator   Target") == 3


def test_same_line_footers_go_with_page_breaks_too() -> None:
    pages_text = [
        f"Appendix B - Risk Register 2025\t\t\tPage {n}\n{n}. Risk {name}, as shown on Page {n}\n"
        + "\n".join(f"{n}.{i} {line.format(n=n)}" for i, line in enumerate(_BODY))
        for n, name in ((1, "of flooding"), (2, "to income"), (3, "text"))
    ]
    raw = "\f".join(pages_text)
    clean = normalise(raw)
    assert clean.text.startswith("Appendix B - Risk Register 2025\n")  # the letterhead, less its number
    assert clean.text.count("Appendix B") == 1 and clean.text.count("Page") == 3
    assert len(clean.pages) == 3
    assert clean.text[clean.pages[2] :].lstrip().startswith("3. Risk text, as shown on Page 3")
    assert _original_of(raw, clean, "3. Risk text") == "3. Risk text"


def test_bare_years_and_fractions_at_page_edges_stay() -> None:
    raw = "Cabinet\n5 November\n2024\fBody two\nmore\n2\fBody three\nmore\n2024/25"
    clean = normalise(raw)
    assert "2024\n" in clean.text and clean.text.endswith("2024/25")
    assert "\n2\n" not in clean.text


def test_pdf_footer_and_markings_go_from_the_read_document(tmp_path) -> None:
    from reportlab.pdfgen import canvas

    from nlp.documents import read_document

    path = tmp_path / "licensing.pdf"
    drawing = canvas.Canvas(str(path))
    for n, topic in ((1, "taxis"), (2, "street trading"), (3, "scrap metal")):
        drawing.setFont("Helvetica", 9)
        drawing.drawCentredString(300, 815, "OFFICIAL")
        drawing.setFont("Helvetica", 10)
        for i, line in enumerate(_BODY):
            drawing.drawString(72, 760 - 20 * i, f"{n}.{i} {line.format(n=n)} ({topic})")
        drawing.setFont("Helvetica", 8)
        drawing.drawString(72, 40, "Ashdown District Council \u2013 Licensing Committee \u2013 6 May 2025")
        drawing.drawRightString(520, 40, f"Page {n} of 3")
        drawing.drawCentredString(300, 25, "OFFICIAL")
        drawing.showPage()
    drawing.save()
    doc = read_document(path)
    assert "OFFICIAL" not in doc.text and "Page" not in doc.text
    assert doc.text.count("Ashdown District Council") <= 1  # the first may stay, as a letterhead
    for n, topic in ((1, "taxis"), (2, "street trading"), (3, "scrap metal")):
        for i, line in enumerate(_BODY):
            sentence = f"{n}.{i} {line.format(n=n)} ({topic})"
            start = doc.text.index(sentence)
            s, e = span_to_original(doc.offset_map, start, start + len(sentence))
            assert doc.original_text[s:e] == sentence
        assert doc.page_at(doc.text.index(f"{n}.0 ")) == n


def test_long_runs_of_spaces_cost_linear_time() -> None:
    # layout text pads lines with spaces; a pattern tried from each space of a run is quadratic
    import time

    raw = "Title" + " " * 50_000 + "Page 3\n" + "Cabinet" + " " * 50_000 + "\nmore\n"
    started = time.perf_counter()
    clean = normalise(raw)
    assert time.perf_counter() - started < 2.0
    assert clean.text == "Title" + " " * 50_000 + "Page 3\nCabinet\nmore\n"
