"""The referrals addressed to the focal point's institution, in the institution's view."""

from fastapi import APIRouter

from casework.network.services import ServiceCode
from casework.referrals.queries.institution import InboxFilter, institution_inbox
from casework.referrals.states import ReferralStatus
from service.deps import ActorDep, PageDep, UowDep
from service.one_hop import OneHopRoute
from service.policies import FOCAL, Policy, declare
from service.schemas.referrals import (
    InstitutionReferralList,
    InstitutionReferralRead,
    IssuedFrom,
    IssuedTo,
)

router = APIRouter(route_class=OneHopRoute, prefix="/institution", tags=["institution"])


@router.get("/referrals", response_model=InstitutionReferralList)
@declare(Policy(FOCAL))
def list_referrals(
    actor: ActorDep,
    uow: UowDep,
    page: PageDep,
    status: ReferralStatus | None = None,
    service: ServiceCode | None = None,
    issued_from: IssuedFrom = None,
    issued_to: IssuedTo = None,
) -> InstitutionReferralList:
    """Newest first, narrowed by status, service and the local days of issue."""
    narrow = InboxFilter(
        status=status, service=service, issued_from=issued_from, issued_to=issued_to
    )
    found = institution_inbox(uow, actor=actor, narrow=narrow, **page)
    return InstitutionReferralList(
        items=[InstitutionReferralRead.model_validate(r) for r in found],
        **page,
    )
