"""How late is late: thresholds in working days skip weekends and the region's holidays;
the clock can be moved for tests but never in production."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from casework.calendar import DeadlineUnit, WorkCalendar
from casework.settings import Environment, Settings

CALENDAR = WorkCalendar()
WD, HOURS = DeadlineUnit.WORKING_DAYS, DeadlineUnit.HOURS


def test_working_days_back_from_a_monday_skip_the_weekend():
    monday = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
    assert CALENDAR.working_days_before(monday, 1) == datetime(2026, 3, 13, 9, 0, tzinfo=UTC)
    assert CALENDAR.overdue_cutoff(monday, 0, WD) == monday


def test_working_days_back_across_navruz_skip_the_holidays():
    # Wednesday 25 March 2026; Monday 23 and Tuesday 24 are Navruz, Friday 20 is Eid.
    wednesday = datetime(2026, 3, 25, 9, 0, tzinfo=UTC)
    assert CALENDAR.working_days_before(wednesday, 1) == datetime(2026, 3, 19, 9, 0, tzinfo=UTC)


def test_lateness_counts_whole_units_past_the_deadline():
    due = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)  # a Wednesday
    assert CALENDAR.lateness(due, due + timedelta(hours=5), HOURS) == 5
    assert CALENDAR.lateness(due, due - timedelta(hours=1), HOURS) == 0
    assert CALENDAR.lateness(due, datetime(2026, 3, 6, 9, 1, tzinfo=UTC), WD) == 2
    assert CALENDAR.lateness(due, datetime(2026, 3, 9, 8, 59, tzinfo=UTC), WD) == 2  # weekend
    assert CALENDAR.lateness(due, datetime(2026, 3, 9, 9, 1, tzinfo=UTC), WD) == 3


def test_the_clock_offset_is_refused_in_production():
    assert Settings(environment=Environment.TEST, clock_offset_seconds=60).clock_offset_seconds
    with pytest.raises(ValidationError, match="for tests"):
        Settings(environment=Environment.PRODUCTION, clock_offset_seconds=60)
