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
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date

from nlp import dates
from nlp import extraction as x
from nlp.extract.tables import Table, read_tables
from nlp.records import Document

# --- header vocabulary ----------------------------------------------------------------------
REF = "ref"
NAME = "name"
VALUE = "value"
TARGET = "target"
STATUS = "status"
TREND = "trend"
COMMENT = "comment"
FREQUENCY = "frequency"
OWNER = "owner"
IGNORED = "ignored"  # a column we know and do not read ("Source", "Basis for target")
PERIOD = "period"  # a column holding values for one period ("Q1", "2023/24", "Full Year")

_ROLES: tuple[tuple[str | None, re.Pattern[str]], ...] = (
    (FREQUENCY, re.compile(r"\b(frequency|how often|reported\?|reporting (period|cycle))", re.I)),
    # Before targets: "Basis for target" says why, not what.
    (None, re.compile(r"^(data )?source|^basis\b|^link to|^support required|^priority$|polarity|"
                      r"good (performance )?is|^units?$|^baseline", re.I)),
    (TARGET, re.compile(r"^(annual |year[- ]end |\d{4}/\d{2} )?targets?\b|\btarget\s*(\d|$)", re.I)),
    (COMMENT, re.compile(r"\b(comments?|commentary|notes?|narrative|explanation)\b", re.I)),
    (STATUS, re.compile(r"\b(status|rag|rating)\b", re.I)),
    (TREND, re.compile(r"\b(trend|dot|direction( of travel)?)\b", re.I)),
    (OWNER, re.compile(r"\b(owner|responsible|lead officer|accountable)\b", re.I)),
    (REF, re.compile(r"^((performance |key )?(pi|kpi|indicator|measure) )?(ref(erence)?|code|id|no|number)\.?$|"
                     r"^(pi|kpi)\.?$", re.I)),
    (NAME, re.compile(r"\b(indicator|measure|description|kpi|title)\b", re.I)),
    (PERIOD, re.compile(r"^(?:same (?:quarter|period) )?(?:last|previous|prior) (?:year|quarter)$", re.I)),
    (VALUE, re.compile(r"\b(actual|value|outturn|performance|result|latest|current|this (quarter|month|period|year))\b",
                       re.I)),
)
_QUARTER_COLUMN = re.compile(r"^(?:Q|Qtr\.?\s*|Quarter\s+)([1-4])$", re.I)
_MONTH_COLUMN = re.compile(
    r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:[\s\-']+(?:19|20)?\d\d)?$", re.I)
_QUARTER_IN = re.compile(r"\b(?:Q|Qtr\.?\s*|Quarter\s+)([1-4])\b", re.I)
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# "Apr-Jun 2024", "Jul - Sep 24", "October to December": the months of one quarter.
_MONTH_RANGE = re.compile(rf"^{_MONTH}\s*(?:-|to)\s*{_MONTH}(?:[\s\-']+((?:19|20)?\d\d))?$", re.I)
# "Q1 (Apr-Jun)": a quarter column that spells out its months.
_MONTHS_NOTE = re.compile(rf"\s*\(\s*{_MONTH}\s*(?:-|to)\s*{_MONTH}[^)]*\)$", re.I)
_FULL_YEAR = re.compile(r"^(full|whole)[ -]?year$|^year[ -]end$", re.I)
_SHORT_FY = re.compile(r"\b(\d\d)\s*/\s*(\d\d)\b")
_SHORT_FY_CELL = re.compile(r"(?:FY\s*)?\d\d\s*[/-]\s*\d\d")
_QUARTER_WITH_YEAR = re.compile(r"(?:Q|Qtr\.?\s*|Quarter\s+)[1-4]\s*(?:(?:19|20)\d\d|\d\d)\s*[/-]\s*\d\d", re.I)


def month_range(text: str, current: dates.Period | None = None) -> dates.Period | None:
    """"Apr-Jun 2024" -> 2024/25 Q1, "Jan-Mar 2025" -> 2024/25 Q4, "April to March 2025" -> 2024/25;
    without a year, the quarter of the `current` financial year. None for other spans."""
    m = _MONTH_RANGE.match(text.strip())
    if not m:
        return None
    first, last = (dates.MONTHS[m.group(i).lower()[:3]] for i in (1, 2))
    if m.group(3):
        year = int(m.group(3)) % 100 + 2000
        first_year = year if last >= first else year - 1  # the year is the last month's
        fy = first_year if first >= 4 else first_year - 1
    elif current is not None:
        fy = current.start.year
    else:
        return None
    if (last - first) % 12 == 2 and first in (4, 7, 10, 1):
        return dates.quarter(fy, {4: 1, 7: 2, 10: 3, 1: 4}[first])
    if (first, last) == (4, 3):
        return dates.financial_year(fy)
    return None


def _bare(cell: str) -> str:
    """A period column's text without the months it spells out: "Q1 (Apr-Jun)" -> "Q1"."""
    return _MONTHS_NOTE.sub("", cell.strip())


def column_role(text: str) -> str | None:
    """What a header cell says its column holds, or None when it says nothing we know."""
    cell = re.sub(r"\s+", " ", re.sub(r"</?[a-z]+>", "", text)).strip(" :")
    if not cell or len(cell) > 60 or (re.search(r"\bdate\b", cell, re.I) and not dates.YTD_MARKER.search(cell)):
        return None
    if _QUARTER_COLUMN.match(_bare(cell)) or _FULL_YEAR.match(cell) or _MONTH_COLUMN.match(cell):
        return PERIOD
    if dates.is_year_to_date(cell):  # "YTD", "Year to date (Apr-Dec)", "Q1-Q3"; not "YTD Actual"
        return PERIOD
    if month_range(cell, dates.financial_year(2000)):
        return PERIOD
    if (dates.FINANCIAL_YEAR.fullmatch(cell) and dates.parse_period(cell)) or (
            _SHORT_FY_CELL.fullmatch(cell) and short_fy(cell)) or _QUARTER_WITH_YEAR.fullmatch(cell):
        return PERIOD
    for role, pattern in _ROLES:
        if pattern.search(cell):
            return role or IGNORED
    return None


_INDICATOR_WORDS = re.compile(r"\b(indicators?|measures?|kpis?|pis?|performance|metric)\b", re.I)
_RISK_WORDS = re.compile(r"\b(risks?|likelihood|probability)\b", re.I)


def is_indicator_header(roles: list[str | None], texts: list[str] | None = None) -> bool:
    """A header names an indicator column and a target or a period's values. Without a
    target column the header must say "indicator", "measure" or "KPI": a finance table
    ("Description | 2023/24 | 2024/25") is not a KPI table. A risk register ("Risk
    description | Likelihood | Current score | Target score") is not one either."""
    have = set(roles)
    if not (NAME in have or REF in have) or not have & {TARGET, PERIOD}:
        return False
    if texts is not None and any(_RISK_WORDS.search(t) for t in texts):
        return False
    return TARGET in have or texts is None or any(_INDICATOR_WORDS.search(t) for t in texts)


# --- values, statuses, trends ------------------------------------------------------------------
_NUMBER = re.compile(r"[-\u2212]?\d[\d,]*(?:\.\d+)?")
# Greek and Cyrillic capitals that PDF conversion leaves in place of Latin RAG letters.
_CONFUSABLE = str.maketrans({"\u0391": "A", "\u0392": "B", "\u039c": "M", "\u0410": "A", "\u0412": "B",
                             "\u041c": "M", "\u0420": "R", "\u0421": "C"})
_RAG_CELL = re.compile(r"^(?:\$?\s*(?:[RAGBM]|\\[a-z]+|[\u2190-\u21ff\u27f5-\u27ff\u2b00-\u2bff]|\ufe0f|\s|\$)+)$")
_TREND_WORDS = {
    "improving": "improving", "improved": "improving", "better": "improving",
    "declining": "declining", "declined": "declining", "worse": "declining", "deteriorating": "declining",
    "maintained": "maintained", "no change": "maintained", "unchanged": "maintained", "static": "maintained",
    "stable": "maintained", "same": "maintained",
}
_ARROWS = {
    "\u2191": "improving", "\u2197": "improving", "\u2b06": "improving", "\\uparrow": "improving",
    "\u2193": "declining", "\u2198": "declining", "\u2b07": "declining", "\\downarrow": "declining",
    "\u2194": "maintained", "\u21d4": "maintained", "\u2192": "maintained",
    "\\leftrightarrow": "maintained", "\\hookrightarrow": "maintained", "\\rightarrow": "maintained",
}
_TRANSITION = re.compile(r"\\longrightarrow|\u27f6|\u2192|\bto\b")
STATUS_WORDS = re.compile(
    r"^(on target|off target|near target|below target|above target|at target|on track|off track|"
    r"not met|met|achieved|exceeded|monitor only|data only|no target|in progress|completed)\b",
    re.I,
)
RAG_NAMES = {"R": "Red", "A": "Amber", "G": "Green", "B": "Blue", "M": "Monitor only"}


def numeric(value: str) -> float | None:
    """The number in a value as written ("£559,576" -> 559576.0, "8.7 days" -> 8.7)."""
    m = _NUMBER.search(value.replace("\u2212", "-"))
    if not m:
        return None
    try:
        return float(m.group(0).replace(",", ""))
    except ValueError:
        return None


def is_rag_cell(text: str) -> bool:
    cell = text.translate(_CONFUSABLE).strip()
    return bool(cell) and bool(_RAG_CELL.match(cell)) and bool(re.search(r"(?<![a-z\\])[RAGBM](?![a-z])", cell))


def read_rag(text: str, value: str | None = None, target: str | None = None) -> tuple[str | None, str | None]:
    """(status, trend) from a cell such as "G ↔", "$G \\longrightarrow R$", "A ↑".

    With two letters the cell shows a change: after a transition arrow the last letter is
    the status; otherwise the letter that agrees with value against target, else the first."""
    cell = text.translate(_CONFUSABLE)
    letters = re.findall(r"(?<![a-z\\])([RAGBM])(?![a-z])", cell)
    trend = next((t for a, t in _ARROWS.items() if a in cell and not (a == "\u2192" and len(letters) > 1)), None)
    if not letters:
        return None, trend
    if len(letters) == 1 or len(set(letters)) == 1:
        return RAG_NAMES[letters[0]], trend
    if _TRANSITION.search(cell):
        return RAG_NAMES[letters[-1]], trend
    expected = expected_rag(value, target)
    if expected and expected in letters:
        return RAG_NAMES[expected], trend
    return RAG_NAMES[letters[0]], trend


def expected_rag(value: str | None, target: str | None) -> str | None:
    """R/A/G when higher is better: met -> G, within 5% -> A, else R."""
    v, t = numeric(value or ""), numeric(target or "")
    if v is None or t is None:
        return None
    if v >= t:
        return "G"
    return "A" if t and (t - v) / abs(t) <= 0.05 else "R"


def read_trend(text: str) -> str | None:
    lower = text.lower()
    for word, trend in _TREND_WORDS.items():
        if re.search(rf"\b{word}\b", lower):
            return trend
    return next((t for a, t in _ARROWS.items() if a in text), None)


def short_fy(text: str) -> dates.Period | None:
    """"13/14" -> 2013/14 (a financial year written with two-digit years)."""
    m = _SHORT_FY.search(text)
    if m and (int(m.group(2)) - int(m.group(1))) % 100 == 1:
        return dates.financial_year(2000 + int(m.group(1)))
    return None


def period_in(text: str, reference: date | None = None) -> dates.Period | None:
    return dates.parse_period(text, reference) if dates.find_dates(text, reference) else short_fy(text)


# --- the records we build ----------------------------------------------------------------------
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


def _clean(text: str) -> str:
    text = re.sub(r"</?[a-z]+[^>]*>|\*\*|\*|__", "", text)
    text = re.sub(r"\s+", " ", text).strip(" :;,")
    return re.sub(r"^[-\u2013]+\s*(?!\d)", "", text).strip()


def _empty(value: str) -> bool:
    return value.strip() in {"", "-", "\u2013", "n/a", "N/A", "tbc", "TBC"}


# --- tables --------------------------------------------------------------------------------------
def _fy(text: str) -> dates.Period | None:
    text = text.strip()
    if _SHORT_FY_CELL.fullmatch(text):
        return short_fy(text.replace("-", "/"))
    return dates.parse_period(text) if dates.FINANCIAL_YEAR.fullmatch(text) else None


def _year_to_date(text: str, reference: date | None, current: dates.Period | None,
                  context: dates.Period | None) -> dates.Period | None:
    """The year to date a header cell names ("YTD Actual", "Apr-Dec 2024", "Cumulative Q3"): its
    year as written, else the table's; its last month as written, else that of the quarter or
    month the table reports, when that falls in the same year."""
    same_year = context is not None and (current is None or _financial_year_of(context.start) == current)
    return dates.year_to_date_in(text, context if same_year else current, reference)


def _named_period(text: str, reference: date | None, current: dates.Period | None,
                  context: dates.Period | None = None) -> dates.Period | None:
    """The period a value or target column names beside its role: "Actual 2023/24",
    "Q2 Actual", "Outturn Jun-24", "Q1 Target", "2025/26 Target", "YTD Actual"."""
    ytd = _year_to_date(text, reference, current, context)
    if ytd:
        return ytd
    named = period_in(text, reference)
    q = _QUARTER_IN.search(text)
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
            q = _QUARTER_COLUMN.match(_bare(upper))
            above = _fy(upper) or month_range(upper, current) or (
                _year_to_date(upper, reference, current, context) if dates.is_year_to_date(upper) else None) or (
                dates.quarter(current.start.year, int(q.group(1))) if q and current else None) or (
                _named_period(upper, reference, current) if _QUARTER_WITH_YEAR.fullmatch(upper) else None)
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
            next((fy(p) for p in column.parts[:-1] if fy(p)), None) if _FULL_YEAR.match(column.text.strip()) else None)
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
        current = _financial_year_of(context.start) if context.granularity != "financial_year" else context
    else:
        current = _financial_year_of(reference) if reference else None
    return current


def _period_columns(table: Table, reference: date | None, context: dates.Period | None) -> dict[int, dates.Period]:
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
        if _MONTH_COLUMN.match(text):
            named = period_in(text, reference) or _month_or_period(text.rstrip("."), reference)
            if named:
                periods[column.index] = named
            continue
        if _QUARTER_WITH_YEAR.fullmatch(text):
            m = _QUARTER_IN.search(text)
            year = fy(text[m.end():]) if m else None
            if m and year:
                periods[column.index] = dates.quarter(year.start.year, int(m.group(1)))
                continue
        q = _QUARTER_COLUMN.match(_bare(text))
        above = next((fy(p) for p in column.parts[:-1] if fy(p)), None)
        if q and current:
            periods[column.index] = dates.quarter(current.start.year, int(q.group(1)))
        elif _FULL_YEAR.match(text) and (above or current):
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
    year = _financial_year_of(quarter.start) if quarter else (
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


def _financial_year_of(day: date) -> dates.Period:
    return dates.financial_year(day.year if day.month >= 4 else day.year - 1)


def _target_period(table: Table, periods: dict[int, dates.Period], reference: date | None) -> dates.Period | None:
    for column in table.columns:
        if column.role == TARGET:
            p = period_in(column.text, reference)
            if p:
                return _financial_year_of(p.start) if p.granularity == "year_to_date" else p
    years = [p for p in periods.values() if p.granularity == "financial_year"]
    quarters = [p for p in periods.values() if p.granularity in ("quarter", "year_to_date")]
    if quarters:  # the year of the latest quarter ("Same quarter last year | This quarter")
        return _financial_year_of(max(quarters, key=lambda p: p.start).start)
    return max(years, key=lambda p: p.start) if years else None


def roles_of(table: Table, *roles: str) -> list[int]:
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
    texts = [_clean(cells[i]) for i in span if i < len(cells) and cells[i].strip()]
    texts = [t for t in texts if re.search(r"[A-Za-z]{3}", t)]
    return texts[-1] if texts else ""


def _target_columns(table: Table, reference: date | None, context: dates.Period | None) -> dict[int, dates.Period]:
    """Target columns that name their own period ("Q1 Target", "2025/26 Target")."""
    current = _current_year(table, reference, context)
    spanned = _spanned_periods(table, reference, current, context)
    named = {c.index: _named_period(c.text, reference, current, context) or spanned.get(c.index)
             for c in table.columns if c.role == TARGET}
    return {i: p for i, p in named.items() if p}


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
# Ticks and crosses standing for met / not met.
_TICKS = {"\u2713": "Met", "\u2714": "Met", "\u2611": "Met", "\u221a": "Met", "\u2705": "Met",
          "\u2717": "Not met", "\u2718": "Not met", "\u2612": "Not met", "\u274c": "Not met", "\u00d7": "Not met"}


def tick(cell: str) -> str | None:
    """"Met" for a tick, "Not met" for a cross, None for anything else."""
    return _TICKS.get(cell.strip().replace("\ufe0f", ""))


def _indicators_from_table(table: Table, reference: date | None, context_period: dates.Period | None) -> list[Indicator]:
    periods = _period_columns(table, reference, context_period)
    # An "Actual" column without a period holds the reporting period's value: the target is that year's too.
    undated = context_period is not None and any(c.role == VALUE and c.index not in periods for c in table.columns)
    named = {**periods, -1: context_period} if undated and context_period else periods
    target_fy = _target_period(table, named, reference)
    dated_targets = _target_columns(table, reference, context_period)
    roles = {c.index: c.role for c in table.columns}
    found: list[Indicator] = []
    for row in table.rows:
        cells = row.cells
        get = lambda role: next((cells[i] for i, r in roles.items()  # noqa: E731
                                 if r == role and i < len(cells) and cells[i].strip() and i not in dated_targets), "")
        ref = _clean(get(REF))
        name = _row_name(table, cells)
        coded = _CODED_NAME.match(name) if not ref else None
        if coded:  # "WM01 - Percentage of waste recycled" in the indicator column: code and name
            ref, name = coded.group("ref"), coded.group("name")
        if not name or len(name) < 4 or not re.search(r"[a-z]{3}", name) or _TOTAL_ROW.fullmatch(name):
            continue
        if ref and not re.search(r"\d", ref):
            continue  # a section title or a garbled header line, not an indicator
        target = _clean(get(TARGET))
        status_cell = get(STATUS)
        trend_cell = get(TREND)
        comment = _clean(get(COMMENT)) or next(
            (_clean(c) for i, c in enumerate(cells) if roles.get(i) is None and c.strip() and not is_rag_cell(c)
             and re.search(r"[a-z]{3}", c) and i > max(_name_span(table) + roles_of(table, REF) or [0])), "")
        # Status marks often sit in an unlabelled column or at the head of the comments.
        rag_cells = [c for i, c in enumerate(cells) if roles.get(i) in (None, COMMENT, STATUS, TREND) and is_rag_cell(c)]
        if comment and is_rag_cell(comment):
            comment = ""
        indicator = Indicator(name, ref or None, row.start, row.end, frequency=_clean(get(FREQUENCY)) or None,
                              owner=_clean(get(OWNER)) or None)
        values = [(i, _clean(cells[i])) for i in sorted(periods)
                  if i < len(cells) and not _empty(cells[i]) and re.search(r"\d", cells[i])]
        for i, role in roles.items():
            if role == VALUE and i not in periods and i < len(cells) and not _empty(cells[i]):
                values.append((-1, _clean(cells[i])))
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
            cell = _clean(cells[i]) if i < len(cells) else ""
            if cell and not _empty(cell):
                _slot(observations, period).target = cell
        if latest is not None:
            if target and not _empty(target) and latest.target and target_fy \
                    and latest.period and latest.period.granularity == "year_to_date":
                _slot(observations, target_fy).target = target  # "Annual target" beside a "YTD target"
            elif target and not _empty(target):
                latest.target = target
            status, trend = None, None
            for cell in rag_cells:
                status, trend = read_rag(cell, latest.value, latest.target)
            if status_cell and not is_rag_cell(status_cell):
                status = tick(status_cell) or _clean(status_cell)
            latest.status = status
            latest.trend = read_trend(trend_cell) if trend_cell else trend
            latest.comment = comment or None
            if status is None and comment and STATUS_WORDS.match(comment):
                latest.status = STATUS_WORDS.match(comment).group(0)  # type: ignore[union-attr]
        indicator.observations = observations
        if ref or observations or indicator.frequency:
            found.append(indicator)
    return found


# --- cards ----------------------------------------------------------------------------------------
_CARD_HEAD = re.compile(
    r"^\s*(?:[-\u2022*]\s*)?(?P<ref>(?:[A-Z][A-Za-z&]{0,7}\s?\d{1,4}[a-z]?)(?:\s*&\s*[A-Z][A-Za-z&]{0,7}\d{1,4}[a-z]?)*)"
    r"\s*:\s+(?P<name>\S.{5,300})$"
)
# "CS01 - <name>": a coded title with a dash opens a card only when figures follow, and never
# when the code is a paper's own numbering ("Item 7 - ...", "Appendix 2 - ...").
_DASH_HEAD = re.compile(
    r"^\s*(?:[\u2022*]\s*)?(?!(?i:item|appendix|annex|section|page|option|table|figure|paragraph|part|phase|stage|"
    r"policy|recommendation|agenda|minute|schedule|question|ward|q|quarter|year|step|priority|objective|theme)\s?\d)"
    r"(?P<ref>[A-Z][A-Za-z&]{0,7}\s?\d{1,4}[a-z]?)\s+-\s+(?P<name>[A-Z%(]\S*.{4,300})$")
# "Indicator: <name>" opens a card whose other fields are labelled the same way.
_FIELD_HEAD = re.compile(r"^\s*(?:performance\s+)?(?:indicator|measure|kpi|pi)(?:\s+(?:name|title))?\s*:\s+(?P<name>\S.{5,300})$", re.I)
_FIELD = re.compile(r"^(?P<f>status|rag(?: status)?|rating|trend|direction of travel|dot|comments?|commentary|narrative|notes|"
                    r"ref|reference|code|pi ref|kpi ref|owner|responsible officer|lead officer|accountable officer)\s*:\s*(?P<v>.*)$",
                    re.I)
_PERIOD_WORD = r"(?:q[1-4]|quarter [1-4]|(?:19|20)\d\d\s*[/-]\s*\d\d(?:\d\d)?|\d\d/\d\d)"
_YTD_WORD = r"(?:ytd|y\.t\.d\.?|year[- ]to[- ]date|cumulative)"
# "(YTD)", "to date", "year to date (Apr-Dec)" after a card label
_YTD_SUFFIX = rf"(?:\s*\(?(?:{_YTD_WORD}|to date)(?:\s*\([^)]{{0,20}}\))?\)?)?"
# "Target: 80%", "Annual target 65%", "Target 2024/25: 95%", "Q2 target: 40", "YTD target: 1,250"
_TARGET_LINE = re.compile(
    rf"^\s*(?:annual |year[- ]end |{_PERIOD_WORD} |{_YTD_WORD}{_YTD_SUFFIX} )?target(?:\s+(?:for\s+)?{_PERIOD_WORD})?"
    rf"{_YTD_SUFFIX}\s*:?\s*(?P<v>.*)$", re.I)
# "Actual: 74.2%", "Latest Performance 55.6%", "Q1 result: 46", "Year to date 87%", "Actual to date: 120"
_VALUE_LINE = re.compile(
    rf"^\s*(?:latest|current|actual|this quarter'?s?|q[1-4]|quarter [1-4]|quarter|{_YTD_WORD}){_YTD_SUFFIX}\s*"
    rf"(?:performance|value|outturn|figure|result|actual)?{_YTD_SUFFIX}\s*:?\s*(?P<v>.*)$"
    rf"|^\s*(?:performance|outturn|actual|result){_YTD_SUFFIX}\s*:?\s*(?P<v2>.*)$",
    re.I,
)
_FIGURE = re.compile(r"^[<>\u2264\u2265]?\s*[£$]?-?\d[\d,]*(?:\.\d+)?\s*(?:%|days?|weeks?|hours?|mins?|minutes?|[kKmM]\b)?(?:\s*\([A-Z]\))?$")


def _is_figure(text: str) -> bool:
    return bool(_FIGURE.match(text.strip()))


def _period_lines(doc: Document, reference: date | None) -> list[tuple[int, dates.Period]]:
    """(offset, period) of every short line naming a quarter or a year ("Quarter 2 2021/22")."""
    found, offset = [], 0
    for line in doc.text.split("\n"):
        stripped = line.strip()
        if 0 < len(stripped) <= 60:
            matches = [m for m in dates.find_dates(stripped, reference)
                       if m.period.granularity in ("quarter", "financial_year", "year_to_date")]
            if matches:
                found.append((offset, matches[0].period))
        offset += len(line) + 1
    return found


def _report_period(doc: Document, offset: int, reference: date | None,
                   period_lines: list[tuple[int, dates.Period]]) -> dates.Period | None:
    """The reporting period in force at `offset`: the last such line before it, else the title's."""
    i = bisect.bisect_left(period_lines, offset, key=lambda item: item[0])
    if i:
        return period_lines[i - 1][1]
    return dates.parse_period(doc.title or "", reference)


# A card's fields on one line ("Target: 2.5%   Actual: 2.9% | Status: Red"): split before each label.
_FIELD_START = re.compile(
    r"(?:\s*[|\t]\s*|\s+)(?=(?:annual target|target|actual|latest|current|performance|outturn|result|status|rag|"
    r"trend|direction of travel|q[1-4] (?:result|actual|performance)|ytd|y\.t\.d|year to date|cumulative)"
    r"\b[^:|\t]{0,20}:)", re.I)


def _fields_of(line: str) -> list[str]:
    line = line.strip()
    parts, begin = [], 0
    for m in _FIELD_START.finditer(line):
        piece = line[begin:m.start()].strip(" |")
        if re.search(r":\s*\S", piece):  # a whole field, label and value: "Q1 result" alone is one label
            parts.append(piece)
            begin = m.end()
    rest = line[begin:].strip(" |")
    return parts + [rest] if parts and rest else [line]


def _card_head(line: str) -> re.Match[str] | None:
    return _CARD_HEAD.match(line) or _FIELD_HEAD.match(line) or _DASH_HEAD.match(line)


def _indicators_from_cards(doc: Document, reference: date | None, skip: list[tuple[int, int]]) -> list[Indicator]:
    lines: list[tuple[int, int, str]] = []
    offset = 0
    for raw in doc.text.split("\n"):
        lines.append((offset, offset + len(raw), raw))
        offset += len(raw) + 1
    found: list[Indicator] = []
    period_lines: list[tuple[int, dates.Period]] | None = None
    heads = [i for i, (s, _e, t) in enumerate(lines) if "\t" not in t and _card_head(t)
             and not any(a <= s < b for a, b in skip)]
    for n, i in enumerate(heads):
        s, e, t = lines[i]
        m = _card_head(t)
        assert m
        ref, name = m.groupdict().get("ref") or "", _clean(m.group("name"))
        if not re.search(r"[a-z]{3}", name) or dates.find_dates(ref):
            continue
        stop = heads[n + 1] if n + 1 < len(heads) else min(len(lines), i + 60)
        block = [(ls, le, part) for ls, le, lt in lines[i + 1:stop] for part in _fields_of(lt)]
        obs = Observation(None)
        ytd, ytd_label = Observation(None), ""  # "YTD actual: 1,204", "YTD target: 1,250"
        owner: str | None = None
        seen_figure_field = False
        comment: list[str] = []
        k = 0
        while k < len(block):
            _ls, _le, text = block[k]
            plain = _clean(text)
            nxt = next((_clean(b[2]) for b in block[k + 1:] if _clean(b[2])), "")
            after_blank = k > 0 and not _clean(block[k - 1][2])
            if not plain:
                k += 1
                continue
            field = _FIELD.match(plain)
            if field and field.group("v").strip():
                label, v = field.group("f").lower(), field.group("v").strip()
                if label in ("status", "rag", "rag status", "rating"):
                    obs.status = read_rag(v)[0] if is_rag_cell(v) else tick(v) or v
                elif label in ("trend", "direction of travel", "dot"):
                    obs.trend = read_trend(v) or v
                elif label.startswith("comment") or label in ("commentary", "narrative", "notes"):
                    comment.append(v)
                elif label in ("ref", "reference", "code", "pi ref", "kpi ref") and not ref:
                    ref = v
                elif label in ("owner", "responsible officer", "lead officer", "accountable officer"):
                    owner = v
                k += 1
                continue
            tm, vm = _TARGET_LINE.match(plain), _VALUE_LINE.match(plain)
            if tm and len(plain) < 40:
                v = tm.group("v").strip()
                into = ytd if dates.YTD_MARKER.search(plain[:tm.start("v")]) else obs
                into.target = v if v and _is_figure(v.split("(")[0]) else (nxt if _is_figure(nxt.split("(")[0]) else None)
                ytd_label = plain[:tm.start("v")] if into is ytd else ytd_label
                seen_figure_field = True
                k += 1 if v else 2
                continue
            if vm and len(plain) < 40:
                v = (vm.group("v") or vm.group("v2") or "").strip()
                into = ytd if dates.YTD_MARKER.search(plain[:vm.start("v" if vm.group("v") is not None else "v2")]) else obs
                into.value = v if v and _is_figure(v) else (nxt if _is_figure(nxt) else None)
                ytd_label = plain[:vm.start("v" if vm.group("v") is not None else "v2")] if into is ytd else ytd_label
                seen_figure_field = True
                k += 1 if v else 2
                continue
            if STATUS_WORDS.match(plain) and len(plain) < 40 and obs.status is None:
                obs.status = STATUS_WORDS.match(plain).group(0)  # type: ignore[union-attr]
            elif re.fullmatch(r"(?i)(red|amber|green)( status)?", plain) and obs.status is None:
                obs.status = plain.split()[0].title()
            elif read_trend(plain) and len(plain) < 40 and obs.trend is None and not seen_figure_field:
                obs.trend = read_trend(plain)
            elif re.match(r"^n/?a\b", plain, re.I) and len(plain) < 40:
                pass
            elif seen_figure_field and after_blank and len(plain) < 80 and not plain.endswith((".", "!", "?")):
                break  # a heading, a running title or a label after the card: the card is over
            elif seen_figure_field and len(plain) >= 40:
                comment.append(plain)
            elif len(plain) < 40 and not seen_figure_field:
                pass
            else:
                if seen_figure_field:
                    comment.append(plain)
                else:
                    break
            k += 1
        indicator = Indicator(name, ref or None, s, e, owner=owner)
        if not (obs.value or obs.target or ytd.value or ytd.target) and not _CARD_HEAD.match(t):
            continue  # "Measure: ..." with no figure is a sentence, not an indicator
        if obs.value or obs.target or ytd.value or ytd.target:
            if period_lines is None:
                period_lines = _period_lines(doc, reference)
            obs.period = _report_period(doc, s, reference, period_lines)
            obs.comment = " ".join(comment) or None
            if ytd.value or ytd.target:
                ytd.period = dates.year_to_date_in(ytd_label, obs.period, reference)
                indicator.observations.extend(_with_year_to_date(obs, ytd))
            else:
                indicator.observations.append(obs)
        found.append(indicator)
    return found


def _with_year_to_date(obs: Observation, ytd: Observation) -> list[Observation]:
    """A card's figures when some are for the year to date. With a figure for the report's
    period as well, both are kept and the status stays with that period's. Otherwise the
    status and commentary are the year to date's, and so is a lone target (as an annual
    target rides on a quarter's figure); beside a YTD target it is the year's."""
    if obs.value or (ytd.period and obs.period and ytd.period.label == obs.period.label):
        for name in ("value", "target"):
            if getattr(obs, name) is None and obs.period and ytd.period and ytd.period.label == obs.period.label:
                setattr(obs, name, getattr(ytd, name))
        return [obs] if ytd.period and obs.period and ytd.period.label == obs.period.label else [obs, ytd]
    ytd.status, ytd.trend, ytd.comment = obs.status, obs.trend, obs.comment
    if obs.target is None or ytd.target in (None, obs.target):
        ytd.target = ytd.target or obs.target
        return [ytd]
    year = ytd.period or obs.period
    return [ytd, Observation(year and _financial_year_of(year.start), target=obs.target)]


# --- prose counts -----------------------------------------------------------------------------------
_PROSE_COUNT = re.compile(
    r"\b[Tt]here (?:were|was|are|is|have been|has been) (?P<value>\d[\d,]*(?:\.\d+)?%?) (?P<what>[A-Za-z][^.;:(\n]{2,80}?)"
    r"(?=\s+(?:in|during|over|for|at|by)\s+(?P<when>[A-Z][a-z]+(?: \d{4})?)|[.;:(\n]|\s+\d|,|$)"
)


def _month_or_period(text: str, reference: date | None) -> dates.Period | None:
    """"August" in a report dated October 2025 -> 2025-08 (the latest such month not after it)."""
    period = dates.parse_period(text, reference)
    number = dates.MONTHS.get(text.strip().lower())
    if period is None and number and reference:
        year = reference.year if number <= reference.month else reference.year - 1
        period = dates.month(year, number)
    return period


def _indicators_from_prose(doc: Document, reference: date | None) -> list[Indicator]:
    found = []
    for m in _PROSE_COUNT.finditer(doc.text):
        what = _clean(m.group("what"))
        what = re.sub(r"\s+(?:which|that|who|of which)\b.*$", "", what)
        if len(what) < 3:
            continue
        name = "Number of " + what[0].lower() + what[1:] if not what.isupper() else "Number of " + what
        period = _month_or_period(m.group("when"), reference) if m.group("when") else None
        found.append(Indicator(name, None, m.start(), m.end(), [Observation(period, m.group("value"))]))
    return found


# --- entry point -------------------------------------------------------------------------------------
def find_indicators(doc: Document, reference: date | None = None) -> list[Indicator]:
    """Every indicator the document states, from tables, cards and (failing both) prose."""
    reference = reference or (date.fromisoformat(doc.date) if doc.date else None)
    context_period = dates.parse_period(doc.title or "", reference)
    found: list[Indicator] = []
    spans: list[tuple[int, int]] = []
    for table in read_tables(doc.text, column_role):
        if is_indicator_header([c.role for c in table.columns], [" ".join(c.parts) or c.text for c in table.columns]):
            found.extend(_indicators_from_table(table, reference, _period_above(doc.text, table.start, reference)
                                                or context_period))
            spans.append((table.start, table.end))
    found.extend(_indicators_from_cards(doc, reference, spans))
    if not found:
        found.extend(_indicators_from_prose(doc, reference))
    return found


def _period_above(text: str, offset: int, reference: date | None) -> dates.Period | None:
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
