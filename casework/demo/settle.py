"""The seeded year's flow work, done inline as each simulated moment passes.

Every command of the year writes its outbox rows as it always does. Instead of leaving them to
the dispatcher (which would start a flow run for each of the year's thousands of rows when
`casework serve` starts), the seed runs the same domain work the flow would, at once, under the
moving clock, and marks the row dispatched with no flow run: the case page then says the run
was done inline. Notices of the past are not sent: at the year's end their e-mail and SMS
deliveries are marked skipped (the demo contacts are invented addresses), with the delivery
flow's rows, while the notices themselves stay in the bell."""

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select, update

from casework import outbox
from casework.actors import system_actor
from casework.cases import commands as cases
from casework.governance.breaches.commands import open_breach_if_attestation_failed
from casework.notifications.commands import notify_institution_of_referral
from casework.notifications.model import Delivery, DeliveryStatus
from casework.notifications.notices import DELIVERY_FLOW
from casework.referrals.commands import cancel_open_referrals_of_case
from casework.uow import UnitOfWork

# One flow's work, given its outbox row's parameters.
FlowWork = Callable[[UnitOfWork, Mapping[str, Any]], object]
PAST_NOTICE = "not sent: seeded demo history"


def _as(flow: str):
    return system_actor(f"flow:{flow}")  # the actor the flow itself acts as (flows/runtime.py)


def _intake(uow: UnitOfWork, p: Mapping[str, Any]) -> None:
    case_id = uuid.UUID(p["case_id"])
    cases.propose_matches(uow, actor=_as("intake"), case_id=case_id)
    cases.propose_providers(uow, actor=_as("intake"), case_id=case_id)


def _referral(uow: UnitOfWork, p: Mapping[str, Any]) -> None:
    notify_institution_of_referral(
        uow, actor=_as("referral"), referral_id=uuid.UUID(p["referral_id"])
    )


def _confirmation(uow: UnitOfWork, p: Mapping[str, Any]) -> None:
    open_breach_if_attestation_failed(
        uow, actor=_as("confirmation"), referral_id=uuid.UUID(p["referral_id"])
    )


def _resolution(uow: UnitOfWork, p: Mapping[str, Any]) -> None:
    cancel_open_referrals_of_case(uow, actor=_as("resolution"), case_id=uuid.UUID(p["case_id"]))


def skip_past_deliveries(uow: UnitOfWork) -> None:
    """The year's deliveries, skipped all at once at its end with the delivery flow's rows
    that would have sent them: notices of the past are not sent."""
    with uow:
        now = uow.now()
        uow.session.execute(
            update(Delivery)
            .where(Delivery.status == DeliveryStatus.PENDING, Delivery.next_attempt_at <= now)
            .values(status=DeliveryStatus.SKIPPED, last_error=PAST_NOTICE)
        )
        runs = uow.session.scalars(
            select(outbox.OutboxMessage.id).where(
                outbox.OutboxMessage.flow == DELIVERY_FLOW,
                outbox.OutboxMessage.dispatched_at.is_(None),
                outbox.OutboxMessage.available_at <= now,
            )
        )
        outbox.mark_run_inline(uow.session, list(runs), now=now)
        uow.commit()


DOMAIN_WORK: dict[str, FlowWork] = {
    "intake": _intake,
    "referral": _referral,
    "confirmation": _confirmation,
    "resolution": _resolution,
}


class Background(Protocol):
    """Work a flow's row started that finishes beside the year, in other processes."""

    def publish_ready(self, uow: UnitOfWork, *, wait: bool) -> None:
        """Record what has finished; with `wait`, wait for all of it first."""


class Settler:
    """Runs the due outbox rows' work inline; `extra` adds work the domain cannot do itself
    (the monthly report's rendering lives outside casework), `background` the work of theirs
    that finishes later.

    It reads the outbox only when a commit since its last look may have queued a row, or when
    a row it saw waiting falls due: most of the year's steps queue nothing, and looking after
    each of them was a tenth of the seed's time."""

    def __init__(
        self,
        extra: Mapping[str, FlowWork] | None = None,
        background: Sequence[Background] = (),
    ) -> None:
        self.work = {**DOMAIN_WORK, **(extra or {})}
        self.background = background
        self.watched: set[int] = set()
        self.may_have_queued = True
        self.next_due: datetime | None = None

    def __call__(self, uow: UnitOfWork) -> int:
        """Record the background work that has finished, then do every due row's work, and
        the work that work queued; returns how many rows."""
        self._watch(uow)
        for work in self.background:
            work.publish_ready(uow, wait=False)
        done: list[int] = []
        count = 0
        while due := self._mark_and_look(uow, done):
            for _, flow, parameters in due:
                self.work[flow](uow, parameters)
            done = [message_id for message_id, _, _ in due]
            count += len(done)
        return count

    def finish(self, uow: UnitOfWork) -> int:
        """Wait for the background work, record it, do what it queued, and skip the year's
        deliveries; returns how many rows of work were done."""
        for work in self.background:
            work.publish_ready(uow, wait=True)
        done = self(uow)
        skip_past_deliveries(uow)
        return done

    def _watch(self, uow: UnitOfWork) -> None:
        if id(uow) not in self.watched:
            self.watched.add(id(uow))
            uow.guard_commits(self._note_commit)

    def _note_commit(self, uow: UnitOfWork) -> None:
        """A commit that queued a row of the settler's flows."""
        if outbox.take_queued_flows(uow.session) & self.work.keys():
            self.may_have_queued = True

    def _mark_and_look(
        self, uow: UnitOfWork, done: list[int]
    ) -> list[tuple[int, str, dict[str, Any]]]:
        """In one transaction: mark the rows whose work is `done` run inline, and read the rows
        due now, if any may be."""
        now = uow.now()
        look = self.may_have_queued or (self.next_due is not None and self.next_due <= now)
        if not (done or look):
            return []
        with uow:
            if done:
                outbox.mark_run_inline(uow.session, done, now=now)
            waiting = self._waiting(uow) if look else []
            uow.commit()
        if look:
            later = (row.available_at for row in waiting if row.available_at > now)
            self.next_due = min(later, default=None)
        return [
            (row.id, row.flow, dict(row.parameters)) for row in waiting if row.available_at <= now
        ]

    def _waiting(self, uow: UnitOfWork) -> list:
        """Every row of the settler's flows not yet run, due or not."""
        self.may_have_queued = False
        waiting = uow.session.execute(
            select(
                outbox.OutboxMessage.id,
                outbox.OutboxMessage.flow,
                outbox.OutboxMessage.parameters,
                outbox.OutboxMessage.available_at,
            )
            .where(
                outbox.OutboxMessage.dispatched_at.is_(None),
                outbox.OutboxMessage.flow.in_(self.work),
            )
            .order_by(outbox.OutboxMessage.id)
        ).all()
        return waiting
