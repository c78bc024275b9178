"""The bell on every page: a member of staff's notices; and, for the coordinator, the
deliveries that did not go out."""

from fastapi import APIRouter, Query, status

from casework.notifications.commands import mark_read
from casework.notifications.queries import delivery_problems, inbox, unread_count
from service.deps import ActorDep, UowDep
from service.one_hop import OneHopRoute
from service.policies import ADMIN, GOVERNORS, STAFF, Policy, Resource, declare
from service.schemas.governance import IdPath
from service.schemas.notifications import (
    DeliveryProblemRead,
    NotificationList,
    NotificationRead,
)
from texts.said import notice_in

router = APIRouter(route_class=OneHopRoute, prefix="/notifications", tags=["notifications"])


@router.get("", response_model=NotificationList)
@declare(Policy(STAFF))
def list_notifications(
    actor: ActorDep,
    uow: UowDep,
    unread_only: bool = False,
    limit: int = Query(50, ge=1, le=200),
) -> NotificationList:
    items = inbox(uow, actor=actor, unread_only=unread_only, limit=limit)
    return NotificationList(
        unread=unread_count(uow, actor=actor),
        items=[NotificationRead.model_validate(notice_in(n, actor.language)) for n in items],
    )


@router.post("/{notification_id}/read", status_code=status.HTTP_204_NO_CONTENT)
@declare(Policy(STAFF - ADMIN, Resource.NOTIFICATION))
def read_notification(notification_id: IdPath, actor: ActorDep, uow: UowDep) -> None:
    mark_read(uow, actor=actor, notification_id=notification_id)


@router.get("/deliveries/failed", response_model=list[DeliveryProblemRead])
@declare(Policy(GOVERNORS))
def failed_deliveries(actor: ActorDep, uow: UowDep) -> list[DeliveryProblemRead]:
    return [DeliveryProblemRead.model_validate(p) for p in delivery_problems(uow, actor=actor)]
