"""The day a scheduled governance flow acts as of: today, or an earlier day to catch up,
never a later one. Acting as of a later day would draft, publish or schedule before members
had the time the memorandum gives them; the flows take the day as a parameter, so anyone who
may start a run could otherwise pick it."""

from datetime import date

from casework.errors import InvalidInput
from casework.uow import UnitOfWork


def require_not_after_today(uow: UnitOfWork, day: date) -> None:
    today = uow.calendar.today(uow.now())
    if day > today:
        raise InvalidInput(
            "governance.day_after_today",
            "{day} is after today ({today}); the governance flows act as of today or earlier",
            field="day",
            day=day.isoformat(),
            today=today.isoformat(),
        )
