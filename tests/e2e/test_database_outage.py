"""The database taken away and given back while the app runs (through a TCP proxy, so nothing
restarts): the API answers 503 with Retry-After in its error shape, the pages say so,
/healthz reports the database down, and everything works again a moment after it returns."""

import socket
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from casework.db import create_db_engine
from service.app import create_app
from tests.support.api import case_body, issue_bearer
from tests.support.databases import make_uow, settings_for
from tests.support.pages import web_session
from tests.support.tcp_proxy import TcpProxy, proxied

AWAY = {
    "detail": [
        {
            "msg": "the database is not available at the moment; try again in a few seconds",
            "type": "DatabaseUnavailable",
            "key": "database.unavailable",
        }
    ]
}

# The proxy stands in front of a server: PostgreSQL only.
ON_POSTGRESQL = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


@pytest.fixture
def outage(db_url, tmp_path, clock) -> Iterator[tuple[TcpProxy, TestClient]]:
    """The app on the test database behind a proxy the test can cut."""
    with proxied(db_url) as (proxy, url):
        settings = settings_for(url, tmp_path)
        engine = create_db_engine(url)
        app = create_app(settings, uow_factory=lambda: make_uow(engine, clock, settings))
        with TestClient(app) as client:
            yield proxy, client
        engine.dispose()


def first_success_after(client: TestClient, url: str, headers: dict, within: float) -> list[int]:
    """The statuses `url` answers, asked every 50 ms until it answers 200."""
    statuses: list[int] = []
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        statuses.append(client.get(url, headers=headers).status_code)
        if statuses[-1] == 200:
            break
        time.sleep(0.05)
    return statuses


@ON_POSTGRESQL
def test_without_its_database_the_api_answers_503_and_recovers_by_itself(outage, uow):
    proxy, client = outage
    ngo = issue_bearer(uow, "demo-caseworker")
    assert client.get("/api/v1/cases", headers=ngo).status_code == 200

    proxy.cut()
    for response in (
        client.get("/api/v1/cases", headers=ngo),
        client.post("/api/v1/cases", json=case_body(), headers=ngo),
        client.post("/api/v1/cases", json=case_body(), headers=ngo | {"Idempotency-Key": "k1"}),
    ):
        assert response.status_code == 503
        assert response.headers["retry-after"] == "5"
        assert response.json() == AWAY
    started = time.monotonic()
    health = client.get("/healthz")
    assert time.monotonic() - started < 1  # a refused connection is not waited on
    assert (health.status_code, health.json()["database"]) == (503, "down")
    assert "retry-after" in health.headers

    proxy.restore()
    assert first_success_after(client, "/healthz", {}, within=2)[-1] == 200
    assert client.get("/healthz").json()["database"] == "up"
    assert client.post("/api/v1/cases", json=case_body(), headers=ngo).status_code == 201


@ON_POSTGRESQL
def test_a_page_says_the_database_is_away_in_the_readers_language(outage, uow):
    proxy, client = outage
    cookie, _ = web_session(uow, "demo-caseworker")
    proxy.cut()
    page = client.get("/cases", headers=cookie | {"Accept-Language": "ru"})
    assert page.status_code == 503
    assert page.headers["retry-after"] == "5"
    assert page.headers["content-type"].startswith("text/html")
    assert "База данных сейчас недоступна" in page.text


@ON_POSTGRESQL
def test_after_an_outage_no_request_saw_the_pool_renews_itself_at_once(outage, uow):
    """No ping on checkout: the first request on a dead pooled connection is refused, which
    discards the whole pool, and the next one is served."""
    proxy, client = outage
    ngo = issue_bearer(uow, "demo-caseworker")
    assert client.get("/api/v1/cases", headers=ngo).status_code == 200
    proxy.cut()
    proxy.restore()
    statuses = first_success_after(client, "/api/v1/cases", ngo, within=1)
    assert statuses[-1] == 200 and statuses.count(503) <= 1, statuses


def test_a_database_that_does_not_answer_is_given_up_on_within_seconds(tmp_path):
    """A server that accepts the connection but never speaks (a hung host) costs a request
    the engine's connect timeout, not TCP's minutes."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # the kernel completes the handshake; nobody ever answers
    url = f"postgresql+psycopg://postgres@127.0.0.1:{silent.getsockname()[1]}/silent"
    try:
        app = create_app(settings_for(url, tmp_path))
        with TestClient(app) as client:
            started = time.monotonic()
            health = client.get("/healthz")
            waited = time.monotonic() - started
    finally:
        silent.close()
    assert (health.status_code, health.json()["database"]) == (503, "down")
    assert waited < 5
