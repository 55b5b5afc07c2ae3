"""Lines of a document with their offsets, and the name-shaped pieces in them.

Extractors that read attendance lists, membership blocks and officer contact blocks work on
lines, not sentences: PDF conversion leaves those as lines, cells separated by tabs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.pipeline import cues, words


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    start: int
    end: int
    text: str

    @property
    def clean(self) -> str:
        """Text without markdown emphasis, list bullets and surrounding space."""
        return clean(self.text)

    @property
    def blank(self) -> bool:
        return not self.clean


_MARKUP = re.compile(r"\*\*|__|</?[a-z]+[^>]*>|^#+\s*|^\s*[-\u2022\u00b7*]\s+")


def clean(text: str) -> str:
    return _MARKUP.sub("", text.replace("\u00a0", " ")).strip()


def split_lines(text: str) -> list[Line]:
    lines, offset = [], 0
    for number, raw in enumerate(text.split("\n")):
        lines.append(Line(number, offset, offset + len(raw), raw))
        offset += len(raw) + 1
    return lines


# A name word: "Smith", "MacLean", "Fulton-McAlister", "O'Neill", "SMITH", an initial "C" / "C.",
# or a lower-case fragment a PDF split off ("De bbie").
_PART = r"[A-Z][a-z]*(?:[A-Z][a-z]+)*"
NAME_WORD = rf"(?:{_PART}(?:['\u2019\-]{_PART})*|[A-Z]{{2,}}(?:['\u2019\-][A-Z]+)*|[A-Z]\.?)"
FRAGMENT = r"[a-z]{2,}"
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
PHONE = re.compile(r"(?:\+44\s?|\(?0)\d{2,4}\)?[\s\-]?\d{3,4}[\s\-]?\d{3,4}|\bext(?:ension|n)?\.?\s*\d{3,5}", re.IGNORECASE)
DISAMBIGUATOR = re.compile(r"\(\s*([A-Z][a-z]{0,2})\s*\)")


def name_stop(word: str) -> bool:
    return word.lower().strip(".,:;()") in words("NAME_STOP")


def leading_name(text: str, max_words: int = 4, allow_fragments: bool = True) -> tuple[str, int] | None:
    """The name at the start of `text` (after titles are removed) and where it ends.

    Stops at a word that is not name-shaped, at a role word ("Cabinet", "Manager"), at a
    tab, comma, dash or bracket. Keeps a "(M)"-style disambiguator. None if no name."""
    # A tab before a lower-case fragment is a PDF cell split inside a word ("De\tbbie Ess"):
    # read it as a space (same length, so offsets hold).
    text = re.sub(r"(?<=[A-Za-z])\t(?=[a-z]{2,})", " ", text)
    pos = 0
    taken: list[str] = []
    end = 0
    while len(taken) < max_words:
        m = re.match(r"[ ]*(" + NAME_WORD + (f"|{FRAGMENT}" if allow_fragments else "") + r")(?=$|[\s,;:()\u2013\u2014\-]|\.(?:\s|$))", text[pos:])
        if not m:
            break
        word = m.group(1)
        if name_stop(word):
            break
        if re.fullmatch(FRAGMENT, word) and not taken:
            break  # a name does not start with a lower-case fragment
        taken.append(word)
        pos += m.end()
        end = pos
        if text[pos:pos + 1] in ("\t", ",", ";", "(") or text[pos:pos + 2] in (" (", " -", " \u2013"):
            break
    if not taken:
        return None
    # Keep an immediately following disambiguator: "Sands (M)".
    m = re.match(r"\s*\(\s*([A-Z][a-z]{0,2})\s*\)", text[end:])
    if m:
        end += m.end()
    name = text[:end].strip()
    # Fragments only count as part of a name when joined to a capitalised word before them.
    if all(re.fullmatch(FRAGMENT, w) for w in taken):
        return None
    return name, end


def is_titled(text: str) -> re.Match[str] | None:
    """A leading councillor title ("Councillor", "Cllrs", "COUNCILLOR –")."""
    return re.match(r"\s*(?:" + cues()["COUNCILLOR_TITLE"].pattern + r")(?=[\s:\-\u2013]|$)[\s:\-\u2013]*", text)


def honorific(text: str) -> re.Match[str] | None:
    return re.match(r"\s*(?:" + cues()["HONORIFIC"].pattern + r")(?=\s)\s*", text)
