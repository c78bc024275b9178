"""Cases of the caller's NGO: intake, reading, and the outcome."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request

from casework.cases import commands, queries
from casework.cases.profile import Profile
from casework.cases.search import CaseSearch
from casework.privacy.uic import UicParts
from casework.privacy.vault import Identity
from service.deps import ActorDep, UowDep, wake_dispatcher
from service.idempotency import note_beneficiary
from service.one_hop import OneHopRoute
from service.policies import NGO, Policy, Resource, declare
from service.schemas.cases import (
    CaseCreate,
    CaseCreated,
    CaseList,
    CaseListQuery,
    CaseRead,
    CaseStatusRead,
    CaseSummaryRead,
    OutcomeCreate,
)

router = APIRouter(prefix="/cases", tags=["cases"], route_class=OneHopRoute)


@router.post("", status_code=201, response_model=CaseCreated)
@declare(Policy(NGO))
def open_case(body: CaseCreate, actor: ActorDep, uow: UowDep, request: Request) -> CaseCreated:
    """Open a case for a beneficiary known only by the parts of their UIC."""
    opened = commands.open_case(
        uow,
        actor=actor,
        uic=UicParts(**body.uic.model_dump()),
        needs=body.needs,
        consent_to_referral=body.consent.referral,
        identity=Identity(**body.identity.model_dump()) if body.identity else None,
        district=body.district,
        profile=body.profile.profile() if body.profile else Profile(),
    )
    note_beneficiary(request, opened.beneficiary_id)
    wake_dispatcher(request)
    return CaseCreated(id=opened.case_id, display_code=opened.display_code, status=opened.status)


@router.get("", response_model=CaseList)
@declare(Policy(NGO))
def list_cases(
    actor: ActorDep,
    uow: UowDep,
    asked: Annotated[CaseListQuery, Query()],
) -> CaseList:
    """The cases of the caller's NGO, newest first, found and narrowed as asked."""
    page = {"limit": asked.limit, "offset": asked.offset}
    search = CaseSearch(**asked.model_dump(exclude=set(page)))
    found = queries.list_cases(uow, actor=actor, search=search, **page)
    return CaseList(items=[CaseSummaryRead.model_validate(c) for c in found], **page)


@router.get("/{case_id}", response_model=CaseRead)
@declare(Policy(NGO, Resource.CASE))
def read_case(case_id: uuid.UUID, actor: ActorDep, uow: UowDep) -> CaseRead:
    detail = queries.get_case(uow, actor=actor, case_id=case_id)
    return CaseRead.model_validate(detail)


@router.post("/{case_id}/outcome", response_model=CaseStatusRead)
@declare(Policy(NGO, Resource.CASE))
def record_outcome(
    case_id: uuid.UUID, body: OutcomeCreate, actor: ActorDep, uow: UowDep, request: Request
) -> CaseStatusRead:
    """Close the case as resolved or not; open referrals are then wound down."""
    status = commands.record_outcome(
        uow, actor=actor, case_id=case_id, resolved=body.resolved, note=body.note
    )
    wake_dispatcher(request)
    return CaseStatusRead(id=case_id, status=status)
