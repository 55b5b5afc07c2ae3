from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from nlp.dates import (
    financial_year,
    find_dates,
    parse_date,
    parse_period,
    parse_time,
    quarter,
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
