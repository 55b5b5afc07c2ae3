"""Tables on a PDF page that draw no vertical lines: only horizontal rules (a heavier rule over
and under the header, a hairline under each row, as InDesign and modern.gov export them) or no
rules at all, the columns kept apart by their gutters.

pypdf's default extraction gives such a table a cell per line and its layout mode scatters the
second and third lines of wrapped cells, so the rows are lost. The text runs' positions keep
them:

- the runs are put on visual lines (one baseline), and a line's runs closer than a gutter are one
  chunk of text; a line with two chunks or more is split into columns;
- consecutive split lines (a few lines of wrapped cells between them) are a table when the gaps
  between their chunks line up: the columns are where the gutters shared by the rows are (one
  line in six may cross one: a year over "Target" and "Actual"); three columns at least, for a
  number or a bullet beside its paragraph is no table;
- lines after the last split line stay in the table while their text keeps inside one column and
  is set in the table's type (a cell's wrapped lines; a numbered heading or paragraph set close
  under the table is not); a line whose text crosses a gutter inside the table is a row of its own
  across it (a theme over its rows), one below the table is the paragraph after it;
- rows are cut at the horizontal rules between lines, and where the space between two lines is
  wider than the table's line spacing (the cells' padding: two header rows under one rule);
  where neither shows, at each line with text in the first column.

Rows come back as `nlp.pdf_tables.Grid.rows` gives them: one cell per column, a row across the
table with its text in the first cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from nlp.pdf_tables import Run, Segment, cell_text

GUTTER = 0.7  # times the type size: runs on a line this far apart are in different columns
MIN_COLUMNS = 3
MAX_CONTINUATION = 10  # lines of wrapped cells between two rows' first lines
MAX_GAP = 3.0  # times the type size: lines further apart are not in one table
LONG_LINE_WORDS = 12  # a line across the table with more words is a paragraph, not a theme row


@dataclass(slots=True)
class _Chunk:
    x0: float
    x1: float
    runs: list[Run]

    @property
    def words(self) -> int:
        return sum(len(run.text.split()) for run in self.runs)


@dataclass(slots=True)
class _Line:
    y: float
    size: float
    runs: list[Run]
    chunks: list[_Chunk] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ColumnTable:
    """A table found from its columns: the box it covers and its rows."""

    box: tuple[float, float, float, float]  # x0, y0 (bottom), x1, y1 (top)
    table_rows: tuple[tuple[str, ...], ...]

    def contains(self, x: float, y: float, margin: float = 1.0) -> bool:
        x0, y0, x1, y1 = self.box
        return x0 - margin <= x <= x1 + margin and y0 - margin <= y <= y1 + margin


def find_tables(runs: Sequence[Run], rules: Sequence[Segment] = ()) -> list[ColumnTable]:
    """The page's tables without vertical ruling, top to bottom, from its text runs (those inside
    ruled tables left out) and its horizontal rules."""
    lines = _visual_lines(runs)
    tables = []
    index = 0
    while index < len(lines):
        found = _table_from(lines, index, [s for s in rules if s.horizontal])
        if found is None:
            index += 1
            continue
        table, index = found
        tables.append(table)
    return tables


def _visual_lines(runs: Sequence[Run]) -> list[_Line]:
    lines: list[_Line] = []
    for run in sorted((r for r in runs if r.text.strip()), key=lambda r: (-r.y, r.x0)):
        if lines and abs(lines[-1].y - run.y) <= 0.35 * max(lines[-1].size, run.size):
            lines[-1].runs.append(run)
        else:
            lines.append(_Line(run.y, run.size, [run]))
    for line in lines:
        line.runs.sort(key=lambda r: r.x0)
        line.size = max(r.size for r in line.runs)
        for run in line.runs:
            last = line.chunks[-1] if line.chunks else None
            if last is not None and run.x0 - last.x1 < GUTTER * max(run.size, 1.0):
                last.x1 = max(last.x1, run.x1)
                last.runs.append(run)
            else:
                line.chunks.append(_Chunk(run.x0, run.x1, [run]))
    return lines


def _table_from(lines: list[_Line], start: int, rules: list[Segment]) -> tuple[ColumnTable, int] | None:
    """The table whose first line is `start`, and the index after its last line; None when no
    table starts there."""
    if len(lines[start].chunks) < 2:
        return None
    split = [start]
    end = start + 1  # one past the last line taken
    between = 0
    for index in range(start + 1, len(lines)):
        line, above = lines[index], lines[index - 1]
        if above.y - line.y > MAX_GAP * max(line.size, above.size) or abs(line.size - lines[start].size) > 1:
            break  # a table's lines are close and in one type (a letterhead beside its address is not)
        if len(line.chunks) >= 2:
            if len(split) >= 3 and len(_gutters([lines[i] for i in split] + [line], 0)) < len(
                    _gutters([lines[i] for i in split], 0)):
                break  # its text crosses the columns so far: another table's line, set under this one
            split.append(index)
            end = index + 1
            between = 0
        else:
            between += 1
            if between > MAX_CONTINUATION or line.chunks[0].words > LONG_LINE_WORDS:
                break
    if len(split) < 2:
        return None
    gaps = _columns([lines[i] for i in split])
    if len(gaps) < MIN_COLUMNS - 1:
        return None
    taken = lines[start:end]
    # the lines after the last split line that keep inside one column, in the table's type: its
    # wrapped cells (a heading in body type set close under the table, as a bold run-in heading
    # is, and the next table's header under it are not)
    for line, above in zip(lines[end:], lines[end - 1:]):
        if (len(taken) - (split[-1] - start) > MAX_CONTINUATION or above.y - line.y > MAX_GAP * line.size
                or abs(line.size - lines[start].size) > 1
                or any(_crosses(chunk, gaps) for chunk in line.chunks)):
            break
        taken.append(line)
    # a long line across the table inside it is a paragraph between two tables: stop before it
    for offset, line in enumerate(taken):
        if len(line.chunks) == 1 and _crosses(line.chunks[0], gaps) and line.chunks[0].words > LONG_LINE_WORDS:
            taken = taken[:offset]
            break
    placed = [_columns_of(line, gaps) for line in taken]
    if sum(1 for cells in placed if len({c for c, _ in cells if c >= 0}) >= MIN_COLUMNS) < 2:
        return None
    rows = _rows(taken, placed, len(gaps) + 1, rules)
    if len(rows) < 2:
        return None
    x0 = min(chunk.x0 for line in taken for chunk in line.chunks)
    x1 = max(chunk.x1 for line in taken for chunk in line.chunks)
    box = (x0, taken[-1].y - 0.4 * taken[-1].size, x1, taken[0].y + taken[0].size)
    return ColumnTable(box, tuple(rows)), start + len(taken)


def _columns(lines: list[_Line]) -> list[tuple[float, float]]:
    """The gutters between the columns of the split lines: the x-ranges none of their text covers,
    and those that only one line in six crosses (a year over "Target" and "Actual", a long word
    run over its cell's edge) where no gutter of the first kind lies (a column whose only text is
    its header's, "Q2" between "Q1" and "Target", keeps its own)."""
    strict = _gutters(lines, 0)
    tolerant = _gutters(lines, (len(lines) - 1) // 6)
    kept = strict + [g for g in tolerant if not any(g[0] < high and low < g[1] for low, high in strict)]
    return sorted(kept)


def _gutters(lines: list[_Line], allowed: int) -> list[tuple[float, float]]:
    """The x-ranges the text of no more than `allowed` of the lines covers, wide enough to part
    two columns, left to right."""
    left = min(chunk.x0 for line in lines for chunk in line.chunks)
    right = max(chunk.x1 for line in lines for chunk in line.chunks)
    size = min(line.size for line in lines)
    edges: list[tuple[float, int]] = []
    for line in lines:
        for chunk in line.chunks:
            edges += [(chunk.x0, 1), (chunk.x1, -1)]
    edges.sort()
    gaps: list[tuple[float, float]] = []
    depth, opened = 0, None
    for x, step in edges:
        before = depth
        depth += step
        if before > allowed >= depth:
            opened = x
        elif before <= allowed < depth and opened is not None:
            if x - opened >= GUTTER * size and left < opened and x < right:
                gaps.append((opened, x))
            opened = None
    return gaps


def _crosses(chunk: _Chunk, gaps: list[tuple[float, float]]) -> bool:
    return any(chunk.x0 < low and chunk.x1 > high for low, high in gaps)


def _columns_of(line: _Line, gaps: list[tuple[float, float]]) -> list[tuple[int, _Chunk]]:
    """Each chunk with its column; -1 for a chunk across a gutter (a row across the table)."""
    out = []
    for chunk in line.chunks:
        if _crosses(chunk, gaps):
            out.append((-1, chunk))
            continue
        middle = (chunk.x0 + chunk.x1) / 2
        out.append((sum(1 for low, high in gaps if middle > (low + high) / 2), chunk))
    return out


def _rows(lines: list[_Line], placed: list[list[tuple[int, _Chunk]]], columns: int,
          rules: list[Segment]) -> list[tuple[str, ...]]:
    """The table's rows: its lines grouped (`_row_groups`), each column's runs joined."""
    rows = []
    for group in _row_groups(lines, placed, rules):
        runs: dict[int, list[Run]] = {}
        for index in group:
            for column, chunk in placed[index]:
                runs.setdefault(max(column, 0), []).extend(chunk.runs)
        row = tuple(cell_text(runs.get(column, [])) for column in range(columns))
        if any(row):
            rows.append(row)
    return rows


def _row_groups(lines: list[_Line], placed: list[list[tuple[int, _Chunk]]], rules: list[Segment]) -> list[list[int]]:
    """The lines of each row. A cell's lines are the lines of a column at the table's line
    spacing; a row is the lines its cells span (a cell set at the middle of its row falls inside
    the span of the row's longest cell). Rows are cut at the rules between lines; a new cell in
    the first column inside one span starts a row (a table whose rows are no further apart than
    their lines); a line across the table is a row of its own."""
    x0 = min(chunk.x0 for line in lines for chunk in line.chunks)
    x1 = max(chunk.x1 for line in lines for chunk in line.chunks)
    ruled = [s.at for s in rules if s.high - s.low >= 0.3 * (x1 - x0) and s.low <= x1 and s.high >= x0]
    columns: dict[int, list[int]] = {}
    for index, cells in enumerate(placed):
        for column in {c for c, _ in cells}:
            columns.setdefault(column, []).append(index)
    leading = _leading(lines, columns)
    cut = [False] * len(lines)  # a row starts at this line
    cut[0] = True
    for index in range(1, len(lines)):
        upper, lower = lines[index - 1], lines[index]
        if any(lower.y + 0.5 * lower.size < at < upper.y - 0.1 * upper.size for at in ruled):
            cut[index] = True
        if any(c < 0 for c, _ in placed[index]) or any(c < 0 for c, _ in placed[index - 1]):
            cut[index] = True
    if not any(cut[1:]) and all(a.y - b.y <= leading * 1.2 + 0.5 for a, b in zip(lines, lines[1:])):
        # every line as far apart as the next: a row starts at each line with a first cell
        groups: list[list[int]] = []
        for index, cells in enumerate(placed):
            if not groups or any(c == 0 for c, _ in cells):
                groups.append([index])
            else:
                groups[-1].append(index)
        return groups
    # the cells: runs of a column's lines at the line spacing, within the rules
    spans = []
    first_cells = set()
    for column, indexes in columns.items():
        if column < 0:
            continue
        start = indexes[0]
        for before, after in zip(indexes, indexes[1:] + [None]):
            if after is None or lines[before].y - lines[after].y > leading * 1.2 + 0.5 or any(cut[before + 1: after + 1]):
                spans.append((start, before))
                if column == 0:
                    first_cells.add(start)
                if after is not None:
                    start = after
    joined = [False] * len(lines)  # this line is in the span of a cell that started above it
    for start, end in spans:
        for index in range(start + 1, end + 1):
            joined[index] = True
    groups = []
    for index in range(len(lines)):
        if cut[index] or not joined[index] or (index in first_cells and groups and 0 in _columns_in(placed, groups[-1])):
            groups.append([index])
        else:
            groups[-1].append(index)
    return groups


def _columns_in(placed: list[list[tuple[int, _Chunk]]], group: list[int]) -> set[int]:
    return {c for index in group for c, _ in placed[index]}


def _leading(lines: list[_Line], columns: dict[int, list[int]]) -> float:
    """The table's line spacing: the least distance between two lines of one column that recurs
    (a cell's wrapped lines), else the least between any two lines."""
    pitches = sorted(round(lines[a].y - lines[b].y, 1) for indexes in columns.values()
                     for a, b in zip(indexes, indexes[1:]))
    recurring = [p for p in pitches if sum(1 for o in pitches if abs(o - p) <= 0.5) >= 2 and p > 0]
    if recurring:
        return recurring[0]
    every = [a.y - b.y for a, b in zip(lines, lines[1:])]
    return min(every) if every else 0.0
