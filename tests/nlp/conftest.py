"""Fixtures and helpers shared by the nlp tests: the table readers' context and sample scores,
running the whole extraction on a paper's text, reading people's facts, typeset PDFs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nlp import extraction as x
from nlp.documents import read_document
from nlp.records import Document
from tests.conftest import SAMPLE_DIR


def text_extractor(folder: Path, nlp=None):  # noqa: ANN001, ANN201
    """A function running the whole extraction on a paper's text, written to a file in `folder`
    with a council-style name (`nlp`: the spaCy pipeline, or None for the rules alone)."""
    from nlp.extract import extract

    def run(text: str) -> x.Extraction:
        path = folder / "westby-2025-03-03-paper.txt"
        path.write_text(text, encoding="utf-8")
        return extract(read_document(path), nlp)

    return run


def person_facts(ex: x.Extraction, predicate: str, first_part: bool = False) -> set[tuple[str, str]]:
    """(person, object) pairs of `predicate`: the literal, or the object entity's name (with
    `first_part`, its name up to the first comma)."""
    from nlp.evaluate import person_norm

    out = set()
    for r in ex.relations:
        subject = ex.entity(r.subject)
        if r.predicate != predicate or subject is None or subject.kind not in x.PEOPLE_KINDS:
            continue
        obj = r.object if r.literal else (ex.entity(r.object).name if ex.entity(r.object) else r.object)
        if first_part and not r.literal:
            obj = obj.split(",")[0]
        out.add((person_norm(subject.name), obj))
    return out


def table_context(doc: Document) -> x.Context:
    """The context the table readers get, without spaCy (they do not use it)."""
    return x.Context(text=doc.text, council_id=doc.council_id or "unknown",
                     document_date=date.fromisoformat(doc.date) if doc.date else None)


@pytest.fixture(scope="session")
def sample_scores():
    """Indicator and action figures on the labelled sample corpus, computed once."""
    from nlp.extract import score
    from nlp.extract.actions import extract_actions
    from nlp.extract.indicators import extract_indicators

    docs, extractions = [], []
    for path in sorted(SAMPLE_DIR.iterdir()):
        doc = read_document(path, 10**8)
        ctx = table_context(doc)
        docs.append(doc)
        extractions.append(x.merge(doc.id, extract_indicators(doc, ctx), extract_actions(doc, ctx)))
    return score.evaluate(docs, extractions)


def kpi_report_pdf(path: Path, title: str, rows: list[list[str]]) -> Path:
    """A one-page PDF report as councils publish them: a title, a sentence, a KPI table, a sentence."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    styles = getSampleStyleSheet()
    SimpleDocTemplate(str(path)).build([
        Paragraph(title, styles["Title"]),
        Paragraph("The indicators below show progress in the first quarter of the year.", styles["BodyText"]),
        Table(rows),
        Paragraph("Officers will report again next quarter on the indicators that are red.", styles["BodyText"]),
    ])
    return path


# A line of a typeset page: its text and type size in points; bold when the size is given
# with `bold(...)`. `typeset_pdf` lays the lines down a page as a word processor would.
Line = tuple[str, float] | tuple[str, float, bool]


def bold(text: str, size: float) -> Line:
    return (text, size, True)


def typeset_pdf(path: Path, pages: list[list[Line]], *, scaled: bool = False) -> Path:
    """A PDF whose pages hold `pages`' lines in the given type sizes (Helvetica). With `scaled`,
    each line is set as Word and InDesign do it: font size 1 and the size in the text matrix."""
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(path))
    for lines in pages:
        y = 800.0
        for line in lines:
            text, size = line[0], line[1]
            font = "Helvetica-Bold" if len(line) > 2 and line[2] else "Helvetica"
            y -= size * 1.3
            words = drawing.beginText()
            if scaled:
                words.setFont(font, 1)
                words.setTextTransform(size, 0, 0, size, 72, y)
            else:
                words.setFont(font, size)
                words.setTextOrigin(72, y)
            words.textLine(text)
            drawing.drawText(words)
            y -= size * 0.4
        drawing.showPage()
    drawing.save()
    return path


def action_plan_pdf(path: Path, title: str, rows: list[list[str]], valign: str = "TOP") -> Path:
    """A one-page action plan as a word processor sets it: long cells wrap inside narrow
    columns, short cells sit at the top, middle or bottom (`valign`) of each row."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as PdfTable

    styles = getSampleStyleSheet()
    cells = [[Paragraph(c, styles["BodyText"]) if len(c) > 20 else c for c in row] for row in rows]
    table = PdfTable(cells, colWidths=[190, 120, 70, 50])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), valign)]))
    SimpleDocTemplate(str(path)).build([
        Paragraph(title, styles["Title"]),
        Paragraph("The actions below are the service's priorities for the year.", styles["BodyText"]),
        table,
        Paragraph("Progress will be reported to the scrutiny panel each quarter.", styles["BodyText"])])
    return path
