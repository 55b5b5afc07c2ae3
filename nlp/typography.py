"""Type sizes of the lines on a PDF's first pages, and the runs of display type among them.

A report's title is usually the largest text on its first page, while the first lines are a
letterhead, the committee ("Cabinet"), a date or "Agenda Item 7" in body type. Text extraction
loses the sizes, so the PDF reader collects them here (pypdf's text visitor) and
`nlp.metadata` chooses the title among the display runs.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

TYPE_PAGES = 2  # the title is on the first page, or the second after a cover without text
DISPLAY_RATIO = 1.15  # how much larger than the body type a line must be to be display type
SAME_SIZE = 0.5  # points: two lines this close in size are set in the same type
MAX_RUN_LINES = 4
COVER_WORDS = 60  # a first page with fewer words is a cover: the second page may hold the title


@dataclass(frozen=True, slots=True)
class SizedLine:
    """A line of text on a PDF page with its effective type size in points (font size times
    the scale of the text and graphics matrices)."""

    text: str
    size: float
    page: int  # 1-based


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive lines set in the same display type: a title may be set over several."""

    lines: tuple[SizedLine, ...]

    @property
    def size(self) -> float:
        return self.lines[0].size

    @property
    def page(self) -> int:
        return self.lines[0].page


def pdf_lines(page: object, number: int) -> list[SizedLine]:
    """The page's text lines with their type sizes; a line set in several sizes gets the size
    that most of its letters have (a drop capital or a bold word does not make a heading)."""
    pieces: list[tuple[str, float]] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], font: object, font_size: float) -> None:
        if text:
            pieces.append((text, float(font_size) * _scale(tm, cm)))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    lines: list[SizedLine] = []
    letters: Counter[float] = Counter()
    text = ""

    def flush() -> None:
        nonlocal text
        words = " ".join(text.split())
        if words and letters:
            size = max(letters.items(), key=lambda item: (item[1], item[0]))[0]
            lines.append(SizedLine(words, size, number))
        text = ""
        letters.clear()

    for piece, size in pieces:
        parts = piece.split("\n")
        for index, part in enumerate(parts):
            if index:
                flush()
            text += part
            count = sum(1 for ch in part if ch.isalnum())
            if count:
                letters[round(size, 1)] += count
    flush()
    return lines


def _scale(tm: Sequence[float], cm: Sequence[float]) -> float:
    """How much the text matrix times the current transformation matrix stretches the text's
    vertical (PDF row vectors: the text's up vector (0, 1) goes to (tm[2], tm[3]), then through cm)."""
    up_x = tm[2] * cm[0] + tm[3] * cm[2]
    up_y = tm[2] * cm[1] + tm[3] * cm[3]
    return math.hypot(up_x, up_y) or 1.0


def body_size(lines: Sequence[SizedLine]) -> float:
    """The size that most letters are set in."""
    letters: Counter[float] = Counter()
    for line in lines:
        letters[round(line.size, 1)] += sum(1 for ch in line.text if ch.isalnum())
    return max(letters.items(), key=lambda item: (item[1], -item[0]))[0] if letters else 0.0


def display_runs(lines: Sequence[SizedLine]) -> list[Run]:
    """Runs of consecutive lines in the same type larger than the body type: the first page's,
    largest type first (then in reading order), then the second page's when the first is a
    cover. Running headers (a line another page repeats in the same type) are left out. Empty
    when the text is set in one size."""
    body = body_size(lines)
    if not body:
        return []
    repeated = _running_lines(lines)
    runs: list[list[SizedLine]] = []
    previous: SizedLine | None = None
    for line in lines:
        display = line.size >= body * DISPLAY_RATIO and (_key(line.text), round(line.size)) not in repeated
        if not display:
            previous = None
            continue
        same = (previous is not None and previous.page == line.page
                and abs(previous.size - line.size) <= SAME_SIZE and len(runs[-1]) < MAX_RUN_LINES)
        if same:
            runs[-1].append(line)
        else:
            runs.append([line])
        previous = line
    cover = sum(len(line.text.split()) for line in lines if line.page == 1) < COVER_WORDS
    runs = [run for run in runs if run[0].page == 1 or cover]
    ordered = sorted(enumerate(runs), key=lambda item: (item[1][0].page, -round(item[1][0].size, 1), item[0]))
    return [Run(tuple(run)) for _, run in ordered]


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def _running_lines(lines: Sequence[SizedLine]) -> set[tuple[str, int]]:
    pages: dict[tuple[str, int], set[int]] = {}
    for line in lines:
        pages.setdefault((_key(line.text), round(line.size)), set()).add(line.page)
    return {key for key, seen in pages.items() if len(seen) > 1}
