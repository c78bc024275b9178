"""Liveness and readiness: is the database reachable, is the outbox draining."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import func, select, text

from casework.errors import DatabaseUnavailable
from casework.outbox import OutboxMessage
from service.policies import PUBLIC, declare

router = APIRouter(tags=["health"])


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
    except DatabaseUnavailable as away:
        return JSONResponse(
            {"status": "unavailable", "database": "down", "outbox_pending": None},
            status_code=503,
            headers={"Retry-After": str(away.retry_after_seconds)},
        )
    return JSONResponse({"status": "ok", "database": "up", "outbox_pending": pending})
