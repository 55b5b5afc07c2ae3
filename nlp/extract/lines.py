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
# initials run together as Welsh and county councils print them ("R.E.", "M.W"), or a lower-case
# fragment a PDF split off ("De bbie").
_PART = r"[A-Z][a-z]*(?:[A-Z][a-z]+)*"
NAME_WORD = rf"(?:(?:[A-Z]\.){{1,3}}[A-Z]\.?|[A-Z]\.|{_PART}(?:['\u2019\-]{_PART})*|[A-Z]{{2,}}(?:['\u2019\-][A-Z]+)*|[A-Z]\.?)"
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
    split_at = {m.start() for m in re.finditer(r"(?<=[A-Za-z])\t(?=[a-z]{2,})", text)}
    text = re.sub(r"(?<=[A-Za-z])\t(?=[a-z]{2,})", " ", text)
    pos = 0
    taken: list[str] = []
    ends: list[int] = []
    end = 0
    while len(taken) < max_words:
        m = re.match(r"[ ]*(" + NAME_WORD + (f"|{FRAGMENT}" if allow_fragments else "") + r")(?=$|[\s,;:()\u2013\u2014\-]|\.(?:\s|$))", text[pos:])
        if not m:
            break
        word = m.group(1)
        if name_stop(word):
            break
        if re.fullmatch(FRAGMENT, word) and (not taken or _PROSE_WORD.fullmatch(word) and pos + m.start(1) - 1 not in split_at):
            break  # a name does not start with a lower-case fragment, nor go on into a sentence
        taken.append(word)
        pos += m.end()
        end = pos
        ends.append(end)
        if text[pos:pos + 1] in ("\t", ",", ";", "(") or text[pos:pos + 2] in (" (", " -", " \u2013"):
            break
    # A split-off fragment sits inside a name ("De bbie Ess"), or ends it when a PDF cell split
    # cut it off ("Honor How<TAB>ell"); one that ends the name after a space is the sentence going
    # on ("Councillor Amir Khan attended as his substitute").
    while taken and re.fullmatch(FRAGMENT, taken[-1]) and (len(taken) < max_words or not _continues(text[end:])) \
            and end - len(taken[-1]) - 1 not in split_at:
        taken.pop()
        ends.pop()
        end = ends[-1] if ends else 0
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


def _continues(rest: str) -> bool:
    """Does a name go on after the words read (a capitalised name word next, not a title)?"""
    m = re.match(r"[ ]*(" + NAME_WORD + r")(?=$|[\s,;:()\u2013\u2014\-]|\.(?:\s|$))", rest)
    return bool(m) and not name_stop(m.group(1)) and not is_titled(rest) and not honorific(rest)


# Words of minutes' prose that follow a name ("Cllr Imrie thanked Gary Todd"), never a split-off
# piece of it: past tenses and a few common verbs.
_PROSE_WORD = re.compile(r"[a-z]{3,}(?:ed|ing)|said|says|spoke|gave|was|is|has|had|who|took|made|left|felt|sought")


def is_titled(text: str) -> re.Match[str] | None:
    """A leading councillor title ("Councillor", "Cllrs", "COUNCILLOR –")."""
    return re.match(r"\s*(?:" + cues()["COUNCILLOR_TITLE"].pattern + r")(?=[\s:\-\u2013]|$)[\s:\-\u2013]*", text)


def honorific(text: str) -> re.Match[str] | None:
    return re.match(r"\s*(?:" + cues()["HONORIFIC"].pattern + r")(?=\s)\s*", text)
