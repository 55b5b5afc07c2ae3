"""UK dates and reporting periods as councils write them.

Day-first dates ("17th November 2021", "20TH OCTOBER 2021", "22.10.2021", "Wed 5 Nov"),
months ("November 2021", "Nov-24"), financial years running April to March ("2024/25",
"2024-2025", "FY 2024/25"), and quarters of a financial year ("Q1 2024-25", "Quarter 2
2024/25", "2024/25 Q3"). A date without a year takes the year that puts it nearest to
the document's date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAYNAME = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"

DAY_MONTH_YEAR = re.compile(
    _DAYNAME + r"\b(?P<day>[0-3]?\d)" + _ORD + r"(?:\s+of)?[\s\-]+" + _MONTH + r"(?:,?[\s\-]+(?P<year>(?:19|20)\d\d|'?\d\d)\b)?",
    re.IGNORECASE,
)
MONTH_DAY_YEAR = re.compile(
    r"\b" + _MONTH + r"\s+(?P<day>[0-3]?\d)" + _ORD + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE
)
# Dotted dates need a four-digit year: "1.2.10" is far more often a paragraph number.
NUMERIC = re.compile(
    r"\b(?P<day>[0-3]?\d)(?:\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)"
    r"|/(?P<month2>[01]?\d)/(?P<year2>(?:19|20)?\d\d))\b(?![./]\d)"
)
MONTH_YEAR = re.compile(r"\b" + _MONTH + r"[\s\-]+(?P<year>(?:19|20)\d\d|\d\d)\b", re.IGNORECASE)
ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")

_FY = r"(?P<y1>(?:19|20)\d\d)\s*[/\-\u2013]\s*(?P<y2>(?:19|20)?\d\d)"
FINANCIAL_YEAR = re.compile(r"\b(?:FY\s*)?" + _FY + r"\b", re.IGNORECASE)
_QUARTER_WORD = r"(?:Q|Qtr\.?\s*|Quarter\s+)(?P<q>[1-4])"
QUARTER = re.compile(
    r"\b" + _QUARTER_WORD + r"(?:\s*(?:of|,|-)?\s*)" + _FY + r"\b"
    + r"|\b" + _FY.replace("y1", "y1b").replace("y2", "y2b") + r"\s*(?:,|-)?\s*" + _QUARTER_WORD.replace("?P<q>", "?P<qb>") + r"\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Period:
    """A span of days, both ends included."""

    start: date
    end: date
    label: str  # canonical label: "2024-11-05", "2024-11", "2024/25", "2024/25 Q1"
    granularity: str  # day | month | quarter | financial_year


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int  # character offsets of the matched text
    end: int
    text: str
    period: Period


def day(d: date) -> Period:
    return Period(d, d, d.isoformat(), "day")


def month(year: int, number: int) -> Period:
    last = calendar.monthrange(year, number)[1]
    return Period(date(year, number, 1), date(year, number, last), f"{year:04d}-{number:02d}", "month")


def financial_year(first_year: int) -> Period:
    """The UK financial year starting 1 April of `first_year`."""
    return Period(
        date(first_year, 4, 1), date(first_year + 1, 3, 31),
        f"{first_year}/{(first_year + 1) % 100:02d}", "financial_year",
    )


def quarter(first_year: int, number: int) -> Period:
    """Quarter 1..4 of the financial year starting in April of `first_year`."""
    if not 1 <= number <= 4:
        raise ValueError(f"quarter must be 1 to 4, not {number}")
    start_month = 4 + 3 * (number - 1)
    year = first_year + (start_month - 1) // 12
    start_month = (start_month - 1) % 12 + 1
    end_month = start_month + 2
    last = calendar.monthrange(year, end_month)[1]
    label = f"{first_year}/{(first_year + 1) % 100:02d} Q{number}"
    return Period(date(year, start_month, 1), date(year, end_month, last), label, "quarter")


def _year(text: str | None, month_number: int, day_number: int, reference: date | None) -> int | None:
    if text:
        text = text.lstrip("'")
        value = int(text)
        return value + 2000 if value < 100 else value
    if reference is None:
        return None
    # The year that puts the date nearest the reference date.
    best = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidate = date(year, month_number, day_number)
        except ValueError:
            continue
        if best is None or abs(candidate - reference) < abs(best - reference):
            best = candidate
    return best.year if best else None


def _fy_first(y1: str, y2: str) -> int | None:
    first = int(y1)
    second = int(y2) if len(y2) == 4 else (first // 100) * 100 + int(y2)
    if second < first:  # "1999/00"
        second += 100
    return first if second == first + 1 else None


def _day_match(m: re.Match, reference: date | None) -> Period | None:
    groups = m.groupdict()
    month_text = (groups.get("month") or groups.get("month2") or "").lower().rstrip(".")
    year_text = groups.get("year") or groups.get("year2")
    if not year_text and not m.group("month")[:1].isupper():
        return None  # "1 may be": a yearless date needs a capitalised month
    number = MONTHS.get(month_text) or (int(month_text) if month_text.isdigit() else None)
    if number is None or not 1 <= number <= 12:
        return None
    day_number = int(m.group("day"))
    year = _year(year_text, number, day_number, reference)
    if year is None:
        return None
    try:
        return day(date(year, number, day_number))
    except ValueError:
        return None


def find_dates(text: str, reference: date | None = None) -> list[DateMatch]:
    """Every date and period in `text`, left to right, overlaps resolved to the longest."""
    found: list[DateMatch] = []

    def add(m: re.Match, period: Period | None) -> None:
        if period is not None:
            found.append(DateMatch(m.start(), m.end(), m.group(0), period))

    for m in QUARTER.finditer(text):
        q = m.group("q") or m.group("qb")
        y1, y2 = (m.group("y1"), m.group("y2")) if m.group("q") else (m.group("y1b"), m.group("y2b"))
        first = _fy_first(y1, y2)
        add(m, quarter(first, int(q)) if first else None)
    for m in FINANCIAL_YEAR.finditer(text):
        first = _fy_first(m.group("y1"), m.group("y2"))
        add(m, financial_year(first) if first else None)
    for pattern in (DAY_MONTH_YEAR, MONTH_DAY_YEAR, NUMERIC, ISO):
        for m in pattern.finditer(text):
            add(m, _day_match(m, reference))
    for m in MONTH_YEAR.finditer(text):
        number = MONTHS.get(m.group("month").lower().rstrip("."))
        year = int(m.group("year"))
        add(m, month(year + 2000 if year < 100 else year, number) if number else None)

    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateMatch] = []
    for match in found:
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept


def parse_date(text: str, reference: date | None = None) -> date | None:
    """The first day-precise date in `text` ("Wednesday 17th November 2021" -> 2021-11-17)."""
    for match in find_dates(text, reference):
        if match.period.granularity == "day":
            return match.period.start
    return None


def parse_period(text: str, reference: date | None = None) -> Period | None:
    """The first date or period in `text`, whatever its granularity."""
    matches = find_dates(text, reference)
    return matches[0].period if matches else None


TIME = re.compile(
    r"\b(?P<h>[01]?\d|2[0-3])(?:[.:](?P<m>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\.?|noon)?(?![\d/])",
    re.IGNORECASE,
)


def parse_time(text: str) -> str | None:
    """"7.00pm" -> "19:00", "10am" -> "10:00", "14:30" -> "14:30"; None when no time."""
    for m in TIME.finditer(text):
        hour, minute, ampm = int(m.group("h")), int(m.group("m") or 0), (m.group("ampm") or "").lower()
        if not ampm and m.group("m") is None:
            continue  # a bare number is not a time
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
        if ampm or ":" in m.group(0) or "." in m.group(0):
            return f"{hour:02d}:{minute:02d}"
    return None


def shift(d: date, days: int) -> date:
    return d + timedelta(days=days)
