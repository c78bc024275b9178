"""Wiring: build a unit of work from settings, the way every entrypoint does."""

from datetime import timedelta

# Every table must be mapped before the first query, whichever feature a process imports
# first: a worker running only the sweep flow otherwise cannot resolve referrals -> cases.
import casework.models  # noqa: F401
from casework.calendar import WorkCalendar
from casework.clock import Clock, SystemClock
from casework.db import session_factory, settings_engine
from casework.privacy.keys import KeyRing
from casework.settings import Settings, get_settings
from casework.uow import UnitOfWork


def unit_of_work(settings: Settings | None = None, *, clock: Clock | None = None) -> UnitOfWork:
    settings = settings or get_settings()
    return UnitOfWork(
        session_factory(settings_engine(settings)),
        keys=KeyRing(settings),
        clock=clock or SystemClock(timedelta(seconds=settings.clock_offset_seconds)),
        calendar=WorkCalendar(settings.timezone),
    )
