from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.dates import (
    financial_year,
    find_dates,
    is_year_to_date,
    month,
    parse_date,
    parse_period,
    parse_time,
    quarter,
    year_to_date,
    year_to_date_in,
)

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


def test_written_dates():
    assert parse_date("Wednesday 17th November 2021") == date(2021, 11, 17)
    assert parse_date("20TH OCTOBER 2021") == date(2021, 10, 20)
    assert parse_date("held on 22.10.2021 were approved") == date(2021, 10, 22)
    assert parse_date("due 3/4/24") == date(2024, 4, 3)  # day first
    assert parse_date("Thursday, 20 September 2018") == date(2018, 9, 20)
    assert parse_date("2025-10-02") == date(2025, 10, 2)


def test_paragraph_numbers_are_not_dates():
    assert parse_date("see paragraph 1.2.10 below") is None
    assert parse_date("Option 1 may be chosen") is None


def test_yearless_date_takes_the_nearest_year():
    assert parse_date("on 5 January", reference=date(2021, 12, 20)) == date(2022, 1, 5)
    assert parse_date("on 5 January", reference=date(2022, 3, 1)) == date(2022, 1, 5)
    assert parse_date("on 20 December", reference=date(2022, 1, 10)) == date(2021, 12, 20)
    assert parse_date("on 5 January") is None  # no year and nothing to resolve it from


def test_financial_years_and_quarters():
    assert parse_period("2024/25") == financial_year(2024)
    assert parse_period("2024-2025").label == "2024/25"
    assert parse_period("Q1 2024-25") == quarter(2024, 1)
    assert parse_period("Quarter 2 2024/25") == quarter(2024, 2)
    assert parse_period("2024/25 Q3") == quarter(2024, 3)
    q4 = quarter(2024, 4)
    assert (q4.start, q4.end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert parse_period("Corporate Strategy 2023-2027") is None  # not a financial year


def test_month_periods():
    p = parse_period("November 2021")
    assert (p.start, p.end, p.granularity) == (date(2021, 11, 1), date(2021, 11, 30), "month")


def test_times():
    assert parse_time("Time: 7.00pm NB Time") == "19:00"
    assert parse_time("at 10am") == "10:00"
    assert parse_time("14:30") == "14:30"
    assert parse_time("item 7") is None


def test_find_dates_gives_spans():
    text = "Minutes of the meeting held on 20th October 2021 and on 22.10.2021."
    found = find_dates(text)
    assert [text[m.start:m.end] for m in found] == ["20th October 2021", "22.10.2021"]


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2089, 12, 31)),
       st.sampled_from(["{d}{o} {M} {y}", "{d} {M} {y}", "{D:02d}.{m:02d}.{y}", "{d}/{m}/{y}",
                        "{W} {d}{o} {M} {y}", "{d}{o} {MU} {y}"]))
def test_any_uk_date_round_trips(d, template):
    ordinal = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(d.day, "th")
    text = template.format(d=d.day, D=d.day, o=ordinal, M=MONTH_NAMES[d.month - 1], m=d.month,
                           y=d.year, W=d.strftime("%A"), MU=MONTH_NAMES[d.month - 1].upper())
    assert parse_date(f"Date: {text}.") == d


@given(st.integers(min_value=1990, max_value=2080), st.integers(min_value=1, max_value=4),
       st.sampled_from(["Q{q} {y}/{s:02d}", "Q{q} {y}-{s:02d}", "Quarter {q} {y}-{z}", "{y}/{s:02d} Q{q}"]))
def test_any_quarter_round_trips(year, q, template):
    text = template.format(q=q, y=year, s=(year + 1) % 100, z=year + 1)
    period = parse_period(text)
    assert period == quarter(year, q)
    assert period.start <= period.end
    assert financial_year(year).start <= period.start and period.end <= financial_year(year).end


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2089, 12, 31)),
       st.dates(min_value=date(1990, 1, 1), max_value=date(2089, 12, 31)))
def test_yearless_dates_land_within_half_a_year(d, reference):
    if d.month == 2 and d.day == 29:
        return
    got = parse_date(f"on {d.day} {MONTH_NAMES[d.month - 1]}", reference=reference)
    assert got is not None and (got.month, got.day) == (d.month, d.day)
    assert abs((got - reference).days) <= 184


# --- the year to date -------------------------------------------------------------------------
def test_a_year_to_date_runs_from_april_to_the_end_of_a_month():
    ytd = year_to_date(2024, 12)
    assert (ytd.start, ytd.end, ytd.label, ytd.granularity) == (
        date(2024, 4, 1), date(2024, 12, 31), "2024/25 YTD to Dec", "year_to_date")
    assert ytd.label not in {financial_year(2024).label, quarter(2024, 3).label}
    feb = year_to_date(2024, 2)  # into the next calendar year, leap day included
    assert (feb.start, feb.end, feb.label) == (date(2024, 4, 1), date(2025, 2, 28), "2024/25 YTD to Feb")


def test_a_year_to_date_that_is_a_whole_month_quarter_or_year_is_that_period():
    assert year_to_date(2024, 4) == month(2024, 4)
    assert year_to_date(2024, 6) == quarter(2024, 1)
    assert year_to_date(2024, 3) == financial_year(2024)


def test_a_year_to_date_whose_month_is_not_stated_is_not_the_year():
    ytd = year_to_date(2024)
    assert (ytd.label, ytd.granularity, ytd.end_known) == ("2024/25 YTD", "year_to_date", False)
    assert ytd != financial_year(2024) and ytd.label != financial_year(2024).label
    assert year_to_date_in("2024/25 to date") == ytd


Q3 = quarter(2024, 3)


@pytest.mark.parametrize("text, context, label", [
    ("YTD", Q3, "2024/25 YTD to Dec"),
    ("Y.T.D.", Q3, "2024/25 YTD to Dec"),
    ("FYTD", Q3, "2024/25 YTD to Dec"),
    ("Year to date", Q3, "2024/25 YTD to Dec"),
    ("Year-to-date actual", Q3, "2024/25 YTD to Dec"),
    ("Actual to date", Q3, "2024/25 YTD to Dec"),
    ("Cumulative", Q3, "2024/25 YTD to Dec"),
    ("YTD Actual", financial_year(2024), "2024/25 YTD"),  # the report's year only: the month is unknown
    ("2024/25 to date", None, "2024/25 YTD"),
    ("YTD 24/25", None, "2024/25 YTD"),
    ("YTD Dec 2024", None, "2024/25 YTD to Dec"),
    ("YTD Dec-24", None, "2024/25 YTD to Dec"),
    ("Year to date (to 31 December 2024)", None, "2024/25 YTD to Dec"),
    ("YTD to end of November", Q3, "2024/25 YTD to Nov"),  # the month written wins over the quarter
    ("Cumulative Q2", Q3, "2024/25 YTD to Sep"),
    ("Q3 cumulative", None, None),  # no year anywhere
    ("Q3 2024/25 YTD", None, "2024/25 YTD to Dec"),
    ("2024/25 Q3 YTD", None, "2024/25 YTD to Dec"),
    ("P9 YTD", Q3, "2024/25 YTD to Dec"),  # finance period 9 is December
    ("YTD Month 8", financial_year(2024), "2024/25 YTD to Nov"),
    ("April to December 2024", None, "2024/25 YTD to Dec"),
    ("Apr-Dec 2024", None, "2024/25 YTD to Dec"),
    ("Apr 24 - Jan 25", None, "2024/25 YTD to Jan"),
    ("1 April 2024 to 31 January 2025", None, "2024/25 YTD to Jan"),
    ("Year to date (Apr-Nov)", Q3, "2024/25 YTD to Nov"),
    ("April to December", financial_year(2023), "2023/24 YTD to Dec"),
    ("Q1-Q3", Q3, "2024/25 YTD to Dec"),
    ("Q1 to Q3 2023/24", None, "2023/24 YTD to Dec"),
    ("Quarters 1-2", financial_year(2024), "2024/25 YTD to Sep"),
    ("YTD", year_to_date(2024, 11), "2024/25 YTD to Nov"),
    ("YTD", month(2025, 2), "2024/25 YTD to Feb"),
    ("Progress to date", Q3, None),  # work done so far, not a figure's period
    ("Target date", Q3, None),
    ("Q3", Q3, None),
])
def test_year_to_date_as_councils_write_it(text, context, label):
    period = year_to_date_in(text, context)
    assert (period.label if period else None) == label


def test_a_yearless_year_to_date_takes_the_reports_date_last():
    assert year_to_date_in("YTD", reference=date(2025, 1, 20)) == year_to_date(2024)
    assert year_to_date_in("YTD", None, None) is None


def test_whole_header_cells_that_are_a_year_to_date():
    for cell in ("YTD", "Year to date", "2024/25 YTD", "Year to date (Apr-Dec)", "Apr-Dec 2024", "Q1-Q3",
                 "Cumulative Q3", "To date", "YTD (to end of December)"):
        assert is_year_to_date(cell), cell
    for cell in ("YTD Actual", "YTD Target", "Progress to date", "Cumulative data", "Target date", "Q3", "2024/25"):
        assert not is_year_to_date(cell), cell


def test_find_dates_reads_a_year_to_date_that_states_its_year():
    assert parse_period("2024/25 YTD") == year_to_date(2024)
    assert parse_period("Performance YTD Dec 2024") == year_to_date(2024, 12)
    text = "Figures for the year to date (April to December 2024) show"
    (found,) = find_dates(text)
    assert (found.text, found.period) == ("year to date (April to December 2024)", year_to_date(2024, 12))
    # Without a marker a span is a span: as a due date "April to December 2024" ends in December.
    assert parse_period("April to December 2024") == month(2024, 12)


@given(st.integers(min_value=1990, max_value=2080), st.integers(min_value=1, max_value=12),
       st.sampled_from(["YTD {M} {y}", "Year to date to {D} {M} {y}", "April to {M} {y}", "Apr-{m} {y}",
                        "{fy} YTD {M}", "Cumulative to end of {M} {y}"]))
def test_any_year_to_date_round_trips(first_year, through, template):
    year = first_year + (through < 4)
    names = MONTH_NAMES[through - 1]
    end = year_to_date(first_year, through).end
    text = template.format(M=names, m=names[:3], y=year, D=end.day, fy=f"{first_year}/{(first_year + 1) % 100:02d}")
    period = year_to_date_in(text)
    assert period == year_to_date(first_year, through)
    assert period.start == date(first_year, 4, 1) and period.end == end
    assert (end + timedelta(days=1)).day == 1  # the end of a month
    assert financial_year(first_year).start <= period.end <= financial_year(first_year).end


@given(st.integers(min_value=1990, max_value=2080), st.integers(min_value=1, max_value=4))
def test_quarters_so_far_end_where_their_last_quarter_does(first_year, q):
    fy = f"{first_year}/{(first_year + 1) % 100:02d}"
    period = year_to_date_in(f"Q1-Q{q} {fy}")
    assert period is not None and (period.start, period.end) == (date(first_year, 4, 1), quarter(first_year, q).end)
    assert year_to_date_in(f"Cumulative Q{q}", financial_year(first_year)) == period
