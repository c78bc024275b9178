"""Each network's escalation thresholds: read by the sweep, edited by its coordinator."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.actors import Actor, Role
from casework.audit_actions import AuditAction
from casework.calendar import DeadlineUnit
from casework.errors import InvalidInput, PermissionDenied
from casework.escalation.model import LEVELS, EscalationThreshold
from casework.escalation.views import Ladder
from casework.network.queries import existing_network
from casework.uow import UnitOfWork

# The ladder a network starts with, until its coordinator edits it. Each level is reached
# when the running deadline is overdue by this much, in the unit the deadline is counted in;
# the last rung comes before an unaccepted referral's form expires (validity = completion
# deadline), so every stalled referral reaches the meeting agenda.
DEFAULT_THRESHOLDS: dict[DeadlineUnit, dict[int, int]] = {
    DeadlineUnit.WORKING_DAYS: {1: 0, 2: 2, 3: 4, 4: 6},
    DeadlineUnit.HOURS: {1: 0, 2: 4, 3: 12, 4: 24},
}
EDITORS = frozenset({Role.COORDINATOR, Role.ADMIN, Role.SYSTEM})


def adopt_default_thresholds(session: Session, *, network_id: int, now: datetime) -> None:
    """Give a new network the default ladder (part of the command that registers it)."""
    for unit, ladder in DEFAULT_THRESHOLDS.items():
        for level, overdue_by in ladder.items():
            session.add(
                EscalationThreshold(
                    network_id=network_id,
                    deadline_unit=unit,
                    level=level,
                    overdue_by=overdue_by,
                    updated_at=now,
                )
            )


def _check_ladder(levels: dict[int, int]) -> None:
    if sorted(levels) != list(LEVELS):
        raise InvalidInput(
            "escalation.thresholds_missing",
            "a ladder needs thresholds for levels {levels}",
            field="level",
            levels=LEVELS,
        )
    values = [levels[level] for level in LEVELS]
    if values[0] < 0 or values != sorted(values):
        raise InvalidInput(
            "escalation.thresholds_invalid",
            "thresholds must not be negative and must not fall from one level to the next",
            field="overdue_by",
        )


def set_threshold(
    uow: UnitOfWork,
    *,
    actor: Actor,
    network_id: int,
    unit: DeadlineUnit,
    level: int,
    overdue_by: int,
) -> Ladder:
    """Change when referrals of a network reach one level; applies from the next sweep."""
    if actor.role not in EDITORS:
        raise PermissionDenied(
            "escalation.coordinator_only",
            "only the network coordinator edits escalation thresholds",
        )
    if level not in LEVELS:
        raise InvalidInput(
            "escalation.unknown_level",
            "level must be one of {levels}",
            field="level",
            levels=LEVELS,
        )
    with uow:
        existing_network(uow.session, network_id)
        rows = {
            row.level: row
            for row in uow.session.scalars(
                select(EscalationThreshold)
                .where(
                    EscalationThreshold.network_id == network_id,
                    EscalationThreshold.deadline_unit == unit,
                )
                .with_for_update()
            )
        }
        levels = {lvl: row.overdue_by for lvl, row in rows.items()} | {level: overdue_by}
        _check_ladder(levels)
        row = rows.get(level)
        if row is None:
            row = EscalationThreshold(network_id=network_id, deadline_unit=unit, level=level)
            uow.session.add(row)
        row.overdue_by = overdue_by
        row.updated_at = uow.now()
        uow.session.flush()
        uow.audit(actor, AuditAction.ESCALATION_THRESHOLD_SET, row)
        uow.commit()
        return Ladder(network_id, unit, levels)
