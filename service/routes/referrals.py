"""Referrals: the NGO requests and cancels, the institution accepts, rejects and completes."""

import uuid

from fastapi import APIRouter, Request, Response

from casework.referrals import commands as commands
from casework.referrals.queries.export import referrals_for_export
from casework.referrals.queries.institution import read_referral
from casework.referrals.views import ReferralView
from interop.csv_export import referrals_csv, referrals_filename
from service.deps import ActorDep, UowDep, wake_dispatcher
from service.documents import csv_response
from service.one_hop import OneHopRoute
from service.policies import FOCAL, NGO, REFERRAL_EXPORT, Policy, Resource, declare
from service.routes import API_PREFIX
from service.schemas.referrals import (
    AnyReferralRead,
    InstitutionReferralRead,
    IssuedFrom,
    IssuedTo,
    ReferralCancel,
    ReferralComplete,
    ReferralCreate,
    ReferralCreated,
    ReferralRead,
    ReferralReject,
    ReferralStatusRead,
)

router = APIRouter(route_class=OneHopRoute, tags=["referrals"])


def form_url(referral_id: uuid.UUID) -> str:
    return f"{API_PREFIX}/referrals/{referral_id}/form.pdf"


@router.post("/cases/{case_id}/referrals", status_code=201, response_model=ReferralCreated)
@declare(Policy(NGO, Resource.CASE))
def request_referral(
    case_id: uuid.UUID, body: ReferralCreate, actor: ActorDep, uow: UowDep, request: Request
) -> ReferralCreated:
    """Refer the case for one service; routing picks the institution unless one is named."""
    issued = commands.request_referral(
        uow,
        actor=actor,
        case_id=case_id,
        service=body.service,
        institution_id=body.institution_id,
        urgency=body.urgency,
    )
    wake_dispatcher(request)
    return ReferralCreated(
        id=issued.referral_id,
        serial=issued.serial,
        status=issued.status,
        institution_id=issued.institution_id,
        form_url=form_url(issued.referral_id),
    )


@router.get(
    "/referrals.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One referral a line"}},
)
@declare(REFERRAL_EXPORT)
def referrals_spreadsheet(
    actor: ActorDep,
    uow: UowDep,
    issued_from: IssuedFrom = None,
    issued_to: IssuedTo = None,
) -> Response:
    """The supervisor's NGO's referrals issued on these local days (both included, either
    open), as CSV for a spreadsheet: codes and dates only (docs/interop.md, "CSV")."""
    export = referrals_for_export(uow, actor=actor, issued_from=issued_from, issued_to=issued_to)
    return csv_response(referrals_csv(export), referrals_filename(export))


@router.get("/referrals/{referral_id}", response_model=AnyReferralRead)
@declare(Policy(NGO | FOCAL, Resource.REFERRAL))
def get_referral(
    referral_id: uuid.UUID, actor: ActorDep, uow: UowDep
) -> ReferralRead | InstitutionReferralRead:
    """The issuing NGO gets the full view (`view: ngo`), the institution its own small one
    (`view: institution`)."""
    found = read_referral(uow, actor=actor, referral_id=referral_id)
    shape = ReferralRead if isinstance(found, ReferralView) else InstitutionReferralRead
    return shape.model_validate(found)


@router.post("/referrals/{referral_id}/accept", response_model=ReferralStatusRead)
@declare(Policy(FOCAL, Resource.REFERRAL))
def accept_referral(referral_id: uuid.UUID, actor: ActorDep, uow: UowDep) -> ReferralStatusRead:
    status = commands.accept_referral(uow, actor=actor, referral_id=referral_id)
    return ReferralStatusRead(id=referral_id, status=status)


@router.post("/referrals/{referral_id}/reject", response_model=ReferralStatusRead)
@declare(Policy(FOCAL, Resource.REFERRAL))
def reject_referral(
    referral_id: uuid.UUID, body: ReferralReject, actor: ActorDep, uow: UowDep
) -> ReferralStatusRead:
    """Decline with a code from `GET /reason-codes` (`reject`), perhaps naming another member
    offering the service; the note is read by the issuing NGO."""
    status = commands.reject_referral(
        uow,
        actor=actor,
        referral_id=referral_id,
        reason_code=body.reason_code,
        note=body.note,
        suggested_member_id=body.suggested_member_id,
    )
    return ReferralStatusRead(id=referral_id, status=status)


@router.post("/referrals/{referral_id}/complete", response_model=ReferralStatusRead)
@declare(Policy(FOCAL, Resource.REFERRAL))
def complete_referral(
    referral_id: uuid.UUID, body: ReferralComplete, actor: ActorDep, uow: UowDep, request: Request
) -> ReferralStatusRead:
    """The visit happened; the institution attests it was anonymous, free and voluntary."""
    status = commands.complete_referral(
        uow,
        actor=actor,
        referral_id=referral_id,
        attestations=commands.Attestations(**body.attestations.model_dump()),
    )
    wake_dispatcher(request)
    return ReferralStatusRead(id=referral_id, status=status)


@router.post("/referrals/{referral_id}/cancel", response_model=ReferralStatusRead)
@declare(Policy(NGO, Resource.REFERRAL))
def cancel_referral(
    referral_id: uuid.UUID, body: ReferralCancel, actor: ActorDep, uow: UowDep
) -> ReferralStatusRead:
    """The issuing NGO withdraws the referral with a code from `GET /reason-codes` (`cancel`);
    the institution sees only `cancelled`."""
    status = commands.cancel_referral(
        uow, actor=actor, referral_id=referral_id, reason_code=body.reason_code, note=body.note
    )
    return ReferralStatusRead(id=referral_id, status=status)
