"""Reads of the escalation ladder: each network's thresholds, and the steps awaiting a meeting."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.access import network_of
from casework.actors import Actor
from casework.calendar import DeadlineUnit
from casework.escalation.model import AGENDA_LEVEL, Escalation, EscalationThreshold
from casework.escalation.views import Ladder
from casework.referrals.model import Referral
from casework.uow import UnitOfWork


def agenda_requests(session: Session, *, network_id: int) -> list[Escalation]:
    """Level-4 steps not yet placed on a meeting's agenda, oldest first: what the governance
    feature puts on the next monthly meeting (it sets `meeting_id` when it does)."""
    return list(
        session.scalars(
            select(Escalation)
            .join(Referral, Referral.id == Escalation.referral_id)
            .where(
                Escalation.level == AGENDA_LEVEL,
                Escalation.meeting_id.is_(None),
                Referral.network_id == network_id,
            )
            .order_by(Escalation.escalated_at, Escalation.id)
        )
    )


def ladders(session: Session, *, network_id: int | None = None) -> list[Ladder]:
    """Every network's ladders (or one network's), complete ones only."""
    stmt = select(EscalationThreshold).order_by(
        EscalationThreshold.network_id,
        EscalationThreshold.deadline_unit,
        EscalationThreshold.level,
    )
    if network_id is not None:
        stmt = stmt.where(EscalationThreshold.network_id == network_id)
    grouped: dict[tuple[int, DeadlineUnit], dict[int, int]] = {}
    for row in session.scalars(stmt):
        grouped.setdefault((row.network_id, row.deadline_unit), {})[row.level] = row.overdue_by
    return [Ladder(n, unit, levels) for (n, unit), levels in grouped.items()]


def network_ladders(
    uow: UnitOfWork, *, actor: Actor, network_id: int | None = None
) -> list[Ladder]:
    """The ladders of the network the actor names (or its own): network policy, which any
    of the network's staff may read."""
    with uow:
        return ladders(uow.session, network_id=network_of(uow.session, actor, network_id))
