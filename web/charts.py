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


@dataclass(frozen=True, slots=True)
class Node:
    x: float
    y: float
    label: str
    href: str
    edge: str


def neighbourhood(neighbours: list[tuple[str, str, str]], size: int = 360, limit: int = 12) -> list[Node]:
    """(label, href, edge label) of neighbours placed on a circle around the centre."""
    chosen = neighbours[:limit]
    centre, radius = size / 2, size / 2 - 60
    nodes = []
    for i, (label, href, edge) in enumerate(chosen):
        angle = 2 * math.pi * i / max(1, len(chosen)) - math.pi / 2
        nodes.append(Node(centre + radius * math.cos(angle), centre + radius * math.sin(angle),
                          label if len(label) <= 28 else label[:27] + "…", href, edge))
    return nodes
