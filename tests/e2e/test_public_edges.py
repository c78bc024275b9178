"""Malformed input at the edges: a CSRF value no browser of ours would send is refused like a
forged one, and the public pages for paper forms are guarded like every page (headers) and
against bulk use (a limit per client address)."""

import pytest
from fastapi.testclient import TestClient

from service.pages.session import PRE_SESSION_COOKIE, SESSION_COOKIE
from service.routes.form_checks import SLIP_ATTEMPTS_PER_CLIENT, VERIFY_CHECKS_PER_CLIENT
from tests.support.pages import web_session

NON_ASCII = "ё" * 64  # as long as a real token; Cyrillic, as a Tajik keyboard might give


def login_form(client: TestClient, csrf: str, cookie: bytes | None = None):
    data = {"username": "demo-caseworker", "password": "not-it", "csrf": csrf}
    headers = {"Cookie": cookie} if cookie else None
    return client.post("/login", data=data, headers=headers, follow_redirects=False)


def latin1_cookie(name: str) -> bytes:
    """A cookie whose value is not ASCII: headers travel as bytes, read back as Latin-1."""
    return f"{name}=".encode() + "é".encode("latin-1") * 43


def test_a_non_ascii_csrf_value_in_a_form_is_refused_not_a_crash(client, uow):
    client.get("/login")  # sets the pre-session cookie the login form is checked against
    assert login_form(client, NON_ASCII).status_code == 403
    cookie, _ = web_session(uow, "demo-caseworker")
    signed_out = client.post(
        "/logout", data={"csrf": NON_ASCII}, headers=cookie, follow_redirects=False
    )
    assert signed_out.status_code == 403


def test_a_non_ascii_csrf_cookie_is_refused_not_a_crash(client, uow):
    pre_session = latin1_cookie(PRE_SESSION_COOKIE)
    assert login_form(client, "0" * 64, pre_session).status_code == 403
    assert login_form(client, NON_ASCII, pre_session).status_code == 403
    _, csrf = web_session(uow, "demo-caseworker")
    forged = {"Cookie": latin1_cookie(SESSION_COOKIE)}  # no such session: sign in first
    refused = client.post("/logout", data={"csrf": csrf}, headers=forged, follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"].startswith("/login")


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("GET", "/verify?p=not-a-form&lang=en", None),
        ("GET", "/slip?lang=en", None),
        ("POST", "/slip?lang=en", {"serial": "KHT-2026-000001-0", "code": "bad"}),
    ],
)
def test_the_public_form_pages_are_never_framed_cached_or_scripted(client, method, path, data):
    response = client.request(method, path, data=data)
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"  # the URL carries a payload


def another_address(client: TestClient) -> TestClient:
    """The same app, reached from another client address."""
    return TestClient(client.app, client=("203.0.113.7", 40000))


def test_the_verify_page_limits_each_client_address(client):
    statuses = [
        client.get("/verify", params={"p": "not-a-form"}).status_code
        for _ in range(VERIFY_CHECKS_PER_CLIENT + 1)
    ]
    assert statuses[:-1] == [200] * VERIFY_CHECKS_PER_CLIENT
    refused = client.get("/verify", params={"p": "not-a-form", "lang": "en"})
    assert refused.status_code == 429 and "Too many attempts" in refused.text
    assert "frame-ancestors 'none'" in refused.headers["content-security-policy"]
    assert another_address(client).get("/verify", params={"p": "not-a-form"}).status_code == 200


def test_the_slip_page_limits_each_client_address(client):
    attempt = {"serial": "KHT-2026-000001-0", "code": "bad"}
    statuses = [
        client.post("/slip?lang=en", data=attempt).status_code
        for _ in range(SLIP_ATTEMPTS_PER_CLIENT + 1)
    ]
    assert 429 not in statuses[:-1] and statuses[-1] == 429
    assert another_address(client).post("/slip?lang=en", data=attempt).status_code == 422
