"""Working time in the region: its time zone, weekends and public holidays."""

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays

from casework.errors import InvalidInput


class DeadlineUnit(StrEnum):
    HOURS = "hours"
    WORKING_DAYS = "working_days"


class WorkCalendar:
    def __init__(self, timezone: str = "Asia/Dushanbe", country: str = "TJ") -> None:
        self.zone = ZoneInfo(timezone)
        self.country = country

    @cached_property
    def _holidays(self) -> holidays.HolidayBase:
        return holidays.country_holidays(self.country)

    def today(self, now: datetime) -> date:
        return now.astimezone(self.zone).date()

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._holidays

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The same local time `days` working days later (a start on a day off counts from
        the next working day)."""
        local = start.astimezone(self.zone)
        remaining = days
        while remaining > 0:
            local += timedelta(days=1)
            if self.is_working_day(local.date()):
                remaining -= 1
        return local.astimezone(start.tzinfo)

    def working_days_before(self, end: datetime, days: int) -> datetime:
        """The same local time `days` working days earlier: a deadline before it is overdue
        by more than `days` working days at `end`."""
        local = end.astimezone(self.zone)
        remaining = days
        while remaining > 0:
            local -= timedelta(days=1)
            if self.is_working_day(local.date()):
                remaining -= 1
        return local.astimezone(end.tzinfo)

    def overdue_cutoff(self, now: datetime, amount: int, unit: DeadlineUnit) -> datetime:
        """A deadline before this moment is overdue by more than `amount` units at `now`."""
        if unit is DeadlineUnit.HOURS:
            return now - timedelta(hours=amount)
        return self.working_days_before(now, amount)

    def lateness(self, deadline: datetime, now: datetime, unit: DeadlineUnit) -> int:
        """Whole units (hours or working days) by which `deadline` is overdue at `now`."""
        if unit is DeadlineUnit.HOURS:
            return max(0, int((now - deadline).total_seconds() // 3600))
        days = 0
        while deadline < self.working_days_before(now, days + 1):
            days += 1
        return days

    def deadline(self, start: datetime, amount: int, unit: DeadlineUnit) -> datetime:
        if unit is DeadlineUnit.HOURS:
            return start + timedelta(hours=amount)
        return self.add_working_days(start, amount)

    def day_start(self, day: date) -> datetime:
        """Local midnight at the start of `day`, in UTC: date filters count local days, so a
        referral issued at 01:00 in Dushanbe belongs to that day, not the UTC day before."""
        return datetime.combine(day, time(), self.zone).astimezone(UTC)

    def days_span(
        self, first: date | None, last: date | None, *, last_field: str
    ) -> tuple[datetime | None, datetime | None]:
        """The moments [start, end) that the local days `first` to `last` (both included,
        either open) cover; a span that ends before it starts is refused, naming `last_field`."""
        if first is not None and last is not None and first > last:
            raise InvalidInput(
                "dates.reversed", "the last day comes before the first", field=last_field
            )
        return (
            None if first is None else self.day_start(first),
            None if last is None else self.day_start(last + timedelta(days=1)),
        )
