"""The focal point's steps on a service their institution has taken on (start it, put it on
hold with a coded reason, resume it), and the institution's own list of what it is late on."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request

from casework.network.queries import directory
from casework.referrals import commands as referrals
from casework.referrals.queries.institution import institution_overdue
from casework.referrals.reasons import HoldReason
from service.deps import UowDep
from service.pages.common import PageRoute, render_page, see_other
from service.pages.session import FormActor, PageActor
from service.policies import FOCAL, Policy, Resource, declare

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _back_to(referral_id: uuid.UUID):
    return see_other(f"/inbox#r-{referral_id}")


@router.get("/inbox/overdue")
@declare(Policy(FOCAL))
def overdue(request: Request, actor: PageActor, uow: UowDep):
    return render_page(
        request,
        "inbox_overdue.html.j2",
        actor=actor,
        overdue=institution_overdue(uow, actor=actor),
        names={m.id: m.name for m in directory(uow, actor=actor)},
    )


@router.post("/inbox/{referral_id}/start")
@declare(Policy(FOCAL, Resource.REFERRAL))
def start(referral_id: uuid.UUID, actor: FormActor, uow: UowDep):
    referrals.start_referral(uow, actor=actor, referral_id=referral_id)
    return _back_to(referral_id)


@router.post("/inbox/{referral_id}/hold")
@declare(Policy(FOCAL, Resource.REFERRAL))
def hold(
    referral_id: uuid.UUID,
    actor: FormActor,
    uow: UowDep,
    reason_code: Annotated[HoldReason, Form()],
    note: Annotated[str, Form(max_length=300)] = "",
):
    referrals.hold_referral(
        uow, actor=actor, referral_id=referral_id, reason_code=reason_code, note=note.strip()
    )
    return _back_to(referral_id)


@router.post("/inbox/{referral_id}/resume")
@declare(Policy(FOCAL, Resource.REFERRAL))
def resume(referral_id: uuid.UUID, actor: FormActor, uow: UowDep):
    referrals.resume_referral(uow, actor=actor, referral_id=referral_id)
    return _back_to(referral_id)
