"""UK dates and reporting periods as councils write them.

Day-first dates ("17th November 2021", "20TH OCTOBER 2021", "22.10.2021", "Wed 5 Nov"),
months ("November 2021", "Nov-24"), financial years running April to March ("2024/25",
"2024-2025", "FY 2024/25"), quarters of a financial year ("Q1 2024-25", "Quarter 2
2024/25", "2024/25 Q3"), and the year to date ("2024/25 YTD", "YTD Dec 2024", "Cumulative
Q3 2024/25"). A date without a year takes the year that puts it nearest to the document's
date.

A year to date runs from 1 April to the end of the latest month a report covers. Spans that
say so only by their shape ("April to December", "Apr-Dec 2024", "Q1-Q3") and yearless
markers ("YTD Actual") are read by `year_to_date_in`, which takes the report's period as
context: as a due date, "April to December 2024" is just a span ending in December.
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
    label: str  # canonical label: "2024-11-05", "2024-11", "2024/25", "2024/25 Q1", "2024/25 YTD to Dec"
    granularity: str  # day | month | quarter | financial_year | year_to_date
    # False for a year to date whose last month is not stated: `end` is then only the latest
    # it can be (the year's end), and the label says "2024/25 YTD", never the year's own label.
    end_known: bool = True


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


def year_to_date(first_year: int, through: int | None = None) -> Period:
    """From 1 April of `first_year` to the end of calendar month `through` (1-12), or to an
    unstated month when None. A span that is a whole month, quarter or year is that period
    ("YTD to June" is Q1, "to March" the year), so the same figure gets the same label."""
    fy = financial_year(first_year)
    if through is None:
        return Period(fy.start, fy.end, f"{fy.label} YTD", "year_to_date", end_known=False)
    months = (through - 4) % 12 + 1  # months since April, April itself counted
    if months == 12:
        return fy
    if months == 1:
        return month(first_year, 4)
    if months == 3:
        return quarter(first_year, 1)
    year = first_year + (through < 4)
    end = date(year, through, calendar.monthrange(year, through)[1])
    return Period(fy.start, end, f"{fy.label} YTD to {calendar.month_abbr[through]}", "year_to_date")


# What says "the year so far": YTD, Y.T.D., year to date, cumulative; "to date" after a year
# or a figure word ("2024/25 to date", "Actual to date"), or opening the text ("To date").
YTD_MARKER = re.compile(
    r"\bF?YTD\b|\bF?Y\.T\.D\b\.?|\byear[\s-]+to[\s-]+date\b|\bcumulative(?:ly)?\b"
    r"|(?:^|(?<=\d)\s*|\b(?:actual|performance|outturn|total|figures?|values?|results?|position|achieved)\s+)"
    r"to[\s-]+date\b",
    re.IGNORECASE,
)
_MON = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
# "April to December 2024", "Apr-Dec", "1 April 2024 - 31 December 2024": a span from April.
APRIL_SPAN = re.compile(
    r"\b(?:1(?:st)?\s+)?apr(?:il)?\b\.?(?:[\s'\-]+(?:19|20)?\d\d\b)?\s*(?:-|\u2013|\u2014|to|until|through|thru)\s*"
    r"(?:(?:the\s+)?end\s+(?:of\s+)?)?(?:[0-3]?\d(?:st|nd|rd|th)?\s+)?"
    r"(?P<end>" + _MON + r")(?:[\s'\-]+(?P<year>(?:19|20)?\d\d)\b)?",
    re.IGNORECASE,
)
# "Q1-Q3", "Q1 to Q3", "Quarters 1-3": the quarters of the year so far.
QUARTER_SPAN = re.compile(
    r"\b(?:Q|Qtr\.?\s*|Quarters?\s+)1\s*(?:-|\u2013|to|through)\s*(?:Q|Qtr\.?\s*|Quarter\s+)?(?P<last>[1-4])\b",
    re.IGNORECASE,
)
# The words that may stand beside a marker or a span and belong to it: years, months, days,
# quarters, finance periods ("P9", "Month 9") and the small words between them.
_YTD_TOKEN = (
    r"(?:FY\s*)?(?:19|20)\d\d\s*[/\-\u2013]\s*(?:19|20)?\d\d\b|\d\d/\d\d\b|(?:19|20)\d\d\b"
    r"|[0-3]?\d(?:st|nd|rd|th)?(?=\s+" + _MON + r")|" + _MON + r"(?:[\s'\-]+\d\d\b)?"
    r"|(?:Q|Qtr\.?\s*|Quarter\s+)[1-4]\b|(?:P|period\s+|month\s+)(?:[1-9]|1[0-2])\b"
    r"|to|up|until|through|thru|end|of|the|as|at|inclusive|[-\u2013(),:]"
)
_YTD_TAIL = re.compile(r"(?:\s*(?:" + _YTD_TOKEN + r"))*", re.IGNORECASE)
_YTD_HEAD = re.compile(r"(?:(?:" + _YTD_TOKEN + r")\s*)*$", re.IGNORECASE)
_CONNECTOR = re.compile(r"^(?:\s|to\b|up\b|until\b|through\b|thru\b|end\b|of\b|the\b|as\b|at\b|[-\u2013(,:])+"
                        r"|(?:\s|\bto|\bup|\buntil|\bthrough|\bthru|\bend|\bof|\bthe|\bas|\bat|[-\u2013(,:])+$", re.I)
_QUARTER_TOKEN = re.compile(r"\b(?:Q|Qtr\.?\s*|Quarter\s+)([1-4])\b", re.IGNORECASE)
_FINANCE_MONTH = re.compile(r"\b(?:P|period\s+|month\s+)([1-9]|1[0-2])\b", re.IGNORECASE)
_MONTH_TOKEN = re.compile(r"\b(?P<month>" + _MON + r")(?:[\s'\-]+(?P<year>(?:19|20)?\d\d)\b)?", re.IGNORECASE)
_SHORT_FY = re.compile(r"\b(\d\d)/(\d\d)\b")


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    core: re.Match[str]


def _ytd_spans(text: str, spans: bool) -> list[_Span]:
    """Where a year to date is written: a marker (and, with `spans`, an April or Q1 span)
    grown over the years, months and quarters beside it, connectors trimmed off its ends."""
    cores = list(YTD_MARKER.finditer(text))
    if spans:
        cores += list(APRIL_SPAN.finditer(text)) + list(QUARTER_SPAN.finditer(text))
    out = []
    for core in sorted(cores, key=lambda m: m.start()):
        start = _YTD_HEAD.search(text[:core.start()]).start()  # type: ignore[union-attr]
        end = core.end() + _YTD_TAIL.match(text, core.end()).end() - core.end()  # type: ignore[union-attr]
        piece = text[start:end]
        lead = _CONNECTOR.match(piece)
        start += lead.end() if lead and lead.end() <= core.start() - start else 0
        trail = _CONNECTOR.search(text[start:end])
        if trail and start + trail.start() >= core.end():
            end = start + trail.start()
        if out and start < out[-1].end:
            continue
        out.append(_Span(start, end, core))
    return out


def _full_year(text: str | None) -> int | None:
    """"2024" -> 2024, "24" -> 2024."""
    if not text:
        return None
    return int(text) + 2000 if len(text) == 2 else int(text)


def _fy_of(year: int, month_number: int) -> int:
    return year if month_number >= 4 else year - 1


def _ytd_period(span: _Span, text: str, context: Period | None, reference: date | None) -> Period | None:
    """The year to date a span names; the year and last month that it leaves out come from
    `context` (the report's quarter, month or year), the year else from `reference`."""
    piece = text[span.start:span.end]
    core = span.core
    through: int | None = None
    year_of_end: int | None = None
    if core.re is QUARTER_SPAN:
        through = (3 * int(core.group("last")) + 3 - 1) % 12 + 1
    elif core.re is APRIL_SPAN:
        through = MONTHS[core.group("end").lower().rstrip(".")]
        year_of_end = _full_year(core.group("year"))
    else:
        months = [m for m in _MONTH_TOKEN.finditer(piece)]
        quarters = _QUARTER_TOKEN.findall(piece)
        finance = _FINANCE_MONTH.findall(piece)
        if quarters:
            through = (3 * int(quarters[-1]) + 3 - 1) % 12 + 1
        elif finance:
            through = (int(finance[-1]) + 2) % 12 + 1
        elif months:
            through = MONTHS[months[-1].group("month").lower().rstrip(".")]
            year_of_end = _full_year(months[-1].group("year"))
    fy_match = FINANCIAL_YEAR.search(piece)
    short = _SHORT_FY.search(piece)
    first = (_fy_first(fy_match.group("y1"), fy_match.group("y2")) if fy_match else None) or (
        2000 + int(short.group(1)) if short and (int(short.group(2)) - int(short.group(1))) % 100 == 1 else None)
    if first is None and through and year_of_end is None:
        years = re.findall(r"\b(?:19|20)\d\d\b", piece)
        year_of_end = int(years[-1]) if years else None
    if first is None and through and year_of_end:
        first = _fy_of(year_of_end, through)
    if context is not None:
        if first is None:
            first = _fy_of(context.start.year, context.start.month)
        if through is None and context.end_known and context.granularity in ("month", "quarter", "year_to_date"):
            through = context.end.month
    if first is None and reference is not None:
        first = _fy_of(reference.year, reference.month)
    return year_to_date(first, through) if first is not None else None


def year_to_date_in(text: str, context: Period | None = None, reference: date | None = None) -> Period | None:
    """The first year to date `text` names ("YTD Actual", "2024/25 to date", "Apr-Dec 2024",
    "Q1-Q3", "Cumulative Q3"), its year and last month completed from `context` when the text
    leaves them out; None when the text names none, or no year can be found."""
    for span in _ytd_spans(text, spans=True):
        period = _ytd_period(span, text, context, reference)
        if period is not None:
            return period
    return None


def is_year_to_date(text: str) -> bool:
    """The whole of `text` (a header cell) is a year to date: "YTD", "Year to date (Apr-Dec)",
    "2024/25 YTD", "Q1-Q3" — not "YTD Actual", which names a figure as well."""
    spans = _ytd_spans(text, spans=True)
    rest = "".join(text[a.end:b.start] for a, b in zip(spans, spans[1:]))
    return bool(spans) and not re.search(r"[A-Za-z0-9]", text[:spans[0].start] + rest + text[spans[-1].end:])


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
    for span in _ytd_spans(text, spans=False):  # "2024/25 YTD", "YTD Dec 2024": the year must be stated
        period = _ytd_period(span, text, None, None)
        if period is not None:
            found.append(DateMatch(span.start, span.end, text[span.start:span.end], period))

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
