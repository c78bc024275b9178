"""Public, without login, for whoever holds a paper form: the published signing keys, the
verify page a form's QR opens, and the return-slip page where an institution confirms a visit."""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from casework.errors import DomainError
from casework.languages import Language, negotiate
from casework.referrals.commands import confirm_visit_with_slip_code
from casework.referrals.queries.public import referral_status_by_serial
from referral_forms.keys import FormKeys
from referral_forms.pages import (
    ANSWER_EACH_QUESTION,
    TOO_MANY_REQUESTS,
    render_slip_page,
    render_too_many_checks,
    render_verify_page,
    slip_error_message,
)
from referral_forms.render import SLIP_PATH
from referral_forms.verification import check_offline, check_online
from service.deps import UowDep, wake_dispatcher
from service.documents import Answer, attestations_of, form_keys
from service.errors import status_for
from service.one_hop import OneHopRoute
from service.pages.common import PAGE_HEADERS
from service.policies import PUBLIC, declare
from service.ratelimit import SlidingWindowLimiter

KEYS_PATH = "/.well-known/referral-form-keys.json"
# Per window, per client address, per process. Each check of a genuine form writes an audit
# row, and each slip attempt tries a code: neither is a thing to do in bulk.
VERIFY_CHECKS_PER_CLIENT = 60
SLIP_ATTEMPTS_PER_CLIENT = 20
WINDOW_SECONDS = 600.0
# Pages that carry a payload or a serial: guarded like every page (not cached, never framed,
# no script), and the URL never leaks as a referrer.
PUBLIC_PAGE = PAGE_HEADERS | {"Referrer-Policy": "no-referrer"}

router = APIRouter(route_class=OneHopRoute, tags=["form checks"])
KeysDep = Annotated[FormKeys, Depends(form_keys)]
LanguageQuery = Annotated[Language | None, Query(alias="lang")]


def page_language(request: Request, lang: Language | None) -> Language:
    return lang or negotiate(request.headers.get("accept-language"))


def _limiter(name: str, limit: int) -> Callable[[Request], SlidingWindowLimiter]:
    """A dependency: the app's limiter of that name, made on first use."""

    def limiter(request: Request) -> SlidingWindowLimiter:
        state = request.app.state
        if not hasattr(state, name):
            setattr(state, name, SlidingWindowLimiter(limit, WINDOW_SECONDS))
        return getattr(state, name)

    return limiter


VerifyLimiter = Annotated[
    SlidingWindowLimiter, Depends(_limiter("verify_limiter", VERIFY_CHECKS_PER_CLIENT))
]
SlipLimiter = Annotated[
    SlidingWindowLimiter, Depends(_limiter("slip_limiter", SLIP_ATTEMPTS_PER_CLIENT))
]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get(KEYS_PATH)
@declare(PUBLIC)
def published_form_keys(keys: KeysDep) -> JSONResponse:
    """Every public key that ever signed a form (JWK, RFC 8037), by key id: enough to verify
    any form offline. Retired keys stay, so that old forms still verify."""
    return JSONResponse(
        keys.public_keys().to_jwks(), headers={"Cache-Control": "public, max-age=300"}
    )


@router.get("/verify", response_class=HTMLResponse)
@declare(PUBLIC)
def verify_page(
    request: Request,
    uow: UowDep,
    keys: KeysDep,
    limiter: VerifyLimiter,
    p: str = "",
    lang: LanguageQuery = None,
) -> HTMLResponse:
    """What a phone camera opens from a form's QR: genuine or not, and still usable or not."""
    if not limiter.allow(client_address(request)):
        page = render_too_many_checks(language=page_language(request, lang))
        return HTMLResponse(page, status_code=429, headers=PUBLIC_PAGE)
    today = uow.calendar.today(uow.now())
    result = check_offline(p, keys.public_keys().key_for, today=today)
    if result.claims is not None:  # only a genuine form asks the database
        status = referral_status_by_serial(uow, serial=result.claims.serial)
        result = check_online(result, status, today=today)
    page = render_verify_page(
        result, language=page_language(request, lang), payload=p, slip_path=SLIP_PATH
    )
    return HTMLResponse(page, headers=PUBLIC_PAGE)


@router.get(SLIP_PATH, response_class=HTMLResponse)
@declare(PUBLIC)
def slip_page(request: Request, serial: str = "", lang: LanguageQuery = None) -> HTMLResponse:
    language = page_language(request, lang)
    page = render_slip_page(language=language, action=_action(language), serial=serial[:40])
    return HTMLResponse(page, headers=PUBLIC_PAGE)


@router.post(SLIP_PATH, response_class=HTMLResponse)
@declare(PUBLIC)
def confirm_slip(
    request: Request,
    uow: UowDep,
    limiter: SlipLimiter,
    serial: Annotated[str, Form(max_length=40)] = "",
    code: Annotated[str, Form(max_length=20)] = "",
    anonymous: Annotated[Answer | None, Form()] = None,
    voluntary: Annotated[Answer | None, Form()] = None,
    free: Annotated[Answer | None, Form()] = None,
    lang: LanguageQuery = None,
) -> HTMLResponse:
    """Confirm a visit with the form's serial, its slip code and the three attestations."""
    language = page_language(request, lang)

    def page(status_code: int, **outcome) -> HTMLResponse:
        html = render_slip_page(language=language, action=_action(language), **outcome)
        return HTMLResponse(html, status_code=status_code, headers=PUBLIC_PAGE)

    if not limiter.allow(client_address(request)):
        return page(429, serial=serial, error=TOO_MANY_REQUESTS)
    if anonymous is None or voluntary is None or free is None:
        return page(422, serial=serial, error=ANSWER_EACH_QUESTION)
    try:
        confirmed = confirm_visit_with_slip_code(
            uow,
            serial=serial,
            code=code,
            attestations=attestations_of(anonymous=anonymous, free=free, voluntary=voluntary),
        )
    except DomainError as error:
        return page(status_for(error), serial=serial, error=slip_error_message(error))
    wake_dispatcher(request)  # the confirmation flow checks the attestations
    return page(200, confirmed=confirmed.serial)


def _action(language: Language) -> str:
    return f"{SLIP_PATH}?lang={language.value}"
