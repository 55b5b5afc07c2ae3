"""Page numbers printed as furniture place the page breaks of text that has lost them."""

from __future__ import annotations

from nlp.documents import read_document
from nlp.furniture import find_furniture, printed_pages
from nlp.normalise import normalise, span_to_original


def _page(text: str, pages: tuple[int, ...], needle: str) -> int:
    offset = text.index(needle)
    return max(number for number, start in enumerate(pages, start=1) if start <= offset)


def _paragraphs(words: str, count: int = 6) -> str:
    return "\n\n".join(f"{words} paragraph {n} reads on for a line or two of ordinary prose." for n in range(count))


FOOTED = (
    "Ashbury Borough Council\n\nLicensing Panel report\n\n" + _paragraphs("Opening")
    + "\n\nLicensing Panel, 4 March 2025\t\tPage 1 of 3\n\n"
    + "Fees for taxi licences\n\n" + _paragraphs("Fees")
    + "\n\nLicensing Panel, 4 March 2025\t\tPage 2 of 3\n\n"
    + "Enforcement and appeals\n\n" + _paragraphs("Appeals")
    + "\n\nLicensing Panel, 4 March 2025\t\tPage 3 of 3\n"
)


def test_footers_with_rising_numbers_become_page_breaks() -> None:
    clean = normalise(FOOTED)
    assert "Page 2 of 3" not in clean.text
    assert len(clean.pages) == 3
    assert _page(clean.text, clean.pages, "Opening paragraph 5") == 1
    assert _page(clean.text, clean.pages, "Fees for taxi licences") == 2
    assert _page(clean.text, clean.pages, "Appeals paragraph 0") == 3
    # page starts are offsets into the clean text, which still map to the original
    start, end = span_to_original(clean.offset_map, clean.pages[2], clean.pages[2] + len("Enforcement"))
    assert FOOTED[start:end] == "Enforcement"


def test_headers_open_their_page_after_a_short_cover() -> None:
    raw = (
        "Annual Audit Letter\n\n"
        + "Page 2\n\nScope of the audit\n\n" + _paragraphs("Scope")
        + "\n\nPage 3\n\nFindings\n\n" + _paragraphs("Findings")
        + "\n\nPage 4\n\nNext steps\n\n" + _paragraphs("Steps")
    )
    clean = normalise(raw)
    assert _page(clean.text, clean.pages, "Annual Audit Letter") == 1
    assert _page(clean.text, clean.pages, "Scope of the audit") == 2
    assert _page(clean.text, clean.pages, "Findings paragraph 5") == 3
    assert _page(clean.text, clean.pages, "Steps paragraph 5") == 4


def test_pages_without_a_printed_number_take_the_next_printed_one() -> None:
    raw = (
        _paragraphs("First") + "\n\nPage 1\n\n" + _paragraphs("Second")
        + "\n\nPage 4\n\n" + _paragraphs("Fifth") + "\n\nPage 5\n"
    )
    clean = normalise(raw)
    assert len(clean.pages) == 5
    assert _page(clean.text, clean.pages, "Second paragraph 0") == 4  # pages 2-3 printed no number
    assert _page(clean.text, clean.pages, "Fifth paragraph 3") == 5


def test_numbers_that_start_again_give_no_pages() -> None:
    # two reports of a pack, each numbering its own pages: which page is which cannot be told
    raw = (
        _paragraphs("Alpha") + "\n\nPage 1 of 2\n\n" + _paragraphs("Beta") + "\n\nPage 2 of 2\n\n"
        + _paragraphs("Gamma") + "\n\nPage 1 of 2\n\n" + _paragraphs("Delta") + "\n\nPage 2 of 2\n"
    )
    clean = normalise(raw)
    assert "Page 1 of 2" not in clean.text
    assert clean.pages == (0,)


def test_one_page_number_is_not_enough_and_form_feeds_win() -> None:
    assert normalise("Intro\nPage 3 of 12\nMore").pages == (0,)
    clean = normalise(_paragraphs("One") + "\nPage 7\n\f" + _paragraphs("Two") + "\nPage 9\n")
    assert len(clean.pages) == 2  # the form feed is the break; the numbers do not add pages


def test_a_contents_list_of_page_numbers_is_not_furniture() -> None:
    raw = "Contents\n1. Introduction\tPage 3\n2. Finance\tPage 4\n3. Risks\tPage 5\n\n" + _paragraphs("Body")
    assert find_furniture(raw).markers == []
    assert printed_pages(raw, []) == (0,)


def test_a_text_file_reads_its_pages_from_its_footers(tmp_path) -> None:
    path = tmp_path / "panel-report.txt"
    path.write_text(FOOTED, encoding="utf-8")
    document = read_document(path)
    assert len(document.pages) == 3
    assert document.page_at(document.text.index("Fees paragraph 2")) == 2
    blocks = [block for block in document.blocks if document.text[block.start : block.end].startswith("Appeals paragraph")]
    assert blocks and all(block.page == 3 for block in blocks)
