"""The escalation page: how far past its deadline a stalled referral climbs to each level of
the ladder, per deadline unit, and the coordinator changing one level."""

from typing import Annotated

from fastapi import APIRouter, Form, Request

from casework.access import is_governor
from casework.calendar import DeadlineUnit
from casework.escalation.commands.thresholds import set_threshold
from casework.escalation.model import LEVELS
from casework.escalation.queries import network_ladders
from casework.governance.access import visible_network
from service.deps import UowDep
from service.pages.common import PageRoute, render_page
from service.pages.governance.shared import back_to
from service.pages.session import FormActor, PageActor
from service.policies import NETWORK_ADMIN, Resource, declare, staff_read
from service.schemas.governance import NetworkQuery

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/escalation-thresholds")
@declare(staff_read(Resource.NETWORK))
def thresholds_page(
    request: Request, actor: PageActor, uow: UowDep, network_id: NetworkQuery = None
):
    """Any of the network's staff may read its ladder; its governors edit it."""
    network = visible_network(uow, actor=actor, network_id=network_id)
    return render_page(
        request,
        "administration/thresholds.html.j2",
        actor=actor,
        network_id=network,
        ladders=network_ladders(uow, actor=actor, network_id=network),
        levels=LEVELS,
        governs=is_governor(actor),
    )


@router.post("/escalation-thresholds")
@declare(NETWORK_ADMIN)
def edit(
    actor: FormActor,
    uow: UowDep,
    unit: Annotated[DeadlineUnit, Form()],
    level: Annotated[int, Form(ge=min(LEVELS), le=max(LEVELS))],
    overdue_by: Annotated[int, Form(ge=0, le=10_000)],
    network_id: NetworkQuery = None,
):
    network = visible_network(uow, actor=actor, network_id=network_id)
    set_threshold(
        uow, actor=actor, network_id=network, unit=unit, level=level, overdue_by=overdue_by
    )
    return back_to("/escalation-thresholds", network, anchor=f"#{unit.value}")
