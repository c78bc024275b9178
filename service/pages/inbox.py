"""The focal point's pages: referrals addressed to their institution, finding the one on a
form a beneficiary brings, and accepting, declining or confirming it."""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request

from casework.network.queries import directory
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.queries.institution import InboxFilter, institution_inbox
from casework.referrals.reasons import NOTE_MAX_LENGTH, HoldReason, RejectReason
from casework.referrals.states import ReferralStatus
from service.deps import UowDep, wake_dispatcher
from service.documents import Answer, attestations_of
from service.pages.common import BLANK_IS_NONE, PageRoute, render_page, see_other
from service.pages.session import FormActor, PageActor
from service.policies import FOCAL, Policy, Resource, declare

router = APIRouter(route_class=PageRoute, include_in_schema=False)
SHOWN = 100
AnswerField = Annotated[Answer, Form()]


@router.get("/inbox")
@declare(Policy(FOCAL))
def inbox(
    request: Request,
    actor: PageActor,
    uow: UowDep,
    status: Annotated[ReferralStatus | None, BLANK_IS_NONE] = None,
    service: Annotated[ServiceCode | None, BLANK_IS_NONE] = None,
    issued_from: Annotated[date | None, BLANK_IS_NONE] = None,
    issued_to: Annotated[date | None, BLANK_IS_NONE] = None,
    serial: str = "",
):
    serial = serial.strip()[:40]
    members = directory(uow, actor=actor)
    narrow = InboxFilter(
        status=status,
        open_only=status is None and not serial,
        service=service,
        issued_from=issued_from,
        issued_to=issued_to,
    )
    found = institution_inbox(uow, actor=actor, narrow=narrow, serial=serial or None, limit=SHOWN)
    return render_page(
        request,
        "inbox.html.j2",
        actor=actor,
        referrals=found,
        narrow=narrow,
        statuses=list(ReferralStatus),
        services=list(ServiceCode),
        hold_reasons=list(HoldReason),
        serial=serial,
        names={m.id: m.name for m in members},
        members=members,
        reject_reasons=list(RejectReason),
        note_max_length=NOTE_MAX_LENGTH,
    )


@router.post("/inbox/{referral_id}/accept")
@declare(Policy(FOCAL, Resource.REFERRAL))
def accept(referral_id: uuid.UUID, actor: FormActor, uow: UowDep):
    referrals.accept_referral(uow, actor=actor, referral_id=referral_id)
    return see_other(f"/inbox#r-{referral_id}")


@router.post("/inbox/{referral_id}/reject")
@declare(Policy(FOCAL, Resource.REFERRAL))
def reject(
    referral_id: uuid.UUID,
    actor: FormActor,
    uow: UowDep,
    reason_code: Annotated[RejectReason, Form()],
    note: Annotated[str, Form(max_length=NOTE_MAX_LENGTH)] = "",
    suggested_member_id: Annotated[str, Form(max_length=12)] = "",
):
    referrals.reject_referral(
        uow,
        actor=actor,
        referral_id=referral_id,
        reason_code=reason_code,
        note=note,
        suggested_member_id=int(suggested_member_id) if suggested_member_id.isdigit() else None,
    )
    return see_other("/inbox")


@router.post("/inbox/{referral_id}/complete")
@declare(Policy(FOCAL, Resource.REFERRAL))
def complete(
    request: Request,
    referral_id: uuid.UUID,
    actor: FormActor,
    uow: UowDep,
    anonymous: AnswerField,
    free: AnswerField,
    voluntary: AnswerField,
):
    """The visit happened; the three answers are the institution's attestation."""
    referrals.complete_referral(
        uow,
        actor=actor,
        referral_id=referral_id,
        attestations=attestations_of(anonymous=anonymous, free=free, voluntary=voluntary),
    )
    wake_dispatcher(request)  # the confirmation flow checks the attestations
    return see_other("/inbox")
