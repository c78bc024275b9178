"""Agenda items in session: minutes of the discussion, deferral, and the decisions taken."""

from fastapi import APIRouter, status

from casework.governance.meetings.commands import agenda
from casework.governance.meetings.commands.decisions import record_decision
from casework.governance.meetings.queries import get_decision
from service.deps import ActorDep, UowDep
from service.one_hop import OneHopRoute
from service.policies import Resource, declare, governed
from service.schemas.governance import IdPath
from service.schemas.meetings import DecisionCreate, DecisionRead, MinutesUpdate

router = APIRouter(route_class=OneHopRoute, tags=["agenda"])


@router.put("/agenda-items/{item_id}/minutes", status_code=status.HTTP_204_NO_CONTENT)
@declare(governed(Resource.AGENDA_ITEM))
def discuss(item_id: IdPath, body: MinutesUpdate, actor: ActorDep, uow: UowDep) -> None:
    """Minutes of the item's discussion: the item now needs a decision before the meeting
    may close."""
    agenda.record_item_minutes(uow, actor=actor, agenda_item_id=item_id, text=body.text)


@router.post("/agenda-items/{item_id}/deferral", status_code=status.HTTP_204_NO_CONTENT)
@declare(governed(Resource.AGENDA_ITEM))
def defer(item_id: IdPath, actor: ActorDep, uow: UowDep) -> None:
    """Leave the item for the next meeting."""
    agenda.defer_item(uow, actor=actor, agenda_item_id=item_id)


@router.post(
    "/agenda-items/{item_id}/decisions",
    response_model=DecisionRead,
    status_code=status.HTTP_201_CREATED,
    tags=["decisions"],
)
@declare(governed(Resource.AGENDA_ITEM))
def decide(item_id: IdPath, body: DecisionCreate, actor: ActorDep, uow: UowDep) -> DecisionRead:
    decision_id = record_decision(
        uow,
        actor=actor,
        agenda_item_id=item_id,
        text=body.text,
        due_on=body.due_on,
        responsible_member_ids=body.responsible_member_ids,
        supersede=body.supersede,
    )
    return DecisionRead.model_validate(get_decision(uow, actor=actor, decision_id=decision_id))
