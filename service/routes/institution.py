"""The referrals addressed to the focal point's institution, in the institution's view."""

from fastapi import APIRouter

from casework.referrals.queries.institution import institution_inbox
from casework.referrals.states import ReferralStatus
from service.deps import ActorDep, PageDep, UowDep
from service.policies import FOCAL, Policy, declare
from service.schemas.referrals import InstitutionReferralList, InstitutionReferralRead

router = APIRouter(prefix="/institution", tags=["institution"])


@router.get("/referrals", response_model=InstitutionReferralList)
@declare(Policy(FOCAL))
def list_referrals(
    actor: ActorDep, uow: UowDep, page: PageDep, status: ReferralStatus | None = None
) -> InstitutionReferralList:
    found = institution_inbox(uow, actor=actor, status=status, **page)
    return InstitutionReferralList(
        items=[InstitutionReferralRead.model_validate(r) for r in found],
        **page,
    )
