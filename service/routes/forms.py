"""Referral forms for the issuing NGO: the printable A4 PDF and the same form as HTML."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from casework.i18n import Language
from casework.referrals.queries.form import referral_form
from referral_forms.keys import FormKeys
from referral_forms.render import FormSigner, render_form_html, render_form_pdf
from service.deps import ActorDep, UowDep

router = APIRouter(tags=["forms"])


def form_keys(request: Request) -> FormKeys:
    settings = request.app.state.settings
    return FormKeys(settings.form_keys_dir)


def form_signer(request: Request, keys: Annotated[FormKeys, Depends(form_keys)]) -> FormSigner:
    return FormSigner(keys, request.app.state.settings.base_url)


SignerDep = Annotated[FormSigner, Depends(form_signer)]
LanguageQuery = Annotated[
    Language | None,
    Query(alias="lang", description="tg, ru or en; default: the issuing NGO's language, or tg"),
]
# The form carries the slip code: never cached on the way.
PRIVATE = {"Cache-Control": "no-store"}


def form_pdf_response(pdf: bytes, serial: str) -> Response:
    return Response(
        pdf,
        media_type="application/pdf",
        headers={**PRIVATE, "Content-Disposition": f'inline; filename="referral-{serial}.pdf"'},
    )


@router.get(
    "/referrals/{referral_id}/form.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "One A4 page"}},
)
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
