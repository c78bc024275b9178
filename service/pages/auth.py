"""Signing in and out of the pages, the language switch, and each role's home page."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from casework.accounts.commands import InvalidCredentials, log_in, revoke_token
from casework.accounts.model import TokenKind
from casework.accounts.throttle import LoginLimits
from casework.errors import TooManyAttempts
from casework.languages import Language
from service.deps import SettingsDep, UowDep
from service.pages.common import PageRoute, form_expired, home_of, render_page, see_other
from service.pages.session import (
    PRE_SESSION_COOKIE,
    SESSION_COOKIE,
    FormActor,
    PageActor,
    csrf_matches,
    csrf_token,
    pre_session_secret,
    safe_next,
    set_cookie,
)
from service.policies import PUBLIC, STAFF, Policy, declare

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/")
@declare(Policy(STAFF))
def home(actor: PageActor) -> RedirectResponse:
    """Each role's first page; without a session, the login form (PageRoute)."""
    return see_other(home_of(actor))


@router.get("/login")
@declare(PUBLIC)
def login_form(request: Request, next: str = "/"):
    secret = pre_session_secret(request)
    return render_page(
        request,
        "login.html.j2",
        csrf=csrf_token(secret),
        next=safe_next(next),
        username="",
        error=None,
    )


@router.post("/login")
@declare(PUBLIC)
def log_in_page(
    request: Request,
    uow: UowDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=60)],
    password: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
):
    if not csrf_matches(csrf, request.cookies.get(PRE_SESSION_COOKIE, "")):
        return form_expired(request)

    def again(status_code: int, error: str):
        return render_page(
            request,
            "login.html.j2",
            status_code=status_code,
            csrf=csrf,
            next=safe_next(next),
            username=username,
            error=error,
        )

    try:
        issued = log_in(
            uow,
            username=username,
            password=password,
            kind=TokenKind.WEB,
            label="pages",
            client_address=request.client.host if request.client else None,
            limits=LoginLimits.of(settings),
        )
    except InvalidCredentials:
        return again(401, "wrong")
    except TooManyAttempts:
        return again(429, "throttled")
    response = see_other(safe_next(next))
    lifetime = int(issued.lifetime.total_seconds())
    set_cookie(request, response, SESSION_COOKIE, issued.token, lifetime)
    response.delete_cookie(PRE_SESSION_COOKIE, path="/")
    return response


@router.post("/logout")
@declare(Policy(STAFF))
def log_out(request: Request, uow: UowDep, actor: FormActor):
    revoke_token(uow, token=request.cookies[SESSION_COOKIE])
    response = see_other("/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/language")
@declare(PUBLIC)
def choose_language(lang: Language, next: str = "/"):
    """The language links: PageRoute keeps `lang` on this browser, as it does any ?lang=."""
    return see_other(safe_next(next))
