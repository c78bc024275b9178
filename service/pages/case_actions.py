"""The case page's forms for the case itself: add and withdraw a need, close or withdraw the
case for a coded reason, hand it to a colleague, reissue a referral whose form lapsed. Each
calls the command the API calls and returns to the case page."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request

from casework.cases import commands as cases
from casework.cases.assignment import reassign_case
from casework.cases.reasons import CloseReason
from casework.cases.states import CaseStatus
from casework.network.services import ServiceCode
from casework.referrals.commands import reissue_referral
from service.deps import UowDep, wake_dispatcher
from service.pages.common import PageRoute, see_other
from service.pages.session import FormActor
from service.policies import NGO, Policy, Resource, declare

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.post("/cases/{case_id}/needs")
@declare(Policy(NGO, Resource.CASE))
def add_need(
    case_id: uuid.UUID, actor: FormActor, uow: UowDep, service: Annotated[ServiceCode, Form()]
):
    cases.add_need(uow, actor=actor, case_id=case_id, service=service)
    return see_other(f"/cases/{case_id}#needs")


@router.post("/cases/{case_id}/needs/{need_id}/withdraw")
@declare(Policy(NGO, Resource.CASE))
def withdraw_need(case_id: uuid.UUID, need_id: int, actor: FormActor, uow: UowDep):
    cases.withdraw_need(uow, actor=actor, case_id=case_id, need_id=need_id)
    return see_other(f"/cases/{case_id}#needs")


@router.post("/cases/{case_id}/closing")
@declare(Policy(NGO, Resource.CASE))
def close_case(
    request: Request,
    case_id: uuid.UUID,
    actor: FormActor,
    uow: UowDep,
    status: Annotated[CaseStatus, Form()],
    reason: Annotated[CloseReason, Form()],
):
    cases.close_case(uow, actor=actor, case_id=case_id, status=status, reason=reason)
    wake_dispatcher(request)
    return see_other(f"/cases/{case_id}")


@router.post("/cases/{case_id}/assignment")
@declare(Policy(NGO, Resource.CASE))
def reassign(
    case_id: uuid.UUID,
    actor: FormActor,
    uow: UowDep,
    caseworker: Annotated[str, Form(max_length=60)],
):
    reassign_case(uow, actor=actor, case_id=case_id, caseworker=caseworker)
    return see_other(f"/cases/{case_id}#assignment")


@router.post("/cases/{case_id}/referrals/{referral_id}/reissue")
@declare(Policy(NGO, Resource.REFERRAL))
def reissue(
    request: Request, case_id: uuid.UUID, referral_id: uuid.UUID, actor: FormActor, uow: UowDep
):
    """The case in the path is only where the page returns: the command checks the referral."""
    reissue_referral(uow, actor=actor, referral_id=referral_id)
    wake_dispatcher(request)
    return see_other(f"/cases/{case_id}#referrals")
