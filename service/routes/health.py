"""Liveness and readiness: is the database reachable, is the outbox draining."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import func, select, text

from casework import outbox
from casework.errors import DatabaseUnavailable
from casework.outbox import OutboxMessage
from service.one_hop import OneHopRoute
from service.policies import PUBLIC, declare

router = APIRouter(route_class=OneHopRoute, tags=["health"])


@router.get("/healthz")
@declare(PUBLIC)
def healthz(request: Request) -> JSONResponse:
    """200 with the database up; 503 with it down, within the engine's connect timeout."""
    uow = request.app.state.uow_factory()
    try:
        with uow:
            uow.session.execute(text("SELECT 1"))
            pending = uow.session.scalar(
                select(func.count(OutboxMessage.id)).where(OutboxMessage.dispatched_at.is_(None))
            )
            backlog = outbox.backlog(uow.session, now=uow.now())
    except DatabaseUnavailable as away:
        return JSONResponse(
            {"status": "unavailable", "database": "down", "outbox_pending": None, "outbox": None},
            status_code=503,
            headers={"Retry-After": str(away.retry_after_seconds)},
        )
    return JSONResponse(
        {
            "status": "ok",
            "database": "up",
            "outbox_pending": pending,  # every undispatched row, timers not yet due included
            # What the dispatcher has yet to do, and how long the oldest of it has waited: a
            # growing age means the flows are not starting (Prefect away, the dispatcher stuck).
            "outbox": {
                "backlog": backlog.rows,
                "oldest_age_seconds": round(backlog.oldest_age_seconds, 1),
            },
        }
    )
