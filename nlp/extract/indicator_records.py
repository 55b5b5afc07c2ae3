"""The records the indicator readers build (an indicator and its observations, one per period)
and the cell clean-up they share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp import dates


@dataclass
class Observation:
    period: dates.Period | None
    value: str | None = None
    target: str | None = None
    status: str | None = None
    trend: str | None = None
    comment: str | None = None


@dataclass
class Indicator:
    name: str
    ref: str | None
    start: int
    end: int
    observations: list[Observation] = field(default_factory=list)
    frequency: str | None = None
    owner: str | None = None


def clean_text(text: str) -> str:
    """A cell's text without markup, runs of spaces, edge punctuation or a leading dash."""
    text = re.sub(r"</?[a-z]+[^>]*>|\*\*|\*|__", "", text)
    text = re.sub(r"\s+", " ", text).strip(" :;,")
    return re.sub(r"^[-\u2013]+\s*(?!\d)", "", text).strip()


def is_empty(value: str) -> bool:
    """A cell that holds no figure: blank, a dash, "n/a" or "tbc"."""
    return value.strip() in {"", "-", "\u2013", "n/a", "N/A", "tbc", "TBC"}
