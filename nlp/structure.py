"""Find the structure of normalised text: headings, paragraphs, list items and table rows.

Rules are keyed to layouts councils use everywhere, not to one document:
- headings: markdown `#` or a bold line on its own (hints from `nlp.normalise`), numbered
  headings ("1. Background", "3.2 Financial implications"), short ALL-CAPS lines;
- list items: "- ", "–", "•", "a)", "(i)", "(1)", "1.1 <a sentence>", and a numbered lead-in
  ending in a colon ("35.3 The main reasons were:"), which is not a heading over its siblings;
- minute references with their titles ("FC24/173<TAB>PUBLIC PARTICIPATION", "24/153 Apologies",
  "Min 123/24 - Planning") are headings over their minute; a resolution's lead-in ("RESOLVED:",
  "It was RESOLVED that:", "That Cabinet:") is the first line of the decision, never a heading,
  and a resolution stays in one block with the discussion or item right above it;
- records: runs of "Label:<TAB>value" lines (a forward plan's entries, a report's cover sheet)
  are one row each, every value under its own label;
- table rows: tab-separated lines, and column-aligned lines (cells split by 2+ spaces over
  two or more consecutive lines); a column-aligned table whose cells wrap onto more lines is
  read by the extraction table reader, one row per item. A table's header is the leading row
  (or rows) whose cells are labels ("Ref", "Indicator", "Target", "Q1", "Responsible Officer")
  rather than values.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from nlp.extract.tables import read_tables
from nlp.records import Block

_BULLET = re.compile(r"^[ \t]*(?:[-–•*▪◦‣o·>](?=[ \t])|\(?[a-z]\)|\(?[ivx]{1,4}\)|\(?\d{1,2}\))[ \t]*\S")
_NUMBERED = re.compile(r"^[ \t]*(\d{1,2}(?:\.\d{1,2}){0,3})(\.?)[ \t]+(\S.*)$")
# "19 July 2018", "1 Dec." (a date, not a numbered heading); not "32. Declarations of Interests"
_MONTH_START = re.compile(
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?:\s+\d{2,4})?\b",
    re.I,
)
_LABEL_VALUE = re.compile(r"^[\w ()/'-]{1,40}:\s+\S")
# An indicator or item code and its name on a line of its own: "HOS001: Overall tenant satisfaction",
# "KPI 12 - Missed bins per 100,000 collections" (a performance report's card or row title).
_CODE_TITLE = re.compile(
    r"^(?!Q[1-4]\b)[A-Z]{1,6}[ -]?\d{1,4}[a-z]?\s*(?::|-|–)\s+[A-Z%£(]\S*(?:\s+\S+){0,15}$")
_WORD3 = re.compile(r"[A-Za-z]{3}")
_LETTERED = re.compile(r"^[ \t]*\(?([a-z]|[ivx]{1,4})[.)][ \t]+(\S.*)$")
_COLUMNS = re.compile(r"\S(?: {2,})\S")
_NUMERIC = re.compile(
    r"^[(<>=~±+\-−]*[£$€]?\s*[-+]?\d[\d,]*(?:\.\d+)?\s*(?:%|k|m|bn|p|pts?|days?|weeks?|hrs?|)\)?$"
    r"|^(?:-|–|n/?a|nil|tbc)$",
    re.I,
)
_AMOUNT = re.compile(r"^(?=.*\d)[\d\s.,%£$€()+\-−<>=~/:]+(?:k|m|bn|p)?$", re.I)
_DATE = re.compile(  # "24 May", "17.11.21", "Mar 2025" (a target date in a row, not a column)
    r"^\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?(?:\s+\d{2,4})?$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$"
    r"|^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s-]+(?:19|20)?\d\d$",
    re.I,
)
_PERIOD = re.compile(
    r"^(?:q[1-4]|quarter\s*[1-4]|(?:19|20)\d\d(?:\s*[/-]\s*(?:(?:19|20)?\d\d)?)?|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)$",
    re.I,
)
# Words councils put in table headers. A row with some of these, and no values, is a header.
HEADER_WORDS = frozenset(
    """ref reference no number id code indicator indicators measure measures pi kpi description
    title name target targets actual actuals status rag trend direction owner owners responsible
    officer lead member portfolio date dates deadline due year years quarter month period
    baseline value values result results outcome outcomes comments comment commentary notes
    update progress action actions activity activities task tasks milestone milestones priority
    priorities objective objectives risk risks impact likelihood score rating mitigation control
    controls cost costs budget spend variance forecast total totals amount frequency source
    previous current performance item items decision category type ward area service team
    location purpose key timescale timescales completed complete annual monthly quarterly
    red amber green""".split()
)
_RAG_LETTERS = frozenset("ragb")  # a column headed "R", "A", "G" or "B" (RAG status counts)
_WORD = re.compile(r"[a-z]+")


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str
    kind: str = "paragraph"  # heading | table_row | list_item | paragraph | blank | wrapped (part of a row)
    level: int = 0
    cells: tuple[str, ...] = ()
    marked: bool = False  # a heading the source marks as one (markdown, bold, a heading style)
    header: tuple[str, ...] | None = None  # a row of a table read whole (`_wrapped_tables`)


def find_blocks(text: str, pages: Sequence[int] = (0,), headings: Mapping[int, int] | None = None) -> tuple[Block, ...]:
    """The blocks of `text`, in order, each with its 1-based page."""
    lines = _classify(text, headings or {})
    headers = _table_headers(lines)
    blocks: list[Block] = []
    page_starts = list(pages) or [0]

    def page_of(offset: int) -> int:
        return max(1, bisect_right(page_starts, offset))

    width = _wrap_width(lines)
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.kind in ("blank", "wrapped"):
            index += 1
            continue
        if line.kind in ("heading", "table_row"):
            header = line.header if line.header is not None else headers.get(index, ())
            blocks.append(
                Block(line.kind, line.start, line.end, page_of(line.start), line.level, line.cells, header)
            )
            index += 1
            continue
        # paragraphs and list items take the plain lines that follow them (wrapped text)
        end = line.end
        following = index + 1
        while (
            following < len(lines)
            and not _page_break(page_starts, end, lines[following].start)
            and _continues(lines[following - 1], lines[following], width)
        ):
            end = lines[following].end
            following += 1
        blocks.append(Block(line.kind, line.start, end, page_of(line.start)))
        index = following
    return tuple(blocks)


def _wrap_width(lines: list[_Line]) -> int:
    """The width text is wrapped at (PDF text has no blank lines between paragraphs): the
    length most wrapped lines reach. 0 when lines are not wrapped (one paragraph a line)."""
    wrapped = sorted(
        len(line.text) for line, nxt in zip(lines, lines[1:])
        if line.kind in ("paragraph", "list_item") and nxt.kind == "paragraph"
    )
    if len(wrapped) < 8:
        return 0
    return wrapped[len(wrapped) * 3 // 4]


def _continues(previous: _Line, line: _Line, width: int) -> bool:
    """`line` goes on with the paragraph or list item above it. A resolution right under the
    text it settles ("RESOLVED that allotment rents rise ..." under "(e) Allotment rents The
    Council reviewed ...", "RESOLVED:" under the Clerk's report) always does: the discussion and
    the decision are one block, so a passage cut keeps them together when they fit and otherwise
    cuts between sentences, filling each passage, never at the decision's start."""
    if line.kind != "paragraph":
        return False
    return bool(_RESOLVES.match(line.text)) or not _paragraph_ends(previous, line, width)


def _paragraph_ends(previous: _Line, line: _Line, width: int) -> bool:
    """A short line ending a sentence, before a capitalised line, ends a wrapped paragraph."""
    return bool(
        width
        and previous.text.endswith((".", "?", "!", ":"))
        and len(previous.text) < 0.8 * width
        and line.text[:1].isupper()
    )


def _page_break(page_starts: Sequence[int], before: int, after: int) -> bool:
    return bisect_right(page_starts, before) != bisect_right(page_starts, after)


def _classify(text: str, headings: Mapping[int, int]) -> list[_Line]:
    lines: list[_Line] = []
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        start = position + (len(raw) - len(raw.lstrip()))
        end = position + len(raw.rstrip())
        position += len(raw) + 1
        if not stripped:
            lines.append(_Line(start, start, "", "blank"))
            continue
        line = _Line(start, end, stripped)
        line_start = start - (len(raw) - len(raw.lstrip()))
        hint = headings.get(line_start, headings.get(start))
        if hint:
            line.kind, line.level, line.marked = "heading", hint, True
        elif "\t" in raw:
            cells = tuple(cell.strip() for cell in raw.split("\t"))
            line.kind, line.cells = "table_row", _trim(cells)
        elif _BULLET.match(raw):
            line.kind = "list_item"
        else:
            _numbered_or_caps(line)
        lines.append(line)
    _records(lines)
    _marked_rows(lines)
    _wrapped_tables(text, lines)
    _column_aligned(lines)
    _lone_tab_lines(lines)
    _code_titles(lines)
    _isolated_headings(lines)
    _wrapped_headings(lines, _wrap_width(lines))
    _title_line(lines)
    _minute_headings(lines)
    _lead_ins(lines)
    _resolutions(lines)
    return lines


def _lead_ins(lines: list[_Line]) -> None:
    """A numbered paragraph ending in a colon that introduces a list or table ("35.3 The main
    reasons were:", "2. That Cabinet:", "(b) the Council will:") is the first line of what it
    introduces, a paragraph like its numbered siblings, not a heading: read as one, it would head
    the sibling paragraphs after the list too ("35.4 ..."). It is a lead-in when it reads as a
    clause, or when its next sibling ("36.8" after "36.7 In discussion:") is a paragraph.
    Labels stay headings ("8. Background Papers:"), as do ALL-CAPS ones, headings the source
    marks, a numbered line whose own sub-items follow ("3. Financial implications:" over
    "3.1 ..."), and an unnumbered line standing alone, a heading by its layout."""
    for index in range(len(lines) - 1, -1, -1):  # from the end: a sibling is settled first
        line = lines[index]
        if line.kind != "heading" or line.marked or not line.text.endswith(":") or _caps(line.text):
            continue
        if not (_NUMBERED.match(line.text) or _LETTERED.match(line.text)):
            continue
        after = next((n for n in lines[index + 1:] if n.kind != "blank"), None)
        if after is None or after.kind not in ("list_item", "table_row") or _child_of(line.text, after.text):
            continue
        if _clause(line.text) or _sibling_kind(lines, index) == "list_item":
            line.kind, line.level = "list_item", 0


# A verb or a word that leads into what follows: "The proposals were:", "That Cabinet:",
# "RESOLVED that:", "members raised the following points:", "Examples include:".
_CLAUSE_WORD = re.compile(
    r"^(?:that|to)\b|\b(?:that|is|are|was|were|be|been|being|will|would|can|could|may|must|should|shall|"
    r"has|have|had|do|does|include[sd]?|including|follows?|following|agreed|decided|resolved|noted|"
    r"asked|raised|made|given|set out|as below|below)\b",
    re.I,
)


def _clause(text: str) -> bool:
    """A lead-in clause, not a label: it has a verb or a word leading into what follows."""
    match = _NUMBERED.match(text) or _LETTERED.match(text)
    words = (match.group(match.lastindex) if match else text).rstrip(":")
    return bool(_CLAUSE_WORD.search(re.sub(r"\([^)]*\)", " ", words)))


def _sibling_kind(lines: list[_Line], index: int) -> str:
    """The kind of the next line numbered at the same depth as line `index` ("36.8" after
    "36.7"), before a heading numbered above it; "" when there is none or it is not numbered."""
    number = _NUMBERED.match(lines[index].text)
    if not number:
        return ""
    depth = number.group(1).count(".")
    for line in lines[index + 1:]:
        other = _NUMBERED.match(line.text) if line.kind in ("heading", "list_item") else None
        if other and not _MONTH_START.match(other.group(3)):
            if other.group(1).count(".") == depth:
                return line.kind
            if other.group(1).count(".") < depth:
                return ""
    return ""


def _caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters)


def _child_of(parent: str, child: str) -> bool:
    """`child` is numbered under `parent`: "3." or "3" then "3.1", "2.4" then "2.4.1"."""
    upper, lower = _NUMBERED.match(parent), _NUMBERED.match(child)
    return bool(upper and lower) and lower.group(1).startswith(upper.group(1) + ".")


def _wrapped_headings(lines: list[_Line], width: int) -> None:
    """In wrapped text (PDF) headings have no blank lines around them: a short capitalised
    line without end punctuation, after a sentence's end and before a full-width line."""
    if not width:
        return
    for line, after in zip(lines, lines[1:]):
        # a full-width numbered line running on into the next is the start of an item
        if line.kind == "heading" and len(line.text) >= 0.8 * width and after.kind == "paragraph" and after.text[:1].islower():
            line.kind, line.level = ("list_item" if _NUMBERED.match(line.text) else "paragraph"), 0
    for index in range(1, len(lines) - 1):
        line, before, after = lines[index], lines[index - 1], lines[index + 1]
        if line.kind != "paragraph" or not _heading_like(line.text) or len(line.text.split()) > 8:
            continue
        if not line.text[:1].isupper() or line.text.endswith((")", ":")) or _LABEL_VALUE.match(line.text):
            continue
        if len(line.text) >= 0.6 * width or sum(ch.isalpha() for ch in line.text) < 3:
            continue
        ended = before.kind in ("blank", "heading", "table_row") or before.text.endswith((".", "?", "!", ":"))
        leads = after.kind in ("list_item", "table_row") or (after.kind == "paragraph" and len(after.text) >= 0.6 * width)
        if ended and leads:
            line.kind, line.level = "heading", 3


def _title_line(lines: list[_Line]) -> None:
    """The document's first line, short and standing alone, is its title."""
    first = next((i for i, line in enumerate(lines) if line.kind != "blank"), None)
    if first is None or lines[first].kind != "paragraph":
        return
    line = lines[first]
    alone = first + 1 >= len(lines) or lines[first + 1].kind == "blank"
    if alone and _heading_like(line.text) and not line.text.endswith(":") and sum(c.isalpha() for c in line.text) >= 4:
        line.kind, line.level = "heading", 1


def _isolated_headings(lines: list[_Line]) -> None:
    """A short line standing alone between blank lines, introducing longer text, is a heading."""
    for index, line in enumerate(lines):
        if line.kind != "paragraph" or not _heading_like(line.text) or len(line.text.split()) > 10:
            continue
        if not (line.text[:1].isupper() or line.text[:1].isdigit()) or line.text.endswith(")"):
            continue
        if sum(ch.isalpha() for ch in line.text) < 3 or _LABEL_VALUE.match(line.text):
            continue
        if index > 0 and lines[index - 1].kind != "blank":
            continue
        if index + 1 < len(lines) and lines[index + 1].kind != "blank":
            continue
        following = next((n for n in lines[index + 1 :] if n.kind != "blank"), None)
        if following is None or not _introduces(following, lines):
            continue
        line.kind, line.level = "heading", 3


def _code_titles(lines: list[_Line]) -> None:
    """A coded title standing alone ("HOS006: Average Void Turnaround Time" between blank lines)
    heads what follows it: the card of figures and commentary a performance report gives each
    indicator. It is a minor heading, under the theme or section it sits in."""
    for index, line in enumerate(lines):
        if line.kind != "paragraph" or not _CODE_TITLE.match(line.text) or line.text.endswith((".", ";", ",")):
            continue
        before = lines[index - 1].kind if index > 0 else "blank"
        after = lines[index + 1].kind if index + 1 < len(lines) else "blank"
        if before in ("blank", "heading") and after == "blank":
            line.kind, line.level = "heading", 4


def _introduces(line: _Line, lines: list[_Line]) -> bool:
    if line.kind in ("list_item", "table_row", "heading"):
        return True
    return line.kind == "paragraph" and len(line.text.split()) > 12


def _trim(cells: tuple[str, ...]) -> tuple[str, ...]:
    """Drop empty cells at the ends of a row (a row's width is set by its table)."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _numbered_or_caps(line: _Line) -> None:
    match = _NUMBERED.match(line.text)
    if match and not _MONTH_START.match(match.group(3)):  # "19 July 2018" is a date
        number, rest = match.group(1), match.group(3)
        if _heading_like(rest) and (rest[:1].isupper() or (match.group(2) and rest[:1].isdigit())):
            line.kind, line.level = "heading", 2 + number.count(".")
        else:
            line.kind = "list_item"
        return
    match = _LETTERED.match(line.text)
    if match:  # "b. Legal implications" is a sub-heading; "b. The council will ..." an item
        rest = match.group(2)
        if _heading_like(rest) and rest[:1].isupper() and len(rest.split()) <= 6:
            line.kind, line.level = "heading", 4
        else:
            line.kind = "list_item"
        return
    letters = [ch for ch in line.text if ch.isalpha()]
    visible = len(line.text.replace(" ", ""))
    if (
        len(letters) >= 4 and _WORD3.search(line.text) and len(letters) * 2 >= visible
        and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters) and _heading_like(line.text)
    ):
        # "PRESENT:", "VERSION:" are labels: minor headings, never the root of what follows
        line.kind, line.level = "heading", 3 if line.text.endswith(":") else 1


def _heading_like(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 12 and not text.rstrip("*").endswith((".", ",", ";")) and len(text) <= 120


def _column_aligned(lines: list[_Line]) -> None:
    """Plain lines split by 2+ spaces into 2+ cells, over 2+ consecutive lines, are table rows."""
    index = 0
    while index < len(lines):
        run = []
        while index < len(lines) and _aligned_cells(lines[index]):
            run.append(index)
            index += 1
        if len(run) >= 2:
            for i in run:
                lines[i].kind, lines[i].level = "table_row", 0
                lines[i].cells = tuple(re.split(r" {2,}", lines[i].text))
        index += 1 if not run else 0


def _wrapped_tables(text: str, lines: list[_Line]) -> None:
    """Tables set out in columns of spaces whose long cells wrap onto more lines, read whole by
    the extraction table reader (`nlp.extract.tables`): each row one block however many lines
    it takes, its pieces under the header cells they sit beneath. Read line by line, a
    continuation line would be a row of its own with its pieces under the wrong columns, and a
    one-word one would end the table. Tables with no wrapped cell are left to `_column_aligned`."""
    starts = [line.start - (len(raw) - len(raw.lstrip())) for line, raw in zip(lines, text.split("\n"), strict=True)]

    def line_at(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    for table in read_tables(text, _header_role):
        if not table.spans or not table.rows or "\t" in text[table.start:table.end]:
            continue
        spans = [(line_at(row.start), line_at(max(row.start, row.end - 1))) for row in table.rows]
        if all(first == last for first, last in spans):
            continue
        header = _trim(tuple(column.text for column in table.columns))
        head_first = next((i for i in range(line_at(table.start), spans[0][0]) if lines[i].kind != "blank"), None)
        parts = [(head_first, spans[0][0] - 1, header)] if head_first is not None else []
        parts += [(first, last, _trim(row.cells)) for (first, last), row in zip(spans, table.rows, strict=True)]
        for first, last, cells in parts:
            last = max(i for i in range(first, last + 1) if lines[i].kind != "blank")
            line = lines[first]
            line.kind, line.level, line.cells, line.end = "table_row", 0, cells, lines[last].end
            line.header = header if cells != header else cells  # a header row carries itself
            for other in lines[first + 1 : last + 1]:
                other.kind = "wrapped"


def _header_role(cell: str) -> str | None:
    """What a header cell names, for the table reader: a header word or a period ("2024/25")."""
    if not cell or len(cell.split()) > 5:
        return None
    if _PERIOD.match(cell):
        return "period"
    return next((word for word in _WORD.findall(cell.lower()) if word in HEADER_WORDS), None)


def _aligned_cells(line: _Line) -> bool:
    if line.kind not in ("paragraph", "heading", "list_item") or "\t" in line.text:
        return False
    if not _COLUMNS.search(line.text):
        return False
    cells = re.split(r" {2,}", line.text)
    # prose with two spaces after a full stop is not a table
    sentence_gaps = sum(cell.endswith((".", "?", "!")) for cell in cells[:-1])
    return len(cells) >= 2 and sentence_gaps * 2 < len(cells) - 1 and max(map(len, cells)) <= 120


def _lone_tab_lines(lines: list[_Line]) -> None:
    """A tab line with one non-empty cell is a table row only inside a table; else a paragraph."""
    for index, line in enumerate(lines):
        if line.kind != "table_row" or sum(1 for c in line.cells if c) >= 2:
            continue
        neighbours = [lines[j] for j in (index - 1, index + 1, index - 2, index + 2) if 0 <= j < len(lines)]
        if not any(n.kind == "table_row" and sum(1 for c in n.cells if c) >= 2 for n in neighbours):
            line.kind, line.cells = "paragraph", ()


# --- table headers -------------------------------------------------------------------------


def _is_value(cell: str) -> bool:
    """A number, amount, percentage or dash: what fills a table's body, not its header."""
    if _PERIOD.match(cell):
        return False
    return bool(_NUMERIC.match(cell) or _AMOUNT.match(cell) or _DATE.match(cell))


def _header_like(cells: Sequence[str]) -> bool:
    """Labels, not values: at least two cells, short, and no value (one allowed when the row
    is full of header words, since PDF conversion splits "2024/25" into "2024/" and "25")."""
    filled = [c for c in cells if c]
    if len(filled) < 2:
        return False
    if any(len(c) > 70 or len(c.split()) > 10 for c in filled):
        return False
    values = sum(1 for c in filled if _is_value(c))
    return values == 0 or (values == 1 and _known(filled) >= 3)


def _known(cells: Sequence[str], max_words: int = 5) -> int:
    """How many short cells hold a header word or a period label ("Q1", "2023/24")."""
    count = 0
    for cell in cells:
        lowered = cell.lower()
        if not cell or len(cell.split()) > max_words:
            continue
        if _PERIOD.match(cell) or lowered in _RAG_LETTERS or any(w in HEADER_WORDS for w in _WORD.findall(lowered)):
            count += 1
    return count


def _has_values_under(header: Sequence[str], rows: Sequence[_Line]) -> bool:
    for row in rows:
        for column, cell in enumerate(row.cells):
            if column < len(header) and header[column] and _is_value(cell):
                return True
    return False


def _table_headers(lines: list[_Line]) -> dict[int, tuple[str, ...]]:
    """Header cells for every table row, by line index. Runs of rows may be split by blanks."""
    headers: dict[int, tuple[str, ...]] = {}
    index = 0
    while index < len(lines):
        if lines[index].kind != "table_row" or lines[index].header is not None:
            index += 1
            continue
        run: list[int] = []
        while index < len(lines) and lines[index].kind in ("table_row", "blank") and lines[index].header is None:
            if lines[index].kind == "table_row":
                run.append(index)
            index += 1
        _assign_headers(lines, run, headers)
    return headers


def _assign_headers(lines: list[_Line], run: list[int], headers: dict[int, tuple[str, ...]]) -> None:
    header: tuple[str, ...] = ()
    position = 0
    while position < len(run):
        row = lines[run[position]]
        filled = sum(1 for c in row.cells if c)
        starts_table = _header_like(row.cells) and not any(_is_value(c) for c in row.cells) and (
            (_known(row.cells, 3) >= 2 and _known(row.cells) * 2 >= filled)
            or _known(row.cells) == filled
            or (position == 0 and _known(row.cells) >= 1 and filled >= 3)
        )
        if position == 0 and not starts_table and _header_like(row.cells):
            rest = [lines[i] for i in run[1:6]]
            starts_table = _has_values_under(row.cells, rest)
        if not starts_table:
            headers[run[position]] = header
            position += 1
            continue
        group = [run[position]]
        if position > 0 and _wrapped_header_line(lines[run[position - 1]].cells):
            group.insert(0, run[position - 1])  # the first line of wrapped header cells
            position -= 1
        while len(group) < 4 and position + len(group) < len(run):
            following = lines[run[position + len(group)]].cells
            filled = sum(1 for c in following if c)
            sparse = len(following) - filled >= filled
            if not _header_like(following) or not (sparse or _known(following) * 2 >= filled):
                break
            group.append(run[position + len(group)])
        header = _merge_header([lines[i].cells for i in group])
        for i in group:  # a header row carries itself as header: header == cells marks it
            headers[i] = lines[i].cells
        position += len(group)


def _wrapped_header_line(cells: Sequence[str]) -> bool:
    filled = sum(1 for c in cells if c)
    return _header_like(cells) and filled * 2 <= len(cells)


def _merge_header(rows: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The fullest header row, its empty cells filled from the rows nearest to it."""
    best = max(range(len(rows)), key=lambda i: (_known(rows[i]), sum(1 for c in rows[i] if c), -i))
    width = max(len(r) for r in rows)
    merged = list(rows[best]) + [""] * (width - len(rows[best]))
    for distance in range(1, len(rows)):
        for other in (best - distance, best + distance):
            if not 0 <= other < len(rows):
                continue
            filled = sum(1 for c in rows[other] if c)
            # a sparse row just above is the first line of wrapped header cells
            wrapped = other == best - 1 and filled * 2 <= len(rows[other])
            for column, cell in enumerate(rows[other]):
                if cell and not merged[column]:
                    merged[column] = cell
                elif cell and wrapped and cell != merged[column]:
                    merged[column] = f"{cell} {merged[column]}"
    return _trim(tuple(merged))


# --- minutes: item references and resolutions; records of labels and values -----------------

# A minute or item reference: "FC24/173", "24/153", "C/45/24", "CAB/24/01", "Min 123/24",
# "Minute 45", "Item 5", "FC24/181(d)". Without "Min" / "Item" it must hold a slash, so a code
# ("KPI 12", "Q1") or a numbered paragraph ("4.1", read by `_NUMBERED`) is not one.
_REF = (
    r"(?P<prefix>(?i:min(?:ute)?s?|item|agenda\s+item)\.?[ \t]*(?i:no\.?[ \t]*)?)?"
    r"(?P<code>[A-Z][A-Z&]{0,5}[ /.-]?)?"
    r"(?P<num>\d{1,4}(?:[/.]\d{1,4}){0,2})"
    r"(?:\([a-z0-9]{1,3}\))?\.?"
)
_REF_CELL = re.compile(rf"^{_REF}$")
_REF_TITLE = re.compile(rf"^{_REF}(?:[ \t]*[:–—-][ \t]+|[ \t]+)(?P<title>\S.*)$")
_FULL_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}$")
# A tab row whose first cell is only a list marker: "(1)<TAB>notes the outturn", "a)<TAB>...".
_MARKER_CELL = re.compile(r"^(?:[-–•*▪◦‣·]|\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\))$")
# A resolution's lead-in: "RESOLVED:", "Resolved -", "It was RESOLVED that:", "RECOMMENDED to
# Council", "The Committee AGREED:", "RESOLVED to note the work programme". What follows is the
# decision, never a section: read as a heading it would head every later minute.
_RESOLUTION = re.compile(
    r"^(?:(?:it\s+was|the\s+[\w-]+(?:\s+[\w-]+)?|[\w-]+)\s+)?(?:unanimously\s+)?"
    r"(?:resolved|recommended|agreed|decided)(?:\s+unanimously)?"
    r"(?=\s*$|\s*[:;,.–—(-]|\s+(?:that|to|as|accordingly)\b)",
    re.I,
)
# A line opening with a resolution (capitalised, so not the middle of a wrapped sentence).
_RESOLVES = re.compile(
    r"^(?:It\s+was\s+(?:unanimously\s+)?)?"
    r"(?:RESOLVED|RECOMMENDED|AGREED|DECIDED|Resolved|Recommended|Agreed|Decided)(?:\s+(?:unanimously|UNANIMOUSLY))?"
    r"(?=\s*$|\s*[:;,.–—(-]|\s+(?:that|to|as|accordingly|THAT|TO)\b)"
)
_THAT_LEAD_IN = re.compile(r"^(?:that|to)\b.*:$", re.I)  # "That Cabinet:", "That the Committee:"
_RECORD_LABEL = re.compile(r"^[A-Za-z][\w ()/'&,.-]{0,48}:$")


def _reference(match: re.Match[str]) -> bool:
    """The reference `match` read is a minute or item reference, not a date or a year."""
    num = match.group("num")
    if match.group("prefix"):
        return True
    if "/" not in num or _PERIOD.match(num):
        return False
    date = _FULL_DATE.match(num)  # "03/02/25" is a day, "24/153" and "C/45/24" are not
    is_date = date is not None and int(date.group(1)) <= 31 and int(date.group(2)) <= 12
    return match.group("code") is not None or not is_date


def _minute_title(title: str) -> bool:
    """The short title of a minute or item: "PUBLIC PARTICIPATION", "Allotment rents"."""
    return _heading_like(title) and title[:1].isupper() and sum(ch.isalpha() for ch in title) >= 3


def _reference_level(line: _Line) -> int:
    """The heading level of a line that is a minute reference and its title, 0 when it is not one.
    Tab-separated ("FC24/173<TAB>PUBLIC PARTICIPATION", "45.<TAB>Apologies") or not ("24/153
    Apologies", "Min 123/24 – Planning"); a numbered heading ("4.2 Funding") keeps its own level."""
    if line.kind == "table_row":
        filled = [cell for cell in line.cells if cell]
        if len(filled) != 2 or line.cells[0] != filled[0] or not _minute_title(filled[1]):
            return 0
        number = _NUMBERED.match(f"{filled[0]} {filled[1]}")
        if number and number.group(3) == filled[1]:
            return 2 + number.group(1).count(".")
        match = _REF_CELL.match(filled[0])
        return 2 if match and _reference(match) else 0
    if line.kind not in ("paragraph", "heading") or line.marked:
        return 0
    match = _REF_TITLE.match(line.text)
    return 2 if match and _reference(match) and _minute_title(match.group("title")) else 0


def _minute_headings(lines: list[_Line]) -> None:
    """A minute reference followed by its title on one line heads the minute: town, parish and
    district minutes number items "FC24/173<TAB>PUBLIC PARTICIPATION", "24/153 Apologies",
    "Min 123/24 – Planning". It sits above the minute's sub-items and labels (level 2). A run of
    numbered lines with nothing between (an agenda's list, a table of references) stays as it
    is, as does one right beside a table's rows (a header "Minute<TAB>Action")."""
    levels = {index: level for index, line in enumerate(lines) if (level := _reference_level(line))}
    for index, level in levels.items():
        before, after = _neighbour(lines, index, -1), _neighbour(lines, index, 1)
        if any(n is not None and (n in levels or _numbered_row(lines[n])) for n in (before, after)):
            continue
        adjacent = [lines[j] for j in (index - 1, index + 1) if 0 <= j < len(lines)]
        if any(n.kind == "table_row" and sum(1 for c in n.cells if c) >= 2 for n in adjacent):
            continue
        line = lines[index]
        line.kind, line.level, line.cells, line.header = "heading", level, (), None


def _numbered_row(line: _Line) -> bool:
    """A table row whose first cell is a number or a reference: an agenda's or a log's line."""
    if line.kind != "table_row" or not line.cells or line.header is not None:
        return False
    first = line.cells[0]
    match = _REF_CELL.match(first)
    return bool(re.match(r"^\d{1,3}(?:\.\d{1,2}){0,3}\.?$", first) or (match and _reference(match)))


def _neighbour(lines: list[_Line], index: int, step: int) -> int | None:
    """The index of the nearest line that is not blank, before (-1) or after (1) `index`."""
    other = index + step
    while 0 <= other < len(lines) and lines[other].kind == "blank":
        other += step
    return other if 0 <= other < len(lines) else None


def _marked_rows(lines: list[_Line]) -> None:
    """A tab row of a list marker and a sentence ("(1)<TAB>notes the outturn for 2023/24") is a
    list item, unless it sits beside rows of a table (a header "No.<TAB>Recommendation")."""
    marked = {
        index for index, line in enumerate(lines)
        if line.kind == "table_row" and line.header is None and len(line.cells) >= 2
        and _MARKER_CELL.match(line.cells[0]) and sum(1 for c in line.cells if c) == 2
    }
    for index in sorted(marked):
        adjacent = [j for j in (index - 1, index + 1) if 0 <= j < len(lines)]
        if any(lines[j].kind == "table_row" and j not in marked for j in adjacent):
            continue
        lines[index].kind, lines[index].cells = "list_item", ()


def _resolutions(lines: list[_Line]) -> None:
    """A resolution's lead-in ("RESOLVED:", "It was RESOLVED that:", "Resolved -") and the clause
    it opens ("That Cabinet:") are the first line of the decision, never a heading: read as one,
    "RESOLVED:" would head every minute after it. Numbered, it is an item like its siblings."""
    for line in lines:
        if line.kind != "heading":
            continue
        if not (_RESOLUTION.match(line.text) or _THAT_LEAD_IN.match(line.text)):
            continue
        numbered = _NUMBERED.match(line.text) or _LETTERED.match(line.text)
        line.kind, line.level = ("list_item" if numbered else "paragraph"), 0


def _records(lines: list[_Line]) -> None:
    """A run of tab lines that each give a label and its value ("Decision maker:<TAB>Cabinet",
    "Lead officer:<TAB>...") is a record: a forward plan's entry, a report's cover sheet. Read
    as a table, its first line would be the header of the others. It is one row, each value
    under its own label, so a passage keeps the record together when it fits; a line that only
    continues a value (an empty first cell) is part of that value. Blank lines may separate
    the labelled lines."""
    index = 0
    while index < len(lines):
        if not _labelled(lines[index]):
            index += 1
            continue
        run = [index]
        following = index + 1
        while following < len(lines):
            if _labelled(lines[following]) or _continues_value(lines[following]):
                run.append(following)
            elif lines[following].kind != "blank":
                break
            else:
                after = _neighbour(lines, following, 1)
                if after is None or not _labelled(lines[after]):
                    break
            following += 1
        if len(run) >= 2:
            _make_record(lines, run)
        index = run[-1] + 1


def _labelled(line: _Line) -> bool:
    """A tab line of a label ending in a colon and its value: "Decision maker:<TAB>Cabinet"."""
    filled = [cell for cell in line.cells if cell]
    return (
        line.kind == "table_row" and line.header is None and len(filled) == 2 and line.cells[0] == filled[0]
        and bool(_RECORD_LABEL.match(filled[0])) and len(filled[0].split()) <= 6
    )


def _continues_value(line: _Line) -> bool:
    """A tab line that only goes on with the value above it: an empty first cell, one cell of text."""
    return (
        line.kind == "table_row" and bool(line.cells) and not line.cells[0]
        and sum(1 for c in line.cells if c) == 1
    )


def _make_record(lines: list[_Line], run: list[int]) -> None:
    labels: list[str] = []
    values: list[str] = []
    for index in run:
        filled = [cell for cell in lines[index].cells if cell]
        if _labelled(lines[index]):
            labels.append(filled[0].rstrip(":").strip())
            values.append(filled[1])
        else:
            values[-1] = f"{values[-1]} {filled[0]}"
    first = lines[run[0]]
    first.cells, first.header, first.end = tuple(values), tuple(labels), lines[run[-1]].end
    for index in run[1:]:
        lines[index].kind = "wrapped"
