"""Pure helpers that turn text and spans into pieces the templates render (and escape):
search snippets, a document cut into passages / mentions / the highlighted hit, mention context,
and how to read a property backwards."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    marked: bool = False


def snippet_segments(snippet_html: str) -> list[Segment]:
    """The search helper's snippet (escaped text with <mark>) as plain segments; the template
    escapes them again, so nothing from a document is ever rendered unescaped."""
    segments = []
    for i, part in enumerate(re.split(r"</?mark>", snippet_html)):
        if part:
            segments.append(Segment(html.unescape(part), marked=i % 2 == 1))
    return segments


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    entity: str | None = None  # IRI of the entity this text mentions
    label: str = ""
    hit: bool = False


def document_blocks(text: str, passages: list, mentions: list[tuple[int, int, str, str]],
                    hit: tuple[int, int] | None) -> list[dict]:
    """The text cut into blocks (one per passage, plus the text between them), each a list of
    pieces that are plain, an entity mention, or inside the highlighted hit."""
    cuts = {0, len(text)}
    ranges = []
    for p in sorted(passages, key=lambda p: p.start):
        if ranges and p.start < ranges[-1][1]:
            continue  # overlapping passages (e.g. headers repeated for a table): keep the first
        ranges.append((p.start, p.end, p.seq))
    marks = []
    last_end = -1
    for start, end, iri, label in mentions:
        if start >= last_end and 0 <= start < end <= len(text):
            marks.append((start, end, iri, label))
            last_end = end
    for start, end, _ in ranges:
        cuts |= {start, end}
    for start, end, _, _ in marks:
        cuts |= {start, end}
    if hit:
        cuts |= {max(0, min(hit[0], len(text))), max(0, min(hit[1], len(text)))}
    points = sorted(cuts)
    blocks: list[dict] = []
    mark_index, range_index = 0, 0
    for a, b in zip(points, points[1:]):
        while range_index < len(ranges) and ranges[range_index][1] <= a:
            range_index += 1
        seq = ranges[range_index][2] if range_index < len(ranges) and ranges[range_index][0] <= a else None
        while mark_index < len(marks) and marks[mark_index][1] <= a:
            mark_index += 1
        mark = marks[mark_index] if mark_index < len(marks) and marks[mark_index][0] <= a else None
        piece = Piece(text[a:b], mark[2] if mark else None, mark[3] if mark else "",
                      bool(hit and hit[0] <= a and b <= hit[1]))
        if not blocks or blocks[-1]["seq"] != seq:
            blocks.append({"seq": seq, "pieces": [], "has_hit": False})
        blocks[-1]["pieces"].append(piece)
    return [_mark_runs(block) for block in blocks]


def _mark_runs(block: dict) -> dict:
    """Where each run of highlighted pieces opens and closes its <mark> inside one block."""
    pieces = block["pieces"]
    rendered = []
    for i, piece in enumerate(pieces):
        before = i > 0 and pieces[i - 1].hit
        after = i + 1 < len(pieces) and pieces[i + 1].hit
        rendered.append({"text": piece.text, "entity": piece.entity, "label": piece.label, "hit": piece.hit,
                         "open": piece.hit and not before, "close": piece.hit and not after})
    return {"seq": block["seq"], "pieces": rendered, "has_hit": any(p.hit for p in pieces)}


CODE = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")


def code_words(value: object) -> object:
    """A snake_case code as words ("forward_plan_item" -> "forward plan item"); anything else as is."""
    if isinstance(value, str) and CODE.fullmatch(value):
        return value.replace("_", " ")
    return value


INVERSES = {"references": "referenced by", "also present at": "also present", "substitute at": "substitutes",
            "due at meeting": "items due", "is part of": "parts", "indicator": "observations",
            "member": "member of", "organization": "memberships"}


def inverse_label(label: str) -> str:
    """How to read a property backwards, for facts pointing at the entity ("agenda item of" ->
    "has agenda item", "chaired" -> "chaired by", "owner" -> "owner of")."""
    if label in INVERSES:
        return INVERSES[label]
    if label.endswith(" of"):
        return "has " + label[:-3]
    if label.endswith("ed") or label.endswith(" apologies"):
        return f"{label} by"
    if label.endswith((" at", " to", " in", " for")):
        return f"← {label}"
    return f"{label} of"


def context(text: str, start: int, end: int, width: int = 90) -> tuple[str, str]:
    """Up to `width` characters either side of a span, cut at line ends, for a mention's context."""
    before = text[max(0, start - width):start].rsplit("\n", 1)[-1]
    after = text[end:end + width].split("\n", 1)[0]
    return ("…" if len(before) == width else "") + before, after + ("…" if len(after) == width else "")
