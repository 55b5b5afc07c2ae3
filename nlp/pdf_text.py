"""A PDF page's text as the structure reader needs it: pypdf's default extraction, line by line
with where each line sits on the page, then

- ruled tables (`nlp.pdf_tables`) put back as rows, one line each with tabs between the cells,
  in place of the cell-per-line text the default extraction gives;
- a blank line where the page leaves a paragraph's space between two lines: PDF text has no
  blank lines, so without them paragraphs, headings and list items run together;
- text set beside a label on the same baseline (a layout table's cells: a minute number and its
  title) joined to it, with a tab when they stand apart as columns;
- a paragraph's wrapped lines joined into one, as the .docx and HTML readers give it: a line
  is wrapped when it is followed, in the same type and without a paragraph's space, by a line
  whose first word would not have fitted at its end (a line the writer ended is left alone:
  an address, "Cabinet" over a date, a list item);
- a line set in bold, or in type larger than the document's body type, standing on its own
  marked as a heading ("# " markers, as the .docx reader marks Word's heading styles): PDF
  text loses the weight and size that make a heading, and a heading run straight into its
  paragraph is otherwise read as the paragraph's first words;
- on a page whose table has no ruling but whose text comes out a cell a line, pypdf's layout
  extraction instead, which keeps each row on a line with its columns spaced apart.

The page's content stream is parsed once (`read_page`): the text extraction, the drawn ruling
and the text runs share its operators, and the lines keep their type for `nlp.typography`.
The document's body type is only known when every page is read, so composing the text
(`compose`) is a second step.

Each step is an improvement over the default extraction, never a reason to fail: whatever
cannot be read this way falls back to the text as pypdf gives it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from nlp import pdf_columns
from nlp.pdf_tables import Grid, Run, Segment, _anchor, find_grids, ruling, text_runs
from nlp.typography import DISPLAY_RATIO, SizedLine, _scale

PARAGRAPH_GAP = 1.45  # times the type size: a space between two lines this tall is a paragraph break,
# on a page whose own line spacing cannot be seen


@dataclass(slots=True)
class _Line:
    text: str
    x: float | None = None
    y: float | None = None
    size: float = 0.0
    right: float | None = None  # where its text ends
    lead: float = 0.0  # the width of its first word and a space
    sizes: Counter[float] = field(default_factory=Counter)  # letters per type size
    bold: int = 0  # letters set in a bold face

    @property
    def letters(self) -> int:
        return sum(self.sizes.values())

    @property
    def type_size(self) -> float:
        """The size most of its letters are set in (a drop capital does not make a heading)."""
        return max(self.sizes.items(), key=lambda item: (item[1], item[0]))[0] if self.sizes else self.size

    @property
    def all_bold(self) -> bool:
        return self.letters > 0 and self.bold >= self.letters


@dataclass(slots=True)
class PageReading:
    """What one reading of a page gives: its lines with their positions and type, its ruled
    tables, its width, and pypdf's layout text when that reads the page's table better."""

    lines: list[_Line]
    tables: list[tuple[Grid, list[tuple[str, ...]]]] = field(default_factory=list)
    width: float | None = None
    layout: str | None = None
    typeset: list[_Line] = field(default_factory=list)  # the lines as the text visitor saw them

    def sized_lines(self, number: int) -> list[SizedLine]:
        """The page's lines with their type sizes (`nlp.typography.pdf_lines`)."""
        out = []
        for line in self.typeset:
            words = " ".join(line.text.split())
            if words and line.sizes:
                out.append(SizedLine(words, line.type_size, number))
        return out


_LIST_START = re.compile(r"^\s*(?:[\u2022\u25cf\u25aa\u25a0\u2013\u2014\u2212*\-o\uf0b7\uf0a7]\s|\(?[0-9]{1,3}[.)]|\(?[a-z]{1,3}\)|\d+\.\d)")


def page_text(page: object) -> str:
    """The page's text (see the module docstring), its headings judged against its own body type."""
    reading = read_page(page)
    return compose(reading, body_size([reading]), document_words([reading]))


def read_page(page: object) -> PageReading:
    """Read the page once: its lines, ruled tables, and layout text where that is better."""
    contents = _parsed_contents(page)
    operations = _operations(contents)
    typeset, text = _positioned_lines(page, contents)
    # a pypdf whose visitor sees other text than it extracts: the text without positions
    lines = typeset if "\n".join(line.text for line in typeset) == text else [_Line(part) for part in text.split("\n")]
    runs = _runs(page, operations)
    segments = _ruling(operations)
    tables = _tables(segments, runs)
    tables += _column_tables(segments, runs, tables)
    reading = PageReading(lines, tables, _page_width(page), typeset=typeset)
    if not tables and _flattened_table("\n".join(line.text for line in lines)):
        reading.layout = _layout_text(page, operations)
        if reading.layout is not None:
            return reading
    _line_ends(runs, lines)
    return reading


def compose(reading: PageReading, body: float = 0.0, words: frozenset[str] = frozenset()) -> str:
    """The page's text; lines in bold or display type are marked as headings against `body`,
    the document's body type size (none are when it is 0); a word broken at a hyphen at a
    line's end is joined as `words`, the document's words (`document_words`), spell it."""
    if reading.layout is not None:
        return reading.layout
    return _compose(reading.lines, reading.tables, reading.width, body, words)


BODY_WORDS = 6  # a line with fewer words may be a table's cell, a label, a heading: not the body's type
BODY_LETTERS = 60  # less running text than this (a line; a page of tables) and the body's type is unknown


def body_size(readings: Iterable[PageReading]) -> float:
    """The type size most of the document's running text is set in: the letters of its lines
    that run to the right margin (a paragraph's wrapped lines; a table's cells end short of it,
    and a report whose tables hold more words than its paragraphs sets them in smaller type),
    outside its tables and page furniture (a running header repeated on every page); 0 when there
    is too little running text to tell."""
    readings = list(readings)
    pages: dict[str, set[int]] = {}
    for number, reading in enumerate(readings):
        for line in reading.lines:
            pages.setdefault(_furniture_key(line.text), set()).add(number)
    letters: Counter[float] = Counter()
    for reading in readings:
        margin = _margin(reading.lines, reading.width)
        for line in reading.lines:
            if (margin is None or line.right is None or line.right < margin - 4 * max(line.size, 1.0)
                    or len(line.text.split()) < BODY_WORDS or len(pages[_furniture_key(line.text)]) > 1):
                continue
            if line.y is not None and any(table.contains(line.x, line.y) for table, _ in reading.tables):  # type: ignore[arg-type]
                continue
            letters.update(line.sizes)
    if sum(letters.values()) < BODY_LETTERS:
        return 0.0
    return max(letters.items(), key=lambda item: (item[1], -item[0]))[0]


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()))


def _parsed_contents(page: object) -> object | None:
    """The page's content stream, parsed once and shared (pypdf's text extraction takes a parsed
    stream as it is); None when it cannot be read."""
    try:
        from pypdf.generic import ContentStream

        contents = page.get("/Contents")  # type: ignore[attr-defined]
        if contents is None:
            return None
        return ContentStream(contents.get_object(), page.pdf, "bytes")  # type: ignore[attr-defined]
    except Exception:  # the operators improve the text, they are never a reason to fail
        return None


def _operations(contents: object | None) -> list[tuple[list[object], bytes]]:
    """The content stream's operators; none when they cannot be read."""
    if contents is None:
        return []
    try:
        return contents.operations  # type: ignore[attr-defined]
    except Exception:  # the operators improve the text, they are never a reason to fail
        return []


_BOLD_FACE = re.compile(r"bold|black|heavy|demi", re.I)


def _is_bold(font: object, cache: dict[int, bool]) -> bool:
    """A bold face: by its name ("Arial-BoldMT", "Calibri,Bold", "SegoeUI-Semibold",
    "Frutiger-Black") or its descriptor's weight (600 and over)."""
    key = id(font)
    if key not in cache:
        bold = False
        try:
            name = str(font.get("/BaseFont", ""))  # type: ignore[attr-defined]
            bold = bool(_BOLD_FACE.search(name.split("+", 1)[-1]))
            descriptor = font.get("/FontDescriptor")  # type: ignore[attr-defined]
            descriptor = descriptor.get_object() if descriptor is not None else None
            if not bold and descriptor is not None and "/FontWeight" in descriptor:
                bold = float(descriptor["/FontWeight"]) >= 600
        except Exception:  # the weight only helps to find headings
            bold = False
        cache[key] = bold
    return cache[key]


def _positioned_lines(page: object, contents: object | None) -> tuple[list[_Line], str]:
    """The default extraction's lines, each with the position of its first text, and its letters
    by type size and weight."""
    lines = [_Line("")]
    faces: dict[int, bool] = {}

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], font: object, size: float) -> None:
        parts = text.split("\n")
        scaled = float(size or 0) * _scale(tm, cm)
        for number, part in enumerate(parts):
            if number:
                lines.append(_Line(""))
            line = lines[-1]
            if line.y is None and part.strip():
                line.x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                line.y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                line.size = scaled
            line.text += part
            count = sum(1 for ch in part if ch.isalnum())
            if count:
                line.sizes[round(scaled, 1)] += count
                if font is not None and _is_bold(font, faces):
                    line.bold += count

    from pypdf.generic import NameObject

    original = page.get("/Contents") if contents is not None else None  # type: ignore[attr-defined]
    try:
        if original is not None:
            page[NameObject("/Contents")] = contents  # type: ignore[index]  # parsed once, read twice
        text = page.extract_text(visitor_text=visit) or ""  # type: ignore[attr-defined]
    finally:
        if original is not None:
            page[NameObject("/Contents")] = original  # type: ignore[index]
    return lines, text


def _runs(page: object, operations: list[tuple[list[object], bytes]]) -> list[Run]:
    if not operations:
        return []
    try:
        return text_runs(page, operations)
    except Exception:  # runs improve the text, they are never a reason to fail
        return []


def _line_ends(runs: list[Run], lines: list[_Line]) -> None:
    """Set where each positioned line's text ends: the right end of the runs on its baseline,
    from where it starts, that hold as many letters as it does."""
    if not runs or sum(1 for line in lines if line.y is not None) < 3:
        return
    by_row: dict[int, list[Run]] = {}
    for run in runs:
        by_row.setdefault(round(run.y), []).append(run)
    for line in lines:
        if line.y is None or line.x is None:
            continue
        near = sorted((r for key in (round(line.y) - 1, round(line.y), round(line.y) + 1) for r in by_row.get(key, [])
                       if abs(r.y - line.y) <= max(line.size, 1.0) * 0.4 and r.x0 >= line.x - 2), key=lambda r: r.x0)
        wanted, seen = _letters(line.text), 0
        if near:
            line.lead = near[0].lead
        for run in near:  # the runs that make up the line's text, left to right
            line.right = run.x1
            seen += _letters(run.text)
            if seen >= wanted:
                break


def _letters(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _ruling(operations: list[tuple[list[object], bytes]]) -> list[Segment]:
    try:
        return ruling(operations) if operations else []
    except Exception:  # ruled tables are an improvement, never a reason to fail
        return []


def _column_tables(segments: list[Segment], runs: list[Run], ruled: list) -> list:
    """The page's tables without vertical ruling (`nlp.pdf_columns`), from the runs outside its
    ruled tables."""
    outside = [run for run in runs if not any(grid.contains(*_anchor(run)) for grid, _ in ruled)]
    try:
        return [(table, list(table.table_rows)) for table in pdf_columns.find_tables(outside, segments)]
    except Exception:  # tables are an improvement, never a reason to fail
        return []


def _tables(segments: list[Segment], runs: list[Run]) -> list[tuple[Grid, list[tuple[str, ...]]]]:
    """The page's ruled tables with their rows; none when the page cannot be read this way."""
    if not segments or not runs:
        return []
    try:
        grids = find_grids(segments)
    except Exception:  # ruled tables are an improvement, never a reason to fail
        return []
    tables = []
    for grid in grids:
        rows = grid.rows(runs)
        filled = {i for row in rows for i, cell in enumerate(row) if cell}
        if len(rows) >= 2 and len(filled) >= 2:
            tables.append((grid, rows))
    return tables


def _compose(lines: list[_Line], tables: list[tuple[Grid, list[tuple[str, ...]]]], width: float | None = None,
             body: float = 0.0, words: frozenset[str] = frozenset()) -> str:
    margin = _margin(lines, width)
    spacing = _paragraph_gap(lines)
    out: list[str] = []
    sources: dict[int, list[_Line]] = {}  # an output line's page lines (none for a table's rows)
    placed: set[int] = set()
    previous: _Line | None = None  # the last line placed with a position
    inside: int | None = None  # the table the last line belonged to
    for line in lines:
        table = inside if line.y is None else next(
            (i for i, (grid, _) in enumerate(tables) if grid.contains(line.x, line.y)), None)  # type: ignore[arg-type]
        if table is not None and line.text.strip():
            inside = table
            if table not in placed:
                placed.add(table)
                _blank(out)
                out.extend("\t".join(row) for row in tables[table][1])
                out.append("")
            previous = None
            continue
        inside = None
        if not line.text.strip():
            out.append(line.text)
            continue
        if previous is not None and line.y is not None and previous.y is not None and line.size > 0:
            if previous.y - line.y > spacing * line.size:
                _blank(out)
            elif out and out[-1].strip() and _beside(previous, line):
                apart = line.x - previous.right  # type: ignore[operator]
                out[-1] = out[-1].rstrip() + ("\t" if apart > 1.5 * line.size else " ") + line.text.strip()
                sources.setdefault(len(out) - 1, []).append(line)
                previous = _Line(out[-1], previous.x, previous.y, previous.size, line.right,
                                 sizes=previous.sizes + line.sizes, bold=previous.bold + line.bold)
                continue
            elif out and out[-1].strip() and _wrapped(previous, line, margin):
                out[-1] = _join(out[-1].rstrip(), line.text.strip(), words)
                sources.setdefault(len(out) - 1, []).append(line)
                previous = line
                continue
        out.append(line.text)
        sources[len(out) - 1] = [line]
        if line.y is not None:
            previous = line
    if body:
        out = _mark_headings(out, sources, body)
    text = "\n".join(out)
    return text if not tables else re.sub(r"\n{3,}", "\n\n", text)


_HYPHENATED = re.compile(r"([A-Za-z]+)[-\u00ad]$")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def _join(text: str, more: str, words: frozenset[str]) -> str:
    """A wrapped line joined to the line before it. A word broken at a hyphen at the line's end is
    joined as the document writes it elsewhere ("environmental", "long-term"); a word found
    nowhere else is joined as `nlp.normalise` joins a hyphen at a line's end in text (the hyphen
    dropped between two lower-case letters and more, kept otherwise). A soft hyphen is dropped."""
    broken = _HYPHENATED.search(text)
    if broken is None:
        return text + " " + more
    if text.endswith("\u00ad"):
        return text[:-1] + more
    rest = _WORD.match(more)
    head, tail = broken.group(1), rest.group().split("-")[0] if rest else ""
    if tail and (head + tail).lower() in words and f"{head}-{tail}".lower() not in words:
        return text[:-1] + more
    if tail and f"{head}-{tail}".lower() in words:
        return text + more
    if re.search(r"[a-z]{2}-$", text) and re.match(r"[a-z]{2}", more):
        return text[:-1] + more
    return text + more


def document_words(readings: Iterable[PageReading]) -> frozenset[str]:
    """The words of a document's lines, lower-cased, hyphenated compounds whole: how the writer
    spells a word that a line's end breaks at a hyphen."""
    found: set[str] = set()
    for reading in readings:
        for line in reading.lines:
            for match in _WORD.finditer(line.text.rstrip("-\u00ad")):
                found.add(match.group().lower())
    return frozenset(found)


_BULLET_START = re.compile(r"^\s*[\u2022\u25cf\u25aa\u25a0\u2013\u2014\u2212*\-o\uf0b7\uf0a7](?:\s|$)")
_SECTION_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+\S")
HEADING_WORDS = 15  # longer lines are a paragraph in bold, not a heading (as the .docx reader)


def _mark_headings(out: list[str], sources: dict[int, list[_Line]], body: float) -> list[str]:
    """Output lines set wholly in bold, or in type larger than the body's, short and without a
    sentence's end, marked as headings: "# " in display type half as large again as
    the body's, "## " in other display type or under a section number ("2."), "### " in bold body
    type or under a sub-section number ("2.1"). Lines with a tab (cells beside a label) are not."""
    marked: list[str] = []
    for index, text in enumerate(out):
        lines = sources.get(index)
        level = _heading_level(text, lines, body) if lines else 0
        if not level:
            marked.append(text)
            continue
        marked.append("#" * level + " " + text.strip())
    return marked


def _heading_level(text: str, lines: list[_Line], body: float) -> int:
    stripped = text.strip()
    if "\t" in stripped or not stripped or _BULLET_START.match(stripped):
        return 0
    words = stripped.split()
    if len(words) > HEADING_WORDS or stripped.endswith((".", ",", ";")) or sum(ch.isalpha() for ch in stripped) < 3:
        return 0
    letters = sum(line.letters for line in lines)
    if not letters:
        return 0
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes.update(line.sizes)
    size = max(sizes.items(), key=lambda item: (item[1], item[0]))[0]
    bold = sum(line.bold for line in lines) >= letters
    display = size >= body * DISPLAY_RATIO
    if not (bold and size >= body - 0.6) and not display:
        return 0  # bold in smaller type: a caption, a table's note, a letterhead's small print
    numbered = _SECTION_NUMBER.match(stripped)
    if numbered:
        return min(2 + numbered.group(1).count("."), 6)
    if display:
        return 1 if size >= body * 1.5 else 2
    return 3


def _margin(lines: list[_Line], width: float | None) -> float | None:
    """The right margin: where the longest lines end (the second longest, so that one line set
    wider, a header or a URL, does not move it), or as far from the page's right edge as most
    lines start from its left edge, when that is further (a page with no line long enough)."""
    rights = sorted((line.right for line in lines if line.right is not None), reverse=True)
    longest = rights[1] if len(rights) >= 3 else None
    lefts = Counter(round(line.x) for line in lines if line.x is not None and line.right is not None)
    left = lefts.most_common(1)[0][0] if lefts else None  # where the body's lines start
    mirrored = width - left if width and left is not None and left < width / 2 else None
    candidates = [m for m in (longest, mirrored) if m is not None]
    return max(candidates) if candidates else None


def _page_width(page: object) -> float | None:
    try:
        box = page.mediabox  # type: ignore[attr-defined]
        return float(box.right) - float(box.left)
    except Exception:  # the page width only helps find the margin
        return None


def _paragraph_gap(lines: list[_Line]) -> float:
    """How far apart, in type sizes, two lines of a page are when a paragraph ends between them:
    more than the page's line spacing, the closest spacing between lines of the same type that
    recurs (a paragraph's lines are never further apart than its paragraphs); `PARAGRAPH_GAP`
    when no spacing recurs. A page set with one spacing throughout (every line a paragraph, or
    double spacing) gets no breaks."""
    spacings = []
    placed = [line for line in lines if line.y is not None and line.size > 0]
    for above, below in zip(placed, placed[1:]):
        ratio = (above.y - below.y) / below.size  # type: ignore[operator]
        if abs(above.size - below.size) <= 0.6 and 0.8 < ratio < 3:
            spacings.append(ratio)
    recurring = [r for r in spacings if sum(1 for o in spacings if abs(o - r) <= 0.05) >= 2]
    if not recurring:
        return PARAGRAPH_GAP
    leading = min(recurring)
    return max(leading + 0.25, leading * 1.2)


def _beside(previous: _Line, line: _Line) -> bool:
    """`line` is on `previous`'s baseline, to its right: a cell beside a label in a layout
    table ("85" and its minute's title, "Present:" and the first member), which the default
    extraction puts on lines of their own."""
    return (previous.right is not None and previous.y is not None and line.y is not None and line.x is not None
            and abs(previous.y - line.y) < 0.25 * line.size and line.x >= previous.right - 1
            and abs(previous.size - line.size) <= 0.6)


def _wrapped(previous: _Line, line: _Line, margin: float | None) -> bool:
    """`line` continues `previous`: the line just below in the same type, where the first word
    of `line` would not have fitted at the end of `previous` (so the break is the wrap, not the
    writer's), and `line` does not start a list item or a numbered paragraph."""
    if margin is None or previous.right is None or previous.y is None or line.y is None or previous.x is None:
        return False
    if not 0 < previous.y - line.y or abs(previous.size - line.size) > 0.6 or line.x is None or line.x < previous.x - 2:
        return False
    if _LIST_START.match(line.text) or "\t" in line.text or "\t" in previous.text:
        return False
    if previous.all_bold != line.all_bold:  # a bold heading over its paragraph
        return False
    words = line.text.split()
    if not words or line.right is None or line.right <= line.x:
        return False
    # the first word's width from its font; else from the line's own average letter width
    need = line.lead or 0.9 * (len(words[0]) + 1) * (line.right - line.x) / max(len(line.text.strip()), 1)
    return margin - previous.right < need


def _blank(out: list[str]) -> None:
    if out and out[-1].strip():
        out.append("")


# --- tables without ruling -------------------------------------------------------------------

_ALIGNED_ROW = re.compile(r"^[^\S\n]*\S.*?\S {3,}\S.*?\S {3,}\S.*$", re.M)


def _flattened_table(text: str) -> bool:
    """Six or more very short lines next to each other: table cells put one per line."""
    short = [0 < len(line.split()) <= 3 for line in text.split("\n")]
    count = sum(
        1 for i, is_short in enumerate(short)
        if is_short and ((i > 0 and short[i - 1]) or (i + 1 < len(short) and short[i + 1]))
    )
    return count >= 6


def _layout_text(page: object, operations: list[tuple[list[object], bytes]]) -> str | None:
    """The layout extraction, when it keeps two or more rows of columns spaced apart."""
    try:
        layout = _layout_mode(page, operations)
    except Exception:  # layout mode is an improvement, never a reason to fail
        return None
    if len(_ALIGNED_ROW.findall(layout)) < 2:
        return None
    rows = [line.rstrip() for line in layout.split("\n")]
    indent = min((len(line) - len(line.lstrip()) for line in rows if line.strip()), default=0)
    return "\n".join(line[indent:] for line in rows).strip("\n") + "\n"


def _layout_mode(page: object, operations: list[tuple[list[object], bytes]]) -> str:
    """pypdf's layout extraction (`PageObject._layout_mode_text`) from the operators already
    parsed; pypdf's own call, which parses the page again, where its internals differ."""
    try:
        from pypdf._text_extraction import _layout_mode as layout

        groups = layout.text_show_operations(iter(operations), page._layout_mode_fonts(), True, None)  # type: ignore[attr-defined]
        if not groups:
            return ""
        return layout.fixed_width_page(layout.y_coordinate_groups(groups, None), layout.fixed_char_width(groups, 1.25), True, 1)
    except (ImportError, AttributeError, TypeError):
        return page.extract_text(extraction_mode="layout") or ""  # type: ignore[attr-defined]
