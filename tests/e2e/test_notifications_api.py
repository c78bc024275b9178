"""The bell over HTTP: each user sees the notices for their role and organisation; the
coordinator, and nobody else, sees deliveries that failed."""

from tests.support.escalation import escalate_one


def test_the_bell_counts_and_clears_a_users_notices(client, login, uow, clock):
    serial = escalate_one(uow, clock)
    focal = login("demo-focal")
    body = client.get("/api/v1/notifications", headers=focal).json()
    assert body["unread"] == 1
    (item,) = body["items"]
    assert item["level"] == 1 and serial in item["message"]
    assert client.get("/api/v1/notifications", headers=login("demo-caseworker-2")).json() == {
        "unread": 0,
        "items": [],
    }
    other = client.post(
        f"/api/v1/notifications/{item['id']}/read", headers=login("demo-caseworker-2")
    )
    assert other.status_code == 404
    assert client.post(f"/api/v1/notifications/{item['id']}/read", headers=focal).status_code == 204
    assert client.get("/api/v1/notifications?unread_only=true", headers=focal).json() == {
        "unread": 0,
        "items": [],
    }


def test_only_the_coordinator_sees_failed_deliveries(client, login, uow, clock):
    escalate_one(uow, clock)
    failed = client.get(
        "/api/v1/notifications/deliveries/failed", headers=login("demo-coordinator")
    )
    assert failed.status_code == 200
    assert {(f["channel"], f["status"], f["last_error"]) for f in failed.json()} == {
        ("email", "failed", "the email channel is not configured")
    }
    refused = client.get(
        "/api/v1/notifications/deliveries/failed", headers=login("demo-caseworker")
    )
    assert refused.status_code == 403


def test_an_id_beyond_any_key_is_refused_before_the_database(client, bearer):
    # PostgreSQL would fail on it ("integer out of range"): a 500 instead of a 422.
    response = client.post(f"/api/v1/notifications/{2**31}/read", headers=bearer("demo-focal"))
    assert response.status_code == 422
