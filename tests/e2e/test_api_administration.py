"""Supervisors and the coordinator administer over the API: accounts, an NGO's form language,
notice contacts, escalation thresholds and the breach register. Refusals name the field (422),
hide another organisation's object (404), tell a role that may not act (403) and refuse a
change the state forbids (409)."""

from tests.support.governance import breach
from tests.support.network import demo

CASEWORKER = {"username": "new-caseworker", "role": "caseworker", "password": "a-long-password"}


def loc(response) -> str:
    return response.json()["detail"][0]["loc"][-1]


def test_a_supervisor_creates_deactivates_and_resets_an_account_of_their_ngo(client, uow, bearer):
    supervisor = bearer("demo-supervisor")
    body = CASEWORKER | {"organisation_id": demo(uow).ngo}
    assert client.post("/api/v1/users", json=body, headers=supervisor).status_code == 201
    listed = client.get("/api/v1/users", headers=supervisor).json()
    assert {"username": "new-caseworker", "is_active": True}.items() <= next(
        a for a in listed if a["username"] == "new-caseworker"
    ).items()
    assert all(a["organisation_id"] == demo(uow).ngo for a in listed)
    assert "password" not in str(listed)

    reset = client.put(
        "/api/v1/users/new-caseworker/password",
        json={"password": "the-new-one-1"},
        headers=supervisor,
    )
    assert reset.status_code == 204
    signed_in = client.post(
        "/api/v1/auth/token", json={"username": "new-caseworker", "password": "the-new-one-1"}
    )
    assert signed_in.status_code == 200
    token = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}

    assert (
        client.post("/api/v1/users/new-caseworker/deactivation", headers=supervisor).status_code
        == 204
    )
    assert client.get("/api/v1/me", headers=token).status_code == 401
    refused = client.post(
        "/api/v1/auth/token", json={"username": "new-caseworker", "password": "the-new-one-1"}
    )
    assert refused.status_code == 401
    again = client.post("/api/v1/users/new-caseworker/deactivation", headers=supervisor)
    assert (again.status_code, again.json()["detail"][0]["key"]) == (
        409,
        "account.already_inactive",
    )


def test_account_refusals_say_what_is_wrong(client, uow, bearer):
    supervisor = bearer("demo-supervisor")
    d = demo(uow)
    other_ngo = client.post(
        "/api/v1/users", json=CASEWORKER | {"organisation_id": d.other_ngo}, headers=supervisor
    )
    assert other_ngo.status_code == 403
    coordinator = client.post(
        "/api/v1/users", json=CASEWORKER | {"role": "coordinator"}, headers=supervisor
    )
    assert coordinator.status_code == 403
    short = client.put(
        "/api/v1/users/demo-caseworker/password", json={"password": "short"}, headers=supervisor
    )
    assert (short.status_code, loc(short)) == (422, "password")
    foreign = client.post("/api/v1/users/demo-caseworker-2/deactivation", headers=supervisor)
    assert foreign.status_code == 404
    assert client.get("/api/v1/users", headers=bearer("demo-caseworker")).status_code == 403
    caseworker_of_coordinator = client.post(
        "/api/v1/users/demo-caseworker/deactivation", headers=bearer("demo-coordinator")
    )
    assert caseworker_of_coordinator.status_code == 404


def test_a_supervisor_sets_the_ngos_form_language(client, uow, bearer):
    d = demo(uow)
    path = f"/api/v1/members/{d.ngo}/form-language"
    assert (
        client.put(path, json={"language": "ru"}, headers=bearer("demo-supervisor")).status_code
        == 204
    )
    assert (
        client.put(path, json={"language": "ru"}, headers=bearer("demo-caseworker")).status_code
        == 403
    )
    assert (
        client.put(path, json={"language": "fr"}, headers=bearer("demo-supervisor")).status_code
        == 422
    )
    other = f"/api/v1/members/{d.other_ngo}/form-language"
    assert (
        client.put(other, json={"language": None}, headers=bearer("demo-supervisor")).status_code
        == 404
    )


def test_the_coordinator_adds_lists_and_removes_a_contact(client, uow, bearer):
    coordinator = bearer("demo-coordinator")
    d = demo(uow)
    body = {
        "role": "focal_point",
        "channel": "email",
        "address": "clinic-desk@example.org",
        "member_id": d.aids_centre,
        "language": "ru",
    }
    added = client.post("/api/v1/notification-contacts", json=body, headers=coordinator)
    assert added.status_code == 201
    listed = client.get("/api/v1/notification-contacts", headers=coordinator).json()
    shown = {"address": "clinic-desk@example.org", "member_id": d.aids_centre, "language": "ru"}
    assert shown.items() <= next(c for c in listed if c["id"] == added.json()["id"]).items()
    unknown = client.post(
        "/api/v1/notification-contacts", json=body | {"language": "de"}, headers=coordinator
    )
    assert (unknown.status_code, loc(unknown)) == (422, "language")
    duplicate = client.post("/api/v1/notification-contacts", json=body, headers=coordinator)
    assert (duplicate.status_code, loc(duplicate)) == (409, "address")
    bad = client.post(
        "/api/v1/notification-contacts",
        json=body | {"address": "not-mail", "role": "caseworker"},
        headers=coordinator,
    )
    assert (bad.status_code, loc(bad)) == (422, "address")
    assert (
        client.post(
            "/api/v1/notification-contacts", json=body, headers=bearer("demo-supervisor")
        ).status_code
        == 403
    )
    path = f"/api/v1/notification-contacts/{added.json()['id']}"
    assert client.delete(path, headers=bearer("demo-supervisor")).status_code == 404
    assert client.delete(path, headers=coordinator).status_code == 204
    assert client.delete(path, headers=coordinator).status_code == 404


def test_the_coordinator_edits_a_threshold_that_staff_may_read(client, bearer):
    coordinator = bearer("demo-coordinator")
    edited = client.put(
        "/api/v1/escalation-thresholds",
        json={"unit": "working_days", "level": 2, "overdue_by": 3},
        headers=coordinator,
    )
    assert edited.status_code == 200
    assert edited.json()["overdue_by"] == {"1": 0, "2": 3, "3": 4, "4": 6}
    read = client.get("/api/v1/escalation-thresholds", headers=bearer("demo-caseworker")).json()
    assert next(lad for lad in read if lad["unit"] == "working_days")["overdue_by"]["2"] == 3
    falling = client.put(
        "/api/v1/escalation-thresholds",
        json={"unit": "working_days", "level": 3, "overdue_by": 1},
        headers=coordinator,
    )
    assert (falling.status_code, loc(falling)) == (422, "overdue_by")
    assert (
        client.put(
            "/api/v1/escalation-thresholds",
            json={"unit": "hours", "level": 5, "overdue_by": 1},
            headers=coordinator,
        ).status_code
        == 422
    )
    refused = client.put(
        "/api/v1/escalation-thresholds",
        json={"unit": "hours", "level": 2, "overdue_by": 5},
        headers=bearer("demo-supervisor"),
    )
    assert refused.status_code == 403


def test_the_coordinator_resolves_a_breach_once(client, uow, bearer):
    coordinator = bearer("demo-coordinator")
    breach(uow, demo(uow))
    [found] = client.get("/api/v1/breaches", headers=coordinator).json()
    assert found["resolved_at"] is None and found["guarantees_failed"] == ["anonymous"]
    path = f"/api/v1/breaches/{found['id']}/resolution"
    blank = client.post(path, json={"note": ""}, headers=coordinator)
    assert (blank.status_code, loc(blank)) == (422, "note")
    assert (
        client.post(path, json={"note": "Warned."}, headers=bearer("demo-focal")).status_code == 404
    )
    assert client.get("/api/v1/breaches", headers=bearer("demo-supervisor")).status_code == 403
    assert (
        client.post(path, json={"note": "Warned in writing."}, headers=coordinator).status_code
        == 204
    )
    [resolved] = client.get("/api/v1/breaches", headers=coordinator).json()
    assert resolved["resolution"] == "Warned in writing." and resolved["resolved_at"]
    again = client.post(path, json={"note": "Again."}, headers=coordinator)
    assert (again.status_code, again.json()["detail"][0]["key"]) == (409, "breach.already_resolved")
