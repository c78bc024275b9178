"""Signing in to the pages: a session cookie holding a web token (stored hashed, revocable,
expiring; see casework.accounts), and a CSRF token on every form.

The cookie is HttpOnly and SameSite=Lax, and Secure when the deployment is served over
HTTPS. The CSRF token is an HMAC of a secret the browser holds only in an HttpOnly cookie:
the session token once signed in, a random pre-session value on the login form. A page of
another site can make the browser send the cookie, but cannot read it, so it cannot compute
the token a form must carry."""

import hashlib
import hmac
import secrets
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Form, Request, Response

from casework.accounts.commands import InvalidCredentials, authenticate
from casework.accounts.model import TokenKind
from casework.actors import Actor
from casework.languages import Language, negotiate
from service.deps import UowDep

SESSION_COOKIE = "casework_session"
PRE_SESSION_COOKIE = "casework_pre_session"
LANGUAGE_COOKIE = "casework_lang"


class LoginRequired(Exception):
    """No live session: the page redirects to the login form, and back after it."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


class CsrfRejected(Exception):
    """A form arrived without the token of the session it claims to belong to."""


def csrf_token(secret: str) -> str:
    return hmac.new(secret.encode(), b"casework-csrf", hashlib.sha256).hexdigest()


def csrf_matches(sent: str, secret: str) -> bool:
    """A form's token against its secret, in constant time (no timing oracle). A token is
    hexadecimal, so a value with other than ASCII is simply wrong (compare_digest would raise
    on it), and telling so early reveals nothing of the token."""
    return bool(secret) and sent.isascii() and hmac.compare_digest(sent, csrf_token(secret))


def path_with_query(request: Request) -> str:
    """Where the reader is, to come back to: the path and its query."""
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


def safe_next(path: str | None) -> str:
    """Only a path of this site is a place to return to: never another host."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


def login_url(next_path: str) -> str:
    return f"/login?next={quote(safe_next(next_path), safe='/')}"


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int):
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.base_url.startswith("https://"),
        path="/",
    )


def page_language(request: Request) -> Language:
    """The language asked for in the address (?lang=), else the one chosen on this browser
    (a cookie: the language links, or an earlier ?lang=), else the signed-in account's (its
    settings page), else the browser's, else Tajik."""
    actor = getattr(request.state, "actor", None)
    return negotiate(
        request.query_params.get("lang"),
        request.cookies.get(LANGUAGE_COOKIE),
        actor.language.value if actor else None,
        request.headers.get("accept-language"),
    )


def language_asked(request: Request) -> Language | None:
    """The language a page's address names with ?lang=, to be kept on this browser."""
    asked = request.query_params.get("lang", "")
    return Language(asked) if asked in Language._value2member_map_ else None


def session_actor(request: Request, uow: UowDep) -> Actor:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        try:
            actor = authenticate(uow, token=token, kind=TokenKind.WEB)
        except InvalidCredentials:
            pass
        else:
            request.state.csrf_secret = token
            request.state.csrf = csrf_token(token)
            request.state.actor = actor
            return actor
    raise LoginRequired(path_with_query(request) if request.method == "GET" else request.url.path)


PageActor = Annotated[Actor, Depends(session_actor)]


def pre_session_secret(request: Request) -> str:
    """The login form's CSRF secret; a new one is set as a cookie where there is none."""
    secret = request.cookies.get(PRE_SESSION_COOKIE)
    if not secret:
        secret = secrets.token_urlsafe(32)
        request.state.new_pre_session = secret
    return secret


def require_csrf(
    request: Request, actor: PageActor, csrf: Annotated[str, Form(max_length=200)] = ""
) -> Actor:
    """The signed-in actor, for a form that carries its session's CSRF token."""
    if not csrf_matches(csrf, request.state.csrf_secret):
        raise CsrfRejected()
    return actor


FormActor = Annotated[Actor, Depends(require_csrf)]
