"""The institution's steps on a referral it has accepted, as FHIR Task statuses: start the
service (`in-progress`), put it on hold with a coded reason (`on-hold`), and resume it."""

import uuid

from fastapi import APIRouter

from casework.referrals import commands
from service.deps import ActorDep, UowDep
from service.one_hop import OneHopRoute
from service.policies import FOCAL, Policy, Resource, declare
from service.schemas.referrals import ReferralHold, ReferralStatusRead

router = APIRouter(route_class=OneHopRoute, tags=["referrals"])


@router.post("/referrals/{referral_id}/start", response_model=ReferralStatusRead)
@declare(Policy(FOCAL, Resource.REFERRAL))
def start_referral(referral_id: uuid.UUID, actor: ActorDep, uow: UowDep) -> ReferralStatusRead:
    """The institution begins an accepted service that takes more than one visit."""
    status = commands.start_referral(uow, actor=actor, referral_id=referral_id)
    return ReferralStatusRead(id=referral_id, status=status)


@router.post("/referrals/{referral_id}/hold", response_model=ReferralStatusRead)
@declare(Policy(FOCAL, Resource.REFERRAL))
def hold_referral(
    referral_id: uuid.UUID, body: ReferralHold, actor: ActorDep, uow: UowDep
) -> ReferralStatusRead:
    """Pause an accepted or started service; its deadlines stop counting until it resumes."""
    status = commands.hold_referral(
        uow, actor=actor, referral_id=referral_id, reason_code=body.reason_code, note=body.note
    )
    return ReferralStatusRead(id=referral_id, status=status)


@router.post("/referrals/{referral_id}/resume", response_model=ReferralStatusRead)
@declare(Policy(FOCAL, Resource.REFERRAL))
def resume_referral(referral_id: uuid.UUID, actor: ActorDep, uow: UowDep) -> ReferralStatusRead:
    """Take up a held service in the status it was held from."""
    status = commands.resume_referral(uow, actor=actor, referral_id=referral_id)
    return ReferralStatusRead(id=referral_id, status=status)
