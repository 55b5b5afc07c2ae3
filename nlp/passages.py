"""Cut a document into passages fit for retrieval.

A passage is a heading with the paragraphs, list items or table rows under it, at most
`MAX_WORDS` words and, given the embedding model's `Window`, within what the model reads
(all-MiniLM-L6-v2 reads 256 word pieces; anything past that is silently dropped, and labelled
table rows, codes and figures take more word pieces per word than prose). Long sections are split
at block boundaries with the heading repeated, so every piece still says what it is about; a
block too long on its own is split at sentences, then words. Table rows are written out with
their header ("Indicator: Food waste | Target: 1,800"), so a question about a target finds the
row even though the flattened table has the column name far away.

When a document has no blocks (structure detection failed or was skipped) the text is cut at
blank lines instead, with a light reading of headings and tab-separated rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from nlp.records import Block, Document, Passage

MAX_WORDS = 160  # body + heading: a passage's size for retrieval (the model's window is a Window)
MAX_TABLE_ROWS = 4  # rows packed into one table passage: more rows blur what each row says
HEADING_WORDS = 24  # longest heading path repeated in a passage
HEADING_LEVELS = 2  # deepest headings repeated in a passage; the top ones are often letterheads
# A short paragraph just before a table ("Table 1 (below) shows the collection rate since
# 2014/15:") says what the table is: it starts the table's first passage instead of ending the
# text passage before it, where the rows would lose it.
CAPTION_WORDS = 25

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[\"'(\[]?[A-Z0-9•\-])")
# in a labelled row ("Measure: Rent collected | Target: 98%") a colon ends a label, not a sentence
_CELL_OR_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"'(\[]?[A-Z0-9•\-])|(?<=\s\|)\s+")
_WS = re.compile(r"\s+")
_TAGS = re.compile(r"</?(?:sup|sub|b|i|u|strong|em|br)\s*/?>", re.I)


@dataclass(frozen=True, slots=True)
class Window:
    """What the embedding model reads: `length` measures a text (word pieces, without the special
    tokens the model adds) and `size` is the most it reads. `length` must add up over texts joined
    by whitespace, as word and word-piece counts do: passages are packed by summing it."""

    length: Callable[[str], int]
    size: int


@dataclass(frozen=True, slots=True)
class _Budget:
    """Room for a passage's body: words, and length as the window measures it."""

    words: int
    size: int
    length: Callable[[str], int]

    def fits(self, words: int, size: int) -> bool:
        return words <= self.words and size <= self.size

    def less(self, unit: _Unit) -> _Budget:
        """The room left beside `unit`."""
        return _Budget(self.words - unit.words, self.size - unit.size, self.length)


@dataclass(frozen=True, slots=True)
class _Unit:
    """A piece of body text with its span: one block, or part of a long one."""

    text: str
    start: int
    end: int
    kind: str  # "text" | "table"
    words: int
    size: int  # as the window measures it; words when there is no window


def clean(text: str) -> str:
    """Text as it should be embedded and shown: markup stripped, whitespace folded."""
    text = _TAGS.sub("", text).replace("**", "")
    return _WS.sub(" ", text).strip()


def _words(text: str) -> int:
    return len(text.split())


def _row_text(block: Block, doc_text: str) -> str:
    """A table row with each cell labelled by its column header."""
    cells = [clean(c) for c in block.cells]
    header = [clean(h) for h in block.header]
    if not cells:
        return clean(doc_text[block.start : block.end])
    if header and header != cells:
        parts = []
        for i, cell in enumerate(cells):
            if not cell:
                continue
            name = header[i] if i < len(header) else ""
            parts.append(f"{name}: {cell}" if name and name != cell else cell)
        return " | ".join(parts)
    return " | ".join(c for c in cells if c)


def _word_spans(text: str, budget: _Budget) -> list[tuple[int, int]]:
    """Spans of `text` cut at spaces, each within the budget; a word longer than the window on its
    own (a long code or address) is cut between characters."""
    spans: list[tuple[int, int]] = []
    first = last = -1
    words = size = 0
    for match in re.finditer(r"\S+", text):
        n = budget.length(match.group())
        if first >= 0 and not budget.fits(words + 1, size + n):
            spans.append((first, last))
            first = -1
        if n > budget.size:
            spans.extend(_char_spans(text, match.start(), match.end(), budget))
            continue
        if first < 0:
            first, words, size = match.start(), 0, 0
        last, words, size = match.end(), words + 1, size + n
    if first >= 0:
        spans.append((first, last))
    return spans


def _char_spans(text: str, a: int, b: int, budget: _Budget) -> list[tuple[int, int]]:
    """[a, b) of one word cut into halves until every part fits the window."""
    if b - a < 2 or budget.length(text[a:b]) <= budget.size:
        return [(a, b)]
    middle = (a + b) // 2
    return _char_spans(text, a, middle, budget) + _char_spans(text, middle, b, budget)


def _split_long(
    unit: _Unit, raw: str, budget: _Budget, first: _Budget | None = None
) -> list[_Unit]:
    """Split an over-long block at sentence boundaries (at words as a last resort); the first
    piece within `first` (room left beside a caption), if given, the others within `budget`.

    `raw` is the block's text in the document, so each piece of a paragraph gets its own exact
    span. A labelled row does not map back onto it: its own text is cut at cells and sentences,
    and each piece keeps the row's span."""
    first = first or budget
    if first.fits(unit.words, unit.size):
        return [unit]
    exact = unit.kind != "table" and clean(raw) == unit.text
    source, ends = (raw, _SENTENCE_END) if exact else (unit.text, _CELL_OR_SENTENCE_END)
    spans: list[tuple[int, int]] = []
    last = 0
    for m in ends.finditer(source):
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, len(source)))
    pieces: list[tuple[int, int, int, int]] = []  # start, end, words, size
    for a, b in spans:
        text = clean(source[a:b])
        words, size = _words(text), budget.length(text)
        if first.fits(words, size):  # every piece fits the first room, so any can start a passage
            pieces.append((a, b, words, size))
            continue
        for c, d in _word_spans(source[a:b], first):
            text = clean(source[a + c : a + d])
            pieces.append((a + c, a + d, _words(text), budget.length(text)))

    def piece(a: int, b: int) -> _Unit:
        text = clean(source[a:b]) if exact else clean(source[a:b]).rstrip(" |")
        span = (unit.start + a, unit.start + b) if exact else (unit.start, unit.end)
        return _Unit(text, *span, unit.kind, _words(text), budget.length(text))

    units: list[_Unit] = []
    group_start, group_end, words, size = pieces[0]
    for a, b, n_words, n_size in pieces[1:]:
        # parts of a word cut between characters stay apart: word pieces do not add up in a word
        joined = a == group_end
        if joined or not (budget if units else first).fits(words + n_words, size + n_size):
            units.append(piece(group_start, group_end))
            group_start, words, size = a, 0, 0
        group_end, words, size = b, words + n_words, size + n_size
    units.append(piece(group_start, group_end))
    return [u for u in units if u.text]


def _heading_text(path: Sequence[str], window: Window | None) -> str:
    """The heading path as repeated in each passage: its deepest levels, cut to a few words and
    to at most half the window."""
    path = list(path)[-HEADING_LEVELS:] if HEADING_LEVELS else []
    joined = " > ".join(path)
    if _words(joined) > HEADING_WORDS:
        deepest = path[-1] if path else ""
        joined = " ".join(deepest.split()[:HEADING_WORDS])
    if window is not None:
        words = joined.split()
        while words and window.length(" ".join(words)) > window.size // 2:
            words.pop()
        joined = " ".join(words)
    return joined


def _caption(group: Sequence[_Unit], piece: _Unit, budget: _Budget) -> _Unit | None:
    """The text unit at the end of `group` that introduces `piece`, carried over to start the
    next passage with it: a short paragraph before a table, or a lead-in ending in a colon
    ("The main reasons for the improvement were:"), which says nothing at the end of a passage."""
    last = group[-1]
    if last.kind == "table" or (len(group) < 2 and piece.kind != "table"):
        return None
    short = last.words <= min(CAPTION_WORDS, budget.words // 2) and last.size <= budget.size // 2
    if piece.kind == "table" and short:
        return last  # a row too long to join it is cut shorter (see _pack)
    if last.text.endswith(":") and budget.fits(last.words + piece.words, last.size + piece.size):
        return last
    return None


def _pack(
    doc: Document, path: Sequence[str], units: Sequence[_Unit], seq0: int, max_words: int,
    max_rows: int, window: Window | None,
) -> list[Passage]:
    heading = _heading_text(path, window)
    words = max(40, max_words - _words(heading))
    if window is None:  # a unit's size is its words
        budget = _Budget(words, words, _words)
    else:
        budget = _Budget(words, window.size - window.length(heading), window.length)
    passages: list[Passage] = []
    group: list[_Unit] = []

    def flush() -> None:
        if not group:
            return
        body = "\n".join(u.text for u in group)
        text = f"{heading}\n{body}" if heading else body
        start = min(u.start for u in group)
        end = max(u.end for u in group)
        tables = sum(1 for u in group if u.kind == "table")
        kind = "table" if tables * 2 > len(group) else "text"
        seq = seq0 + len(passages)
        passages.append(
            Passage(
                id=f"{doc.id}#{seq}",
                document_id=doc.id,
                seq=seq,
                text=text,
                start=start,
                end=end,
                page=doc.page_at(start),
                section=" > ".join(path),
                kind=kind,
            )
        )
        group.clear()

    for unit in units:
        # a caption that will start this row's passage leaves less room for its first piece
        lead = _caption(group, unit, budget) if group and unit.kind == "table" else None
        first = budget.less(lead) if lead is not None else None
        for piece in _split_long(unit, doc.text[unit.start : unit.end], budget, first):
            rows = sum(1 for u in group if u.kind == "table")
            over = not budget.fits(sum(u.words for u in group) + piece.words,
                                   sum(u.size for u in group) + piece.size)
            too_many_rows = piece.kind == "table" and rows >= max_rows
            kind_change = bool(group) and (group[-1].kind == "table") != (piece.kind == "table")
            if group and (over or too_many_rows or kind_change):
                caption = _caption(group, piece, budget) if kind_change or over else None
                if caption is not None:
                    group.pop()
                flush()
                if caption is not None:
                    group.append(caption)
            group.append(piece)
    flush()
    return passages


def _sections(
    doc: Document, blocks: Iterable[Block], length: Callable[[str], int]
) -> Iterable[tuple[list[str], list[_Unit]]]:
    """(heading path, body units) per section, in document order."""
    stack: list[tuple[int, str]] = []
    units: list[_Unit] = []
    for block in blocks:
        if block.kind == "heading":
            if units:
                yield [h for _, h in stack], units
                units = []
            level = block.level or 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            title = clean(doc.text[block.start : block.end])
            if title:
                stack.append((level, title))
            continue
        if block.kind == "table_row":
            text = _row_text(block, doc.text)
            kind = "table"
        else:
            text = clean(doc.text[block.start : block.end])
            kind = "text"
        if text:
            units.append(_Unit(text, block.start, block.end, kind, _words(text), length(text)))
    if units:
        yield [h for _, h in stack], units


def make_passages(
    doc: Document, max_words: int = MAX_WORDS, max_rows: int = MAX_TABLE_ROWS,
    window: Window | None = None,
) -> list[Passage]:
    """The document's passages, in order.

    Args:
        doc: the document, with its blocks (else the text is cut at blank lines).
        max_words: words per passage, its heading included.
        max_rows: table rows per passage.
        window: the embedding model's window; every passage's text, heading included, then
            measures at most `window.size` (a block longer than that on its own is split).
    """
    blocks = doc.blocks or fallback_blocks(doc.text)
    length = window.length if window is not None else _words
    passages: list[Passage] = []
    for path, units in _sections(doc, blocks, length):
        passages.extend(_pack(doc, path, units, len(passages), max_words, max_rows, window))
    return passages


# -- fallback structure, for documents that arrive without blocks ---------------------------

_MD_HEADING = re.compile(r"^\s*#{1,6}\s+\S")
_NUMBERED_HEADING = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.)\s+[A-Z][^.!?]{2,80}$")
_BULLET = re.compile(r"^\s*(?:[-•*▪●]|\(?[a-z0-9]{1,3}[.)])\s+")


def _is_heading(line: str) -> bool:
    stripped = clean(line).strip("#").strip()
    if not stripped or len(stripped) > 90 or "\t" in line:
        return False
    if _MD_HEADING.match(line):
        return True
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters) and _words(stripped) <= 10:
        return True
    return bool(_NUMBERED_HEADING.match(stripped)) and not stripped.endswith((".", ","))


def fallback_blocks(text: str) -> tuple[Block, ...]:
    """A rough structure from plain text: headings, paragraphs, list items, tab-separated rows."""
    blocks: list[Block] = []
    header: tuple[str, ...] = ()
    para_start: int | None = None
    para_end = 0

    def end_paragraph() -> None:
        nonlocal para_start
        if para_start is not None:
            blocks.append(Block("paragraph", para_start, para_end, 1))
            para_start = None

    offset = 0
    for line in text.splitlines(keepends=True):
        start, end = offset, offset + len(line.rstrip("\r\n"))
        offset += len(line)
        content = line.strip()
        if not content:
            end_paragraph()
            header = () if not blocks or blocks[-1].kind != "table_row" else header
            continue
        lead = start + (len(line) - len(line.lstrip()))
        if "\t" in content:
            end_paragraph()
            cells = tuple(c.strip() for c in content.split("\t"))
            if not header or (blocks and blocks[-1].kind != "table_row"):
                header = cells
                blocks.append(Block("table_row", lead, end, 1, cells=cells, header=()))
            else:
                blocks.append(Block("table_row", lead, end, 1, cells=cells, header=header))
            continue
        header = ()
        if _is_heading(line):
            end_paragraph()
            level = len(content) - len(content.lstrip("#")) if content.startswith("#") else 1
            blocks.append(Block("heading", lead, end, 1, level=level or 1))
        elif _BULLET.match(line):
            end_paragraph()
            blocks.append(Block("list_item", lead, end, 1))
        else:
            if para_start is None:
                para_start = lead
            para_end = end
    end_paragraph()
    return tuple(blocks)
