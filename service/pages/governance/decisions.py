"""The decisions page: the network's decisions by status and responsible member, how each
responsible member wrote them into its rules, and a member recording its own instrument."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request

from casework.governance.access import visible_network
from casework.governance.meetings.commands.decisions import record_institutionalisation
from casework.governance.meetings.queries import list_decisions, list_meetings
from casework.governance.meetings.states import DecisionStatus, Instrument
from casework.governance.memoranda.queries import standing
from service.deps import UowDep
from service.pages.common import BLANK_IS_NONE, PageRoute
from service.pages.governance.shared import (
    MemberFilter,
    NetworkField,
    back_to,
    page,
    spoken_for,
)
from service.pages.session import FormActor, PageActor
from service.policies import Resource, answered, declare, staff_read
from service.schemas.governance import IdPath, InstrumentNumber, MemberParam, NetworkQuery

router = APIRouter(route_class=PageRoute, include_in_schema=False)
StatusFilter = Annotated[DecisionStatus | None, BLANK_IS_NONE]


@router.get("/decisions")
@declare(staff_read(Resource.NETWORK))
def decisions_page(
    request: Request,
    actor: PageActor,
    uow: UowDep,
    network_id: NetworkQuery = None,
    status: StatusFilter = None,
    member_id: MemberFilter = None,
):
    network = visible_network(uow, actor=actor, network_id=network_id)
    members = standing(uow, actor=actor, network_id=network).members
    return page(
        request,
        "decisions.html.j2",
        actor=actor,
        network_id=network,
        decisions=list_decisions(
            uow, actor=actor, network_id=network, status=status, member_id=member_id
        ),
        months={m.id: m.month for m in list_meetings(uow, actor=actor, network_id=network)},
        members=members,
        own=spoken_for(actor, {m.member_id: m.kind for m in members}),
        status=status,
        member_id=member_id,
        statuses=list(DecisionStatus),
        instruments=list(Instrument),
        today=uow.calendar.today(uow.now()).isoformat(),
    )


@router.post("/decisions/{decision_id}/institutionalisation")
@declare(answered(Resource.DECISION))
def institutionalise(
    decision_id: IdPath,
    actor: FormActor,
    uow: UowDep,
    instrument: Annotated[Instrument, Form()],
    number: Annotated[InstrumentNumber, Form()],
    issued_on: Annotated[date, Form()],
    member_id: Annotated[MemberParam | None, Form()] = None,
    network_id: NetworkField = None,
):
    """A responsible member's representative records its order, instruction or regulation;
    a governor records one received on paper, naming the member. Anyone else's is 404."""
    record_institutionalisation(
        uow,
        actor=actor,
        decision_id=decision_id,
        instrument=instrument,
        number=number,
        issued_on=issued_on,
        member_id=member_id,
    )
    return back_to("/decisions", network_id, f"#d-{decision_id}")
