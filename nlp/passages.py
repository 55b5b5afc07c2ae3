"""Cut a document into passages fit for retrieval.

A passage is a heading with the paragraphs, list items or table rows under it, kept inside the
embedding model's window (all-MiniLM-L6-v2 reads 256 word pieces, about 150-180 words of council
text; anything past that is silently dropped). Long sections are split at block boundaries with
the heading repeated, so every piece still says what it is about. Table rows are written out with
their header ("Indicator: Food waste | Target: 1,800"), so a question about a target finds the
row even though the flattened table has the column name far away.

When a document has no blocks (structure detection failed or was skipped) the text is cut at
blank lines instead, with a light reading of headings and tab-separated rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nlp.records import Block, Document, Passage

MAX_WORDS = 160  # body + heading; keeps nearly every passage under 256 word pieces
MAX_TABLE_ROWS = 4  # rows packed into one table passage: more rows blur what each row says
HEADING_WORDS = 24  # longest heading path repeated in a passage
HEADING_LEVELS = 2  # deepest headings repeated in a passage; the top ones are often letterheads
# A short paragraph just before a table ("Table 1 (below) shows the collection rate since
# 2014/15:") says what the table is: it starts the table's first passage instead of ending the
# text passage before it, where the rows would lose it.
CAPTION_WORDS = 25

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[\"'(\[]?[A-Z0-9•\-])")
_WS = re.compile(r"\s+")
_TAGS = re.compile(r"</?(?:sup|sub|b|i|u|strong|em|br)\s*/?>", re.I)


@dataclass(frozen=True, slots=True)
class _Unit:
    """A piece of body text with its span: one block, or part of a long one."""

    text: str
    start: int
    end: int
    kind: str  # "text" | "table"
    words: int


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


def _split_long(unit: _Unit, raw: str, limit: int) -> list[_Unit]:
    """Split an over-long block at sentence boundaries (at words as a last resort).

    `raw` is the block's text in the document, so each piece gets its own exact span."""
    if unit.words <= limit:
        return [unit]
    if unit.kind == "table" or clean(raw) != unit.text:
        # labelled rows do not map back onto the raw text: split the words, keep the row's span
        tokens = unit.text.split()
        return [
            _Unit(" ".join(tokens[i : i + limit]), unit.start, unit.end, unit.kind, len(tokens[i : i + limit]))
            for i in range(0, len(tokens), limit)
        ]
    # sentence spans in raw; over-long sentences fall back to word spans
    spans: list[tuple[int, int]] = []
    last = 0
    for m in _SENTENCE_END.finditer(raw):
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, len(raw)))
    pieces: list[tuple[int, int]] = []
    for a, b in spans:
        words = list(re.finditer(r"\S+", raw[a:b]))
        if len(words) <= limit:
            pieces.append((a, b))
            continue
        for i in range(0, len(words), limit):
            chunk = words[i : i + limit]
            pieces.append((a + chunk[0].start(), a + chunk[-1].end()))
    units: list[_Unit] = []
    group_start, group_end, count = pieces[0][0], pieces[0][1], _words(raw[pieces[0][0] : pieces[0][1]])
    for a, b in pieces[1:]:
        n = _words(raw[a:b])
        if count + n > limit:
            text = clean(raw[group_start:group_end])
            units.append(_Unit(text, unit.start + group_start, unit.start + group_end, unit.kind, _words(text)))
            group_start, count = a, 0
        group_end, count = b, count + n
    text = clean(raw[group_start:group_end])
    units.append(_Unit(text, unit.start + group_start, unit.start + group_end, unit.kind, _words(text)))
    return [u for u in units if u.text]


def _heading_text(path: Sequence[str]) -> str:
    """The heading path as repeated in each passage: its deepest levels, cut to a few words."""
    path = list(path)[-HEADING_LEVELS:] if HEADING_LEVELS else []
    joined = " > ".join(path)
    if _words(joined) <= HEADING_WORDS:
        return joined
    deepest = path[-1] if path else ""
    return " ".join(deepest.split()[:HEADING_WORDS])


def _caption(group: Sequence[_Unit], piece: _Unit, budget: int) -> _Unit | None:
    """The text unit at the end of `group` that introduces `piece`, carried over to start the
    next passage with it: a short paragraph before a table, or a lead-in ending in a colon
    ("The main reasons for the improvement were:"), which says nothing at the end of a passage."""
    last = group[-1]
    if last.kind == "table" or (len(group) < 2 and piece.kind != "table"):
        return None
    if piece.kind == "table" and last.words <= CAPTION_WORDS:
        return last
    if last.text.endswith(":") and last.words + piece.words <= budget:
        return last
    return None


def _pack(
    doc: Document, path: Sequence[str], units: Sequence[_Unit], seq0: int, max_words: int, max_rows: int
) -> list[Passage]:
    heading = _heading_text(path)
    head_words = _words(heading)
    budget = max(40, max_words - head_words)
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
        for piece in _split_long(unit, doc.text[unit.start : unit.end], budget):
            rows = sum(1 for u in group if u.kind == "table")
            over = sum(u.words for u in group) + piece.words > budget
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


def _sections(doc: Document, blocks: Iterable[Block]) -> Iterable[tuple[list[str], list[_Unit]]]:
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
            units.append(_Unit(text, block.start, block.end, kind, _words(text)))
    if units:
        yield [h for _, h in stack], units


def make_passages(doc: Document, max_words: int = MAX_WORDS, max_rows: int = MAX_TABLE_ROWS) -> list[Passage]:
    """The document's passages, in order, each within `max_words` words including its heading,
    and at most `max_rows` table rows."""
    blocks = doc.blocks or fallback_blocks(doc.text)
    passages: list[Passage] = []
    for path, units in _sections(doc, blocks):
        passages.extend(_pack(doc, path, units, len(passages), max_words, max_rows))
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
