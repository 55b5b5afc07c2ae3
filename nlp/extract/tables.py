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
    def pieces(self) -> list[tuple[int, int, str]]:
        """(start, end, text) of the pieces of a line split at runs of spaces; [] for a tab line."""
        if "\t" in self.text:
            return []
        pieces, at = [], 0
        for gap in _GAP.finditer(self.text):
            pieces.append((at, gap.start(), self.text[at:gap.start()]))
            at = gap.end()
        pieces.append((at, len(self.text), self.text[at:]))
        return [(a + len(t) - len(t.lstrip()), b, t.strip()) for a, b, t in pieces if t.strip()]

    @property
    def segments(self) -> list[tuple[int, int, str]]:
        """The pieces of a column-aligned line (three or more), else []. Two pieces are not
        enough: measured on the sample's tables set out in columns, taking them joined
        label-and-value lines to tables and lost more figures than it found. A line of one or
        two pieces can still finish the cells of the row above (`_wrapped`)."""
        pieces = self.pieces
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
        for start, end, text in self.pieces:
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
    wraps: list[tuple[int, _Line]] = []  # an aligned table's continuation lines, after how many rows
    row_lines: dict[int, _Line] = {}  # an aligned table's row lines, by where they start
    gap = 0  # short plain lines since the table's last row
    i = 0
    while i < len(lines):
        line = lines[i]
        in_table = table is not None and bool(table.rows) and gap == 0
        if (line.tabbed and _is_header(line.cells, role, in_table=in_table)) or _pair_header(lines, i, role, in_table):
            if line.pieces:
                columns, spans, first, i = _aligned_header(lines, i, role, table)
                if table is not None and (table.rows or table.start < lines[first].start):
                    yield _joined(table, wraps, row_lines)  # not when this header took in its lines
                columns = _repair(columns, headers)
                headers.append(columns)
                table, wraps, row_lines, gap = Table(columns, lines[first].start, lines[i].end, spans=spans), [], {}, 0
                i += 1
                continue
            if table is not None:
                yield _joined(table, wraps, row_lines)
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
            table, wraps, row_lines, gap = Table(columns, begin, lines[i].end, spans=spans), [], {}, 0
        elif table is not None:
            if line.tabbed and gap and not _same_width(table, line.cells):
                yield _joined(table, wraps, row_lines)  # a different table after the break
                table = None
                continue  # read this line again, outside any table
            if line.tabbed or (table.spans and not gap and _coded(line) and not _furniture(line.text)):
                if table.spans and line.pieces:
                    _unnamed_columns(table, line)
                cells = line.cells_under(table.spans) if table.spans and line.pieces else line.cells
                table.rows.append(Row(tuple(cells), line.start, line.end))
                if table.spans and line.pieces:
                    row_lines[line.start] = line
                table.end = line.end
                gap = 0
            elif table.spans and not gap and lines[i - 1].text.strip() and _wrapped(
                    line, table.spans, lines[i + 1] if i + 1 < len(lines) else None):
                wraps.append((len(table.rows), line))
                table.end = line.end
            elif table.spans and not gap and lines[i - 1].text.strip() and _short_row(line, table.spans):
                table.rows.append(Row(tuple(line.cells_under(table.spans)), line.start, line.end))
                row_lines[line.start] = line
                table.end = line.end
            elif line.text.strip() and not _furniture(line.text):
                # Up to two short lines (a running title, "Page 3 of 12") may sit between two
                # pages of one table; a heading, a longer line or a third line ends it.
                gap += 1
                # A line standing alone between blank lines is a heading over what follows, not
                # a running title between two pages of one table.
                alone = not lines[i - 1].text.strip() and (i + 1 == len(lines) or not lines[i + 1].text.strip())
                if gap > 2 or len(line.text.strip()) > 80 or not table.rows or _HEADING.match(line.text) or alone:
                    yield _joined(table, wraps, row_lines)
                    table = None
        i += 1
    if table is not None:
        yield _joined(table, wraps, row_lines)


# --- column-aligned tables whose cells wrap onto more lines -----------------------------------------
# A PDF table cell too long for its column wraps: the row takes several lines, and the lines
# other than the row's own hold only the wrapped cells' pieces, each under its column. Where a
# short cell sits in a tall row depends on the table's vertical alignment: at the top (Word's
# default: the wrapped lines follow the row's line), at the bottom (reportlab's default: they
# come before it) or in the middle (both).

_CODE = re.compile(r"[A-Z]{1,6}[ -]?\d{1,4}[a-z]?|\d{1,3}(\.\d{1,3})*\.?")  # "PI 4", "HS10", "3.2": a row's reference
_YEARISH = re.compile(r"^\(?((19|20)\d\d([/-]\d\d(\d\d)?)?|q[1-4])\)?,?$", re.I)
_RAG_WORD = re.compile(r"(red|amber|green|on target|off target|n/?a)", re.I)


def _wrapped(line: _Line, spans: list[tuple[int, int]], below: _Line | None = None) -> bool:
    """A line that finishes cells of a row rather than starting one: one or two pieces, none a
    reference code, and none in the first column unless the text there runs on from the line
    above (a lower-case start) or into the line below ("Rent collected as a percentage" over
    "of rent due" when cells sit at the bottom of their rows). A new row has a piece in the
    first column, or a code, or three or more pieces."""
    pieces = line.pieces
    if not pieces or len(pieces) >= 3 or pieces[0][0] < spans[0][0] - 1:
        return False
    if any(_CODE.fullmatch(text) for _a, _b, text in pieces):
        return False
    for start, end, _text in pieces:  # a cell's piece stays in its column; a sentence runs across
        k = _column_of(start, end, spans)
        if k + 1 < len(spans) and end > spans[k + 1][0] + 1:
            return False
    second = spans[1][0] if len(spans) > 1 else spans[0][1]
    start, _end, text = pieces[0]
    if start >= second - 1 or text[0].islower():
        return True
    following = below.pieces if below else []
    # Over the row's own line (cells at the bottom), every cell of the line goes on below it.
    under = {_column_of(a, b, spans) for a, b, _t in following}
    return (bool(following) and following[0][0] < second - 1 and _goes_on(text, following[0][2])
            and all(_column_of(a, b, spans) in under for a, b, _t in pieces))


def _short_row(line: _Line, spans: list[tuple[int, int]]) -> bool:
    """A line of one or two pieces that is a row of its own, most of its cells empty (a date
    alone over the items due then, a comment under a project, "Personal Robbery | Police" in a
    table of two columns): it starts in the first column and each piece stays in its column
    (a sentence runs across them)."""
    pieces = line.pieces
    if not 0 < len(pieces) < 3 or _furniture(line.text):
        return False
    second = spans[1][0] if len(spans) > 1 else spans[0][1] + 1
    if not spans[0][0] - 1 <= pieces[0][0] < second - 1:
        return False
    for start, end, _text in pieces:
        k = _column_of(start, end, spans)
        if k + 1 < len(spans) and end > spans[k + 1][0] + 1:
            return False
    return True


def _pair_header(lines: list[_Line], i: int, role: Role, in_table: bool) -> bool:
    """An aligned header of two cells ("Key risks | Delivery lead", "Project description |
    Target date" over an unheaded status column): both cells named, and the next line a row
    under them (a piece in the first column and one under or past the second)."""
    pieces = lines[i].pieces
    if len(pieces) != 2 or not _is_header([t for _a, _b, t in pieces], role, in_table):
        return False
    for below in lines[i + 1:i + 4]:
        found = below.pieces
        if len(found) >= 2 and abs(found[0][0] - pieces[0][0]) <= 1 and found[-1][1] > pieces[1][0]:
            return all(_column_of(a, b, [(p[0], p[1]) for p in pieces]) == k
                       for k, (a, b, _t) in enumerate(found[:2]))
    return False


def _unnamed_columns(table: Table, line: _Line) -> None:
    """A row's piece wholly right of the last header cell is a column the header leaves unnamed
    (a status symbol or arrow), as an empty tab cell is: it gets a column of its own."""
    assert table.spans is not None
    for start, end, _text in line.pieces:
        if start > table.spans[-1][1] + 2:
            table.columns.append(Column(len(table.columns), "", None))
            table.spans.append((start, end))


def _coded(line: _Line) -> bool:
    """A short aligned line that starts a row by its reference code alone ("PI3" with no figures yet)."""
    pieces = line.pieces
    return 0 < len(pieces) < 3 and any(_CODE.fullmatch(text) for _a, _b, text in pieces)


def _header_part(line: _Line, main: _Line, below: bool) -> bool:
    """A short line over or under an aligned header that finishes its cells ("Target" over
    "2024/25", "Direction" over "of travel"): each piece under (or over) a piece of its own of
    the header line, a few short words, no figure but a year or a quarter, no status. A line
    whose pieces share a header piece or sit over none is a group header ("2023/24" over
    "Target | Actual"), not part of the header's cells."""
    pieces, heads = line.pieces, main.pieces
    if not pieces or len(heads) < 2:
        return False
    hit = [[k for k, (a, b, _t) in enumerate(heads) if min(end, b) > max(start, a)] for start, end, _t in pieces]
    if any(len(h) != 1 for h in hit) or len({h[0] for h in hit}) != len(hit):
        return False
    for _a, _b, text in pieces:
        words = text.split()
        if len(words) > 3 or len(text) > 25 or _RAG_WORD.fullmatch(text):
            return False
        # A quarter alone over a header is a caption naming the table's period, not a header cell.
        if any(re.search(r"\d", w) and not (_YEARISH.match(w) and (below or len(pieces) > 1 or w[:1] in "12("))
               for w in words):
            return False
    return True


def _aligned_header(lines: list[_Line], i: int, role: Role, previous: Table | None,
                    ) -> tuple[list[Column], list[tuple[int, int]], int, int]:
    """The columns of the aligned header at line `i`, its cells joined with the short lines above
    and below that finish them, under a group header line when one spans them; also the column
    spans and the header's first and last lines."""
    main = lines[i]
    first = last = i
    while (first > 0 and i - first < 2 and _header_part(lines[first - 1], main, below=False)
           and not _looks_like_row_of(previous, lines[first - 1])):
        first -= 1
    while last + 1 < len(lines) and last - i < 2 and _header_part(lines[last + 1], main, below=True):
        last += 1
    spans = [(a, b) for a, b, _ in main.pieces]
    group = lines[first - 1] if first > 0 and lines[first - 1].segments else None
    if group and _looks_like_row_of(previous, group):
        group = None
    if group:  # its pieces over no column of this line are columns of their own ("Ref", "Indicator")
        spans = sorted(spans + [(a, b) for a, b, _ in group.segments
                                if all(min(b, d) <= max(a, c) for c, d in spans)])
    parts: list[list[str]] = [[] for _ in spans]
    over: list[list[str]] = [[] for _ in spans]  # the pieces from lines above the header line
    reach = [list(span) for span in spans]
    for n, line in enumerate(lines[first:last + 1], first):
        for start, end, text in line.pieces:
            k = _column_of(start, end, spans)
            (over if n < i else parts)[k].append(_clean_cell(text))
            reach[k] = [min(reach[k][0], start), max(reach[k][1], end)]
    caption = first < i and all(len(line.pieces) == 1 for line in lines[first:i])
    lower = [_stacked(" ".join(up), " ".join(p), role) if caption else " ".join([*up, *p])
             for up, p in zip(over, parts, strict=True)]
    upper = None
    if group:
        upper = [""] * len(spans)
        for start, end, text in group.segments:
            k = _column_of(start, end, spans)
            upper[k] = f"{upper[k]} {_clean_cell(text)}".strip()
        lower = [low or up for low, up in zip(lower, upper, strict=True)]
        upper = [up if up != low else "" for low, up in zip(lower, upper, strict=True)]
        first -= 1
    columns = _header(upper, lower, role)
    # A column reaches as wide as its wrapped header cell, short of its neighbours.
    widened = [(max(a, spans[k - 1][1] + 1) if k else a, min(b, spans[k + 1][0] - 1) if k + 1 < len(spans) else b)
               for k, (a, b) in enumerate(reach)]
    return columns, widened, first, last


def _stacked(upper: str, lower: str, role: Role) -> str:
    """A header cell from a lone piece over the header line and its piece on it ("Target" over
    "2024/25", "Lead" over "Officer"); not when the upper one is a caption of its own over a
    cell that reads alone as the same kind of column ("Action plan" over "Equality
    objective"), as a tab header takes its lower cell."""
    joined = f"{upper} {lower}".strip()
    if upper and lower and role(upper) and role(upper) == role(lower) == role(joined):
        return lower
    return joined


def _column_of(start: int, end: int, spans: list[tuple[int, int]]) -> int:
    overlaps = [min(end, b) - max(start, a) for a, b in spans]
    best = max(range(len(spans)), key=lambda k: (overlaps[k], -abs((spans[k][0] + spans[k][1]) - (start + end))))
    if overlaps[best] <= 0:
        middle = (start + end) / 2
        best = max((k for k, (a, _b) in enumerate(spans) if a <= middle), default=0)
    return best


_GOES_ON = re.compile(r"(?:[-,/&(]|\b(?:of|and|or|to|the|per|for|in|on|by|with|within|from|a|an|at))$", re.I)


def _goes_on(upper: str, lower: str) -> bool:
    """The cell text `lower` continues `upper` (the line below it in the same column)."""
    return bool(upper and lower) and (lower[0].islower() or bool(_GOES_ON.search(upper)))


def _joined(table: Table, wraps: list[tuple[int, _Line]], row_lines: dict[int, _Line]) -> Table:
    """The table with each continuation line's pieces joined to the cells of its row: the row
    above when cells hang from the top of their rows, the row below when they sit at the bottom,
    split between the two when they are centred; text that runs on from one line to the next
    ("... answered within" / "90 seconds", a lower-case start) is never cut between rows."""
    if not table.rows or not table.spans:
        return table
    wraps = _continuations(table, wraps, row_lines)
    if not wraps:
        return table
    rows = table.rows
    groups: dict[int, list[tuple[tuple[str, ...], _Line]]] = {}
    for after, line in wraps:
        groups.setdefault(after, []).append((tuple(line.cells_under(table.spans)), line))
    mode = _alignment(rows, groups)
    heads: dict[int, list[tuple[tuple[str, ...], _Line]]] = {}
    tails: dict[int, list[tuple[tuple[str, ...], _Line]]] = {}
    loose: list[Row] = []  # lines over the first row that no row takes: a row of their own
    for after, group in groups.items():
        if after == 0 and (mode == "top" or all(c[:1].islower() for c in group[0][0] if c)):
            # Under the header of a table whose cells hang from the top, or running on in lower
            # case: the end of a row that a page break cut off from the page before.
            cells = [_join_pieces([p for p in (_at(w, c) for w, _ in group) if p]) for c in range(len(table.spans))]
            loose.append(Row(tuple(cells), group[0][1].start, group[-1][1].end))
        elif after == 0:
            heads[0] = group
        elif after == len(rows):
            tails[after - 1] = group
        else:
            split = _split(rows[after - 1].cells, [cells for cells, _ in group], rows[after].cells, mode)
            tails[after - 1], heads[after] = group[:split], group[split:]
    out = loose
    for k, row in enumerate(rows):
        above, below = heads.get(k, []), tails.get(k, [])
        cells = list(row.cells)
        for c in range(len(cells)):
            pieces = [_at(w, c) for w, _ in above] + [cells[c]] + [_at(w, c) for w, _ in below]
            cells[c] = _join_pieces([p for p in pieces if p])
        start = above[0][1].start if above else row.start
        end = below[-1][1].end if below else row.end
        out.append(Row(tuple(cells), start, end))
    table.rows = out
    return table


def _continuations(table: Table, wraps: list[tuple[int, _Line]], row_lines: dict[int, _Line],
                   ) -> list[tuple[int, _Line]]:
    """The continuation lines of the table, with the lines first read as rows that continue the
    line above: an action's title, comment and owner all wrapping onto the same next lines give
    lines of three or more pieces that start no row. Decided once the whole table is read, when
    each column's width is known. Rows that stay rows keep their order; `table.rows` is updated."""
    assert table.spans is not None
    spans = table.spans
    lines = sorted([*row_lines.values(), *(line for _after, line in wraps)], key=lambda line: line.start)
    left = [a for a, _b in spans]
    right = list(left)
    for line in lines:
        for start, end, _text in line.pieces:
            k = _column_of(start, end, spans)
            left[k], right[k] = min(left[k], start), max(right[k], end)
    widths = [b - a for a, b in zip(left, right, strict=True)]  # as wide as its lines show it
    # The first column that holds anything: a "PI no" column left empty does not start rows.
    key = min((_column_of(a, b, spans) for line in lines for a, b, _t in line.pieces), default=0)
    order = sorted([(row.start, row, row_lines.get(row.start)) for row in table.rows]
                   + [(line.start, None, line) for _after, line in wraps], key=lambda item: item[0])
    rows: list[Row] = []
    out: list[tuple[int, _Line]] = []
    groups: dict[int, list[tuple[tuple[str, ...], _Line]]] = {}
    for after, line in wraps:
        groups.setdefault(after, []).append((tuple(line.cells_under(spans)), line))
    top = _alignment(table.rows, groups) == "top"  # a short line under a row's line may start a row
    above: _Line | None = None  # the line just above
    # After continuation lines that no row line has taken yet, the next line with a first cell
    # is their row (cells at the bottom or middle of their rows: "properties | 28 June").
    waiting = False
    for _start, row, line in order:
        touching = above is not None and line is not None and above.end + 1 == line.start
        if row is None and top and rows and touching and not waiting and _starts(
                line, above, spans, (left, widths), key):
            rows.append(Row(tuple(line.cells_under(spans)), line.start, line.end))
            above = line
        elif row is None:
            out.append((len(rows), line))
            above, waiting = line, not top
        elif line is not None and rows and above is not None and above.end + 1 == line.start and _continues(
                line, above, spans, (left, widths), key, first=not waiting):
            out.append((len(rows), line))
            above = line
        else:
            rows.append(row)
            above, waiting = line, False
    table.rows = rows
    return out


def _starts(line: _Line, above: _Line, spans: list[tuple[int, int]],
            columns: tuple[list[int], list[int]], key: int) -> bool:
    """A short line read as a continuation that starts a row: under a row's line, its first
    cell begins with a word the cell above had room for, and does not run on from it
    ("... in the Borough" / "Contracts are being drawn up": a comment row under a project)."""
    left, widths = columns
    mine = [(a, b, t) for a, b, t in line.pieces if _column_of(a, b, spans) == key]
    if not mine:
        return False
    upper = next(((a, b, t) for a, b, t in above.pieces if _column_of(a, b, spans) == key), None)
    if upper is None:
        return True
    text = mine[0][2]
    fits = upper[1] - left[key] + 1 + len(text.split()[0]) <= widths[key]
    return fits and not _goes_on(upper[2], text)


def _continues(line: _Line, above: _Line, spans: list[tuple[int, int]],
               columns: tuple[list[int], list[int]], key: int = 0, first: bool = True) -> bool:
    """A line read as a row that finishes the cells of the line above instead: no reference
    code; each piece inside its column; the first column empty or running on from the line
    above (a lower-case start, "... of the" / "Policy"); every piece under a piece of the line
    above running on from it (or word-wrapped: the line above had no room for its first word);
    and at least one piece that does so."""
    pieces = line.pieces
    left, widths = columns
    over = {_column_of(a, b, spans): (a, b, t) for a, b, t in above.pieces}
    runs = 0
    for start, end, text in pieces:
        if _CODE.fullmatch(text):
            return False
        k = _column_of(start, end, spans)
        if k + 1 < len(spans) and end > spans[k + 1][0] + 1 or (k <= key and not first):
            return False
        upper = over.get(k)
        if upper is None:
            if k <= key:
                return False  # a first cell under an empty one starts a row
            continue
        word = text.split()[0]
        goes_on = _goes_on(upper[2], text)
        fits = upper[1] - left[k] + 1 + len(word) <= widths[k]
        if not goes_on and (k <= key or fits):
            return False
        runs += 1
    return runs > 0


def _at(cells: tuple[str, ...], c: int) -> str:
    """Cell `c`, or empty past the end (a tab line inside an aligned table has its own width)."""
    return cells[c] if c < len(cells) else ""


def _join_pieces(pieces: list[str]) -> str:
    text = ""
    for piece in pieces:
        if text.endswith("-") and piece[:1].islower() and text[-2:-1].isalpha():
            text += piece  # "anti-" / "social"
        else:
            text = f"{text} {piece}".strip()
    return text


def _alignment(rows: list[Row], groups: dict[int, list[tuple[tuple[str, ...], _Line]]]) -> str:
    """Where the table's cells sit in their rows, from the lines that can only go one way."""
    above = below = 0
    for after, group in groups.items():
        first, last = group[0][0], group[-1][0]
        if after == 0 or (after < len(rows) and any(_goes_on(u, lo) for u, lo in zip(last, rows[after].cells,
                                                                                      strict=False))):
            above += 1
        if after == len(rows) or (after > 0 and any(_goes_on(u, lo)
                                                    for u, lo in zip(rows[after - 1].cells, first, strict=False))):
            below += 1
    if above and not below:
        return "bottom"
    return "middle" if above and below else "top"


def _split(upper: tuple[str, ...], lines: list[tuple[str, ...]], lower: tuple[str, ...], mode: str) -> int:
    """How many of the continuation lines between two rows belong to the upper row."""
    def score(s: int) -> float:
        points = 0.0
        before, after = (upper, *lines[:s])[-1], (*lines[s:], lower)[0]
        points -= 2 * sum(_goes_on(u, lo) for u, lo in zip(before, after, strict=False))
        points -= sum(1 for cells in lines[:s] for c, p in enumerate(cells) if p and not _at(upper, c))
        points -= sum(1 for cells in lines[s:] for c, p in enumerate(cells) if p and not _at(lower, c))
        prefer = {"top": s, "bottom": -s}.get(mode, -abs(s - len(lines) / 2))
        return points + 0.1 * prefer

    return max(range(len(lines) + 1), key=score)


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
