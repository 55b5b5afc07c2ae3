"""Plain records passed between stages. Every offset is into `Document.text`."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Block:
    """One structural unit of a document: a heading, paragraph, list item or table row."""

    kind: str  # "heading" | "paragraph" | "list_item" | "table_row"
    start: int
    end: int
    page: int  # 1-based
    level: int = 0  # heading level (1 = top); 0 for other kinds
    cells: tuple[str, ...] = ()  # table rows: the cell texts
    header: tuple[str, ...] = ()  # table rows: the header cells of the table they belong to


@dataclass(frozen=True, slots=True)
class Document:
    """A document read from a file, normalised, with its structure and inferred metadata."""

    id: str  # slug of the file name; ingest adds a short path hash when another file holds it
    source: str  # file name
    text: str  # normalised text; all offsets refer to it
    content_hash: str  # sha256 of the file's bytes
    title: str
    doc_type: str  # agenda | minutes | report | performance report | service plan | forward plan | member's report | other
    council: str | None = None  # council name, when inferred
    council_id: str | None = None  # slug of the council name
    date: str | None = None  # ISO date (meeting or publication)
    pages: tuple[int, ...] = (0,)  # start offset of each page, page 1 first
    blocks: tuple[Block, ...] = ()
    offset_map: tuple[tuple[int, int], ...] = ()  # anchors (normalised offset, original offset)
    warnings: tuple[str, ...] = ()
    original_text: str = ""  # text as extracted from the file, before normalisation

    def page_at(self, offset: int) -> int:
        """The 1-based page number holding a character offset."""
        page = 1
        for number, start in enumerate(self.pages, start=1):
            if start <= offset:
                page = number
            else:
                break
        return page


@dataclass(frozen=True, slots=True)
class Passage:
    """A retrievable unit: a heading with the paragraphs or table rows under it."""

    id: str  # "<document id>#<seq>"
    document_id: str
    seq: int
    text: str  # the text to index and show (headers prepended to table rows)
    start: int
    end: int
    page: int
    section: str  # heading path, " > "-joined
    kind: str = "text"  # "text" | "table"


def to_dict(record: object) -> dict:
    """A record as a JSON-ready dict."""
    return asdict(record)  # type: ignore[call-overload]
