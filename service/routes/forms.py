"""Referral forms for the issuing NGO: the printable A4 PDF and the same form as HTML."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from casework.languages import DEFAULT_LANGUAGE, Language, listed
from casework.referrals.queries.form import referral_form
from referral_forms.render import render_form_html, render_form_pdf
from service.deps import ActorDep, UowDep
from service.documents import PRIVATE, SignerDep, form_pdf_response
from service.one_hop import OneHopRoute
from service.policies import FOCAL, NGO, Policy, Resource, declare

router = APIRouter(route_class=OneHopRoute, tags=["forms"])


LanguageQuery = Annotated[
    Language | None,
    Query(
        alias="lang",
        description=f"{listed()}; default: the issuing NGO's language, or {DEFAULT_LANGUAGE}",
    ),
]


@router.get(
    "/referrals/{referral_id}/form.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "One A4 page"}},
)
@declare(Policy(NGO, Resource.REFERRAL, readers=FOCAL))
def referral_form_pdf(
    referral_id: uuid.UUID,
    actor: ActorDep,
    uow: UowDep,
    signer: SignerDep,
    lang: LanguageQuery = None,
) -> Response:
    """The referral form and its tear-off return slip, to print (issuing NGO only)."""
    form = referral_form(uow, actor=actor, referral_id=referral_id)
    return form_pdf_response(render_form_pdf(form, signer=signer, language=lang), form.serial)


@router.get("/referrals/{referral_id}/form.html", response_class=HTMLResponse)
@declare(Policy(NGO, Resource.REFERRAL, readers=FOCAL))
def referral_form_html(
    referral_id: uuid.UUID,
    actor: ActorDep,
    uow: UowDep,
    signer: SignerDep,
    lang: LanguageQuery = None,
) -> HTMLResponse:
    """The same form as an HTML page (prints on A4 from a browser)."""
    form = referral_form(uow, actor=actor, referral_id=referral_id)
    return HTMLResponse(render_form_html(form, signer=signer, language=lang), headers=PRIVATE)
