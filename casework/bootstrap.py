"""Wiring: build a unit of work from settings, the way every entrypoint does."""

from datetime import timedelta
from functools import lru_cache

# Every table must be mapped before the first query, whichever feature a process imports
# first: a worker running only the sweep flow otherwise cannot resolve referrals -> cases.
import casework.models  # noqa: F401
from casework.calendar import WorkCalendar
from casework.clock import Clock, SystemClock
from casework.db import settings_sessions
from casework.privacy.keys import KeyRing
from casework.settings import Settings, get_settings
from casework.uow import UnitOfWork


@lru_cache
def _calendar(timezone: str) -> WorkCalendar:
    """One per process: a calendar works out its holidays once, on first use."""
    return WorkCalendar(timezone)


def unit_of_work(settings: Settings | None = None, *, clock: Clock | None = None) -> UnitOfWork:
    settings = settings or get_settings()
    return UnitOfWork(
        settings_sessions(settings),
        keys=KeyRing(settings),
        clock=clock or SystemClock(timedelta(seconds=settings.clock_offset_seconds)),
        calendar=_calendar(settings.timezone),
    )
