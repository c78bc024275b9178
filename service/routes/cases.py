"""Cases of the caller's NGO: intake, reading, and the outcome."""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request

from casework.cases import commands, queries
from casework.cases.profile import Profile
from casework.cases.search import CaseSearch
from casework.cases.states import CaseStatus
from casework.network.services import ServiceCode
from casework.privacy.uic import UicParts
from casework.privacy.vault import Identity
from service.deps import ActorDep, PageDep, UowDep, wake_dispatcher
from service.idempotency import note_beneficiary
from service.one_hop import OneHopRoute
from service.policies import NGO, Policy, Resource, declare
from service.schemas.cases import (
    CaseCreate,
    CaseCreated,
    CaseList,
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
    page: PageDep,
    q: Annotated[
        str,
        Query(
            max_length=40,
            description="A case's display code or any of its referrals' serials; case, "
            "spaces and hyphens do not matter. Never a name or a UIC.",
        ),
    ] = "",
    status: CaseStatus | None = None,
    service: Annotated[ServiceCode | None, Query(description="Cases with this need")] = None,
    opened_from: Annotated[
        date | None, Query(description="First local day of opening, included")
    ] = None,
    opened_to: Annotated[
        date | None, Query(description="Last local day of opening, included")
    ] = None,
    mine: Annotated[bool, Query(description="Only cases the caller is the caseworker of")] = False,
) -> CaseList:
    """The cases of the caller's NGO, newest first, found and narrowed as asked."""
    search = CaseSearch(
        q=q,
        status=status,
        service=service,
        opened_from=opened_from,
        opened_to=opened_to,
        mine=mine,
    )
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
