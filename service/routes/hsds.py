"""The network's directory in Open Referral's HSDS 3 (docs/interop.md, "HSDS 3 directory")."""

from typing import Any

from fastapi import APIRouter

from casework.network.queries import published_directory
from interop import hsds
from service.deps import ActorDep, UowDep
from service.one_hop import OneHopRoute
from service.policies import Resource, declare, staff_read
from service.schemas.governance import NetworkQuery

router = APIRouter(route_class=OneHopRoute, tags=["hsds"])


@router.get("/hsds/services")
@declare(staff_read(Resource.NETWORK))
def hsds_services(
    actor: ActorDep, uow: UowDep, network_id: NetworkQuery = None
) -> list[dict[str, Any]]:
    """Every service the network's current members offer, as an array of HSDS 3 services, each
    with its organization and location embedded: what `casework export hsds` writes to
    services.json."""
    return hsds.services(published_directory(uow, actor=actor, network_id=network_id))
