"""The period of each value and target column of a KPI table: as written ("2023/24", "Q2
Actual", "Apr-Jun 2024", "YTD Actual"), spanned by an upper header cell ("2024/25" over "Target
| Actual"), counted back ("Same quarter last year"), or in the year the table reports (a bare
"Q1" or "Full Year"); the year its targets are for; and the quarter or year to date named just
above a table."""

from __future__ import annotations

import re
from datetime import date

from nlp import dates
from nlp.extract.indicator_columns import (
    FULL_YEAR,
    MONTH_COLUMN,
    QUARTER_COLUMN,
    QUARTER_IN,
    QUARTER_WITH_YEAR,
    SHORT_FY_CELL,
    TARGET,
    VALUE,
    bare_period,
    month_range,
    short_fy,
)
from nlp.extract.tables import Table


def period_in(text: str, reference: date | None = None) -> dates.Period | None:
    """The period a text names, "13/14" included."""
    return dates.parse_period(text, reference) if dates.find_dates(text, reference) else short_fy(text)


def financial_year_of(day: date) -> dates.Period:
    """The financial year (April to March) a day falls in."""
    return dates.financial_year(day.year if day.month >= 4 else day.year - 1)


def month_or_period(text: str, reference: date | None) -> dates.Period | None:
    """"August" in a report dated October 2025 -> 2025-08 (the latest such month not after it)."""
    period = dates.parse_period(text, reference)
    number = dates.MONTHS.get(text.strip().lower())
    if period is None and number and reference:
        year = reference.year if number <= reference.month else reference.year - 1
        period = dates.month(year, number)
    return period


def _fy(text: str) -> dates.Period | None:
    text = text.strip()
    if SHORT_FY_CELL.fullmatch(text):
        return short_fy(text.replace("-", "/"))
    return dates.parse_period(text) if dates.FINANCIAL_YEAR.fullmatch(text) else None


def _year_to_date(text: str, reference: date | None, current: dates.Period | None,
                  context: dates.Period | None) -> dates.Period | None:
    """The year to date a header cell names ("YTD Actual", "Apr-Dec 2024", "Cumulative Q3"): its
    year as written, else the table's; its last month as written, else that of the quarter or
    month the table reports, when that falls in the same year."""
    same_year = context is not None and (current is None or financial_year_of(context.start) == current)
    return dates.year_to_date_in(text, context if same_year else current, reference)


def _named_period(text: str, reference: date | None, current: dates.Period | None,
                  context: dates.Period | None = None) -> dates.Period | None:
    """The period a value or target column names beside its role: "Actual 2023/24",
    "Q2 Actual", "Outturn Jun-24", "Q1 Target", "2025/26 Target", "YTD Actual"."""
    ytd = _year_to_date(text, reference, current, context)
    if ytd:
        return ytd
    named = period_in(text, reference)
    q = QUARTER_IN.search(text)
    if named and not (q and named.granularity == "financial_year"):
        return named
    if q and (named or current):
        return dates.quarter((named or current).start.year, int(q.group(1)))  # type: ignore[union-attr]
    return None


def _spanned_periods(table: Table, reference: date | None, current: dates.Period | None,
                     context: dates.Period | None = None) -> dict[int, dates.Period]:
    """The period an upper header cell spans over the pair of columns below it ("2024/25" over
    "Target | Actual", "Q2" over "Target | Actual", "Year to date" over "Target | Actual"):
    carried right across empty upper cells."""
    out: dict[int, dates.Period] = {}
    above: dates.Period | None = None
    for column in table.columns:
        upper = column.parts[0].strip() if len(column.parts) > 1 else ""
        if upper:
            q = QUARTER_COLUMN.match(bare_period(upper))
            above = _fy(upper) or month_range(upper, current) or (
                _year_to_date(upper, reference, current, context) if dates.is_year_to_date(upper) else None) or (
                dates.quarter(current.start.year, int(q.group(1))) if q and current else None) or (
                _named_period(upper, reference, current) if QUARTER_WITH_YEAR.fullmatch(upper) else None)
        if above:
            out[column.index] = above
    return out


def _current_year(table: Table, reference: date | None, context: dates.Period | None) -> dates.Period | None:
    """The financial year that "Q1" and a bare "Full Year" belong to: the year the header
    spans above them, else the reporting period's, else the document date's."""
    fy = _fy
    claimed, spanning = set(), []
    for column in table.columns:
        own = fy(column.text) or (
            next((fy(p) for p in column.parts[:-1] if fy(p)), None) if FULL_YEAR.match(column.text.strip()) else None)
        if own:
            claimed.add(own.label)
        for part in column.parts[:-1]:
            p = fy(part)
            if p and not (own and own.label == p.label):
                spanning.append(p)
    unclaimed = [p for p in spanning if p.label not in claimed]
    if unclaimed:
        current = max(unclaimed, key=lambda p: p.start)
    elif context is not None:
        current = financial_year_of(context.start) if context.granularity != "financial_year" else context
    else:
        current = financial_year_of(reference) if reference else None
    return current


def period_columns(table: Table, reference: date | None, context: dates.Period | None) -> dict[int, dates.Period]:
    """The period of every value column: "2023/24" as written; "Full Year" under a year, that
    year; "Q1", "Apr-Jun" and a bare "Full Year" in the year the header spans above them, else
    in the document's reporting year."""
    fy = _fy
    current = _current_year(table, reference, context)
    spanned = _spanned_periods(table, reference, current, context)
    periods: dict[int, dates.Period] = {}
    for column in table.columns:
        text = column.text.strip()
        if column.role == VALUE:  # "Actual 2023/24", "Q2 Actual", "Outturn Jun-24": a value for that period
            named = _named_period(text, reference, current, context) or spanned.get(column.index)
            if named:
                periods[column.index] = named
            continue
        spans = month_range(text, current) or _relative_period(text, context) or (
            _year_to_date(text, reference, current, context) if dates.is_year_to_date(text) else None)
        if spans:
            periods[column.index] = spans
            continue
        if MONTH_COLUMN.match(text):
            named = period_in(text, reference) or month_or_period(text.rstrip("."), reference)
            if named:
                periods[column.index] = named
            continue
        if QUARTER_WITH_YEAR.fullmatch(text):
            m = QUARTER_IN.search(text)
            year = fy(text[m.end():]) if m else None
            if m and year:
                periods[column.index] = dates.quarter(year.start.year, int(m.group(1)))
                continue
        q = QUARTER_COLUMN.match(bare_period(text))
        above = next((fy(p) for p in column.parts[:-1] if fy(p)), None)
        if q and current:
            periods[column.index] = dates.quarter(current.start.year, int(q.group(1)))
        elif FULL_YEAR.match(text) and (above or current):
            periods[column.index] = above or current  # type: ignore[assignment]
        elif fy(text):
            periods[column.index] = fy(text)  # type: ignore[assignment]
    return periods


def _relative_period(text: str, context: dates.Period | None) -> dates.Period | None:
    """"Same quarter last year", "Previous quarter", "Last year": a period counted back from
    the one the table reports (a quarter, else the financial year); None when that is unknown.
    In a year-to-date table "same period last year" is last year's year to date."""
    text = text.lower()
    if not re.fullmatch(r"(?:same (?:quarter|period) )?(?:last|previous|prior) (?:year|quarter)", text):
        return None
    if context is not None and context.granularity == "year_to_date" and not text.endswith("quarter"):
        if text.startswith("same"):
            return dates.year_to_date(context.start.year - 1, context.end.month if context.end_known else None)
        return dates.financial_year(context.start.year - 1)
    quarter = context if context is not None and context.granularity == "quarter" else None
    year = financial_year_of(quarter.start) if quarter else (
        context if context is not None and context.granularity == "financial_year" else None)
    number = int(quarter.label[-1]) if quarter else 0
    if text.endswith("quarter"):
        if not quarter or not year:
            return None
        return dates.quarter(year.start.year - (number == 1), number - 1 or 4)
    if not year:
        return None
    if text.startswith("same") and quarter:
        return dates.quarter(year.start.year - 1, number)
    return dates.financial_year(year.start.year - 1)


def target_period(table: Table, periods: dict[int, dates.Period], reference: date | None) -> dates.Period | None:
    for column in table.columns:
        if column.role == TARGET:
            p = period_in(column.text, reference)
            if p:
                return financial_year_of(p.start) if p.granularity == "year_to_date" else p
    years = [p for p in periods.values() if p.granularity == "financial_year"]
    quarters = [p for p in periods.values() if p.granularity in ("quarter", "year_to_date")]
    if quarters:  # the year of the latest quarter ("Same quarter last year | This quarter")
        return financial_year_of(max(quarters, key=lambda p: p.start).start)
    return max(years, key=lambda p: p.start) if years else None


def target_columns(table: Table, reference: date | None, context: dates.Period | None) -> dict[int, dates.Period]:
    """Target columns that name their own period ("Q1 Target", "2025/26 Target")."""
    current = _current_year(table, reference, context)
    spanned = _spanned_periods(table, reference, current, context)
    named = {c.index: _named_period(c.text, reference, current, context) or spanned.get(c.index)
             for c in table.columns if c.role == TARGET}
    return {i: p for i, p in named.items() if p}


def period_above(text: str, offset: int, reference: date | None) -> dates.Period | None:
    """The quarter or year to date a table reports, when a short line just above it names one
    ("Quarter 3 2024/25" or "Year to date (April to December 2024)" over a table of measures
    with one "Actual" column)."""
    seen = 0
    for line in reversed(text[max(0, offset - 600):offset].split("\n")[:-1] if offset else []):
        if "\t" in line or seen >= 2:
            break
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if len(stripped) <= 60:
            quarters = [m.period for m in dates.find_dates(stripped, reference) if m.period.granularity == "quarter"]
            if quarters:
                return quarters[0]
        if len(stripped) <= 120:  # "Energy use in communal areas, year to date (April to December 2024)"
            ytd = dates.year_to_date_in(stripped, None, None)
            if ytd and ytd.granularity in ("year_to_date", "quarter"):
                return ytd
    return None
