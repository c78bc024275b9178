"""Decisions of the network's meetings and how members carry them out."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from casework.governance.meetings.commands.decisions import record_institutionalisation
from casework.governance.meetings.queries import attachment_file, get_decision, list_decisions
from casework.governance.meetings.states import DecisionStatus
from service.deps import ActorDep, UowDep
from service.documents import StoreDep, attachment_response
from service.one_hop import OneHopRoute
from service.policies import Resource, answered, declare, staff_read
from service.schemas.governance import IdPath, NetworkQuery
from service.schemas.meetings import DecisionRead, InstitutionalisationCreate

router = APIRouter(route_class=OneHopRoute, tags=["decisions"])


@router.get("/decisions", response_model=list[DecisionRead])
@declare(staff_read(Resource.NETWORK))
def decisions(
    actor: ActorDep,
    uow: UowDep,
    network_id: NetworkQuery = None,
    status: DecisionStatus | None = None,
    member_id: Annotated[
        int | None,
        Query(ge=1, le=2**31 - 1, description="a responsible member"),
    ] = None,
) -> list[DecisionRead]:
    """The network's decisions, newest first (`status=overdue`: what the next agenda takes up)."""
    found = list_decisions(
        uow, actor=actor, network_id=network_id, status=status, member_id=member_id
    )
    return [DecisionRead.model_validate(d) for d in found]


@router.get("/decisions/{decision_id}", response_model=DecisionRead)
@declare(staff_read(Resource.DECISION))
def decision(decision_id: IdPath, actor: ActorDep, uow: UowDep) -> DecisionRead:
    return DecisionRead.model_validate(get_decision(uow, actor=actor, decision_id=decision_id))


@router.post("/decisions/{decision_id}/institutionalisation", response_model=DecisionRead)
@declare(answered(Resource.DECISION))
def institutionalise(
    decision_id: IdPath, body: InstitutionalisationCreate, actor: ActorDep, uow: UowDep
) -> DecisionRead:
    """A responsible member records the order, instruction or regulation (number, date) that
    wrote the decision into its rules; another member gets 404."""
    record_institutionalisation(
        uow,
        actor=actor,
        decision_id=decision_id,
        instrument=body.instrument,
        number=body.number,
        issued_on=body.issued_on,
        member_id=body.member_id,
    )
    return DecisionRead.model_validate(get_decision(uow, actor=actor, decision_id=decision_id))


@router.get(
    "/decisions/{decision_id}/attachments/{attachment_id}",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The attached PDF"}},
)
@declare(staff_read(Resource.DECISION))
def attachment(
    decision_id: IdPath, attachment_id: IdPath, actor: ActorDep, uow: UowDep, store: StoreDep
) -> Response:
    """A PDF a responsible member attached (the order or instruction itself), to save."""
    view, content = attachment_file(
        uow, actor=actor, decision_id=decision_id, attachment_id=attachment_id, store=store
    )
    return attachment_response(content, view.filename)
