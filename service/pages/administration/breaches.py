"""The register of memorandum breaches: each failed attestation of free, anonymous or
voluntary service, open until the coordinator resolves it with a note."""

from typing import Annotated

from fastapi import APIRouter, Form, Request

from casework.governance.breaches.register import NOTE_LENGTH, breach_register, resolve_breach
from service.deps import UowDep
from service.pages.common import PageRoute, render_page
from service.pages.governance.shared import NetworkField, back_to
from service.pages.session import FormActor, PageActor
from service.policies import GOVERNORS, NETWORK_ADMIN, Policy, Resource, declare
from service.schemas.governance import IdPath, NetworkQuery

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/breaches")
@declare(NETWORK_ADMIN)
def breaches_page(request: Request, actor: PageActor, uow: UowDep, network_id: NetworkQuery = None):
    found = breach_register(uow, actor=actor, network_id=network_id)
    return render_page(
        request,
        "administration/breaches.html.j2",
        actor=actor,
        network_id=network_id,
        still_open=[b for b in found if b.resolved_at is None],
        resolved=[b for b in found if b.resolved_at is not None],
        note_length=NOTE_LENGTH,
    )


@router.post("/breaches/{breach_id}/resolution")
@declare(Policy(GOVERNORS, Resource.BREACH, network_wide=GOVERNORS))
def resolve(
    breach_id: IdPath,
    actor: FormActor,
    uow: UowDep,
    note: Annotated[str, Form(min_length=1, max_length=NOTE_LENGTH)],
    network_id: NetworkField = None,
):
    resolve_breach(uow, actor=actor, breach_id=breach_id, note=note)
    return back_to("/breaches", network_id, anchor=f"#b-{breach_id}")
