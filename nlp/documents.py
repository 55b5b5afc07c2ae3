"""Read a file into a `Document`: extract text (pypdf, python-docx, BeautifulSoup, plain
decoding), normalise it with an offset map, find its structure and infer its metadata.

Every input that cannot be read raises `UnreadableFile` whose message is one line naming the
file and what is wrong with it, so a person can act on it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from nlp import pdf_text
from nlp.metadata import infer_metadata, slug
from nlp.normalise import normalise, to_original  # noqa: F401  (re-exported for callers)
from nlp.records import Document
from nlp.structure import find_blocks
from nlp.typography import TYPE_PAGES, SizedLine

SUPPORTED_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt", ".md")
DEFAULT_MAX_BYTES = 50_000_000


class UnreadableFile(Exception):
    """A file that cannot be ingested; str() is one line naming the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


@dataclass(frozen=True, slots=True)
class Extracted:
    """Text as extracted from a file, with page starts and any warnings; for a PDF, the lines of
    its first pages with their type sizes (`nlp.typography`)."""

    text: str
    pages: tuple[int, ...] = (0,)
    warnings: tuple[str, ...] = ()
    typography: tuple[SizedLine, ...] = ()


def document_id(path: Path) -> str:
    """A stable slug of the file name without its extension: the id a document gets unless a
    file of another path holds it (ingest then adds a suffix, `search.docstore.DocStore.claim_id`)."""
    return slug(path.stem)


def read_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read, clean and structure one file.

    Raises:
        UnreadableFile: empty, too big, binary, encrypted, corrupt, unsupported, or no text.
    """
    path = Path(path)
    data = read_bytes(path, max_bytes)
    extracted = extract(path, data)
    if not extracted.text.strip():
        raise UnreadableFile(path, "contains no text")
    clean = normalise(extracted.text, extracted.pages)
    if not clean.text.strip():
        raise UnreadableFile(path, "contains no text after cleaning (only page furniture or markup)")
    blocks = find_blocks(clean.text, clean.pages, clean.headings)
    meta = infer_metadata(clean.text, extracted.typography)
    return Document(
        id=document_id(path),
        source=path.name,
        text=clean.text,
        content_hash=hashlib.sha256(data).hexdigest(),
        title=meta.title,
        doc_type=meta.doc_type,
        council=meta.council,
        council_id=meta.council_id,
        date=meta.date,
        pages=clean.pages,
        blocks=blocks,
        offset_map=clean.offset_map,
        warnings=extracted.warnings,
        original_text=extracted.text,
    )


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, after the checks that need no parsing."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = f"'{path.suffix}'" if path.suffix else "(no extension)"
        raise UnreadableFile(path, f"unsupported file type {shown}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UnreadableFile(path, f"file is too big ({_size(size)}; the limit is {_size(max_bytes)})")
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(path, f"cannot be read ({error.strerror or error})") from error
    if not data:
        raise UnreadableFile(path, "file is empty (0 bytes)")
    if len(data) > max_bytes:
        raise UnreadableFile(path, f"file is too big ({_size(len(data))}; the limit is {_size(max_bytes)})")
    return data


def _size(count: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1000 or unit == "GB":
            return f"{count} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1000  # type: ignore[assignment]
    return str(count)


def extract(path: Path, data: bytes) -> Extracted:
    """Text from the bytes of a file, by its extension."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _pdf(path, data)
    if suffix == ".docx":
        return _docx(path, data)
    if _looks_binary(data):
        kind = next((name for magic, name in _MAGIC if data.startswith(magic)), "")
        hint = f"; it looks like {kind}, so the extension may be wrong" if kind else ""
        raise UnreadableFile(path, f"looks like a binary file, not text (its extension is {suffix}){hint}")
    if suffix in (".html", ".htm"):
        return _html(path, data)
    return _plain(path, data)


# --- plain text -----------------------------------------------------------------------------

_MAGIC = (
    (b"%PDF", "a PDF"), (b"PK\x03\x04", "a zip archive or Office document"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc/.xls)"), (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"), (b"\x1f\x8b", "a gzip archive"),
)
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control characters, in the first 8 KB (UTF-16 with a byte order mark
    is text)."""
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte order mark
        return False
    if b"\x00" in sample:
        return True
    return len(_CONTROL.findall(sample)) > max(8, len(sample) // 20)


def decode_text(data: bytes) -> tuple[str, tuple[str, ...]]:
    """UTF-8 (with or without BOM); else Windows-1252, else Latin-1, with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as error:
        where = f"byte {error.start}"
    for encoding, label in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, (f"not valid UTF-8 (first bad {where}); decoded as {label}",)
    raise AssertionError("latin-1 decodes any bytes")


def _plain(path: Path, data: bytes) -> Extracted:
    text, notes = decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = (0, *(i + 1 for i, ch in enumerate(text) if ch == "\f")) if "\f" in text else (0,)
    return Extracted(text, pages, notes)


# --- PDF ------------------------------------------------------------------------------------


def _pdf(path: Path, data: bytes) -> Extracted:
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if b"%PDF" not in data[:1024]:  # readers accept a little junk before the header
        raise UnreadableFile(path, "not a PDF file (it does not start with %PDF); is the extension wrong?")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except (DependencyError, NotImplementedError) as error:
                    raise UnreadableFile(path, f"PDF is encrypted and cannot be opened here ({error})") from error
                if not opened:
                    raise UnreadableFile(path, "PDF is encrypted with a password; save an unprotected copy and ingest that")
            pages_list = list(reader.pages)
            readings: list[pdf_text.PageReading | None] = []
            broken = []
            for number, page in enumerate(pages_list, start=1):
                try:
                    readings.append(_pdf_page_text(page))
                except (DependencyError, FileNotDecryptedError):
                    raise
                except Exception:  # one damaged page should not lose the document
                    readings.append(None)
                    broken.append(number)
            read = [r for r in readings if r is not None]
            body, words = pdf_text.body_size(read), pdf_text.document_words(read)
            texts = [_pdf_compose(r, body, words) if r is not None else "" for r in readings]
            if pages_list and len(broken) == len(pages_list):
                raise UnreadableFile(path, "PDF is corrupt or damaged: no page could be read")
    except UnreadableFile:
        raise
    except FileNotDecryptedError as error:
        raise UnreadableFile(path, "PDF is encrypted with a password; save an unprotected copy and ingest that") from error
    except DependencyError as error:
        raise UnreadableFile(path, f"PDF needs a missing library to be read ({_short(error)})") from error
    except Exception as error:  # pypdf raises many types on damaged files
        raise UnreadableFile(path, f"PDF is corrupt or damaged ({type(error).__name__}: {_short(error)})") from error
    if not texts:
        raise UnreadableFile(path, "PDF has no pages")
    if not any(t.strip() for t in texts) and not broken:
        raise UnreadableFile(path, f"PDF has no text layer (scanned?); {len(texts)} page(s) of images only - run OCR first")
    pages, parts, position = [], [], 0
    for number, page_text in enumerate(texts):
        if number:
            parts.append("\f")
            position += 1
        pages.append(position)
        page_text = page_text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
        parts.append(page_text)
        position += len(page_text)
    empty = sum(1 for t in texts if not t.strip()) - len(broken)
    notes = [f"{empty} of {len(texts)} pages have no text layer (scanned?)"] if empty else []
    if broken:
        shown = ", ".join(map(str, broken[:10])) + (" ..." if len(broken) > 10 else "")
        notes.append(f"{len(broken)} damaged page(s) could not be read: {shown}")
    return Extracted("".join(parts), tuple(pages), tuple(notes), _pdf_typography(readings))


def _pdf_typography(readings: list[pdf_text.PageReading | None]) -> tuple[SizedLine, ...]:
    """The first pages' lines with their type sizes, from the pages' readings; none when a page
    could not be read (the title then comes from the text alone)."""
    lines: list[SizedLine] = []
    for number, reading in enumerate(readings[:TYPE_PAGES], start=1):
        if reading is None:
            return ()
        lines.extend(reading.sized_lines(number))
    return tuple(lines)


def _pdf_page_text(page: object) -> pdf_text.PageReading:
    """The page read for its text, once (`nlp.pdf_text.read_page`): its lines with their
    positions and type, its tables."""
    return pdf_text.read_page(page)


def _pdf_compose(reading: pdf_text.PageReading, body: float, words: frozenset[str]) -> str:
    """The page's text: pypdf's extraction with ruled tables put back as rows, paragraph breaks
    kept and headings marked against the document's body type (`nlp.pdf_text`); the lines as
    extracted when it cannot be composed."""
    try:
        return pdf_text.compose(reading, body, words)
    except Exception:  # composing improves the text; the lines as extracted are kept
        return "\n".join(line.text for line in reading.lines)


def _short(error: BaseException) -> str:
    message = " ".join(str(error).split()) or "no detail"
    return message[:120]


# --- DOCX -----------------------------------------------------------------------------------


def _docx(path: Path, data: bytes) -> Extracted:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if not data.startswith(b"PK"):
        hint = " (an old Word .doc? save it as .docx)" if data.startswith(b"\xd0\xcf\x11\xe0") else ""
        raise UnreadableFile(path, f"not a Word .docx file: it is not a zip archive{hint}")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableFile(path, f"not a readable Word .docx file ({type(error).__name__}: {_short(error)})") from error
    except Exception as error:  # python-docx raises its own PackageNotFoundError and lxml errors
        raise UnreadableFile(path, f"not a readable Word .docx file ({type(error).__name__}: {_short(error)})") from error
    lines: list[str] = _docx_margin(document, "header")
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(_docx_paragraph(item))
        elif isinstance(item, Table):
            lines.extend(_docx_table(item))
            lines.append("")
    lines.extend(_docx_margin(document, "footer"))
    return Extracted("\n".join(lines), typography=_docx_typography(document))


_DOCX_TYPE_PARAGRAPHS = 40  # the opening paragraphs: where the title is


def _docx_typography(document: object) -> tuple[SizedLine, ...]:
    """The opening paragraphs with their type sizes (run, character style, paragraph style and
    its base styles, document default), as one page: the title is often a paragraph set large
    by hand, or in the Title style, under the committee and date in body type."""
    try:
        default = _docx_default_size(document)
        lines = []
        for paragraph in document.paragraphs[: _DOCX_TYPE_PARAGRAPHS * 2]:  # type: ignore[attr-defined]
            text = " ".join(paragraph.text.split())
            if not text:
                continue
            letters: dict[float, int] = {}
            for run in paragraph.runs:
                count = sum(1 for ch in run.text if ch.isalnum())
                if count:
                    size = _docx_run_size(run, paragraph, default)
                    letters[size] = letters.get(size, 0) + count
            if letters:
                lines.append(SizedLine(text, max(letters.items(), key=lambda item: (item[1], item[0]))[0], 1))
            if len(lines) >= _DOCX_TYPE_PARAGRAPHS:
                break
    except Exception:  # type sizes improve the title, they are never a reason to fail
        return ()
    return tuple(lines)


def _docx_default_size(document: object) -> float:
    values = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:sz/@w:val")  # type: ignore[attr-defined]
    return int(values[0]) / 2 if values else 11.0  # half-points; Word's default is 11 pt


def _docx_run_size(run: object, paragraph: object, default: float) -> float:
    if run.font.size is not None:  # type: ignore[attr-defined]
        return run.font.size.pt  # type: ignore[attr-defined]
    for style in (getattr(run, "style", None), paragraph.style):  # type: ignore[attr-defined]
        while style is not None:
            if style.font.size is not None:
                return style.font.size.pt
            style = style.base_style
    return default


def _docx_margin(document: object, which: str) -> list[str]:
    """The first section's header or footer: often the only place the letterhead is."""
    try:
        part = getattr(document.sections[0], which)  # type: ignore[attr-defined]
        if part.is_linked_to_previous:
            return []
        texts = [p.text.strip() for p in part.paragraphs if p.text.strip()]
    except (IndexError, AttributeError, KeyError):
        return []
    return [*texts, ""] if which == "header" and texts else (["", *texts] if texts else [])


def _docx_paragraph(paragraph: object) -> str:
    text = paragraph.text.replace("\n", " ").strip()  # type: ignore[attr-defined]
    if not text:
        return ""
    style = (getattr(paragraph.style, "name", "") or "").lower()  # type: ignore[attr-defined]
    level = None
    if style == "title":
        level = 1
    elif style.startswith("heading"):
        digits = re.findall(r"\d+", style)
        level = min(int(digits[0]), 6) if digits else 2
    if level:
        return "\n" + "#" * level + " " + text + "\n"
    if "list" in style:
        return "- " + text
    runs = [run for run in paragraph.runs if run.text.strip()]  # type: ignore[attr-defined]
    if runs and all(run.bold for run in runs) and len(text.split()) <= 15:
        return f"**{text}**\n"  # a bold line on its own: a heading typed by hand
    return text + "\n"


def _docx_table(table: object) -> list[str]:
    rows = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if previous is not None and cell._tc is previous:
                cells.append("")  # a merged cell spans columns: keep the columns aligned
                continue
            previous = cell._tc
            cells.append(" ".join(cell.text.split()))
        rows.append("\t".join(cells))
    return rows


# --- HTML -----------------------------------------------------------------------------------

_DROP_TAGS = ("script", "style", "nav", "noscript", "template", "svg", "iframe", "form", "button")
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "pre",
    "address", "figure", "figcaption", "dl", "dt", "dd", "ul", "ol", "body", "html", "center", "caption",
}


def _html(path: Path, data: bytes) -> Extracted:
    from bs4 import BeautifulSoup

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            soup = BeautifulSoup(data, "lxml")
    except Exception as error:
        raise UnreadableFile(path, f"HTML could not be parsed ({type(error).__name__}: {_short(error)})") from error
    title = " ".join(soup.title.get_text(" ").split()) if soup.title else ""
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    out: list[str] = []
    heading = " ".join(soup.find(["h1", "h2"]).get_text(" ").split()) if soup.find(["h1", "h2"]) else ""
    if title and not (heading and (title.lower() in heading.lower() or heading.lower() in title.lower())):
        out.append(f"{title}\n\n")  # often the only place that names the meeting and the council
    _walk(soup.body or soup, out)
    text = "".join(out)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    notes: tuple[str, ...] = ()
    if soup.original_encoding and soup.original_encoding.lower() not in ("utf-8", "ascii", "utf8"):
        notes = (f"decoded as {soup.original_encoding} (not UTF-8)",)
    return Extracted(text.strip() + "\n", (0,), notes)


def _bold_only(node: object) -> bool:
    """A short block whose text is all inside <strong>/<b>: a heading written as bold text."""
    text = _inline_text(node)
    if not text or len(text.split()) > 15 or node.find(list(_BLOCK_TAGS) + ["table", "li"]):  # type: ignore[attr-defined]
        return False
    bold = " ".join(" ".join(b.get_text(" ").split()) for b in node.find_all(["strong", "b"]))  # type: ignore[attr-defined]
    return bold == text


def _inline_text(node: object) -> str:
    return " ".join(node.get_text(" ").split())  # type: ignore[attr-defined]


def _walk(node: object, out: list[str]) -> None:
    from bs4 import Comment, NavigableString, Tag

    for child in node.children:  # type: ignore[attr-defined]
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            out.append(re.sub(r"\s+", " ", str(child)))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if re.fullmatch(r"h[1-6]", name):
            text = _inline_text(child)
            if text:
                out.append(f"\n\n{'#' * int(name[1])} {text}\n\n")
        elif name == "table":
            out.append("\n\n")
            for row in child.find_all("tr"):
                if row.find_parent("table") is not child:
                    continue
                cells = [_inline_text(c) for c in row.find_all(["td", "th"]) if c.find_parent("tr") is row]
                if any(cells):
                    out.append("\t".join(cells) + "\n")
            out.append("\n")
        elif name == "li":
            nested = [c for c in child.find_all(["ul", "ol"]) if c.find_parent("li") is child]
            for sub_list in nested:
                sub_list.extract()
            text = _inline_text(child)
            if text:
                out.append(f"\n- {text}")
            for sub_list in nested:
                _walk(sub_list, out)
        elif name == "br":
            out.append("\n")
        elif name in _BLOCK_TAGS:
            out.append("\n\n")
            if _bold_only(child):
                out.append(f"**{_inline_text(child)}**")  # <p><strong>Background</strong></p>
            else:
                _walk(child, out)
            out.append("\n\n")
        else:
            _walk(child, out)
