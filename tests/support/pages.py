"""Using the pages as a browser would, over the test client: sign in through the login form
and post forms with the CSRF token the page carries."""

import re

from fastapi.testclient import TestClient

from tests.support.databases import DEMO_PASSWORD

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = DEMO_PASSWORD) -> str:
    """Sign in through the login form; returns the session's CSRF token for later forms."""
    form = client.get("/login")
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf": csrf_of(form.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get(response.headers["location"]).text)
