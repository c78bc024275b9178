"""Working days in Khatlon: weekends and Tajik public holidays do not count."""

from datetime import UTC, datetime, timedelta

from casework.calendar import DeadlineUnit, WorkCalendar

calendar = WorkCalendar("Asia/Dushanbe")


def test_working_days_skip_the_weekend():
    friday = datetime(2026, 3, 6, 9, 0, tzinfo=UTC)
    assert calendar.add_working_days(friday, 1) == datetime(2026, 3, 9, 9, 0, tzinfo=UTC)


def test_working_days_skip_nowruz():
    # Nowruz, 21-24 March 2026 (Saturday to Tuesday): Friday 20 March is Eid al-Fitr too.
    thursday = datetime(2026, 3, 19, 9, 0, tzinfo=UTC)
    assert calendar.add_working_days(thursday, 1) == datetime(2026, 3, 25, 9, 0, tzinfo=UTC)


def test_hours_are_counted_round_the_clock():
    saturday_night = datetime(2026, 3, 7, 22, 0, tzinfo=UTC)
    assert calendar.deadline(saturday_night, 4, DeadlineUnit.HOURS) == saturday_night + timedelta(
        hours=4
    )


def test_the_local_date_is_the_regions_not_utcs():
    late_evening_utc = datetime(2026, 3, 2, 20, 30, tzinfo=UTC)  # 01:30 on 3 March in Dushanbe
    assert calendar.today(late_evening_utc).day == 3
