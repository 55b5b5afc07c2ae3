"""KPI table rows: one indicator per row (its reference, name, frequency and owner), its values
for each period column, and the target, status, trend and comment of the latest value in the
target's year; totals rows and section titles left out."""

from __future__ import annotations

import re
from datetime import date

from nlp import dates
from nlp.extract.indicator_columns import COMMENT, FREQUENCY, NAME, OWNER, REF, STATUS, TARGET, TREND, VALUE
from nlp.extract.indicator_periods import period_columns, target_columns, target_period
from nlp.extract.indicator_records import Indicator, Observation, clean_text, is_empty
from nlp.extract.indicator_values import STATUS_WORDS, is_rag_cell, read_rag, read_trend, tick
from nlp.extract.tables import Table


def roles_of(table: Table, *roles: str) -> list[int]:
    """The indexes of the columns that hold any of `roles`."""
    return [c.index for c in table.columns if c.role in roles]


def _name_span(table: Table) -> list[int]:
    names = roles_of(table, NAME)
    if not names:
        return []
    span = [names[0]]
    for column in table.columns[names[0] + 1:]:
        if column.role is not None:
            break
        span.append(column.index)
    return span


# An indicator's code leading its name in one cell: "WM01 - ...", "EH3: ...", "NI 192 ...".
_CODED_NAME = re.compile(r"^(?P<ref>[A-Z]{1,6}[ -]?\d{1,4}[a-z]?)(?:\s*[:\-]\s+|\s+)(?P<name>[A-Z%(][^\s\d].{4,})$")


def _row_name(table: Table, cells: tuple[str, ...]) -> str:
    """The indicator's name: the NAME cell, or the cell to its right when the header leaves
    that column unnamed (a group label such as "Permanent staff" sits under the header)."""
    span = _name_span(table)
    texts = [clean_text(cells[i]) for i in span if i < len(cells) and cells[i].strip()]
    texts = [t for t in texts if re.search(r"[A-Za-z]{3}", t)]
    return texts[-1] if texts else ""


def _slot(observations: list[Observation], period: dates.Period) -> Observation:
    """The observation a target for `period` belongs to: that period's; for a year's target,
    the latest value within the year that has no target of its own, unless the year to date
    has its own target (then the year's is the year's); else a new observation of the period."""
    same = [o for o in observations if o.period and o.period.label == period.label]
    within = [o for o in observations if o.period and period.start <= o.period.start <= period.end]
    if not same and period.granularity == "financial_year" and not any(
            o.target and o.period and o.period.granularity == "year_to_date" for o in within):
        same = [o for o in within if o.value and not o.target]
    if same:
        return same[-1]
    observations.append(Observation(period))
    return observations[-1]


# A row that sums the rows above it: "Total", "Grand total", "Overall position".
_TOTAL_ROW = re.compile(r"(?:grand |sub-?)?totals?(?:\s*\(.*\))?|overall(?: total| position)?|all indicators", re.I)


def indicators_from_table(table: Table, reference: date | None, context_period: dates.Period | None) -> list[Indicator]:
    """One indicator per row of a KPI table; `context_period` is the period the table reports."""
    periods = period_columns(table, reference, context_period)
    # An "Actual" column without a period holds the reporting period's value: the target is that year's too.
    undated = context_period is not None and any(c.role == VALUE and c.index not in periods for c in table.columns)
    named = {**periods, -1: context_period} if undated and context_period else periods
    target_fy = target_period(table, named, reference)
    dated_targets = target_columns(table, reference, context_period)
    roles = {c.index: c.role for c in table.columns}
    found: list[Indicator] = []
    for row in table.rows:
        cells = row.cells
        get = lambda role: next((cells[i] for i, r in roles.items()  # noqa: E731
                                 if r == role and i < len(cells) and cells[i].strip() and i not in dated_targets), "")
        ref = clean_text(get(REF))
        name = _row_name(table, cells)
        coded = _CODED_NAME.match(name) if not ref else None
        if coded:  # "WM01 - Percentage of waste recycled" in the indicator column: code and name
            ref, name = coded.group("ref"), coded.group("name")
        if not name or len(name) < 4 or not re.search(r"[a-z]{3}", name) or _TOTAL_ROW.fullmatch(name):
            continue
        if ref and not re.search(r"\d", ref):
            continue  # a section title or a garbled header line, not an indicator
        target = clean_text(get(TARGET))
        status_cell = get(STATUS)
        trend_cell = get(TREND)
        comment = clean_text(get(COMMENT)) or next(
            (clean_text(c) for i, c in enumerate(cells) if roles.get(i) is None and c.strip() and not is_rag_cell(c)
             and re.search(r"[a-z]{3}", c) and i > max(_name_span(table) + roles_of(table, REF) or [0])), "")
        # Status marks often sit in an unlabelled column or at the head of the comments.
        rag_cells = [c for i, c in enumerate(cells) if roles.get(i) in (None, COMMENT, STATUS, TREND) and is_rag_cell(c)]
        if comment and is_rag_cell(comment):
            comment = ""
        indicator = Indicator(name, ref or None, row.start, row.end, frequency=clean_text(get(FREQUENCY)) or None,
                              owner=clean_text(get(OWNER)) or None)
        values = [(i, clean_text(cells[i])) for i in sorted(periods)
                  if i < len(cells) and not is_empty(cells[i]) and re.search(r"\d", cells[i])]
        for i, role in roles.items():
            if role == VALUE and i not in periods and i < len(cells) and not is_empty(cells[i]):
                values.append((-1, clean_text(cells[i])))
                break
        observations: list[Observation] = []
        for index, value in values:
            period = periods.get(index, context_period)
            observations.append(Observation(period, value))
        # Target, status, trend and comment belong to the latest value of the target's year.
        current = [o for o in observations if o.period and target_fy and target_fy.start <= o.period.start <= target_fy.end]
        latest = current[-1] if current else (observations[-1] if observations and not target_fy else None)
        if latest is None and (target or rag_cells or status_cell):
            latest = Observation(target_fy or context_period)
            observations.append(latest)
        # A period's own target first, so that a year's target cannot take its place.
        for i, period in sorted(dated_targets.items(), key=lambda item: item[1].granularity == "financial_year"):
            cell = clean_text(cells[i]) if i < len(cells) else ""
            if cell and not is_empty(cell):
                _slot(observations, period).target = cell
        if latest is not None:
            if target and not is_empty(target) and latest.target and target_fy \
                    and latest.period and latest.period.granularity == "year_to_date":
                _slot(observations, target_fy).target = target  # "Annual target" beside a "YTD target"
            elif target and not is_empty(target):
                latest.target = target
            status, trend = None, None
            for cell in rag_cells:
                status, trend = read_rag(cell, latest.value, latest.target)
            if status_cell and not is_rag_cell(status_cell):
                status = tick(status_cell) or clean_text(status_cell)
            latest.status = status
            latest.trend = read_trend(trend_cell) if trend_cell else trend
            latest.comment = comment or None
            if status is None and comment and STATUS_WORDS.match(comment):
                latest.status = STATUS_WORDS.match(comment).group(0)  # type: ignore[union-attr]
        indicator.observations = observations
        if ref or observations or indicator.frequency:
            found.append(indicator)
    return found
