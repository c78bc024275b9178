"""Administrators manage accounts and tokens over the API."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from casework.accounts.commands import issue_api_token
from casework.accounts.model import AccessToken, User
from casework.actors import system_actor
from casework.audit import AuditEntry
from casework.audit_actions import AuditAction
from casework.errors import PermissionDenied
from service.app import create_app
from tests.support.api import issue_bearer
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


def test_caseworkers_neither_create_users_nor_issue_tokens(client, bearer):
    caseworker = bearer("demo-caseworker")
    body = NEW_USER | {"role": "coordinator"}
    assert client.post("/api/v1/users", json=body, headers=caseworker).status_code == 403
    issued = client.post("/api/v1/users/demo-focal/tokens", json={}, headers=caseworker)
    assert issued.status_code == 403


def test_an_issued_token_works_until_revoked(client, bearer):
    admin = bearer("demo-admin")
    issued = client.post(
        "/api/v1/users/demo-coordinator/tokens", json={"label": "report laptop"}, headers=admin
    )
    assert issued.status_code == 201
    assert issued.headers["cache-control"] == "no-store"
    token = {"Authorization": f"Bearer {issued.json()['access_token']}"}
    assert client.get("/api/v1/me", headers=token).status_code == 200
    revoked = client.post("/api/v1/users/demo-coordinator/revoke-tokens", headers=admin)
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


def test_no_one_issues_a_token_for_staff_who_see_cases(client, uow, bearer):
    """A token for a caseworker would let its holder read identities under the caseworker's
    name: caseworkers, supervisors and focal points get tokens only by logging in."""
    for username in ["demo-caseworker", "demo-supervisor", "demo-focal"]:
        refused = client.post(
            f"/api/v1/users/{username}/tokens", json={}, headers=bearer("demo-admin")
        )
        assert refused.status_code == 403, username
        assert refused.json()["detail"][0]["key"] == "account.tokens_own_only"
        with pytest.raises(PermissionDenied):
            issue_api_token(uow, actor=system_actor("cli"), username=username, label="cli")
    with uow:
        issuers = set(uow.session.scalars(select(AccessToken.issued_by)))
    assert issuers == {"user:" + str(user_id(uow, "demo-admin"))}  # the admin's own, only


def user_id(uow, username: str) -> int:
    with uow:
        return uow.session.scalar(select(User.id).where(User.username == username))


def test_every_token_names_who_issued_it(client, uow, bearer):
    admin = user_id(uow, "demo-admin")
    client.post("/api/v1/users/demo-coordinator/tokens", json={}, headers=bearer("demo-admin"))
    client.post("/api/v1/auth/token", json={"username": "demo-focal", "password": DEMO_PASSWORD})
    with uow:
        issued = dict(
            uow.session.execute(
                select(User.username, AccessToken.issued_by)
                .join(User, User.id == AccessToken.user_id)
                .where(AccessToken.label != "tests")
            ).all()
        )
        audited = uow.session.scalars(
            select(AuditEntry.actor_id).where(
                AuditEntry.action == AuditAction.USER_TOKEN_ISSUED.value
            )
        ).all()
    focal = user_id(uow, "demo-focal")
    assert issued == {"demo-coordinator": f"user:{admin}", "demo-focal": f"user:{focal}"}
    assert audited == [f"user:{admin}"]


def test_api_tokens_expire_and_say_when(settings, new_uow, clock):
    settings = settings.model_copy(update={"api_token_days": 2})
    with TestClient(create_app(settings, uow_factory=new_uow)) as client:
        logged_in = client.post(
            "/api/v1/auth/token", json={"username": "demo-focal", "password": DEMO_PASSWORD}
        ).json()
        issued = client.post(
            "/api/v1/users/demo-coordinator/tokens",
            json={},
            headers=issue_bearer(new_uow(), "demo-admin"),
        ).json()
        assert logged_in["expires_in"] == issued["expires_in"] == 2 * 24 * 3600
        tokens = [logged_in["access_token"], issued["access_token"]]
        headers = [{"Authorization": f"Bearer {token}"} for token in tokens]
        clock.advance(timedelta(days=2, seconds=-1))
        assert [client.get("/api/v1/me", headers=h).status_code for h in headers] == [200, 200]
        clock.advance(timedelta(seconds=1))
        assert [client.get("/api/v1/me", headers=h).status_code for h in headers] == [401, 401]


def test_api_tokens_last_30_days_unless_set_otherwise(client):
    response = client.post(
        "/api/v1/auth/token", json={"username": "demo-focal", "password": DEMO_PASSWORD}
    )
    assert response.json()["expires_in"] == 30 * 24 * 3600
