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
- on a page whose table has no ruling but whose text comes out a cell a line, pypdf's layout
  extraction instead, which keeps each row on a line with its columns spaced apart.

Each step is an improvement over the default extraction, never a reason to fail: whatever
cannot be read this way falls back to the text as pypdf gives it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from nlp.pdf_tables import Grid, Run, find_grids, ruling, text_runs
from nlp.typography import _scale

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


_LIST_START = re.compile(r"^\s*(?:[\u2022\u25cf\u25aa\u25a0\u2013\u2014\u2212*\-o\uf0b7\uf0a7]\s|\(?[0-9]{1,3}[.)]|\(?[a-z]{1,3}\)|\d+\.\d)")


def page_text(page: object) -> str:
    """The page's text (see the module docstring)."""
    lines = _positioned_lines(page)
    plain = "\n".join(line.text for line in lines)
    operations = _operations(page)
    tables = _tables(page, operations)
    if not tables and _flattened_table(plain):
        layout = _layout_text(page)
        if layout is not None:
            return layout
    _line_ends(page, operations, lines)
    return _compose(lines, tables, _page_width(page))


def _positioned_lines(page: object) -> list[_Line]:
    """The default extraction's lines, each with the position and type size of its first text."""
    lines = [_Line("")]

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], font: object, size: float) -> None:
        parts = text.split("\n")
        for number, part in enumerate(parts):
            if number:
                lines.append(_Line(""))
            line = lines[-1]
            if line.y is None and part.strip():
                line.x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                line.y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                line.size = float(size or 0) * _scale(tm, cm)
            line.text += part

    text = page.extract_text(visitor_text=visit) or ""  # type: ignore[attr-defined]
    if "\n".join(line.text for line in lines) != text:  # a pypdf whose visitor sees other text
        return [_Line(part) for part in text.split("\n")]
    return lines


def _operations(page: object) -> list[tuple[list[object], bytes]]:
    """The page's content stream operators; none when they cannot be read."""
    try:
        from pypdf.generic import ContentStream

        contents = page.get_contents()  # type: ignore[attr-defined]
        if contents is None:
            return []
        return ContentStream(contents, page.pdf, "bytes").operations  # type: ignore[attr-defined]
    except Exception:  # the operators improve the text, they are never a reason to fail
        return []


def _line_ends(page: object, operations: list[tuple[list[object], bytes]], lines: list[_Line]) -> None:
    """Set where each positioned line's text ends: the right end of the runs on its baseline,
    from where it starts, that hold as many letters as it does."""
    if not operations or sum(1 for line in lines if line.y is not None) < 3:
        return
    try:
        runs = text_runs(page, operations)
    except Exception:  # line ends improve the text, they are never a reason to fail
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


def _tables(page: object, operations: list[tuple[list[object], bytes]]) -> list[tuple[Grid, list[tuple[str, ...]]]]:
    """The page's ruled tables with their rows; none when the page cannot be read this way."""
    if not operations:
        return []
    try:
        grids = find_grids(ruling(operations))
        if not grids:
            return []
        runs = text_runs(page, operations)
    except Exception:  # ruled tables are an improvement, never a reason to fail
        return []
    tables = []
    for grid in grids:
        rows = grid.rows(runs)
        filled = {i for row in rows for i, cell in enumerate(row) if cell}
        if len(rows) >= 2 and len(filled) >= 2:
            tables.append((grid, rows))
    return tables


def _compose(lines: list[_Line], tables: list[tuple[Grid, list[tuple[str, ...]]]], width: float | None = None) -> str:
    margin = _margin(lines, width)
    spacing = _paragraph_gap(lines)
    out: list[str] = []
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
                previous = _Line(out[-1], previous.x, previous.y, previous.size, line.right)
                continue
            elif out and out[-1].strip() and _wrapped(previous, line, margin):
                joined = out[-1].rstrip()
                out[-1] = joined + ("" if joined.endswith("-") and joined[-2:-1].isalpha() else " ") + line.text.strip()
                previous = line
                continue
        out.append(line.text)
        if line.y is not None:
            previous = line
    text = "\n".join(out)
    return text if not tables else re.sub(r"\n{3,}", "\n\n", text)


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


def _layout_text(page: object) -> str | None:
    """The layout extraction, when it keeps two or more rows of columns spaced apart."""
    try:
        layout = page.extract_text(extraction_mode="layout") or ""  # type: ignore[attr-defined]
    except Exception:  # layout mode is an improvement, never a reason to fail
        return None
    if len(_ALIGNED_ROW.findall(layout)) < 2:
        return None
    rows = [line.rstrip() for line in layout.split("\n")]
    indent = min((len(line) - len(line.lstrip()) for line in rows if line.strip()), default=0)
    return "\n".join(line[indent:] for line in rows).strip("\n") + "\n"
