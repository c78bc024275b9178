"""What a caseworker does to the case itself: add and withdraw needs, close or withdraw the
case for a coded reason, hand it to a colleague, and reissue a referral whose form lapsed."""

import uuid

from fastapi import APIRouter, Request

from casework.cases import commands
from casework.cases.assignment import reassign_case
from casework.cases.states import CaseStatus, NeedStatus
from casework.referrals.commands import reissue_referral
from service.deps import ActorDep, UowDep, wake_dispatcher
from service.one_hop import OneHopRoute
from service.policies import NGO, Policy, Resource, declare
from service.routes.referrals import form_url
from service.schemas.case_actions import (
    CaseAssignment,
    CaseAssignmentRead,
    CaseClosing,
    NeedCreate,
    NeedStatusRead,
)
from service.schemas.cases import CaseStatusRead
from service.schemas.referrals import ReferralCreated

router = APIRouter(route_class=OneHopRoute, tags=["cases"])


@router.post("/cases/{case_id}/needs", status_code=201, response_model=NeedStatusRead)
@declare(Policy(NGO, Resource.CASE))
def add_need(case_id: uuid.UUID, body: NeedCreate, actor: ActorDep, uow: UowDep) -> NeedStatusRead:
    """A further need of an open case; 409 while the case already has it open."""
    need_id = commands.add_need(uow, actor=actor, case_id=case_id, service=body.service)
    return NeedStatusRead(id=need_id, service=body.service, status=NeedStatus.OPEN)


@router.post("/cases/{case_id}/needs/{need_id}/withdrawal", response_model=NeedStatusRead)
@declare(Policy(NGO, Resource.CASE))
def withdraw_need(case_id: uuid.UUID, need_id: int, actor: ActorDep, uow: UowDep) -> NeedStatusRead:
    """Take an open need off the case; 409 while a referral for it is open (cancel it first)."""
    commands.withdraw_need(uow, actor=actor, case_id=case_id, need_id=need_id)
    return NeedStatusRead(id=need_id, status=NeedStatus.WITHDRAWN)


@router.post("/cases/{case_id}/closing", response_model=CaseStatusRead)
@declare(Policy(NGO, Resource.CASE))
def close_case(
    case_id: uuid.UUID, body: CaseClosing, actor: ActorDep, uow: UowDep, request: Request
) -> CaseStatusRead:
    """Close the case without an outcome, for a coded reason; its open referrals are then
    cancelled (the institutions see only `cancelled`)."""
    status = commands.close_case(
        uow, actor=actor, case_id=case_id, status=CaseStatus(body.status), reason=body.reason
    )
    wake_dispatcher(request)
    return CaseStatusRead(id=case_id, status=status)


@router.post("/cases/{case_id}/assignment", response_model=CaseAssignmentRead)
@declare(Policy(NGO, Resource.CASE))
def reassign(
    case_id: uuid.UUID, body: CaseAssignment, actor: ActorDep, uow: UowDep
) -> CaseAssignmentRead:
    """Hand the case to another caseworker or supervisor of its NGO: a supervisor may hand any
    case, a caseworker their own (or one nobody works yet); 403 otherwise."""
    username = reassign_case(uow, actor=actor, case_id=case_id, caseworker=body.caseworker)
    return CaseAssignmentRead(id=case_id, caseworker=username)


@router.post("/referrals/{referral_id}/reissue", status_code=201, response_model=ReferralCreated)
@declare(Policy(NGO, Resource.REFERRAL))
def reissue(
    referral_id: uuid.UUID, actor: ActorDep, uow: UowDep, request: Request
) -> ReferralCreated:
    """A new referral on a new form (serial, validity, deadlines) for one whose form lapsed
    unused, to the same institution; the old form no longer verifies as valid. 409 if the
    form is still valid or was used, or if it was reissued already."""
    issued = reissue_referral(uow, actor=actor, referral_id=referral_id)
    wake_dispatcher(request)
    return ReferralCreated(
        id=issued.referral_id,
        serial=issued.serial,
        status=issued.status,
        institution_id=issued.institution_id,
        form_url=form_url(issued.referral_id),
    )
