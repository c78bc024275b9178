"""The identity an NGO keeps of a beneficiary, behind a deliberate reveal, and the
supervisor's erasure, behind a confirmation. Neither is ever shown by default: the case page
links here, this page asks first, and only the POST that answers it reads the vault (an
audited read) and shows what is kept, in a response no cache keeps (the pages' headers)."""

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request

from casework.beneficiaries.commands import erasure, identity
from casework.beneficiaries.queries import beneficiary_of_case, read_identity
from casework.privacy.vault import Identity
from service.deps import UowDep, wake_dispatcher
from service.pages.beneficiary import back_to_case
from service.pages.common import PageRoute, render_page
from service.pages.session import FormActor, PageActor
from service.policies import ERASURE, NGO, Policy, Resource, declare

router = APIRouter(route_class=PageRoute, include_in_schema=False)
BASE = "/cases/{case_id}/beneficiary/{beneficiary_id}"


@router.get(BASE + "/identity")
@declare(Policy(NGO, Resource.BENEFICIARY))
def identity_page(
    request: Request, case_id: uuid.UUID, beneficiary_id: uuid.UUID, actor: PageActor, uow: UowDep
):
    """The question before the reveal: whether an identity is kept, never what it says."""
    detail = beneficiary_of_case(uow, actor=actor, case_id=case_id)
    return render_page(
        request, "beneficiary_identity.html.j2", actor=actor, case_id=case_id, detail=detail
    )


@router.post(BASE + "/identity/reveal")
@declare(Policy(NGO, Resource.BENEFICIARY))
def reveal_identity(
    request: Request, case_id: uuid.UUID, beneficiary_id: uuid.UUID, actor: FormActor, uow: UowDep
):
    """The deliberate reveal: one audited read of the vault, shown with the form to edit it."""
    kept = read_identity(uow, actor=actor, beneficiary_id=beneficiary_id)
    detail = beneficiary_of_case(uow, actor=actor, case_id=case_id)
    return render_page(
        request,
        "beneficiary_identity.html.j2",
        actor=actor,
        case_id=case_id,
        detail=detail,
        identity=kept,
    )


@router.post(BASE + "/identity")
@declare(Policy(NGO, Resource.BENEFICIARY))
def keep_identity(
    case_id: uuid.UUID,
    beneficiary_id: uuid.UUID,
    actor: FormActor,
    uow: UowDep,
    name: Annotated[str, Form(max_length=200)] = "",
    phone: Annotated[str, Form(max_length=40)] = "",
    notes: Annotated[str, Form(max_length=4000)] = "",
):
    """Keep or replace what the vault holds; all fields empty removes it."""
    kept = Identity(name=name or None, phone=phone or None, notes=notes or None)
    identity.keep_identity(uow, actor=actor, beneficiary_id=beneficiary_id, identity=kept)
    return back_to_case(case_id, "identity-saved")


@router.get(BASE + "/erasure")
@declare(ERASURE)
def erasure_page(
    request: Request, case_id: uuid.UUID, beneficiary_id: uuid.UUID, actor: PageActor, uow: UowDep
):
    """What erasure destroys, and the confirmation it needs."""
    detail = beneficiary_of_case(uow, actor=actor, case_id=case_id)  # 404 if not the NGO's
    erasure.require_eraser(actor)
    return render_page(
        request, "beneficiary_erasure.html.j2", actor=actor, case_id=case_id, detail=detail
    )


@router.post(BASE + "/erasure")
@declare(ERASURE)
def erase(
    request: Request,
    case_id: uuid.UUID,
    beneficiary_id: uuid.UUID,
    actor: FormActor,
    uow: UowDep,
    confirm: Annotated[Literal["yes"], Form()],
):
    """Erase once confirmed: without the ticked box, 422 naming `confirm`."""
    erasure.erase_beneficiary(uow, actor=actor, beneficiary_id=beneficiary_id)
    wake_dispatcher(request)
    return back_to_case(case_id, "erased")
