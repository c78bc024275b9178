"""Using the pages as a browser would, over the test client: sign in through the login form
and post forms with the CSRF token the page carries."""

import re

from fastapi.testclient import TestClient

from casework.accounts.model import TokenKind
from casework.uow import UnitOfWork
from service.pages.session import SESSION_COOKIE, csrf_token
from tests.support.api import stored_token
from tests.support.databases import DEMO_PASSWORD

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def submit_login(client: TestClient, username: str, password: str = DEMO_PASSWORD, **fields):
    """Fill in and post the login form as it was served (with its CSRF token)."""
    form = client.get("/login")
    data = {"username": username, "password": password, "csrf": csrf_of(form.text), **fields}
    return client.post("/login", data=data, follow_redirects=False)


def sign_in(
    client: TestClient, username: str, password: str = DEMO_PASSWORD, *, language: str = ""
) -> str:
    """Sign in through the login form (reading the pages in `language`, if named); returns
    the session's CSRF token for later forms."""
    if language:
        client.get("/language", params={"lang": language}, follow_redirects=False)
    response = submit_login(client, username, password)
    assert response.status_code == 303, response.text
    return csrf_of(client.get(response.headers["location"]).text)


def web_session(uow: UnitOfWork, username: str) -> tuple[dict[str, str], str]:
    """A live page session for `username` without the login form's password check (argon2
    costs a third of a second): the Cookie header and the CSRF token its forms carry."""
    token = stored_token(uow, username, TokenKind.WEB)
    return {"Cookie": f"{SESSION_COOKIE}={token}"}, csrf_token(token)
