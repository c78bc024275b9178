"""The periods a network report covers: a month ("2026-03"), a quarter ("2026-Q1"), a year
("2026") or everything since the network's founding ("all"), each a span of days in the
region's time zone. Pure: the founding day and today are passed in."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from casework.calendar import WorkCalendar
from casework.errors import InvalidInput

ALL = "all"
_MONTH = re.compile(r"^([1-9]\d{3})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^([1-9]\d{3})-Q([1-4])$")
_YEAR = re.compile(r"^([1-9]\d{3})$")


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    ALL = "all"


def _first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    year: int = 0  # 0 for ALL
    number: int = 0  # the month (1-12) or the quarter (1-4); 0 for a year and ALL

    @property
    def key(self) -> str:
        match self.kind:
            case PeriodKind.MONTH:
                return f"{self.year:04d}-{self.number:02d}"
            case PeriodKind.QUARTER:
                return f"{self.year:04d}-Q{self.number}"
            case PeriodKind.YEAR:
                return f"{self.year:04d}"
        return ALL

    def __str__(self) -> str:
        return self.key

    def days(self, *, founded: date | None, today: date) -> tuple[date, date]:
        """[first day, day after the last) of the period. Since founding runs from the first
        memorandum's start (or the first of this month, before any) to the end of the last
        finished month: it is the one period that grows, reported up to a month's close."""
        match self.kind:
            case PeriodKind.MONTH:
                first = date(self.year, self.number, 1)
                return first, _first_of_next_month(first)
            case PeriodKind.QUARTER:
                first = date(self.year, 3 * self.number - 2, 1)
                return first, _first_of_next_month(date(self.year, 3 * self.number, 1))
            case PeriodKind.YEAR:
                return date(self.year, 1, 1), date(self.year + 1, 1, 1)
        end = today.replace(day=1)
        return min(founded or end, end), end

    def bounds(
        self, calendar: WorkCalendar, *, founded: date | None, today: date
    ) -> tuple[datetime, datetime]:
        """The period as an interval [start, end) of aware datetimes in the region's zone."""
        return day_bounds(calendar, *self.days(founded=founded, today=today))

    def is_over(self, today: date) -> bool:
        """Whether the period has ended by `today` (since founding always has: it ends with
        the last finished month)."""
        return self.kind is PeriodKind.ALL or self.days(founded=None, today=today)[1] <= today

    def longer(self) -> "Period | None":
        """The period that encloses this one: month -> quarter -> year -> since founding."""
        match self.kind:
            case PeriodKind.MONTH:
                return Period(PeriodKind.QUARTER, self.year, (self.number + 2) // 3)
            case PeriodKind.QUARTER:
                return Period(PeriodKind.YEAR, self.year)
            case PeriodKind.YEAR:
                return Period(PeriodKind.ALL)
        return None

    def months(self) -> list["Period"]:
        """The months of a month, quarter or year (since founding has no fixed months)."""
        if self.kind is PeriodKind.ALL:
            raise ValueError("since founding has no fixed months")
        first, following = self.days(founded=None, today=date.max)
        months, day = [], first
        while day < following:
            months.append(month_of(day))
            day = _first_of_next_month(day)
        return months

    @property
    def order(self) -> tuple[int, int, int]:
        """Latest end first, then the longer period, when sorted in reverse."""
        if self.kind is PeriodKind.ALL:
            return (10_000, 0, 3)
        last = self.months()[-1]
        return (last.year, last.number, list(PeriodKind).index(self.kind))


def day_bounds(calendar: WorkCalendar, first: date, following: date) -> tuple[datetime, datetime]:
    """Days [first, following) as an interval of aware datetimes: midnights in the region."""
    return (
        datetime.combine(first, time(0), tzinfo=calendar.zone),
        datetime.combine(following, time(0), tzinfo=calendar.zone),
    )


def month_of(day: date) -> Period:
    return Period(PeriodKind.MONTH, day.year, day.month)


def parse_period(text: str) -> Period:
    """A period from its key; anything else is refused naming the field `period`."""
    if text == ALL:
        return Period(PeriodKind.ALL)
    if found := _MONTH.match(text):
        return Period(PeriodKind.MONTH, int(found[1]), int(found[2]))
    if found := _QUARTER.match(text):
        return Period(PeriodKind.QUARTER, int(found[1]), int(found[2]))
    if found := _YEAR.match(text):
        return Period(PeriodKind.YEAR, int(found[1]))
    raise InvalidInput(
        "network_report.bad_period",
        "a period is a month (2026-03), a quarter (2026-Q1), a year (2026) or all",
        field="period",
    )


def closed_by(month: Period) -> list[Period]:
    """The periods that end with `month`: itself, its quarter when it is the quarter's last
    month, its year when it is December (what the 1st of the next month reports)."""
    closed = [month]
    while (longer := closed[-1].longer()) is not None and longer.kind is not PeriodKind.ALL:
        if longer.months()[-1] != month:
            break
        closed.append(longer)
    return closed
