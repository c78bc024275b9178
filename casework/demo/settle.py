"""The seeded year's flow work, done inline as each simulated moment passes.

Every command of the year writes its outbox rows as it always does. Instead of leaving them to
the dispatcher (which would start a flow run for each of the year's thousands of rows when
`casework serve` starts), the seed runs the same domain work the flow would, at once, under the
moving clock, and marks the row dispatched with no flow run: the case page then says the run
was done inline. Notices of the past are not sent: their e-mail and SMS deliveries are marked
skipped (the demo contacts are invented addresses), while the notices themselves stay in the
bell."""

import uuid
from collections.abc import Callable, Mapping
from typing import Any

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


def _skip_past_deliveries(uow: UnitOfWork, _p: Mapping[str, Any]) -> None:
    with uow:
        uow.session.execute(
            update(Delivery)
            .where(Delivery.status == DeliveryStatus.PENDING, Delivery.next_attempt_at <= uow.now())
            .values(status=DeliveryStatus.SKIPPED, last_error=PAST_NOTICE)
        )
        uow.commit()


DOMAIN_WORK: dict[str, FlowWork] = {
    "intake": _intake,
    "referral": _referral,
    "confirmation": _confirmation,
    "resolution": _resolution,
    DELIVERY_FLOW: _skip_past_deliveries,
}


class Settler:
    """Runs the due outbox rows' work inline; `extra` adds work the domain cannot do itself
    (the monthly report's rendering lives outside casework)."""

    def __init__(self, extra: Mapping[str, FlowWork] | None = None) -> None:
        self.work = {**DOMAIN_WORK, **(extra or {})}

    def __call__(self, uow: UnitOfWork) -> int:
        """Do every due row's work, and the work that work queued; returns how many rows.
        Rows of a flow without parameters (the delivery run) share one go, as the flow's
        runs would: each run does everything due."""
        done = 0
        while due := self._due(uow):
            ran: set[str] = set()
            for _, flow, parameters in due:
                if parameters or flow not in ran:
                    self.work[flow](uow, parameters)
                    ran.add(flow)
            with uow:
                for message_id, _, _ in due:
                    outbox.mark_run_inline(uow.session, message_id, now=uow.now())
                uow.commit()
            done += len(due)
        return done

    def _due(self, uow: UnitOfWork) -> list[tuple[int, str, dict[str, Any]]]:
        with uow:
            return [
                (m.id, m.flow, dict(m.parameters))
                for m in uow.session.scalars(
                    select(outbox.OutboxMessage)
                    .where(
                        outbox.OutboxMessage.dispatched_at.is_(None),
                        outbox.OutboxMessage.available_at <= uow.now(),
                        outbox.OutboxMessage.flow.in_(self.work),
                    )
                    .order_by(outbox.OutboxMessage.id)
                )
            ]
