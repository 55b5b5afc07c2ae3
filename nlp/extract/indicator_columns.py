"""What each column of a KPI table holds, read from its header cell: the indicator's reference
and name, a value, a target, a status, a trend, a comment, a frequency, an owner, or the values
of one period ("Q1", "2023/24", "Apr-Jun 2024", "Full Year", "YTD", "Same quarter last year").
The period patterns live here too: `indicator_periods` reads which period a column names."""

from __future__ import annotations

import re

from nlp import dates


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
    # "Standard", "National standard": the level a measure is held to (NHS and statutory measures)
    (TARGET, re.compile(r"^(annual |year[- ]end |\d{4}/\d{2} )?targets?\b|\btarget\s*(\d|$)|"
                        r"^(national |interim |statutory |local )?standard$", re.I)),
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
QUARTER_COLUMN = re.compile(r"^(?:Q|Qtr\.?\s*|Quarter\s+)([1-4])$", re.I)
MONTH_COLUMN = re.compile(
    r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:[\s\-']+(?:19|20)?\d\d)?$", re.I)
QUARTER_IN = re.compile(r"\b(?:Q|Qtr\.?\s*|Quarter\s+)([1-4])\b", re.I)
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# "Apr-Jun 2024", "Jul - Sep 24", "October to December": the months of one quarter.
_MONTH_RANGE = re.compile(rf"^{_MONTH}\s*(?:-|to)\s*{_MONTH}(?:[\s\-']+((?:19|20)?\d\d))?$", re.I)
# "Q1 (Apr-Jun)": a quarter column that spells out its months.
_MONTHS_NOTE = re.compile(rf"\s*\(\s*{_MONTH}\s*(?:-|to)\s*{_MONTH}[^)]*\)$", re.I)
FULL_YEAR = re.compile(r"^(full|whole)[ -]?year$|^year[ -]end$", re.I)
_SHORT_FY = re.compile(r"\b(\d\d)\s*/\s*(\d\d)\b")
SHORT_FY_CELL = re.compile(r"(?:FY\s*)?\d\d\s*[/-]\s*\d\d")
QUARTER_WITH_YEAR = re.compile(r"(?:Q|Qtr\.?\s*|Quarter\s+)[1-4]\s*(?:(?:19|20)\d\d|\d\d)\s*[/-]\s*\d\d", re.I)


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


def bare_period(cell: str) -> str:
    """A period column's text without the months it spells out: "Q1 (Apr-Jun)" -> "Q1"."""
    return _MONTHS_NOTE.sub("", cell.strip())


def column_role(text: str) -> str | None:
    """What a header cell says its column holds, or None when it says nothing we know."""
    cell = re.sub(r"\s+", " ", re.sub(r"</?[a-z]+>", "", text)).strip(" :")
    if not cell or len(cell) > 60 or (re.search(r"\bdate\b", cell, re.I) and not dates.YTD_MARKER.search(cell)):
        return None
    if QUARTER_COLUMN.match(bare_period(cell)) or FULL_YEAR.match(cell) or MONTH_COLUMN.match(cell):
        return PERIOD
    if dates.is_year_to_date(cell):  # "YTD", "Year to date (Apr-Dec)", "Q1-Q3"; not "YTD Actual"
        return PERIOD
    if month_range(cell, dates.financial_year(2000)):
        return PERIOD
    if (dates.FINANCIAL_YEAR.fullmatch(cell) and dates.parse_period(cell)) or (
            SHORT_FY_CELL.fullmatch(cell) and short_fy(cell)) or QUARTER_WITH_YEAR.fullmatch(cell):
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


def short_fy(text: str) -> dates.Period | None:
    """"13/14" -> 2013/14 (a financial year written with two-digit years)."""
    m = _SHORT_FY.search(text)
    if m and (int(m.group(2)) - int(m.group(1))) % 100 == 1:
        return dates.financial_year(2000 + int(m.group(1)))
    return None
