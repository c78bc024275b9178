"""A year of the demo network's work, made by the domain's own commands under a moving clock.

The clock starts on the first day of the month a year before today and moves, event by event,
to now: NGOs open cases and issue referrals on working days, institutions accept, start,
complete, decline or let them stall, the escalation sweep runs each working evening, and the
network renews its memorandum, meets, decides and reports each month. The flows' work follows
each moment inline (casework/demo/settle.py). A seeded random.Random makes the year the same
every time (ids, serial check digits and display codes aside); what is open at the end is open
today, some of it overdue."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from casework.actors import system_actor
from casework.cases.model import Case
from casework.demo import year_cases, year_governance
from casework.demo.network import NETWORK_CODE
from casework.demo.settle import Settler
from casework.demo.year import Year, YearReport
from casework.escalation.commands.sweep import sweep
from casework.network.model import Member, Network
from casework.uow import UnitOfWork

SWEEP_AT = time(17, 30)  # local time; production sweeps every 15 minutes
SWEEPER = system_actor("flow:escalation-sweep")


def year_present(uow: UnitOfWork) -> bool:
    """Whether the demo network already has cases: the year is seeded once."""
    with uow:
        return (
            uow.session.scalar(
                select(Case.id)
                .join(Member, Member.id == Case.ngo_id)
                .join(Network, Network.id == Member.network_id)
                .where(Network.code == NETWORK_CODE)
                .limit(1)
            )
            is not None
        )


def year_start(today: date) -> date:
    """The first day of the month a year before today's: twelve whole months, then this one."""
    return date(today.year - 1, today.month, 1)


def seed_demo_year(uow: UnitOfWork, *, settle: Settler, until: datetime) -> YearReport | None:
    """Play the year from `year_start` to `until` (now) on the demo network, seeded at the
    year's start; None, changing nothing, if the network has cases already. `uow` runs on a
    FrozenClock, which this moves."""
    if year_present(uow):
        return None
    today = uow.calendar.today(until)
    day = year_start(today)
    year = Year(uow, settle=settle, start=datetime.combine(day, time(), tzinfo=UTC))
    while day <= today:
        year_governance.plan_day(year, day)
        if uow.calendar.is_working_day(day):
            year_cases.plan_day(year, day)
            year.at(year.local(day, SWEEP_AT), lambda: sweep_once(year))
        year.run_until(min(year.local(day + timedelta(days=1), time()), until))
        day += timedelta(days=1)
    sweep_once(year)  # as `casework serve` does when it starts: today's overdue show
    settle.finish(uow)
    return year.report


def sweep_once(year: Year) -> None:
    result = sweep(year.uow, actor=SWEEPER)
    year.report.count("escalated", result.escalated)
    year.report.count("expired", result.expired)
