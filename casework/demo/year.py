"""The demo year's machinery: a moving clock, a queue of what happens next, and who acts.
What happens is in casework/demo/year_cases.py and year_governance.py; history.py plays it."""

import heapq
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from casework.accounts.model import User
from casework.actors import Actor, Role, system_actor
from casework.clock import FrozenClock
from casework.demo.network import NETWORK_CODE
from casework.demo.settle import Settler
from casework.network.model import Member, MemberKind, Network
from casework.uow import UnitOfWork

SEED = 2009  # the network's founding year: any fixed number makes the same year


@dataclass
class YearReport:
    cases: int = 0
    referrals: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # what happened, by step

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


class Year:
    """The moving clock, the queue of what happens next, and who acts."""

    def __init__(self, uow: UnitOfWork, *, settle: Settler, start: datetime) -> None:
        if not isinstance(uow.clock, FrozenClock):
            raise TypeError("the demo year moves its own clock: give it a FrozenClock")
        self.uow, self.clock, self.settle = uow, uow.clock, settle
        self.clock.current = start
        self.first_day = uow.calendar.today(start)
        self.drafts_seen: set[int] = set()
        self.zone = uow.calendar.zone
        self.rng = random.Random(SEED)
        self.report = YearReport()
        self._queue: list[tuple[datetime, int, Callable[[], None]]] = []
        self._order = itertools.count()
        with uow:
            self.network_id = uow.session.scalar(
                select(Network.id).where(Network.code == NETWORK_CODE)
            )
            self.members = list(
                uow.session.scalars(
                    select(Member).where(Member.network_id == self.network_id).order_by(Member.id)
                )
            )
            self.accounts = {
                (u.role, u.organisation_id): f"user:{u.id}"
                for u in uow.session.scalars(select(User).order_by(User.id))
            }

    # --- who acts: the demo accounts where there is one, so their pages show their own work

    def actor(self, role: Role, organisation_id: int | None) -> Actor:
        user_id = self.accounts.get((role, organisation_id))
        return Actor(
            user_id=user_id or f"demo-year:{role.value}:{organisation_id or 'network'}",
            role=role,
            organisation_id=organisation_id,
        )

    def caseworker(self, ngo_id: int) -> Actor:
        return self.actor(Role.CASEWORKER, ngo_id)

    def focal_point(self, institution_id: int) -> Actor:
        return self.actor(Role.FOCAL_POINT, institution_id)

    def flow(self, name: str) -> Actor:
        return system_actor(f"flow:{name}")  # as the flow itself acts (flows/runtime.py)

    def coordinator(self) -> Actor:
        return self.actor(Role.COORDINATOR, None)

    def representative(self, member: Member) -> Actor:
        role = Role.SUPERVISOR if member.kind is MemberKind.NGO else Role.FOCAL_POINT
        return self.actor(role, member.id)

    def ngos(self) -> list[Member]:
        return [m for m in self.members if m.kind is MemberKind.NGO]

    # --- time

    def now(self) -> datetime:
        return self.clock.current

    def local(self, day: date, at: time) -> datetime:
        return datetime.combine(day, at, tzinfo=self.zone).astimezone(UTC)

    def at_work(self, moment: datetime) -> datetime:
        """`moment`, or the next working morning if it falls outside office hours."""
        local = moment.astimezone(self.zone)
        day = local.date()
        if self.uow.calendar.is_working_day(day) and time(9) <= local.time() <= time(17):
            return moment
        if local.time() > time(17) or not self.uow.calendar.is_working_day(day):
            day += timedelta(days=1)
        while not self.uow.calendar.is_working_day(day):
            day += timedelta(days=1)
        return self.local(day, time(9, self.rng.randrange(60)))

    def later(self, delay: timedelta, step: Callable[[], None], *, office: bool = True) -> None:
        moment = self.now() + max(delay, timedelta(minutes=1))
        self.at(self.at_work(moment) if office else moment, step)

    def at(self, moment: datetime, step: Callable[[], None]) -> None:
        heapq.heappush(self._queue, (max(moment, self.now()), next(self._order), step))

    def run_until(self, moment: datetime) -> None:
        """Take every step due before `moment`, in time order, each followed by its flows."""
        while self._queue and self._queue[0][0] < moment:
            when, _, step = heapq.heappop(self._queue)
            self.clock.current = when
            step()
            self.settle(self.uow)
        self.clock.current = max(self.clock.current, moment)
