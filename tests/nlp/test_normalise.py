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
     "Page 3 of 12", "e\u0301", "word", "environ-\nmental", "\r\n", "\u200b", "\uff21"]
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
