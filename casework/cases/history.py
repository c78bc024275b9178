"""A case's history for its NGO: what happened to the case and its referrals, read from the
audit trail (the record of every change), and the flow runs that did the work."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from casework import access, outbox
from casework.actors import Actor
from casework.audit import AuditEntry
from casework.referrals.model import Referral
from casework.uow import UnitOfWork

# Audit actions that only read ("case.read", "referral.inbox_read", "case.listed"): the
# timeline shows what changed.
_READS = ("%read", "%.listed")


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    action: str  # e.g. "referral.accepted"
    actor_role: str
    serial: str | None  # the referral's serial, for a referral's entry


@dataclass(frozen=True)
class FlowRun:
    flow: str
    queued_at: datetime
    started_at: datetime | None
    flow_run_id: str | None  # None until the dispatcher has started it
    last_error: str | None


@dataclass(frozen=True)
class CaseHistory:
    timeline: list[TimelineEntry]
    flow_runs: list[FlowRun]


def case_history(uow: UnitOfWork, *, actor: Actor, case_id: uuid.UUID) -> CaseHistory:
    """The case's timeline, oldest first, and its flow runs, newest first; audited."""
    with uow:
        case = access.case_for_ngo(uow.session, case_id, actor)
        serials = dict(
            uow.session.execute(
                select(Referral.id, Referral.serial).where(Referral.case_id == case.id)
            ).all()
        )
        ids = {str(case.id): None} | {str(rid): serial for rid, serial in serials.items()}
        entries = uow.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.object_type.in_(("cases", "referrals")),
                AuditEntry.object_id.in_(ids),
                *(AuditEntry.action.not_like(read) for read in _READS),
            )
            .order_by(AuditEntry.seq)
        )
        timeline = [TimelineEntry(e.at, e.action, e.actor_role, ids[e.object_id]) for e in entries]
        runs = [
            FlowRun(m.flow, m.created_at, m.dispatched_at, m.flow_run_id, m.last_error)
            for m in outbox.runs_of(uow.session, list(ids))
        ]
        uow.audit(actor, "case.history_read", case)
        uow.commit()
        return CaseHistory(timeline, runs)
