"""Administrators manage accounts and tokens over the API."""

from tests.support.databases import DEMO_PASSWORD
from tests.support.network import demo

NEW_USER = {"username": "new-focal", "role": "focal_point", "password": "a-long-password"}


def test_an_admin_creates_a_user_who_can_then_log_in(client, uow, bearer):
    body = NEW_USER | {"organisation_id": demo(uow).tb_dispensary}
    created = client.post("/api/v1/users", json=body, headers=bearer("demo-admin"))
    assert created.status_code == 201
    assert created.json()["role"] == "focal_point"
    assert "password" not in created.text and "a-long-password" not in created.text
    token = client.post(
        "/api/v1/auth/token", json={"username": "new-focal", "password": "a-long-password"}
    ).json()["access_token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert (me["username"], me["organisation_id"]) == ("new-focal", demo(uow).tb_dispensary)


def test_bad_accounts_are_refused_naming_the_field(client, uow, bearer):
    admin = bearer("demo-admin")
    d = demo(uow)
    refused = [
        (NEW_USER | {"role": "system"}, 422, "role"),
        (NEW_USER | {"password": "short"}, 422, "password"),
        (NEW_USER | {"username": "no spaces"}, 422, "username"),
        (NEW_USER | {"organisation_id": d.media}, 422, "organisation_id"),
        (
            NEW_USER | {"role": "caseworker", "organisation_id": d.aids_centre},
            422,
            "organisation_id",
        ),
        (NEW_USER | {"username": "demo-focal", "organisation_id": d.aids_centre}, 409, "username"),
    ]
    for body, status, field in refused:
        response = client.post("/api/v1/users", json=body, headers=admin)
        assert response.status_code == status, body
        assert response.json()["detail"][0]["loc"][-1] == field


def test_only_admins_create_users_or_issue_tokens(client, bearer):
    caseworker = bearer("demo-caseworker")
    body = NEW_USER | {"role": "coordinator"}
    assert client.post("/api/v1/users", json=body, headers=caseworker).status_code == 403
    issued = client.post("/api/v1/users/demo-focal/tokens", json={}, headers=caseworker)
    assert issued.status_code == 403


def test_an_issued_token_works_until_revoked(client, bearer):
    admin = bearer("demo-admin")
    issued = client.post(
        "/api/v1/users/demo-focal/tokens", json={"label": "clinic laptop"}, headers=admin
    )
    assert issued.status_code == 201
    assert issued.headers["cache-control"] == "no-store"
    token = {"Authorization": f"Bearer {issued.json()['access_token']}"}
    assert client.get("/api/v1/me", headers=token).status_code == 200
    revoked = client.post("/api/v1/users/demo-focal/revoke-tokens", headers=admin)
    assert revoked.json()["revoked"] >= 1
    assert client.get("/api/v1/me", headers=token).status_code == 401
    missing = client.post("/api/v1/users/nobody-here/tokens", json={}, headers=admin)
    assert missing.status_code == 404


def test_users_revoke_their_own_tokens_but_no_one_elses(client, bearer):
    own = bearer("demo-caseworker")
    other = client.post("/api/v1/users/demo-supervisor/revoke-tokens", headers=own)
    assert other.status_code == 404
    mine = client.post("/api/v1/users/demo-caseworker/revoke-tokens", headers=own)
    assert mine.json() == {"revoked": 1}
    assert client.get("/api/v1/me", headers=own).status_code == 401


def test_login_answers_with_a_token_that_is_not_cached(client):
    response = client.post(
        "/api/v1/auth/token", json={"username": "demo-admin", "password": DEMO_PASSWORD}
    )
    assert response.headers["cache-control"] == "no-store"
    assert response.json()["token_type"] == "bearer"
