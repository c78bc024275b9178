"""The services the network refers for."""

from fastapi import APIRouter

from casework.network.services import ServiceCode
from service.deps import ActorDep
from service.one_hop import OneHopRoute
from service.policies import STAFF, Policy, declare
from service.schemas.services import ServiceList, ServiceRead

router = APIRouter(route_class=OneHopRoute, tags=["services"])


@router.get("/services", response_model=ServiceList)
@declare(Policy(STAFF))
def list_services(_actor: ActorDep) -> ServiceList:
    return ServiceList(
        items=[ServiceRead(code=code, category=code.category) for code in ServiceCode]
    )
