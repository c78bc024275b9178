"""Transactional outbox: work that must follow a state change, written in the same transaction.

The dispatcher claims due rows, records the flow run it makes for each before that run starts,
and marks them done when it ends; a crash at any point leaves the row undispatched, so it is
picked up again, and its recorded run is run again rather than a second one made. Flows are
idempotent."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, func, insert, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from casework.audit import AutoId
from casework.orm import Base, UtcDateTime

MAX_BACKOFF = timedelta(minutes=30)


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "dispatched_at", "available_at"),)

    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    flow: Mapped[str] = mapped_column(String(40))
    # Opaque ids only: these become Prefect flow-run parameters, which Prefect shows to anyone.
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The referral, case or beneficiary the flow works on (one of the parameters), indexed so
    # that a case page finds its flow runs without reading the whole outbox.
    subject_id: Mapped[str | None] = mapped_column(String(40), index=True)
    available_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    dispatched_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The idempotency key of the row's one flow run: random, so that a database restored or
    # re-created against the same Prefect server never meets another row's run.
    run_key: Mapped[str] = mapped_column(String(40))
    flow_run_id: Mapped[str | None] = mapped_column(String(40))


_QUEUED = "casework.outbox.queued"
_INSERT = insert(OutboxMessage.__table__)


def enqueue(
    session: Session,
    *,
    now: datetime,
    flow: str,
    available_at: datetime | None = None,
    **parameters: str,
) -> None:
    """Add a row to the transaction; `available_at` defers the flow (a retry, a timer).
    A plain row through Core, written at once: most commands enqueue, and an ORM object cost
    each of them a flush of its own."""
    session.connection().execute(
        _INSERT,
        {
            "created_at": now,
            "flow": flow,
            "parameters": parameters,
            "subject_id": subject_of(parameters),
            "available_at": available_at or now,
            "attempts": 0,
            "run_key": new_run_key(),
        },
    )
    session.info.setdefault(_QUEUED, set()).add(flow)


def take_queued_flows(session: Session) -> set[str]:
    """The flows `session` has queued rows for since the last call. The rows are not ORM
    objects, so whoever reacts to new rows before reading them back asks here (the demo
    seed's settler)."""
    return session.info.pop(_QUEUED, set())


def new_run_key() -> str:
    return f"outbox-{uuid.uuid4().hex}"


SUBJECTS = ("referral_id", "case_id", "beneficiary_id")  # the most specific first


def subject_of(parameters: dict[str, Any]) -> str | None:
    return next((parameters[key] for key in SUBJECTS if key in parameters), None)


def is_waiting(session: Session, *, flow: str, at: datetime) -> bool:
    """True if a parameterless run of `flow` is queued, unclaimed, to start exactly at `at`:
    work due at `at` will be seen by that run, so it needs no row of its own. (A row due
    earlier could already be starting, and miss work committed after it read.)"""
    return (
        session.scalar(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.flow == flow,
                OutboxMessage.dispatched_at.is_(None),
                OutboxMessage.claimed_until.is_(None),
                OutboxMessage.available_at == at,
            )
            .limit(1)
        )
        is not None
    )


def claim_due(session: Session, *, now: datetime, lease: timedelta, limit: int) -> list[int]:
    """Claim up to `limit` due rows for one dispatcher; a row claimed by another live
    dispatcher is skipped, a row whose claim lapsed (its dispatcher died) is taken over."""
    candidates = session.scalars(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.dispatched_at.is_(None),
            OutboxMessage.available_at <= now,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    claimed = []
    for message_id in candidates:
        result = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                OutboxMessage.dispatched_at.is_(None),
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
            )
            .values(claimed_until=now + lease, attempts=OutboxMessage.attempts + 1)
        )
        if result.rowcount == 1:
            claimed.append(message_id)
    return claimed


def record_run(session: Session, message_id: int, *, flow_run_id: str) -> None:
    """Written and committed before the run starts: a restart finds the run, not a blank."""
    session.get_one(OutboxMessage, message_id).flow_run_id = flow_run_id


def release_runs(session: Session, flow_run_ids: list[str]) -> int:
    """Hand the rows of runs whose process died to the next round now, not after the lease."""
    if not flow_run_ids:
        return 0
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.flow_run_id.in_(flow_run_ids),
            OutboxMessage.dispatched_at.is_(None),
        )
        .values(claimed_until=None)
    )
    return result.rowcount


def mark_dispatched(session: Session, message_id: int, *, now: datetime, flow_run_id: str) -> None:
    message = session.get_one(OutboxMessage, message_id)
    message.dispatched_at = now
    message.claimed_until = None
    message.flow_run_id = flow_run_id
    message.last_error = None


def mark_run_inline(session: Session, message_ids: list[int], *, now: datetime) -> None:
    """The rows' work was done in the process that wrote them, without Prefect (the demo's
    seeded year): dispatched, with no flow run to show."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(message_ids))
        .values(dispatched_at=now, claimed_until=None)
        .execution_options(synchronize_session=False)  # none of them is loaded here
    )


def mark_failed(session: Session, message_id: int, *, now: datetime, error: str) -> None:
    """Release the claim and retry later, backing off exponentially."""
    message = session.get_one(OutboxMessage, message_id)
    backoff = min(timedelta(seconds=2 ** min(message.attempts, 20)), MAX_BACKOFF)
    message.available_at = now + backoff
    message.claimed_until = None
    message.last_error = error[:300]


@dataclass(frozen=True)
class Backlog:
    rows: int  # due and not yet dispatched, or failed and waiting to be retried
    oldest_age_seconds: float  # how long the oldest of them has waited; 0 without any


def backlog(session: Session, *, now: datetime) -> Backlog:
    """What the dispatcher has not done yet: a row waits since it fell due, or, once it failed
    (its due time then moves with the backoff), since it was written."""
    waiting = (OutboxMessage.dispatched_at.is_(None),)
    due = (*waiting, OutboxMessage.attempts == 0, OutboxMessage.available_at <= now)
    retried = (*waiting, OutboxMessage.attempts > 0)
    due_count, due_since = session.execute(
        select(func.count(OutboxMessage.id), func.min(OutboxMessage.available_at)).where(*due)
    ).one()
    retried_count, retried_since = session.execute(
        select(func.count(OutboxMessage.id), func.min(OutboxMessage.created_at)).where(*retried)
    ).one()
    since = min((t for t in (due_since, retried_since) if t is not None), default=now)
    return Backlog(
        rows=due_count + retried_count,
        oldest_age_seconds=max((now - since).total_seconds(), 0.0),
    )


def latest_flow_runs(session: Session, subject_ids: list[str]) -> dict[str, str]:
    """Subject id -> the Prefect flow run last started for it, for links to the flow UI."""
    rows = session.execute(
        select(OutboxMessage.subject_id, OutboxMessage.flow_run_id)
        .where(
            OutboxMessage.subject_id.in_(subject_ids),
            OutboxMessage.flow_run_id.is_not(None),
        )
        .order_by(OutboxMessage.id)
    )
    return dict(rows.all())  # later rows overwrite earlier ones


def runs_of(session: Session, subject_ids: list[str]) -> list[OutboxMessage]:
    """Every row about these subjects, newest first: the flow runs a case page lists."""
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.subject_id.in_(subject_ids))
            .order_by(OutboxMessage.id.desc())
        )
    )
