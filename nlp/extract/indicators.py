"""Performance indicators: KPI tables, card-like blocks and counts in prose.

Three readers, each keyed to the words councils use for performance, never to column
positions:

- tables: tab-separated rows under a header whose cells name what each column holds
  ("Ref", "PI Code", "Performance indicator", "2023/24", "Q1", "Apr-Jun 2024", "Same quarter
  last year", "Target", "Q1 Target", "2025/26 Target", "Status", "Comments", "How often can
  the PI be reported?"); header rows split over two lines are joined, and a header garbled
  by conversion borrows the cells of the document's last good header; a quarter named just
  above the table ("Quarter 3 2024/25") is the period of an "Actual" column; totals rows are
  left out; ticks and crosses read as met / not met;
- cards: "HOT021a: <name>" or "CS01 - <name>" followed by "On target", "Improving",
  "Target 65%", "Latest Performance 55.6%" and commentary (up to the next heading);
- prose: "There were 36 lets" — only in documents with no indicator table or card, where
  such sentences are the only figures given (elsewhere they restate the table).

Each indicator is an entity (notation = its reference, when it has one); each value for one
period an observation with value, target, status, trend and comment.

Modules: indicator_columns (what a header cell names), indicator_periods (the period of each
column), indicator_tables (table rows), indicator_cards (cards), indicator_prose (counts in
prose), indicator_values (figures, RAG, status words, trends, ticks), indicator_records (the
records they build). This module finds them in a document and turns them into entities.
"""

from __future__ import annotations

import re
from datetime import date

from nlp import dates
from nlp import extraction as x
from nlp.extract.indicator_cards import indicators_from_cards
from nlp.extract.indicator_columns import (
    COMMENT,
    FREQUENCY,
    IGNORED,
    NAME,
    OWNER,
    PERIOD,
    REF,
    STATUS,
    TARGET,
    TREND,
    VALUE,
    column_role,
    is_indicator_header,
    month_range,
    short_fy,
)
from nlp.extract.indicator_periods import period_above, period_in
from nlp.extract.indicator_prose import indicators_from_prose
from nlp.extract.indicator_records import Indicator, Observation
from nlp.extract.indicator_tables import indicators_from_table, roles_of
from nlp.extract.indicator_values import (
    RAG_NAMES,
    STATUS_WORDS,
    expected_rag,
    is_rag_cell,
    numeric,
    read_rag,
    read_trend,
    tick,
)
from nlp.extract.tables import read_tables
from nlp.records import Document

# Other modules and the tests import these from here (actions: is_rag_cell, read_rag, tick;
# score: numeric); each lives in the module of its concept.
__all__ = [
    "COMMENT", "FREQUENCY", "IGNORED", "NAME", "OWNER", "PERIOD", "RAG_NAMES", "REF", "STATUS", "STATUS_WORDS",
    "TARGET", "TREND", "VALUE", "Indicator", "Observation", "column_role", "expected_rag", "extract_indicators",
    "find_indicators", "is_indicator_header", "is_rag_cell", "month_range", "numeric", "owner_records", "period_in",
    "read_rag", "read_trend", "roles_of", "short_fy", "tick",
]


def find_indicators(doc: Document, reference: date | None = None) -> list[Indicator]:
    """Every indicator the document states, from tables, cards and (failing both) prose."""
    reference = reference or (date.fromisoformat(doc.date) if doc.date else None)
    context_period = dates.parse_period(doc.title or "", reference)
    found: list[Indicator] = []
    spans: list[tuple[int, int]] = []
    for table in read_tables(doc.text, column_role):
        if is_indicator_header([c.role for c in table.columns], [" ".join(c.parts) or c.text for c in table.columns]):
            found.extend(indicators_from_table(table, reference, period_above(doc.text, table.start, reference)
                                                or context_period))
            spans.append((table.start, table.end))
    found.extend(indicators_from_cards(doc, reference, spans))
    if not found:
        found.extend(indicators_from_prose(doc, reference))
    return found


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9%]+", " ", name.lower()).strip()


def owner_records(ctx: x.Context, subject: str, cell: str, start: int, end: int) -> x.Extraction:
    """The people and posts an "Owner" / "Responsible officer" cell names, each owning `subject`."""
    from nlp.extract.owners import OWNER, owner_entities, parse_owners

    entities: list[x.Entity] = []
    relations: list[x.Relation] = []
    for owner in parse_owners(cell, OWNER):
        for target in owner_entities(ctx, owner, entities, relations, start, end):
            relations.append(x.Relation(subject, x.OWNER, target, start=start, end=end))
    return x.Extraction("", tuple(entities), (), tuple(relations))


def extract_indicators(doc: Document, ctx: x.Context) -> x.Extraction:
    """Indicators and their observations as entities, mentions and relations."""
    entities: list[x.Entity] = []
    mentions: list[x.Mention] = []
    relations: list[x.Relation] = []
    for ind in find_indicators(doc, ctx.document_date):
        ident = ind.ref or _name_key(ind.name)
        key = ctx.key(x.INDICATOR, ident)
        attrs: list[tuple[str, str]] = []
        if ind.ref:
            attrs.append((x.A_NOTATION, ind.ref))
        if ind.frequency:
            attrs.append(("frequency", ind.frequency))
        entities.append(x.Entity(key, x.INDICATOR, ind.name, tuple(attrs)))
        mentions.append(x.Mention(ind.start, ind.end, doc.text[ind.start:ind.end], key))
        if ind.owner:
            owned = owner_records(ctx, key, ind.owner, ind.start, ind.end)
            entities.extend(owned.entities)
            relations.extend(owned.relations)
        for obs in ind.observations:
            label = obs.period.label if obs.period else (doc.date or doc.id)
            okey = ctx.key(x.OBSERVATION, ident, label)
            oattrs: list[tuple[str, str]] = [(x.A_PERIOD, label)] if obs.period else []
            if obs.period:
                oattrs.append((x.A_PERIOD_START, obs.period.start.isoformat()))
            if obs.period and obs.period.end_known:  # "2024/25 YTD" to a month not stated: no end
                oattrs.append((x.A_PERIOD_END, obs.period.end.isoformat()))
            for name, value in ((x.A_VALUE, obs.value), (x.A_TARGET, obs.target), (x.A_STATUS, obs.status),
                                (x.A_TREND, obs.trend), (x.A_COMMENT, obs.comment)):
                if value:
                    oattrs.append((name, value))
            num = numeric(obs.value or "")
            if num is not None:
                oattrs.append((x.A_NUMERIC, repr(num)))
            entities.append(x.Entity(okey, x.OBSERVATION, f"{ind.ref or ind.name} {label}", tuple(oattrs)))
            relations.append(x.Relation(okey, x.OBSERVATION_OF, key, start=ind.start, end=ind.end))
    return x.Extraction(doc.id, tuple(entities), tuple(mentions), tuple(relations))
