"""A report's period: read from its key, its days in the region's time zone, the longer
period it points to, and when it is over."""

from datetime import UTC, date, datetime
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.calendar import WorkCalendar
from casework.errors import InvalidInput
from casework.governance.reports.periods import (
    Period,
    PeriodKind,
    closed_by,
    month_of,
    parse_period,
)

FOUNDED = date(2009, 9, 10)
years = st.integers(1000, 9998)
periods = st.one_of(
    st.builds(lambda y, m: Period(PeriodKind.MONTH, y, m), years, st.integers(1, 12)),
    st.builds(lambda y, q: Period(PeriodKind.QUARTER, y, q), years, st.integers(1, 4)),
    st.builds(lambda y: Period(PeriodKind.YEAR, y), years),
)


@given(periods)
def test_a_period_is_read_back_from_its_key(period):
    assert parse_period(period.key) == period
    assert len(period.key) <= 7  # network_reports.period is String(7)


@given(periods)
def test_a_period_is_its_months_without_gap_and_sits_inside_the_longer_one(period):
    first, following = period.days(founded=FOUNDED, today=date(2026, 12, 2))
    months = period.months()
    assert months[0].days(founded=None, today=first)[0] == first
    assert months[-1].days(founded=None, today=first)[1] == following
    for earlier, later in pairwise(months):
        assert (
            earlier.days(founded=None, today=first)[1] == later.days(founded=None, today=first)[0]
        )
    longer = period.longer()
    outer = longer.days(founded=FOUNDED, today=date(9999, 12, 1))
    assert (outer[0] <= first and following <= outer[1]) or longer.kind is PeriodKind.ALL


@pytest.mark.parametrize(
    "key",
    ["2026-13", "2026-00", "2026-Q5", "2026-Q0", "0999", "26", "ALL", "2026-1", "", "2026-q1"],
)
def test_anything_else_is_refused_naming_the_period(key):
    with pytest.raises(InvalidInput) as refused:
        parse_period(key)
    assert refused.value.field == "period"


def test_each_kind_has_its_days_and_its_longer_period():
    today = date(2026, 4, 1)
    assert parse_period("2026-03").days(founded=FOUNDED, today=today) == (
        date(2026, 3, 1),
        date(2026, 4, 1),
    )
    assert parse_period("2026-Q4").days(founded=FOUNDED, today=today) == (
        date(2026, 10, 1),
        date(2027, 1, 1),
    )
    assert parse_period("2025").days(founded=FOUNDED, today=today) == (
        date(2025, 1, 1),
        date(2026, 1, 1),
    )
    # Since founding: from the first memorandum's start to the end of the last finished month.
    assert parse_period("all").days(founded=FOUNDED, today=today) == (FOUNDED, date(2026, 4, 1))
    chain, period = [], parse_period("2026-05")
    while period is not None:
        chain.append(period.key)
        period = period.longer()
    assert chain == ["2026-05", "2026-Q2", "2026", "all"]


def test_the_bounds_are_midnights_in_the_region():
    calendar = WorkCalendar()
    start, end = parse_period("2026-Q1").bounds(calendar, founded=FOUNDED, today=date(2026, 5, 1))
    assert start == datetime(2025, 12, 31, 19, 0, tzinfo=UTC)  # Dushanbe is UTC+5
    assert end == datetime(2026, 3, 31, 19, 0, tzinfo=UTC)


def test_a_period_is_over_on_the_day_after_its_last():
    quarter = parse_period("2026-Q1")
    assert not quarter.is_over(date(2026, 3, 31)) and quarter.is_over(date(2026, 4, 1))
    assert not parse_period("2026").is_over(date(2026, 12, 31))
    assert parse_period("all").is_over(date(2026, 3, 31))


def test_the_first_of_a_month_closes_the_month_and_what_ends_with_it():
    assert [p.key for p in closed_by(month_of(date(2026, 3, 1)))] == ["2026-03", "2026-Q1"]
    assert [p.key for p in closed_by(month_of(date(2026, 2, 1)))] == ["2026-02"]
    assert [p.key for p in closed_by(month_of(date(2025, 12, 1)))] == ["2025-12", "2025-Q4", "2025"]


def test_reports_list_latest_first_the_longer_period_before_its_last_month():
    keys = ["2026-02", "2025", "2026-03", "all", "2026-Q1", "2025-12", "2025-Q4"]
    ordered = sorted((parse_period(k) for k in keys), key=lambda p: p.order, reverse=True)
    assert [p.key for p in ordered] == [
        "all", "2026-Q1", "2026-03", "2026-02", "2025", "2025-Q4", "2025-12"
    ]  # fmt: skip
