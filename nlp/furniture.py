"""Page furniture: what a council's PDF prints on every page rather than once — running headers
and footers, page numbers, protective markings — found so that `nlp.normalise` can drop it.

Text converted from a PDF often has no page breaks left, so the evidence is the page number
itself, and repetition:

- a page-number marker ("Page 3", "Page 3 of 12", "3 | Page", "- 3 -") alone on a line, or at
  either end of a line whose other part recurs with other page numbers further on
  ("Calderbrook MBC - Q3 Performance Report<TAB>Page 2"); "Agenda Item 5 Page 17" (modern.gov)
  loses only its page number: the item number is what `nlp.metadata` reads;
- a line that recurs word for word next to such furniture (a footer set over two lines:
  council, committee and date, then "Page 2 of 9");
- a protective marking ("OFFICIAL", "NOT PROTECTIVELY MARKED") on a line of its own, repeated;
- with page breaks known: a line (numbers ignored) at the top or bottom of half the pages or more.

A line that occurs once is never furniture ("see page 3 of the report" is body text), except
"Page 3 of 12" standing alone, which no sentence is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

_H = r"[^\S\n\f]"  # horizontal white space (tabs, spaces, no-break spaces)
_DASH_CHARS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASHES = re.escape(_DASH_CHARS)
_N = r"\d{1,4}"
_PAGE = rf"(?:page|pg\.?|p\.|p{_H}a{_H}g{_H}e)"  # Word's "1 | P a g e" footer spaces the letters out
_WORD_MARKER = (
    rf"{_PAGE}{_H}*:?{_H}*{_N}(?:{_H}*(?:of|/){_H}*{_N})?"  # Page 3, Page: 3, Page 3 of 12
    rf"|{_N}{_H}*\|{_H}*{_PAGE}|{_PAGE}{_H}*\|{_H}*{_N}"  # 3 | Page, Page | 3
)
_BARE_MARKER = rf"[{_DASHES}]{_H}*{_N}{_H}*[{_DASHES}]|{_N}(?:{_H}*(?:of|/){_H}*{_N})?"  # - 3 -, 3, 3 of 12
_MARKER = rf"(?:(?P<word>{_WORD_MARKER})|(?P<bare>{_BARE_MARKER}))"
_SEPARATORS = " \t\u00a0|" + _DASH_CHARS
_ALONE = re.compile(rf"{_H}*{_MARKER}{_H}*", re.I)
# Found by searching from a marker's first character, never from white space: a lazy `.*?`
# before a run of spaces is quadratic in the run's length, and layout text has long runs.
_END_MARKER = re.compile(rf"{_MARKER}{_H}*$", re.I)
_START_MARKER = re.compile(_MARKER, re.I)
_WORD_MARKERS = re.compile(_WORD_MARKER, re.I)
_FOOTER_PAGE = re.compile(r"Page|PAGE")
_RUNS_ON = re.compile(r"\b(?:on|see|at|to|of|in|from|and|or|the|under|with|by)$", re.I)
_PAGE_OF = re.compile(rf"{_H}*page{_H}+{_N}{_H}+of{_H}+{_N}{_H}*", re.I)
_ITEM = re.compile(r"(?:agenda\s+)?item\s*(?:no\.?|number)?\s*:?\s*\d+[a-z]?", re.I)  # cf. nlp.metadata
_MARKING = re.compile(  # the Government Security Classifications, set in capitals
    r"(?:(?i:security\s+)?(?i:classification)\s*:\s*)?"
    r"(?:OFFICIAL(?:\s*[-\u2013\u2014:]?\s*SENSITIVE)?|NOT\s+PROTECTIVELY\s+MARKED|UNCLASSIFIED|PROTECT|RESTRICTED)"
)
_TABLE_LIKE = re.compile(r"\t|\S {3,}\S")  # a repeated table header row is not furniture
_DIGITS = re.compile(r"\d+")
_MONTHS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?=\s*#)|(?<=#\s)(?:jan|feb|mar|apr|"
    r"may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
)
_EDGE_LINES = 3  # lines at the top and bottom of a page searched for running headers
_PAGE_STEP = 5  # footers skipped on a few pages (a landscape table, a full-page chart)
_MIN_GAP = 4  # nonblank lines between two footers, on average (a page holds more than a few)


@dataclass(frozen=True, slots=True)
class _Line:
    index: int
    start: int
    end: int  # after its newline; a page break (form feed) stays
    text: str  # stripped
    text_start: int  # where the stripped text starts
    page: int


@dataclass(frozen=True, slots=True)
class _Marked:
    """A line with a page number at one end: its other part, where the marker (and the separator
    before it) starts and ends, and the page number it prints."""

    line: _Line
    rest: str
    cut: tuple[int, int]
    number: int
    word: bool  # "Page 3" rather than a bare "3" or "- 3 -"
    spaced: bool  # separated by a tab, several spaces, "|" or a dash, not one space


@dataclass(frozen=True, slots=True)
class PageMarker:
    """A page number printed as furniture: the line it is on (start, end after its newline) and
    the number it prints."""

    start: int
    end: int
    number: int


@dataclass(frozen=True, slots=True)
class Furniture:
    spans: list[tuple[int, int]]  # sorted, non-overlapping spans to delete
    markers: list[PageMarker]  # the page numbers among them, in text order


def furniture_spans(text: str, pages: Sequence[int] = (0,)) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans of `text` to delete: whole furniture lines (with their newline)
    and page markers cut off the end or start of a line that stays."""
    return find_furniture(text, pages).spans


def find_furniture(text: str, pages: Sequence[int] = (0,)) -> Furniture:
    """The spans `furniture_spans` gives, with the page numbers found among them."""
    lines = _lines(text, pages)
    spans: dict[int, tuple[int, int]] = {}  # line index -> span
    markers: dict[int, PageMarker] = {}
    for line in _alone_markers(lines, len(pages) > 1):
        spans[line.index] = (line.start, line.end)
        markers[line.index] = PageMarker(line.start, line.end, _page_numbers(line.text)[0])
    for marked in _marked_lines(lines):
        if _ITEM.fullmatch(marked.rest) or marked.line.index < _EDGE_LINES:
            spans[marked.line.index] = marked.cut  # the item number or the letterhead stays
        else:
            spans[marked.line.index] = (marked.line.start, marked.line.end)
        markers[marked.line.index] = PageMarker(marked.line.start, marked.line.end, marked.number)
    for line in _markings(lines):
        spans[line.index] = (line.start, line.end)
    for line in _next_to_furniture(lines, spans):
        spans[line.index] = (line.start, line.end)
    if len(pages) > 1:
        for line in _page_edges(lines, len(pages)):
            spans.setdefault(line.index, (line.start, line.end))
    return Furniture(sorted(spans.values()), [markers[index] for index in sorted(markers)])


def printed_pages(text: str, markers: Sequence[PageMarker]) -> tuple[int, ...]:
    """Page starts (offsets into `text`, page 1 first) read from the page numbers it prints, for
    text that has lost its page breaks (a PDF converted to text); (0,) unless two numbers or more
    are found, each greater than the one before ("Page 1 of 4" ... "Page 4 of 4"; pages without a
    number in between, and a pack's report that starts at "Page 13", are allowed).

    Footers close their page: the next starts after the footer's line. Headers open theirs. The
    numbers are footers (councils print them at the foot) unless less than half a page of text
    comes before the first, and more after the last (a header on every page, or on every page
    but a short cover). A page whose number is not printed starts where the next one does, so
    text reads as the page printed nearest after it (footers) or before it (headers).
    """
    numbers = [marker.number for marker in markers]
    if len(markers) < 2 or any(b <= a for a, b in zip(numbers, numbers[1:])):
        return (0,)
    before, after = len(text[: markers[0].start].strip()), len(text[markers[-1].end :].strip())
    page_length = (markers[-1].start - markers[0].start) / (numbers[-1] - numbers[0])
    footers = not (before < after and before < page_length / 2)
    starts = [0]
    for marker in markers:
        if footers:  # pages up to this one start where the last break left off
            starts.extend([starts[-1]] * (marker.number - len(starts)))
            if marker is not markers[-1] or after:
                starts.append(marker.end)
        elif marker.number > len(starts):
            starts.extend([starts[-1]] * (marker.number - 1 - len(starts)))
            starts.append(marker.start)
    return tuple(starts)


def _lines(text: str, pages: Sequence[int]) -> list[_Line]:
    page_starts = list(pages)
    lines = []
    for match in re.finditer(r"[^\n\f]*(?:\n|(?=\f)|\Z)", text):
        content = match.group().strip()
        if content:
            page = bisect_right(page_starts, match.start()) - 1
            lead = len(match.group()) - len(match.group().lstrip())
            lines.append(_Line(len(lines), match.start(), match.end(), content, match.start() + lead, page))
    return lines


def _key(text: str) -> str:
    """A line as its repeats print it: case, spacing, dashes, numbers and dates ignored."""
    key = _DIGITS.sub("#", " ".join(text.lower().split()))
    key = re.sub(f"[{_DASHES}]", "-", key)
    return _MONTHS.sub("M", key)


def _exact(text: str) -> str:
    return " ".join(text.lower().split())


def _spread(lines: Sequence[_Line]) -> bool:
    """Repeats on different pages, or apart as pages are: never next to each other and most of a
    page apart on average (a table repeats its rows close by; a last page can be short)."""
    gaps = [b.index - a.index for a, b in zip(lines, lines[1:]) if a.page == b.page]
    return not gaps or (min(gaps) > 1 and sum(gaps) > _MIN_GAP * len(gaps))


def _alone_markers(lines: list[_Line], paged: bool) -> list[_Line]:
    """Page numbers on a line of their own: "Page 3 of 12" anywhere; "Page 3" or "3 | Page"
    when another one is found; "- 3 -" when one with another number is; a bare "3"
    or "3 of 12" only at the edge of a page (a table's cell can read so, a cover's year too)."""
    found: dict[str, list[_Line]] = defaultdict(list)
    out = []
    for position, line in enumerate(lines):
        match = _ALONE.fullmatch(line.text)
        if not match or not _page_numbers(line.text):
            continue
        if _PAGE_OF.fullmatch(line.text) or (paged and _at_page_edge(lines, position)):
            out.append(line)
        elif match.group("word") or line.text[0] in _DASH_CHARS:
            found[_key(line.text)].append(line)
    for repeats in found.values():
        numbers = {_page_numbers(line.text)[0] for line in repeats}
        word = _ALONE.fullmatch(repeats[0].text).group("word")  # type: ignore[union-attr]
        if len(repeats) >= 2 and (word or len(numbers) >= 2):  # a blank page prints its number only
            out.extend(repeats)
    return out


def _page_numbers(marker: str) -> list[int]:
    """The numbers of a page marker, none when they cannot be pages ("2024", "2024/25")."""
    numbers = [int(n) for n in _DIGITS.findall(marker)]
    year = len(numbers) == 1 and 1900 <= numbers[0] <= 2100
    if numbers[0] < 1 or year or (len(numbers) > 1 and numbers[0] > numbers[1]):
        return []
    return numbers


def _at_page_edge(lines: list[_Line], position: int) -> bool:
    page = lines[position].page
    before = [line for line in lines[max(0, position - _EDGE_LINES) : position] if line.page == page]
    after = [line for line in lines[position + 1 : position + 1 + _EDGE_LINES] if line.page == page]
    return len(before) < _EDGE_LINES or len(after) < _EDGE_LINES


def _marked_lines(lines: list[_Line]) -> list[_Marked]:
    """Lines with a page number at one end whose other part recurs, spread out, with other
    numbers; "Agenda Item 5 Page 17" even once. A bare number needs more, as a two-column table
    row reads the same ("Households in B&B<TAB>45" in each quarter's table): three repeats or
    more, numbers rising a page or a few at a time, and mostly away from table rows."""
    groups: dict[str, list[_Marked]] = defaultdict(list)
    out = []
    for line in lines:
        marked = _marked(line)
        if marked is None:
            continue
        if marked.word and _ITEM.fullmatch(marked.rest):
            out.append(marked)
        else:
            groups[_key(marked.rest)].append(marked)
    for group in groups.values():
        numbers = [m.number for m in group]
        if len(group) < 2 or len(set(numbers)) < 2 or not _spread([m.line for m in group]):
            continue
        if all(m.word for m in group) or _bare_footers(lines, group):
            out.extend(group)
    return out


def _bare_footers(lines: list[_Line], group: list[_Marked]) -> bool:
    numbers = [m.number for m in group]
    steps = [b - a for a, b in zip(numbers, numbers[1:])]
    by_tables = sum(
        any(_TABLE_LIKE.search(lines[i].text) for i in (m.line.index - 1, m.line.index + 1) if 0 <= i < len(lines))
        for m in group
    )
    return (
        len(group) >= 3 and all(0 < step <= _PAGE_STEP for step in steps) and all(m.spaced for m in group)
        and 2 * by_tables < len(group)
    )


def _marked(line: _Line) -> _Marked | None:
    """The line's page marker, at its end, its start or, for "Page 3", between two parts set
    apart ("Cabinet | Page 3 | 4 March 2025"), with the separator next to it."""
    text = line.text
    if _ALONE.fullmatch(text):
        return None
    candidates = []
    end = _END_MARKER.search(text)
    if end:
        rest = text[: end.start()].rstrip(_SEPARATORS)
        candidates.append((end, rest, text[len(rest) : end.start()], (len(rest), len(text))))
    start = _START_MARKER.match(text)
    if start:
        after = text[start.end() :].lstrip(_SEPARATORS)
        candidates.append((start, after, text[start.end() : len(text) - len(after)], (0, len(text) - len(after))))
    for middle in _WORD_MARKERS.finditer(text):
        before, after = text[: middle.start()].rstrip(_SEPARATORS), text[middle.end() :].lstrip(_SEPARATORS)
        sep, sep_after = text[len(before) : middle.start()], text[middle.end() : len(text) - len(after)]
        if before and after and _spaced(sep) and _spaced(sep_after):
            candidates.append((middle, f"{before} | {after}", sep, (len(before), middle.end())))
    for match, rest, sep, (cut_start, cut_end) in candidates:
        word = match.re is _WORD_MARKERS or match.group("word") is not None
        numbers = _page_numbers(match.group())
        if rest and sep and numbers and _set_apart(match.group(), rest, word, _spaced(sep)):
            cut = (line.text_start + cut_start, line.text_start + cut_end)
            return _Marked(line, rest, cut, numbers[0], word, _spaced(sep))
    return None


def _spaced(separator: str) -> bool:
    """A tab, several spaces, "|" or a dash: not the one space between two words."""
    return len(separator) > 1 or separator in ("\t", "|")


def _set_apart(marker: str, rest: str, word: bool, spaced: bool) -> bool:
    """Whether the marker reads as a page number printed beside the line's other part."""
    if not spaced and (not _FOOTER_PAGE.match(marker) or _RUNS_ON.search(rest)):
        return False  # "... as shown on page 4": a footer prints "Page", and no sentence runs into it
    if not word and (not spaced or _TABLE_LIKE.search(rest) or not re.search(r"[A-Za-z]{3}", rest)):
        return False  # "Q1<TAB>On target<TAB>3" is a table row, "2024 3" a sentence's end
    return True


def _markings(lines: list[_Line]) -> list[_Line]:
    """Protective markings on a line of their own, printed on more than one page."""
    found = [line for line in lines if _MARKING.fullmatch(line.text)]
    counts = Counter(_exact(line.text) for line in found)
    return [line for line in found if counts[_exact(line.text)] >= 2]


def _next_to_furniture(lines: list[_Line], spans: dict[int, tuple[int, int]]) -> list[_Line]:
    """Lines repeated word for word that sit beside furniture (a header or footer set over two or
    three lines). Just above it: on two pages or more, and on every page they are on but one.
    Only below it, the line could be a heading that opens a page ("Appendix A" of two reports
    in one pack), or a table's header row repeated at the top of each page: three times or more,
    every time, and not set out in columns. A letterhead at the top of the first page stays, and
    so does "Agenda Item 5": metadata and the agenda reader need it."""
    furniture = {index for index, span in spans.items() if span == (lines[index].start, lines[index].end)}
    by_text: dict[str, list[_Line]] = defaultdict(list)
    for line in lines:
        if line.index not in furniture and not _ITEM.fullmatch(line.text):
            by_text[_exact(line.text)].append(line)
    found: list[_Line] = []
    for _ in range(_EDGE_LINES - 1):  # grow a footer block line by line
        added = []
        for repeats in by_text.values():
            body = [line for line in repeats if line.index >= _EDGE_LINES and line.index not in furniture]
            above = [line for line in body if line.index + 1 in furniture]
            below = [line for line in body if line.index - 1 in furniture]
            if len(repeats) >= 2 and len(above) >= max(2, len(repeats) - 1):
                added.extend(above)
            elif len(below) >= 3 and len(below) == len(body) and not _TABLE_LIKE.search(repeats[0].text):
                added.extend(below)
        if not added:
            break
        furniture.update(line.index for line in added)
        found.extend(added)
    return found


def _page_edges(lines: list[_Line], page_count: int) -> list[_Line]:
    """Lines (numbers ignored) among the top or bottom lines of half the pages or more; the first
    stays (a running header is often the title or the letterhead), table rows stay."""
    by_page: dict[int, list[_Line]] = defaultdict(list)
    for line in lines:
        by_page[line.page].append(line)
    edges = []
    for page_lines in by_page.values():
        top, bottom = page_lines[:_EDGE_LINES], page_lines[-_EDGE_LINES:]
        edges.append(top + [line for line in bottom if line not in top])
    seen: Counter[str] = Counter()
    for page in edges:
        seen.update({_key(line.text) for line in page})
    needed = max(3, (page_count + 1) // 2)
    out, kept = [], set()
    for page in edges:
        for line in page:
            key = _key(line.text)
            if seen[key] < needed or _TABLE_LIKE.search(line.text):
                continue
            if key in kept:
                out.append(line)
            kept.add(key)
    return out
