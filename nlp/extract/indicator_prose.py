"""Counts in prose ("There were 36 lets in August"): read only from documents with no indicator
table or card, where such sentences are the only figures given."""

from __future__ import annotations

import re
from datetime import date

from nlp.extract.indicator_periods import month_or_period
from nlp.extract.indicator_records import Indicator, Observation, clean_text
from nlp.records import Document


_PROSE_COUNT = re.compile(
    r"\b[Tt]here (?:were|was|are|is|have been|has been) (?P<value>\d[\d,]*(?:\.\d+)?%?) (?P<what>[A-Za-z][^.;:(\n]{2,80}?)"
    r"(?=\s+(?:in|during|over|for|at|by)\s+(?P<when>[A-Z][a-z]+(?: \d{4})?)|[.;:(\n]|\s+\d|,|$)"
)


def indicators_from_prose(doc: Document, reference: date | None) -> list[Indicator]:
    """"There were 36 lets in August" -> "Number of lets", 36 for August."""
    found = []
    for m in _PROSE_COUNT.finditer(doc.text):
        what = clean_text(m.group("what"))
        what = re.sub(r"\s+(?:which|that|who|of which)\b.*$", "", what)
        if len(what) < 3:
            continue
        name = "Number of " + what[0].lower() + what[1:] if not what.isupper() else "Number of " + what
        period = month_or_period(m.group("when"), reference) if m.group("when") else None
        found.append(Indicator(name, None, m.start(), m.end(), [Observation(period, m.group("value"))]))
    return found
