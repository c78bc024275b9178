"""The supervisors' and the coordinator's pages: open referrals by institution and status,
the overdue ones with links to their flow runs, referrals closed lately by reason code;
and everyone's notices (the bell)."""

from typing import Annotated

from fastapi import APIRouter, Path, Request

from casework.notifications.commands import mark_read
from casework.notifications.queries import WATCHERS, delivery_problems, dispatch_backlog, inbox
from casework.referrals.queries.dashboard import CLOSED_DAYS, dashboard
from service.deps import UowDep
from service.pages.common import PageRoute, render_page, see_other
from service.pages.session import FormActor, PageActor, page_language
from service.policies import ADMIN, GOVERNORS, NGO, STAFF, Policy, Resource, declare
from texts.said import notice_in

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/dashboard")
@declare(Policy(NGO | GOVERNORS))
def dashboard_page(request: Request, actor: PageActor, uow: UowDep):
    return render_page(
        request,
        "dashboard.html.j2",
        actor=actor,
        board=dashboard(uow, actor=actor),
        closed_days=CLOSED_DAYS,
    )


@router.get("/notifications")
@declare(Policy(STAFF))
def notifications_page(request: Request, actor: PageActor, uow: UowDep):
    """The actor's notices; the coordinator also sees the deliveries that did not go out,
    and the flows waiting to start."""
    watches = actor.role in WATCHERS
    return render_page(
        request,
        "notifications.html.j2",
        actor=actor,
        notices=[notice_in(n, page_language(request)) for n in inbox(uow, actor=actor)],
        problems=delivery_problems(uow, actor=actor) if watches else None,
        backlog=dispatch_backlog(uow, actor=actor) if watches else None,
    )


@router.post("/notifications/{notification_id}/read")
@declare(Policy(STAFF - ADMIN, Resource.NOTIFICATION))
def read_notification(
    notification_id: Annotated[int, Path(ge=1, le=2**31 - 1)], actor: FormActor, uow: UowDep
):
    mark_read(uow, actor=actor, notification_id=notification_id)
    return see_other("/notifications")
