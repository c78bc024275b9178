"""The escalation sweep: expire unused referrals, then move each overdue referral one step up
its network's ladder. Every batch is one range read of an index, in one transaction."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.escalation import ladder
from casework.escalation.model import LEVELS, Escalation, overdue_reason
from casework.escalation.queries import ladders
from casework.escalation.views import Ladder
from casework.notifications.notices import address_notice
from casework.referrals.model import Referral
from casework.referrals.reasons import EngineReason
from casework.referrals.states import ReferralStatus
from casework.uow import UnitOfWork

EXPIRED_REASON = EngineReason.EXPIRED


@dataclass(frozen=True)
class SweepResult:
    escalated: int = 0
    expired: int = 0
    by_level: dict[int, int] = field(default_factory=dict)


def _locked(stmt, batch_size: int):
    # SKIP LOCKED lets sweeps on several workers share the work instead of queueing, and
    # leaves alone a referral that a person is changing right now.
    return stmt.limit(batch_size).with_for_update(skip_locked=True)


def due_for_level(ladder_: Ladder, level: int, cutoff: datetime):
    """Referrals of one network and unit ready to climb to `level`: one index range
    (network, unit, level below, running deadline before the cutoff)."""
    return (
        select(Referral)
        .where(
            Referral.network_id == ladder_.network_id,
            Referral.deadline_unit == ladder_.unit,
            Referral.escalation_level == level - 1,
            Referral.current_due_at < cutoff,
        )
        .order_by(Referral.current_due_at)
    )


def _step(uow: UnitOfWork, *, actor: Actor, referral: Referral, level: int, now) -> None:
    reason = overdue_reason(referral.status)
    assert reason is not None  # due_for_level reads only referrals whose deadline runs
    referral.escalation_level = level
    referral.touch(now)
    uow.session.add(
        Escalation(referral_id=referral.id, level=level, reason=reason, escalated_at=now)
    )
    uow.audit(actor, AuditAction.REFERRAL_ESCALATED, referral)
    address_notice(
        uow,
        actor=actor,
        referral=referral,
        kind=ladder.KIND,
        level=level,
        message=ladder.message(
            uow.session, uow.calendar, referral, level=level, reason=reason, now=now
        ),
        recipients=ladder.recipients(level, referral),
    )


def _expire(uow: UnitOfWork, *, actor: Actor, batch_size: int) -> int:
    expired = 0
    while True:
        with uow:
            now = uow.now()
            batch = list(
                uow.session.scalars(
                    _locked(
                        select(Referral)
                        .where(
                            Referral.status == ReferralStatus.REQUESTED,
                            Referral.valid_until < uow.calendar.today(now),
                        )
                        .order_by(Referral.valid_until),
                        batch_size,
                    )
                )
            )
            for referral in batch:
                referral.move_to(ReferralStatus.FAILED, now=now, reason=EXPIRED_REASON)
                uow.audit(actor, AuditAction.REFERRAL_FAILED, referral)
            uow.commit()
        expired += len(batch)
        if len(batch) < batch_size:
            return expired


def _read_ladders(uow: UnitOfWork) -> list[Ladder]:
    with uow:
        return ladders(uow.session)


def sweep(uow: UnitOfWork, *, actor: Actor, batch_size: int = 500) -> SweepResult:
    """Expire requested referrals past their validity, then move each overdue referral one
    step. The top level is swept first, so a referral climbs at most one step per sweep;
    a step already taken (by this sweep or another running at once) is never taken again."""
    expired = _expire(uow, actor=actor, batch_size=batch_size)
    now = uow.now()
    by_level: dict[int, int] = {}
    policies = _read_ladders(uow)
    for level in sorted(LEVELS, reverse=True):
        for ladder_ in policies:
            cutoff = uow.calendar.overdue_cutoff(now, ladder_.overdue_by[level], ladder_.unit)
            stmt = _locked(due_for_level(ladder_, level, cutoff), batch_size)
            while True:
                with uow:
                    batch = list(uow.session.scalars(stmt))
                    for referral in batch:
                        _step(uow, actor=actor, referral=referral, level=level, now=now)
                    if batch:  # most levels find nothing: no commit to seal
                        uow.commit()
                if batch:
                    by_level[level] = by_level.get(level, 0) + len(batch)
                if len(batch) < batch_size:
                    break
    return SweepResult(escalated=sum(by_level.values()), expired=expired, by_level=by_level)
