"""Small SVG pictures drawn on the server (no scripts, no CDN): an indicator's values over its
periods with the target line, and an entity's neighbourhood in the graph.

Functions return plain geometry (numbers and strings); the templates turn it into SVG, so every
text in the picture goes through Jinja's autoescape."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    points: list[tuple[float, float, str, float]]  # x, y, period label, value
    target_y: float | None
    target: float | None
    y_ticks: list[tuple[float, str]]
    left: int
    bottom: int

    @property
    def target_text(self) -> str:
        """The target as the ticks write numbers (22, not 22.0)."""
        return "" if self.target is None else f"{self.target:.10g}"

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y, _, _) in enumerate(self.points))


def line_chart(series: list[tuple[str, float]], target: float | None, width: int = 560, height: int = 220) -> Chart | None:
    """Values by period (in order) and an optional target, scaled into a width x height box."""
    if not series:
        return None
    left, right, top, bottom = 48, 40, 12, 36
    values = [v for _, v in series] + ([target] if target is not None else [])
    tick = nice_step((max(values) - min(0.0, min(values))) / 4 or 1.0)
    low = math.floor(min(0.0, min(values)) / tick) * tick
    high = math.ceil(max(values) / tick) * tick
    if high <= low:
        high = low + tick

    def y(value: float) -> float:
        return top + (height - top - bottom) * (1 - (value - low) / (high - low))

    inner = width - left - right
    step = inner / max(1, len(series) - 1) if len(series) > 1 else 0
    points = [(left + (step * i if len(series) > 1 else inner / 2), y(v), label, v) for i, (label, v) in enumerate(series)]
    count = int(round((high - low) / tick))
    ticks = [(y(low + tick * k), f"{low + tick * k:.10g}") for k in range(count + 1)]
    return Chart(width, height, points, y(target) if target is not None else None, target, ticks, left, height - bottom)


def nice_step(raw: float) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) at least `raw`."""
    raw = abs(raw) or 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


NEIGHBOURHOOD_WIDTH, NEIGHBOURHOOD_HEIGHT = 460, 360
LINE_CHARS = 18  # characters per label line: at 11px, a side label fits between its node and the edge


@dataclass(frozen=True, slots=True)
class Node:
    x: float
    y: float
    label: str  # the whole label (link name, tooltip)
    href: str
    edge: str
    lines: tuple[str, ...]  # the label as drawn: at most three short lines
    anchor: str  # "start" (right of the node), "end" (left of it) or "middle" (above or below)
    label_x: float
    label_y: float  # baseline of the first line


def wrap_label(label: str, width: int = LINE_CHARS, lines: int = 3) -> tuple[str, ...]:
    """The label in at most `lines` lines of about `width` characters, cut at spaces. When it does
    not fit, the last line keeps the label's last words ("Revenue and" / "capital budget" /
    "…Period 3"): titles of a series differ at their end, so the end is what tells them apart."""
    words = label.split()
    out: list[str] = []
    while words and len(out) < lines - 1:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= width:
            line += " " + words.pop(0)
        out.append(line if len(line) <= width else line[:width - 1] + "…")
    if words:
        rest = " ".join(words)
        tail: list[str] = []
        while words and len(" ".join([words[-1], *tail])) <= width - 1:
            tail.insert(0, words.pop())
        end = " ".join(tail).lstrip(" -–,;:")
        out.append(rest if len(rest) <= width else "…" + end if end else rest[:width - 1] + "…")
    return tuple(out)


def neighbourhood(neighbours: list[tuple[str, str, str]], limit: int = 12) -> list[Node]:
    """(label, href, edge label) of neighbours placed on a circle around the centre, each label
    on the outer side of its node so that labels neither cross the edges nor leave the picture."""
    chosen = neighbours[:limit]
    cx, cy, radius = NEIGHBOURHOOD_WIDTH / 2, NEIGHBOURHOOD_HEIGHT / 2, 92
    nodes = []
    for i, (label, href, edge) in enumerate(chosen):
        angle = 2 * math.pi * i / max(1, len(chosen)) - math.pi / 2
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = cx + radius * cos, cy + radius * sin
        lines = wrap_label(label)
        if cos > 0.35:
            anchor, lx, ly = "start", x + 9, y + 4 - 6.5 * (len(lines) - 1)
        elif cos < -0.35:
            anchor, lx, ly = "end", x - 9, y + 4 - 6.5 * (len(lines) - 1)
        elif sin < 0:
            anchor, lx, ly = "middle", x, y - 10 - 13 * (len(lines) - 1)
        else:
            anchor, lx, ly = "middle", x, y + 18
        nodes.append(Node(x, y, label, href, edge, lines, anchor, lx, ly))
    return nodes
