"""Tables read from tab-separated or column-aligned lines, each column known by its header cell.

PDF conversion leaves a table as lines whose cells are separated by tabs, or (layout
extraction, `pdftotext -layout`) lined up in columns with runs of spaces: then a row's pieces
are put under the header cell they sit beneath, so an empty cell stays empty instead of
shifting the rest left. A header is a
line whose cells a caller's `role` function recognises (at least two of them); a header
split over two lines ("How often can" / "the PI be reported?") is joined cell by cell; a
header garbled by conversion ("IXCI  T errormance maleator") borrows the roles of the last
good header of the same width whose recognised cells agree. Rows are the tab lines after
the header, up to a line of plain text or the next header. Nothing here knows a column's
position: callers ask for columns by role.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

Role = Callable[[str], "str | None"]


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    text: str  # the header cell (the lower one when the header has two lines)
    role: str | None
    parts: tuple[str, ...] = ()  # header cells from top to bottom


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[str, ...]
    start: int  # offsets into the text
    end: int


@dataclass(slots=True)
class Table:
    columns: list[Column]
    start: int
    end: int
    rows: list[Row] = field(default_factory=list)
    spans: list[tuple[int, int]] | None = None  # header cell positions, for a column-aligned table

    def index_of(self, role: str) -> list[int]:
        return [c.index for c in self.columns if c.role == role]


# Two or more spaces between two cells; not the double space some writers put after a full stop.
_GAP = re.compile(r"(?<![.?!:;]) {2,}(?=\S)|(?<=[.?!:;]) {3,}(?=\S)")


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def segments(self) -> list[tuple[int, int, str]]:
        """(start, end, text) of the pieces of a column-aligned line (three or more), else []. Two
        pieces are not enough: measured on the sample's tables set out in columns, taking them
        joined label-and-value lines to tables and lost more figures than it found."""
        if "\t" in self.text:
            return []
        pieces, at = [], 0
        for gap in _GAP.finditer(self.text):
            pieces.append((at, gap.start(), self.text[at:gap.start()]))
            at = gap.end()
        pieces.append((at, len(self.text), self.text[at:]))
        pieces = [(a + len(t) - len(t.lstrip()), b, t.strip()) for a, b, t in pieces if t.strip()]
        return pieces if len(pieces) >= 3 else []

    @property
    def cells(self) -> list[str]:
        if "\t" in self.text:
            return [_clean_cell(c) for c in self.text.split("\t")]
        return [_clean_cell(t) for _, _, t in self.segments] or [_clean_cell(self.text)]

    @property
    def tabbed(self) -> bool:
        """A table line: tab-separated cells, or three or more column-aligned pieces."""
        return ("\t" in self.text and bool(self.text.strip())) or bool(self.segments)

    def cells_under(self, spans: list[tuple[int, int]]) -> list[str]:
        """The cells of an aligned row put under the header cells at `spans` (line positions):
        each piece goes to the column it overlaps most, else the one whose reach holds its middle."""
        cells = [""] * len(spans)
        for start, end, text in self.segments:
            overlaps = [min(end, b) - max(start, a) for a, b in spans]
            best = max(range(len(spans)), key=lambda i: (overlaps[i], -abs((spans[i][0] + spans[i][1]) - (start + end))))
            if overlaps[best] <= 0:
                middle = (start + end) / 2
                best = max((i for i, (a, _b) in enumerate(spans) if a <= middle), default=0)
            cells[best] = f"{cells[best]} {_clean_cell(text)}".strip()
        return cells


_DAY_DATE = re.compile(
    r"\b[0-3]?\d(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
_MARKUP = re.compile(r"</?(?!u>)[a-z]+[^>]*>|\*\*|__")  # <u> kept: an underlined title leads a cell


def _clean_cell(cell: str) -> str:
    return re.sub(r"\s+", " ", _MARKUP.sub("", cell)).strip()


def lines_of(text: str) -> list[_Line]:
    out, offset = [], 0
    for raw in text.split("\n"):
        out.append(_Line(offset, offset + len(raw), raw))
        offset += len(raw) + 1
    return out


def _roles(cells: list[str], role: Role) -> list[str | None]:
    return [role(c) for c in cells]


def _is_header(cells: list[str], role: Role, in_table: bool = False) -> bool:
    """Two kinds of column named, and most cells naming one (a row of prose may hold a
    header word or two; a header is mostly header words). Inside a table a new header must
    name three in four of its cells, so a data row that happens to say "report" stays a row."""
    filled = [c for c in cells if c]
    if any(_DAY_DATE.search(c) for c in filled):
        return False  # "CABINET 12 SEPT 2018", "28 June": a row's value, never a header
    recognised = [r for r in _roles(cells, role) if r]
    share = 4 * len(recognised) >= 3 * len(filled) if in_table else 2 * len(recognised) >= len(filled)
    return len(set(recognised)) >= 2 and share


def _header(upper: list[str] | None, lower: list[str], role: Role) -> list[Column]:
    width = max(len(lower), len(upper or []))
    columns = []
    for i in range(width):
        low = lower[i] if i < len(lower) else ""
        up = upper[i] if upper and i < len(upper) else ""
        r = role(low) or role(up) or role(f"{up} {low}".strip())
        text = low if low and (role(low) or not role(up)) else (up or low)  # a garbled lower cell yields to a readable upper one
        if upper and up and low and role(f"{up} {low}") and not role(low):
            text = f"{up} {low}"
        columns.append(Column(i, text, r, tuple(p for p in (up, low) if upper is not None) or (low,)))
    return columns


def _repair(columns: list[Column], previous: list[list[Column]]) -> list[Column]:
    """Fill unrecognised header cells from an earlier header of the same width that agrees."""
    if all(c.role for c in columns if c.text):
        return columns

    def width(cols: list[Column]) -> int:  # trailing empty header cells do not count
        return max((c.index + 1 for c in cols if c.text), default=0)

    for earlier in reversed(previous):
        if width(earlier) != width(columns):
            continue
        n = min(len(earlier), len(columns))
        earlier = earlier[:n] + [Column(i, "", None) for i in range(n, len(columns))]
        if all(a.role is None or b.role is None or a.role == b.role for a, b in zip(columns, earlier, strict=True)):
            return [
                replace(a, role=b.role, text=b.text) if a.role is None and b.role else a
                for a, b in zip(columns, earlier, strict=True)
            ]
    return columns


def read_tables(text: str, role: Role) -> Iterator[Table]:
    """Every table in `text` whose header `role` recognises, with its rows."""
    lines = lines_of(text)
    headers: list[list[Column]] = []
    table: Table | None = None
    gap = 0  # short plain lines since the table's last row
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.tabbed and _is_header(line.cells, role, in_table=table is not None and bool(table.rows) and gap == 0):
            if table is not None:
                yield table
            upper_line = lines[i - 1] if i > 0 and lines[i - 1].tabbed else None
            if upper_line and _looks_like_row_of(table, upper_line):
                upper_line = None
            upper = upper_line.cells if upper_line else None
            begin = upper_line.start if upper_line else line.start
            # A header may also continue on the next line ("Impact" / "score").
            lower = line.cells
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt and nxt.tabbed and _continues_header(line.cells, nxt.cells, role):
                upper, lower = line.cells, nxt.cells
                i += 1
            columns = _repair(_header(upper, lower, role), headers)
            headers.append(columns)
            header_line = lines[i]
            spans = [(a, b) for a, b, _ in header_line.segments] or None
            table = Table(columns, begin, lines[i].end, spans=spans)
            gap = 0
        elif table is not None:
            if line.tabbed and gap and not _same_width(table, line.cells):
                yield table  # a different table after the break
                table = None
                continue  # read this line again, outside any table
            if line.tabbed:
                cells = line.cells_under(table.spans) if table.spans and line.segments else line.cells
                table.rows.append(Row(tuple(cells), line.start, line.end))
                table.end = line.end
                gap = 0
            elif line.text.strip() and not _furniture(line.text):
                # Up to two short lines (a running title, "Page 3 of 12") may sit between two
                # pages of one table; a heading, a longer line or a third line ends it.
                gap += 1
                # A line standing alone between blank lines is a heading over what follows, not
                # a running title between two pages of one table.
                alone = not lines[i - 1].text.strip() and (i + 1 == len(lines) or not lines[i + 1].text.strip())
                if gap > 2 or len(line.text.strip()) > 80 or not table.rows or _HEADING.match(line.text) or alone:
                    yield table
                    table = None
        i += 1
    if table is not None:
        yield table


_HEADING = re.compile(r"^\s*(#+\s|\d+(\.\d+)*\.?\s+[A-Z]|(?-i:[A-Z][A-Z &]{3,}$)|(appendix|annex|section|part)\b)", re.I)


def _same_width(table: Table, cells: list[str]) -> bool:
    width = max((c.index + 1 for c in table.columns if c.text), default=len(table.columns))
    used = max((i + 1 for i, c in enumerate(cells) if c), default=0)
    return abs(used - width) <= 1 or (used <= width and len(cells) == len(table.columns))


def _looks_like_row_of(table: Table | None, line: _Line) -> bool:
    return table is not None and bool(table.rows) and table.rows[-1].end >= line.start - 1


def _continues_header(cells: list[str], below: list[str], role: Role) -> bool:
    """The line below a header finishes it: short cells, none a figure, under named columns."""
    texts = [c for c in below if c]
    if not texts or _is_header(below, role) and len([r for r in _roles(below, role) if r]) > 2:
        return False
    if any(re.search(r"\d", c) for c in texts):
        return False
    return all(len(c) <= 40 for c in texts) and len(texts) <= max(1, len([c for c in cells if c]) // 2) and (
        all(c.lower() in {"score", "rating", "date", "(s)", "officer", "member"} or c.startswith("[") for c in texts)
    )


def _furniture(text: str) -> bool:
    """Page furniture between two parts of one table: page numbers, dots, a repeated title."""
    t = text.strip()
    return bool(re.fullmatch(r"(page\s*)?\d{1,3}(\s*of\s*\d{1,3})?|[\u00b7\u2022.\-]+", t, re.I))
