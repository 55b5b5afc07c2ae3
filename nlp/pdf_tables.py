"""Ruled tables on a PDF page: the grid a council's Word or InDesign export draws round its table
cells, and the text inside each cell.

Text extraction alone loses a table: pypdf's default mode puts each cell on its own line, and
its layout mode keeps a row's first lines side by side but scatters the second and third lines of
cells that wrap. The lines drawn round the cells say where every cell is, so the text can be
put back into rows and columns: one line per row, cells separated by tabs, as the readers of
.docx and HTML tables give them (`nlp.structure` reads those).

- The page's drawing operators give the ruling: stroked lines (`m`/`l`), and rectangles
  (`re`), stroked or filled — a thin filled rectangle is how Word draws a border, a shaded header
  row's edges are cell edges — in page space (the `cm` transforms applied).
- Segments that cross or meet form one grid; a grid with two rows and two columns or more is a
  table (a box round a paragraph or a letterhead band is not). A grid missing its outer border
  gets one at the ends of its lines.
- A cell is the union of grid squares with no line between them: a merged cell (a theme row
  across the table, a year over "Target" and "Actual") keeps its text in its first column and
  leaves the columns it covers empty, so every row has a cell under each column.
- The text of a cell is its text runs (one per text-showing operator, with their positions from
  pypdf's layout machinery) in reading order, its wrapped lines joined with spaces.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

LINE_TOLERANCE = 2.0  # points: lines this close are one line; a line reaching this near meets another
MERGE_GAP = 3.0  # points: two parallel lines this close (a double border) are one
THIN = 3.0  # points: a filled rectangle this thin is a drawn line
MIN_EXTENT = 6.0  # points: shorter strokes are glyph parts or tick marks, not ruling


@dataclass(frozen=True, slots=True)
class Segment:
    """A horizontal (y = `at`, x from `low` to `high`) or vertical (x = `at`) line."""

    horizontal: bool
    at: float
    low: float
    high: float

    def covers(self, position: float, tolerance: float = LINE_TOLERANCE) -> bool:
        return self.low - tolerance <= position <= self.high + tolerance


@dataclass(frozen=True, slots=True)
class Run:
    """Text shown by one operator: its text, where it starts and ends, its baseline and size."""

    text: str
    x0: float
    x1: float
    y: float
    size: float
    lead: float = 0.0  # the width of its first word and a space: the room it needs on a line


@dataclass(frozen=True, slots=True)
class Grid:
    """A ruled table: column edges left to right, row edges top to bottom (PDF y decreases
    downwards), and for each grid square the index of the cell it belongs to."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    cell_of: tuple[tuple[int, ...], ...]  # [row][column] -> cell number

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[-1], self.xs[-1], self.ys[0]

    def contains(self, x: float, y: float, margin: float = 1.0) -> bool:
        x0, y0, x1, y1 = self.box
        return x0 - margin <= x <= x1 + margin and y0 - margin <= y <= y1 + margin

    def square(self, x: float, y: float) -> tuple[int, int] | None:
        if not self.contains(x, y, 0.5):
            return None
        column = max(0, min(len(self.xs) - 2, _index(self.xs, x)))
        row = max(0, min(len(self.ys) - 2, _index([-v for v in self.ys], -y)))
        return row, column

    def rows(self, runs: Iterable[Run]) -> list[tuple[str, ...]]:
        """The table's rows, each with one cell per column; a merged cell's text in its first
        square, the squares it covers empty; rows with no text left out."""
        texts: dict[int, list[Run]] = {}
        for run in runs:
            where = self.square(*_anchor(run))
            if where is not None:
                texts.setdefault(self.cell_of[where[0]][where[1]], []).append(run)
        seen: set[int] = set()
        out = []
        for row in self.cell_of:
            cells = []
            for cell in row:
                if cell in seen:
                    cells.append("")
                    continue
                seen.add(cell)
                cells.append(cell_text(texts.get(cell, [])))
            if any(cells):
                out.append(tuple(cells))
        return out


def _index(edges: Sequence[float], value: float) -> int:
    """The square between edges[i] and edges[i + 1] holding `value` (edges ascending)."""
    for index in range(len(edges) - 1):
        if value < edges[index + 1]:
            return index
    return len(edges) - 2


def _anchor(run: Run) -> tuple[float, float]:
    """A point inside the run's first letter: where it starts, a third of the way up the type."""
    return run.x0 + min(1.0, max(run.x1 - run.x0, 0.0) / 2), run.y + run.size * 0.3


def cell_text(runs: list[Run]) -> str:
    """The runs of one cell in reading order: lines top to bottom, runs left to right, a space
    where runs are apart, wrapped lines joined with a space (none after a hyphen at a line end,
    which keeps "long-" + "term" whole)."""
    if not runs:
        return ""
    ordered = sorted(runs, key=lambda r: (-r.y, r.x0))
    lines: list[list[Run]] = [[ordered[0]]]
    for run in ordered[1:]:
        if abs(run.y - lines[-1][0].y) <= max(run.size, lines[-1][0].size) * 0.5:
            lines[-1].append(run)
        else:
            lines.append([run])
    text = ""
    for number, line in enumerate(lines):
        line.sort(key=lambda r: r.x0)
        words = ""
        previous: Run | None = None
        for run in line:
            if previous is not None and run.x0 - previous.x1 > 0.15 * run.size and not words.endswith(" "):
                words += " "
            words += run.text
            previous = run
        words = " ".join(words.split())
        if not words:
            continue
        if number and text:
            joined = text.endswith("-") and text[-2:-1].isalpha() and words[:1].isalnum()
            text += words if joined else " " + words
        else:
            text = words
    return " ".join(text.replace("\t", " ").split())


# --- ruling ----------------------------------------------------------------------------------------


def _multiply(m: Sequence[float], n: Sequence[float]) -> list[float]:
    """m x n for PDF matrices [a b c d e f]."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return [a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2]


def _apply(m: Sequence[float], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


_STROKE = {b"S", b"s", b"B", b"B*", b"b", b"b*"}
_FILL = {b"f", b"F", b"f*"}


def ruling(operations: Iterable[tuple[list[object], bytes]]) -> list[Segment]:
    """The horizontal and vertical lines the page draws (stroked lines and rectangle edges, thin
    filled rectangles as lines), in page space. Clipping paths and curves are not ruling."""
    ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    stack: list[list[float]] = []
    lines: list[tuple[tuple[float, float], tuple[float, float]]] = []  # the current path's lines
    rects: list[tuple[float, float, float, float]] = []
    start = current = None
    out: list[Segment] = []
    for operands, op in operations:
        try:
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q":
                ctm = stack.pop() if stack else ctm
            elif op == b"cm" and len(operands) == 6:
                ctm = _multiply([float(v) for v in operands], ctm)  # type: ignore[arg-type]
            elif op == b"m" and len(operands) == 2:
                start = current = _apply(ctm, float(operands[0]), float(operands[1]))  # type: ignore[arg-type]
            elif op == b"l" and len(operands) == 2 and current is not None:
                point = _apply(ctm, float(operands[0]), float(operands[1]))  # type: ignore[arg-type]
                lines.append((current, point))
                current = point
            elif op == b"h" and current is not None and start is not None:
                lines.append((current, start))
                current = start
            elif op in (b"c", b"v", b"y") and operands:
                current = _apply(ctm, float(operands[-2]), float(operands[-1]))  # type: ignore[arg-type]
            elif op == b"re" and len(operands) == 4:
                x, y, w, h = (float(v) for v in operands)  # type: ignore[arg-type]
                corners = [_apply(ctm, x, y), _apply(ctm, x + w, y + h)]
                xs = sorted(p[0] for p in corners)
                ys = sorted(p[1] for p in corners)
                rects.append((xs[0], ys[0], xs[1], ys[1]))
            elif op in _STROKE or op in _FILL or op == b"n":
                if op != b"n":
                    out.extend(_segments(lines, rects, filled=op in _FILL))
                lines, rects, start, current = [], [], None, None
        except (TypeError, ValueError, IndexError):
            lines, rects, start, current = [], [], None, None
    return out


def _segments(lines: list, rects: list, filled: bool) -> Iterable[Segment]:
    for (x0, y0), (x1, y1) in lines:
        if abs(y1 - y0) < 0.5 and abs(x1 - x0) >= MIN_EXTENT:
            yield Segment(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1))
        elif abs(x1 - x0) < 0.5 and abs(y1 - y0) >= MIN_EXTENT:
            yield Segment(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1))
    for x0, y0, x1, y1 in rects:
        width, height = x1 - x0, y1 - y0
        if height <= THIN and width >= MIN_EXTENT:
            yield Segment(True, (y0 + y1) / 2, x0, x1)
        elif width <= THIN and height >= MIN_EXTENT:
            yield Segment(False, (x0 + x1) / 2, y0, y1)
        elif width >= MIN_EXTENT and height >= MIN_EXTENT:  # a box, or a shaded cell: its edges
            yield from (Segment(True, y0, x0, x1), Segment(True, y1, x0, x1),
                        Segment(False, x0, y0, y1), Segment(False, x1, y0, y1))


def _merged(segments: list[Segment]) -> list[Segment]:
    """Collinear segments that overlap or touch joined into one."""
    out: list[Segment] = []
    for horizontal in (True, False):
        group = sorted((s for s in segments if s.horizontal == horizontal), key=lambda s: (round(s.at / MERGE_GAP), s.low))
        rows: list[list[Segment]] = []
        for segment in sorted(group, key=lambda s: s.at):
            if rows and abs(segment.at - rows[-1][0].at) <= LINE_TOLERANCE:
                rows[-1].append(segment)
            else:
                rows.append([segment])
        for row in rows:
            at = sum(s.at for s in row) / len(row)
            row.sort(key=lambda s: s.low)
            low, high = row[0].low, row[0].high
            for segment in row[1:]:
                if segment.low <= high + LINE_TOLERANCE:
                    high = max(high, segment.high)
                else:
                    out.append(Segment(horizontal, at, low, high))
                    low, high = segment.low, segment.high
            out.append(Segment(horizontal, at, low, high))
    return out


def _meets(h: Segment, v: Segment) -> bool:
    return h.covers(v.at) and v.covers(h.at)


def find_grids(segments: list[Segment]) -> list[Grid]:
    """The tables the ruling draws: groups of crossing lines with two rows and two columns or
    more, top to bottom."""
    segments = _merged(segments)
    horizontals = [s for s in segments if s.horizontal]
    verticals = [s for s in segments if not s.horizontal]
    if len(horizontals) < 2 or len(verticals) < 1 or len(segments) > 5000:
        return []
    parent = list(range(len(segments)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index = {id(s): i for i, s in enumerate(segments)}
    for h in horizontals:
        for v in verticals:
            if _meets(h, v):
                parent[find(index[id(h)])] = find(index[id(v)])
    groups: dict[int, list[Segment]] = {}
    for i, segment in enumerate(segments):
        groups.setdefault(find(i), []).append(segment)
    grids = [grid for group in groups.values() if (grid := _grid(group)) is not None]
    return sorted(grids, key=lambda g: -g.ys[0])


def _cluster(values: Iterable[float]) -> list[float]:
    out: list[list[float]] = []
    for value in sorted(values):
        if out and value - out[-1][-1] <= MERGE_GAP:
            out[-1].append(value)
        else:
            out.append([value])
    return [sum(c) / len(c) for c in out]


def _grid(group: list[Segment]) -> Grid | None:
    horizontals = [s for s in group if s.horizontal]
    verticals = [s for s in group if not s.horizontal]
    if not horizontals or not verticals:
        return None
    xs = _cluster([v.at for v in verticals] + [min(h.low for h in horizontals), max(h.high for h in horizontals)])
    ys = _cluster([h.at for h in horizontals] + [min(v.low for v in verticals), max(v.high for v in verticals)])
    ys.reverse()  # top to bottom
    if len(xs) < 3 or len(ys) < 3:
        return None
    rows, columns = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * columns))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(rows):
        middle_y = (ys[r] + ys[r + 1]) / 2
        for c in range(columns):
            middle_x = (xs[c] + xs[c + 1]) / 2
            if c + 1 < columns and not any(
                abs(v.at - xs[c + 1]) <= MERGE_GAP and v.covers(middle_y, 0) for v in verticals
            ):
                parent[find(r * columns + c + 1)] = find(r * columns + c)
            if r + 1 < rows and not any(
                abs(h.at - ys[r + 1]) <= MERGE_GAP and h.covers(middle_x, 0) for h in horizontals
            ):
                parent[find((r + 1) * columns + c)] = find(r * columns + c)
    numbers: dict[int, int] = {}
    cell_of = tuple(
        tuple(numbers.setdefault(find(r * columns + c), len(numbers)) for c in range(columns)) for r in range(rows)
    )
    if len(numbers) < 4 or all(len(set(row)) < 2 for row in cell_of):
        return None  # a box round a paragraph, a band of shading: not a table
    return Grid(tuple(xs), tuple(ys), cell_of)


# --- text runs -----------------------------------------------------------------------------------


def text_runs(page: object, operations: list[tuple[list[object], bytes]]) -> list[Run]:
    """Every text-showing operator's text with its position, through pypdf's layout-mode
    machinery (which decodes each font once); empty when this pypdf cannot do it."""
    from pypdf._text_extraction._layout_mode import _fixed_width_page as layout
    from pypdf._text_extraction._layout_mode._text_state_manager import TextStateManager

    fonts = page._layout_mode_fonts()  # type: ignore[attr-defined]
    state = TextStateManager()
    tj_ops = []
    ops = iter(operations)
    for operands, op in ops:
        if op in (b"BT", b"q"):
            _, tjs = layout.recurse_to_target_op(ops, state, b"ET" if op == b"BT" else b"Q", fonts, True)
            tj_ops.extend(tjs)
        elif op == b"Tf":
            layout.set_font_operation(state, fonts, operands)
        else:
            state.set_state_param(op, operands)
    runs = []
    previous, advance = None, 0.0
    for tj in tj_ops:
        # pypdf does not move the text position on after a Tj, so a Tj that follows another
        # with no positioning between them reports the other's start: it starts where that ended
        here = (tj.tx, tj.ty, tj.font_size)
        advance = advance + (previous[1] if previous else 0.0) if previous and previous[0] == here else 0.0
        previous = (here, float(tj.displaced_tx) - float(tj.tx))
        if tj.rotated or not tj.font.interpretable or not tj.text.strip():
            continue
        size = abs(tj.font_height) if tj.font_height else abs(tj.font_size)
        if not (math.isfinite(tj.tx) and math.isfinite(tj.ty)):
            continue
        x0 = float(tj.tx) + advance
        runs.append(Run(tj.text, x0, x0 + float(tj.displaced_tx) - float(tj.tx), float(tj.ty), float(size) or 10.0,
                        _lead(tj)))
    return runs


def _lead(tj: object) -> float:
    """The page-space width of the run's first word and a space; 0 when unknown."""
    words = tj.text.split()  # type: ignore[attr-defined]
    try:
        return abs(float(tj.word_tx(words[0] + " ")) * float(tj.transform[0])) if words else 0.0  # type: ignore[attr-defined]
    except Exception:  # widths only help to join wrapped lines
        return 0.0
