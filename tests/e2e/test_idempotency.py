"""The Idempotency-Key header: a repeat is answered from the stored response, never run twice;
what is stored reveals nothing of a beneficiary and goes with their erasure."""

import hashlib
import json
import threading
import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import select

from casework import idempotency
from casework.cases import commands as case_commands
from casework.idempotency import IdempotencyRecord, request_fingerprint
from casework.privacy.keys import KeyRing
from tests.support.api import UIC, case_body, open_case, refer


def key(value: str) -> dict[str, str]:
    return {"Idempotency-Key": value}


@pytest.fixture
def ngo(bearer):
    return bearer("demo-caseworker")


def case_count(client, headers) -> int:
    return len(client.get("/api/v1/cases", headers=headers).json()["items"])


def test_a_repeated_request_is_answered_from_the_first(client, ngo):
    headers = ngo | key("intake-1")
    first = client.post("/api/v1/cases", json=case_body(), headers=headers)
    second = client.post("/api/v1/cases", json=case_body(), headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert case_count(client, ngo) == 1


def test_the_same_key_for_a_different_request_is_refused(client, ngo):
    client.post("/api/v1/cases", json=case_body(), headers=ngo | key("intake-2"))
    other = client.post(
        "/api/v1/cases", json=case_body(needs=["housing"]), headers=ngo | key("intake-2")
    )
    assert other.status_code == 422
    assert other.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    assert case_count(client, ngo) == 1


def test_keys_belong_to_their_user(client, ngo, bearer):
    client.post("/api/v1/cases", json=case_body(), headers=ngo | key("shared"))
    supervisor = bearer("demo-supervisor")
    response = client.post("/api/v1/cases", json=case_body(), headers=supervisor | key("shared"))
    assert response.status_code == 201 and "idempotent-replayed" not in response.headers
    assert case_count(client, ngo) == 2


def test_a_refusal_is_replayed_too_and_a_new_key_runs_again(client, ngo, bearer):
    referral = refer(client, ngo, open_case(client, ngo)["id"])
    focal = bearer("demo-focal")
    url = f"/api/v1/referrals/{referral['id']}/accept"
    assert client.post(url, headers=focal | key("accept-1")).status_code == 200
    replay = client.post(url, headers=focal | key("accept-1"))
    assert replay.status_code == 200 and replay.headers["idempotent-replayed"] == "true"
    assert client.post(url, headers=focal | key("accept-2")).status_code == 409


def test_a_new_token_is_never_stored_for_a_replay(client, uow, bearer):
    admin = bearer("demo-admin") | key("token-1")
    url = "/api/v1/users/demo-coordinator/tokens"
    assert client.post(url, json={}, headers=admin).status_code == 201
    repeat = client.post(url, json={}, headers=admin)
    assert repeat.status_code == 409
    assert "shown only once" in repeat.json()["detail"][0]["msg"]
    revoked = client.post(
        "/api/v1/users/demo-coordinator/revoke-tokens", headers=bearer("demo-admin")
    )
    assert revoked.json()["revoked"] == 1  # the repeat issued no second token


@pytest.mark.parametrize("bad", [b"", b"with space", b"x" * 256, "ключ".encode()])
def test_a_malformed_key_is_refused(client, ngo, bad):
    headers = ngo | {"Idempotency-Key": bad}
    response = client.post("/api/v1/cases", json=case_body(), headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]


def test_keys_are_ignored_where_nothing_changes_and_without_credentials(client, ngo):
    assert client.get("/api/v1/cases", headers=ngo | key("k")).status_code == 200
    assert client.post("/api/v1/cases", json=case_body(), headers=key("k")).status_code == 401


def test_a_key_is_forgotten_after_its_lifetime(client, clock, ngo):
    client.post("/api/v1/cases", json=case_body(), headers=ngo | key("daily"))
    clock.advance(timedelta(hours=25))
    again = client.post("/api/v1/cases", json=case_body(), headers=ngo | key("daily"))
    assert again.status_code == 201 and "idempotent-replayed" not in again.headers
    assert case_count(client, ngo) == 2


def test_a_request_that_crashed_can_be_retried_with_its_key(client, ngo, monkeypatch):
    real = case_commands.open_case
    monkeypatch.setattr(case_commands, "open_case", lambda *a, **kw: 1 / 0)
    crashing = TestClient(client.app, raise_server_exceptions=False)
    assert crashing.post("/api/v1/cases", json=case_body(), headers=ngo | key("c")).is_server_error
    monkeypatch.setattr(case_commands, "open_case", real)
    retried = client.post("/api/v1/cases", json=case_body(), headers=ngo | key("c"))
    assert retried.status_code == 201 and "idempotent-replayed" not in retried.headers


def test_two_concurrent_requests_with_one_key_run_once(client, ngo, monkeypatch):
    real = case_commands.open_case

    def slow_open_case(*args, **kwargs):
        time.sleep(0.5)  # hold the key while the second request arrives
        return real(*args, **kwargs)

    monkeypatch.setattr(case_commands, "open_case", slow_open_case)
    statuses: list[int] = []

    def post() -> None:
        response = TestClient(client.app).post(
            "/api/v1/cases", json=case_body(), headers=ngo | key("race")
        )
        statuses.append(response.status_code)

    first = threading.Thread(target=post)
    first.start()
    time.sleep(0.2)
    post()
    first.join()
    assert sorted(statuses) == [201, 409]
    monkeypatch.setattr(case_commands, "open_case", real)
    assert case_count(client, ngo) == 1


def stored(uow) -> dict[str, IdempotencyRecord]:
    with uow:
        return {r.key: r for r in uow.session.scalars(select(IdempotencyRecord))}


def test_the_stored_fingerprint_is_keyed_and_no_digest_of_the_body(client, ngo, uow, settings):
    """A copy of the database cannot test guesses of the UIC letters against the row."""
    body = json.dumps(case_body()).encode()
    headers = ngo | key("intake-fp") | {"Content-Type": "application/json"}
    assert client.post("/api/v1/cases", content=body, headers=headers).status_code == 201
    fingerprint = stored(uow)["intake-fp"].fingerprint
    parts = (b"POST", b"/api/v1/cases", b"", b"application/json", body)
    unkeyed = hashlib.sha256()
    for part in parts:
        unkeyed.update(len(part).to_bytes(8, "big") + part)
    assert fingerprint not in (hashlib.sha256(body).hexdigest(), unkeyed.hexdigest())
    assert fingerprint == request_fingerprint(KeyRing(settings), parts)
    other_pepper = settings.model_copy(update={"uic_pepper": SecretStr("other-" + "1" * 40)})
    assert fingerprint != request_fingerprint(KeyRing(other_pepper), parts)


def test_erasure_deletes_the_stored_requests_that_concerned_the_beneficiary(
    client, ngo, bearer, uow
):
    opened = client.post("/api/v1/cases", json=case_body(), headers=ngo | key("intake")).json()
    beneficiary = client.get(f"/api/v1/cases/{opened['id']}", headers=ngo).json()["beneficiary_id"]
    consent = client.post(
        f"/api/v1/beneficiaries/{beneficiary}/consents",
        json={"purpose": "referral"},
        headers=ngo | key("consent"),
    )
    assert consent.status_code == 204
    someone_else = case_body(uic=UIC | {"birth_year": 1990})
    client.post("/api/v1/cases", json=someone_else, headers=ngo | key("other-intake"))
    assert set(stored(uow)) == {"intake", "consent", "other-intake"}
    erasure = client.post(
        f"/api/v1/beneficiaries/{beneficiary}/erasure", headers=bearer("demo-supervisor")
    )
    assert erasure.status_code == 200
    left = stored(uow)
    assert set(left) == {"other-intake"}  # the other beneficiary's request is still answered
    assert all(opened["display_code"].encode() not in (r.body or b"") for r in left.values())


@pytest.fixture
def dying(client, monkeypatch):
    """A client of an app whose process dies at the end of each request: what the request
    committed stays, but nothing stores its response or gives its key up."""

    def die(*_args, **_kwargs):
        raise RuntimeError("the process died")

    monkeypatch.setattr(idempotency, "finish", die)
    monkeypatch.setattr(idempotency, "release", lambda *_args, **_kwargs: None)
    return TestClient(client.app, raise_server_exceptions=False)


def test_a_request_interrupted_before_committing_runs_once_after_its_lease(
    client, dying, clock, ngo, monkeypatch
):
    real = case_commands.open_case
    monkeypatch.setattr(case_commands, "open_case", lambda *a, **kw: 1 / 0)
    dying.post("/api/v1/cases", json=case_body(), headers=ngo | key("lease"))
    monkeypatch.undo()  # the app is restarted
    monkeypatch.setattr(case_commands, "open_case", real)
    clock.advance(timedelta(seconds=45))
    early = client.post("/api/v1/cases", json=case_body(), headers=ngo | key("lease"))
    assert early.status_code == 409 and early.headers["retry-after"] == "15"
    assert early.json()["detail"][0]["key"] == "idempotency.key_in_use"
    clock.advance(timedelta(seconds=16))
    retried = client.post("/api/v1/cases", json=case_body(), headers=ngo | key("lease"))
    assert retried.status_code == 201 and "idempotent-replayed" not in retried.headers
    again = client.post("/api/v1/cases", json=case_body(), headers=ngo | key("lease"))
    assert again.headers["idempotent-replayed"] == "true" and again.json() == retried.json()
    assert case_count(client, ngo) == 1


def test_a_request_interrupted_after_committing_is_never_run_again(
    client, dying, clock, ngo, monkeypatch
):
    dying.post("/api/v1/cases", json=case_body(), headers=ngo | key("committed"))
    monkeypatch.undo()
    clock.advance(timedelta(minutes=5))
    retried = client.post("/api/v1/cases", json=case_body(), headers=ngo | key("committed"))
    assert retried.status_code == 409
    assert retried.json()["detail"][0]["key"] == "idempotency.response_lost"
    assert case_count(client, ngo) == 1
