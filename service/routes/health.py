"""Liveness and readiness: is the database reachable, is the outbox draining."""

from fastapi import APIRouter, Request
from sqlalchemy import func, select, text

from casework import outbox
from casework.outbox import OutboxMessage
from service.policies import PUBLIC, declare

router = APIRouter(tags=["health"])


@router.get("/healthz")
@declare(PUBLIC)
def healthz(request: Request) -> dict:
    uow = request.app.state.uow_factory()
    with uow:
        uow.session.execute(text("SELECT 1"))
        pending = uow.session.scalar(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.dispatched_at.is_(None))
        )
        backlog = outbox.backlog(uow.session, now=uow.now())
    return {
        "status": "ok",
        "database": "ok",
        "outbox_pending": pending,  # every undispatched row, timers not yet due included
        # What the dispatcher has yet to do, and how long the oldest of it has waited: a
        # growing age means the flows are not starting (Prefect away, the dispatcher stuck).
        "outbox": {
            "backlog": backlog.rows,
            "oldest_age_seconds": round(backlog.oldest_age_seconds, 1),
        },
    }
