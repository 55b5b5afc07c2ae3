"""Set a council document's text into a PDF the way councils' Word and InDesign exports look, so
that the PDF reading path can be measured against the same document read as text.

The text is read as the text fixtures write it: a line with tabs is a table row (a run of them is
a table), a blank line ends a paragraph, "- " starts a bullet, "# " or "**...**" marks a heading,
and a short numbered line ("2. Key performance indicators") is a heading. The PDF is A4 with:

- a letterhead on page 1 (the council's name, large, over a rule, with an address line);
- a running header (council and document title) and a footer ("Page 3 of 12") on every page;
- headings in bold, larger type; numbered paragraphs in body type;
- a row of two cells on its own (a minute number and its title, "Present:" and the members) set
  side by side without ruling, as Word sets them;
- tables ruled as councils draw them: a grid, a shaded bold header row repeated on each page,
  cells that wrap over two or three lines in narrow columns, a row with one cell (a theme)
  spanning the table, a two-level header whose first level spans its columns.

Two other house styles councils publish in (`council_pdf`'s `headings` and `rules`):

- headings="bold": headings in bold body type with no more space round them than a paragraph's,
  run straight into the paragraph below (modern.gov minutes' item titles, Word's Normal + bold);
- rules="horizontal": tables with horizontal rules only (a heavier rule over and under the
  header, a hairline under each row; InDesign exports, modern.gov reports); rules="none": no
  rules at all, the header in bold, the columns kept apart by their gutters alone.

Page furniture the text fixtures carry from their own PDFs ("Page 5 of 12" and the running title
before it, a table header repeated after it) is dropped: the PDF prints its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

A4_WIDTH, A4_HEIGHT = 595.27, 841.89
MARGIN = 56.0
FRAME_WIDTH = A4_WIDTH - 2 * MARGIN

_PAGE_LINE = re.compile(r"^\s*Page \d+( of \d+)?\s*$")
_NUMBERED_HEADING = re.compile(r"^(?:\d{1,2}\.?|[A-Z]\.|Part [IVX\d]+)\s+[A-Z][^.]{0,70}$")
_TITLE_WORDS = re.compile(r"\b(?:Report|Plan|Minutes|Agenda|Update|Register|Scorecard|Strategy|Review|Notice|Record|KPIs?)\b")
_NUMBERED_PARAGRAPH = re.compile(r"^(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\s+(.*)$")


@dataclass
class Block:
    kind: str  # heading, para, bullet, table, blank
    text: str = ""
    level: int = 2
    rows: list[list[str]] = field(default_factory=list)


def parse(text: str) -> list[Block]:
    """The text's blocks: headings, paragraphs (one per line, as a word processor holds them),
    bullets and tables."""
    lines = _drop_furniture(text.replace("\f", "\n").split("\n"))
    blocks: list[Block] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if "\t" in line and stripped:
            cells = [" ".join(c.split()) for c in line.rstrip("\n").split("\t")]
            if blocks and blocks[-1].kind == "table":
                if cells != blocks[-1].rows[0]:  # a header repeated after a page break
                    blocks[-1].rows.append(cells)
            else:
                blocks.append(Block("table", rows=[cells]))
            continue
        if not stripped:
            if blocks and blocks[-1].kind != "blank":
                blocks.append(Block("blank"))
            continue
        alone = (index == 0 or not lines[index - 1].strip()) and (index + 1 == len(lines) or not lines[index + 1].strip())
        markdown = re.match(r"^(#{1,6})\s+(.*)$", stripped)
        if markdown:
            blocks.append(Block("heading", markdown.group(2), len(markdown.group(1))))
        elif re.fullmatch(r"\*\*(.+)\*\*", stripped):
            blocks.append(Block("heading", stripped.strip("*"), 3))
        elif re.match(r"^[-\u2022]\s+", stripped):
            blocks.append(Block("bullet", re.sub(r"^[-\u2022]\s+", "", stripped).replace("**", "")))
        elif alone and _NUMBERED_HEADING.match(stripped) and len(stripped.split()) <= 10:
            blocks.append(Block("heading", stripped, 2))
        else:
            blocks.append(Block("para", stripped.replace("**", "")))
    return blocks


def _drop_furniture(lines: list[str]) -> list[str]:
    """Without "Page 5 of 12" lines and a running title set just before one inside a table."""
    out: list[str] = []
    for index, line in enumerate(lines):
        if _PAGE_LINE.match(line):
            if out and "\t" not in out[-1] and out[-1].strip() and len(out) > 1 and "\t" in out[-2]:
                out.pop()
            continue
        out.append(line)
    return out


def _styles(headings: str = "spaced"):
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10.5, leading=13.5, spaceAfter=4)
    bold = ParagraphStyle("bold_heading", parent=body, fontName="Helvetica-Bold", spaceBefore=0, spaceAfter=0)
    return {
        "body": body,
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=16, bulletIndent=4),
        "numbered": ParagraphStyle("numbered", parent=body, leftIndent=30, firstLineIndent=-30),
        "close": ParagraphStyle("close", parent=body, spaceAfter=0),
        "numbered_close": ParagraphStyle("numbered_close", parent=body, leftIndent=30, firstLineIndent=-30, spaceAfter=0),
        1: ParagraphStyle("h1", parent=body, fontName="Helvetica-Bold", fontSize=17, leading=21, spaceBefore=10, spaceAfter=8),
        2: ParagraphStyle("h2", parent=body, fontName="Helvetica-Bold", fontSize=13, leading=16, spaceBefore=10, spaceAfter=6),
        3: ParagraphStyle("h3", parent=body, fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=6, spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName="Helvetica", fontSize=8.5, leading=10.2),
        "head": ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=8.5, leading=10.2, textColor=colors.white),
        "plain_head": ParagraphStyle("plain_head", fontName="Helvetica-Bold", fontSize=8.5, leading=10.2),
        **({2: bold, 3: bold} if headings == "bold" else {}),
    }


def _table(rows: list[list[str]], styles: dict, *, max_column: float, rules: str = "grid") -> object:
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, Table, TableStyle

    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    if len(rows) == 1:  # a label and its text ("85<TAB>Minutes", "Present:<TAB>...") set side by side
        return _layout_row(rows[0], styles)
    header_rows = 1
    if len(rows) > 2 and any(not c for c in rows[0][1:]) and not rows[1][0] and any(rows[1][1:]):
        header_rows = 2  # a two-level header: years over Target / Actual
    natural = [
        max(stringWidth(r[c], "Helvetica", 8.5) + 10 for r in rows if _spans(r) is None) if any(_spans(r) is None for r in rows) else 40
        for c in range(width)
    ]
    shortest = [max((stringWidth(w, "Helvetica-Bold", 8.5) + 10 for r in rows for w in r[c].split()), default=20) for c in range(width)]
    widths = [min(max(n, s), max_column) for n, s in zip(natural, shortest)]
    total = sum(widths)
    if total > FRAME_WIDTH:  # shrink the wide columns: their cells wrap over two or three lines
        spare = total - FRAME_WIDTH
        flexible = [max(w - s, 0) for w, s in zip(widths, shortest)]
        room = sum(flexible) or 1
        widths = [w - spare * f / room for w, f in zip(widths, flexible)]
    style: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                          ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]
    if rules == "grid":
        style += [("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#7f7f7f")),
                  ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#1f4e79"))]
    elif rules == "horizontal":
        style += [("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.HexColor("#1f4e79")),
                  ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 1.0, colors.HexColor("#1f4e79")),
                  ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, colors.HexColor("#a0a0a0"))]
    head_style = styles["head"] if rules == "grid" else styles["plain_head"]
    cells = []
    for r, row in enumerate(rows):
        head = r < header_rows
        span = _spans(row)
        if span is not None and not head:
            style.append(("SPAN", (0, r), (-1, r)))
            if rules != "none":
                style.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#dde6f0")))
        if head:
            c = 0
            while c < width:
                end = c
                while end + 1 < width and not row[end + 1] and (r + 1 < header_rows and rows[r + 1][end + 1]):
                    end += 1
                if end > c:
                    style.append(("SPAN", (c, r), (end, r)))
                c = end + 1
        cells.append([Paragraph(escape(text), head_style if head else styles["cell"]) if text else "" for text in row])
    table = Table(cells, colWidths=widths, repeatRows=header_rows, hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle(style))
    return table


def _layout_row(row: list[str], styles: dict) -> object:
    """One row of cells without ruling: how Word sets a minute number beside its title."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, Table, TableStyle

    cells = [c for c in row if c] or [""]
    first = min(stringWidth(cells[0], "Helvetica", 10.5) + 14, FRAME_WIDTH / 3) if len(cells) > 1 else FRAME_WIDTH
    rest = (FRAME_WIDTH - first) / max(len(cells) - 1, 1)
    table = Table([[Paragraph(escape(c), styles["body"]) for c in cells]],
                  colWidths=[first] + [rest] * (len(cells) - 1), hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _spans(row: list[str]) -> int | None:
    """A row with text in its first cell only: a theme or section over the rows below."""
    return 0 if len(row) > 2 and row[0] and not any(row[1:]) else None


def council_pdf(path: Path, text: str, *, council: str | None = None, title: str | None = None,
                max_column: float = 190.0, headings: str = "spaced", rules: str = "grid") -> Path:
    """Set `text` into an A4 PDF at `path` with a letterhead, running header and footer.

    Args:
        path: where to write the PDF.
        text: the document, as the text fixtures write it (tabs between table cells).
        council: the letterhead's name; by default the first line that names a council (taken
            out of the body, as a letterhead is).
        title: the running header's title; by default the first heading after the letterhead.
        max_column: the widest a table column is set before its cells wrap.
        headings: "spaced" (larger bold type with space round it) or "bold" (bold body type
            running into the paragraph below); the title is set large in either.
        rules: "grid", "horizontal" (rules over and under the header and under each row) or
            "none" (no rules) for the tables.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas as pdfcanvas
    from reportlab.platypus import BaseDocTemplate, Frame, ListFlowable, PageTemplate, Paragraph, Spacer

    if headings not in ("spaced", "bold") or rules not in ("grid", "horizontal", "none"):
        raise ValueError(f"unknown style: headings={headings!r}, rules={rules!r}")
    styles = _styles(headings)
    blocks = parse(text)
    if council is None:
        for block in blocks[:6]:
            if block.kind in ("para", "heading") and re.search(r"\bcouncil\b", block.text, re.I) and len(block.text.split()) <= 6:
                council = block.text
                blocks.remove(block)
                break
    if title is None:
        named = next((b for b in blocks[:12] if b.kind in ("para", "heading") and len(b.text.split()) <= 14
                      and _TITLE_WORDS.search(b.text)), None)
        if named is not None:  # the title, set large as a word processor's Title style
            named.kind, named.level = "heading", 1
        title = named.text if named else next((b.text for b in blocks if b.kind == "heading"), "Report")
    story: list[object] = []
    for index, block in enumerate(blocks):
        # lines of text with no blank line between them are set close, as lines of one block
        close = index + 1 < len(blocks) and blocks[index + 1].kind == "para"
        if block.kind == "heading":
            story.append(Paragraph(escape(block.text), styles[min(block.level, 3)]))
        elif block.kind == "para":
            numbered = _NUMBERED_PARAGRAPH.match(block.text)
            if numbered:
                story.append(Paragraph(f"{numbered.group(1)}&nbsp;&nbsp;&nbsp;{escape(numbered.group(2))}",
                                       styles["numbered_close" if close else "numbered"]))
            else:
                story.append(Paragraph(escape(block.text), styles["close" if close else "body"]))
        elif block.kind == "bullet":
            story.append(ListFlowable([Paragraph(escape(block.text), styles["body"])], bulletType="bullet",
                                      start="\u2022", leftIndent=16))
        elif block.kind == "table":
            story.append(Spacer(1, 4))
            story.append(_table(block.rows, styles, max_column=max_column, rules=rules))
            story.append(Spacer(1, 8))
        elif block.kind == "blank":
            story.append(Spacer(1, 4))

    class NumberedCanvas(pdfcanvas.Canvas):
        """Draws "Page n of m" once the page count is known, as Word's footer field does."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont("Helvetica", 8)
                self.setFillColor(colors.HexColor("#404040"))
                self.drawCentredString(A4_WIDTH / 2, 28, f"Page {self._pageNumber} of {len(self._pages)}")
                super().showPage()
            super().save()

    def first_page(canvas, doc):
        if not council:
            return
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#1f4e79"))
        canvas.setFont("Helvetica-Bold", 22)
        canvas.drawString(MARGIN, A4_HEIGHT - 62, council)
        canvas.setFont("Helvetica", 8.5)
        canvas.drawRightString(A4_WIDTH - MARGIN, A4_HEIGHT - 60, "Council Offices, Market Street")
        canvas.setStrokeColor(colors.HexColor("#1f4e79"))
        canvas.setLineWidth(2)
        canvas.line(MARGIN, A4_HEIGHT - 72, A4_WIDTH - MARGIN, A4_HEIGHT - 72)
        canvas.restoreState()

    def later_page(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.HexColor("#404040"))
        canvas.drawString(MARGIN, A4_HEIGHT - 36, f"{council} \u2013 {title}" if council else title)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, A4_HEIGHT - 40, A4_WIDTH - MARGIN, A4_HEIGHT - 40)
        canvas.restoreState()

    doc = BaseDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
                          title=title, author=council or "")
    first = Frame(MARGIN, MARGIN, FRAME_WIDTH, A4_HEIGHT - 2 * MARGIN - 30, id="first")
    later = Frame(MARGIN, MARGIN, FRAME_WIDTH, A4_HEIGHT - 2 * MARGIN, id="later")
    doc.addPageTemplates([PageTemplate("First", [first], onPage=first_page, autoNextPageTemplate="Later"),
                          PageTemplate("Later", [later], onPage=later_page)])
    doc.build(story, canvasmaker=NumberedCanvas)
    return path


def main() -> None:  # pragma: no cover - a tool run by hand
    """Set each text file given into a PDF in the output folder:
    python -m tests.pdfkit [--headings spaced|bold] [--rules grid|horizontal|none] OUT_DIR FILE..."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--headings", choices=("spaced", "bold"), default="spaced")
    parser.add_argument("--rules", choices=("grid", "horizontal", "none"), default="grid")
    parser.add_argument("out", type=Path)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for source in args.files:
        council_pdf(args.out / f"{source.stem}.pdf", source.read_text(encoding="utf-8"),
                    headings=args.headings, rules=args.rules)


if __name__ == "__main__":  # pragma: no cover
    main()
