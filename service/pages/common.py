"""What every page shares: rendering in the reader's language with the navigation and the
bell, the headers that keep case data out of caches and frames, and the route class that
turns refusals into pages (a login redirect, an error page in the reader's language)."""

from collections.abc import Callable
from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from pydantic import BeforeValidator

from casework.actors import Actor, Role
from casework.errors import DatabaseUnavailable, DomainError
from casework.network.queries import staff_of_outside_referrer
from casework.notifications.queries import unread_count
from service.errors import status_for
from service.pages.session import (
    LANGUAGE_COOKIE,
    PRE_SESSION_COOKIE,
    CsrfRejected,
    LoginRequired,
    language_asked,
    login_url,
    page_language,
    path_with_query,
    set_cookie,
)
from texts import labels
from texts.catalogue import N_
from texts.labels import LANGUAGE_NAMES
from texts.said import say
from texts.templating import render

# Pages show case data: never cached, never framed, no script at all, forms post here only.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}
PRE_SESSION_SECONDS = 3600
LANGUAGE_SECONDS = 365 * 24 * 3600

# What the error page says for each HTTP status a domain refusal maps to.
REFUSAL = {
    403: N_("Your role may not do this."),
    404: N_("Not found, or not shared with your organisation."),
    409: N_("This step is not possible in the current state. Reload the page and look again."),
    422: N_("Something in the form cannot be used. Check it and try again."),
    429: N_("Too many attempts. Wait a while and try again."),
    503: N_("The service is missing a key the operator must provide."),
}

FORM_EXPIRED = N_("The form has expired. Reload the page and try again.")
DATABASE_AWAY = N_("The database is not available at the moment. Try again in a few seconds.")

# A filter's "all" option sends an empty value: no filter, not a wrong one.
BLANK_IS_NONE = BeforeValidator(lambda value: value or None)

NGO_NAV = [("/cases", N_("Cases")), ("/cases/new", N_("New case"))]
REPORTS_NAV = [("/reports", N_("Reports"))]
# Supervisors and focal points speak for their member in governance; caseworkers, who may
# only read it, are offered the monthly reports.
GOVERNANCE_NAV = [
    ("/memorandum", N_("Memorandum")),
    ("/meetings", N_("Meetings")),
    ("/decisions", N_("Decisions")),
    *REPORTS_NAV,
]
DIRECTORY_NAV = [("/directory", N_("Directory"))]  # every role reads it
# The coordinator's (and administrators') administration of the network.
NETWORK_ADMIN_NAV = [
    ("/accounts", N_("Accounts")),
    ("/contacts", N_("Contacts")),
    ("/escalation-thresholds", N_("Escalation")),
    ("/breaches", N_("Breaches")),
]
NAVIGATION: dict[Role, list[tuple[str, str]]] = {
    Role.CASEWORKER: [*NGO_NAV, *REPORTS_NAV, *DIRECTORY_NAV],
    Role.SUPERVISOR: [
        *NGO_NAV,
        ("/dashboard", N_("Dashboard")),
        ("/dashboard/flow-runs", N_("Flow runs")),
        *GOVERNANCE_NAV,
        *DIRECTORY_NAV,
        ("/accounts", N_("Accounts")),
    ],
    Role.FOCAL_POINT: [
        ("/inbox", N_("Referrals received")),
        ("/inbox/overdue", N_("Overdue")),
        *GOVERNANCE_NAV,
        *DIRECTORY_NAV,
    ],
    Role.COORDINATOR: [
        ("/dashboard", N_("Dashboard")),
        *GOVERNANCE_NAV,
        *DIRECTORY_NAV,
        *NETWORK_ADMIN_NAV,
    ],
    Role.ADMIN: [
        ("/dashboard", N_("Dashboard")),
        *GOVERNANCE_NAV,
        *DIRECTORY_NAV,
        *NETWORK_ADMIN_NAV,
    ],
}


# An outside referrer's supervisor has no governance to take part in: the reports only.
OUTSIDE_REFERRER_NAV = [
    entry
    for entry in NAVIGATION[Role.SUPERVISOR]
    if entry not in GOVERNANCE_NAV or entry in REPORTS_NAV
]


def navigation_of(request: Request, actor: Actor) -> list[tuple[str, str]]:
    """The role's pages; an outside referrer's supervisor is not offered the governance pages
    (they are NotFound to it). Its caseworkers' pages are any NGO caseworker's."""
    if actor.role is Role.SUPERVISOR and staff_of_outside_referrer(
        request.app.state.uow_factory(), actor=actor
    ):
        return OUTSIDE_REFERRER_NAV
    return NAVIGATION.get(actor.role, [])


# Every account's own settings (its language), after the role's pages.
SETTINGS_NAV = [("/settings", N_("Settings"))]


def home_of(actor: Actor) -> str:
    return NAVIGATION[actor.role][0][0]


def _language_links(request: Request) -> list[tuple[str, str, str]]:
    here = path_with_query(request)
    return [
        (code.value, name, "/language?" + urlencode({"lang": code.value, "next": here}))
        for code, name in LANGUAGE_NAMES.items()
    ]


def render_page(
    request: Request,
    template: str,
    *,
    actor: Actor | None = None,
    status_code: int = 200,
    **context: object,
) -> HTMLResponse:
    language = page_language(request)
    settings = request.app.state.settings
    shared = {
        "actor": actor,
        "navigation": [*navigation_of(request, actor), *SETTINGS_NAV] if actor else [],
        "here": request.url.path,
        "language_links": _language_links(request),
        "csrf": getattr(request.state, "csrf", ""),
        "unread": unread_count(request.app.state.uow_factory(), actor=actor) if actor else 0,
        "labels": labels,
        "prefect_ui_url": settings.prefect_ui_url.rstrip("/"),
    }
    html = render("service.pages", template, language, zone=settings.timezone, **(shared | context))
    response = HTMLResponse(html, status_code=status_code, headers=PAGE_HEADERS)
    new_secret = getattr(request.state, "new_pre_session", None)
    if new_secret:
        set_cookie(request, response, PRE_SESSION_COOKIE, new_secret, PRE_SESSION_SECONDS)
    return response


def see_other(path: str) -> RedirectResponse:
    """After a form's POST, the browser loads the result with a GET (no resubmission)."""
    return RedirectResponse(path, status_code=303, headers=PAGE_HEADERS)


def error_page(
    request: Request, status_code: int, detail: str | None = None, *, headline: str | None = None
) -> HTMLResponse:
    """A refusal as a page; the actor (if any) was set on the request by the session. The
    headline is translated; a domain refusal's detail is its own message."""
    return render_page(
        request,
        "error.html.j2",
        actor=getattr(request.state, "actor", None),
        status_code=status_code,
        headline=headline or REFUSAL.get(status_code, REFUSAL[422]),
        detail=detail,
    )


def form_expired(request: Request) -> HTMLResponse:
    return error_page(request, 403, headline=FORM_EXPIRED)


def database_away(request: Request, away: DatabaseUnavailable) -> HTMLResponse:
    """Shown without the signed-in navigation: its bell would ask the database again."""
    page = render_page(
        request, "error.html.j2", status_code=503, headline=DATABASE_AWAY, detail=None
    )
    page.headers["Retry-After"] = str(away.retry_after_seconds)
    return page


class PageRoute(APIRoute):
    """A page route: domain refusals become error pages (404 still hides what is not
    yours), a missing session a redirect to the login form, a forged form a 403."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except LoginRequired as missing:
                return see_other(login_url(missing.next_path))
            except CsrfRejected:
                return form_expired(request)
            except DatabaseUnavailable as away:
                return database_away(request, away)
            except RequestValidationError as invalid:
                fields = sorted({str(e["loc"][-1]) for e in invalid.errors() if e.get("loc")})
                return error_page(request, 422, ", ".join(fields) or None)
            except DomainError as refusal:
                return error_page(
                    request, status_for(refusal), say(refusal.said, page_language(request))
                )

        async def remembering_language(request: Request) -> Response:
            """?lang= on any page is kept: this browser stays in that language, across
            signing in, until another is chosen."""
            response = await page_handler(request)
            asked = language_asked(request)
            if asked is not None and request.cookies.get(LANGUAGE_COOKIE) != asked.value:
                set_cookie(request, response, LANGUAGE_COOKIE, asked.value, LANGUAGE_SECONDS)
            return response

        return remembering_language
