"""The bell over HTTP: each user sees the notices for their role and organisation; the
coordinator, and nobody else, sees deliveries that failed."""

from datetime import UTC, datetime

from sqlalchemy import select

from casework.accounts.model import User
from casework.actors import system_actor
from casework.escalation.commands import sweep
from casework.network.services import ServiceCode
from casework.notifications.delivery import deliver_due
from casework.referrals import commands as referrals
from tests.support.network import demo


def escalate_one(uow, clock) -> str:
    """A referral from the demo caseworker's NGO to the demo focal point's institution,
    escalated to level 1; its e-mails fail (no SMTP configured here)."""
    d = demo(uow)
    with uow:
        ngo = uow.session.scalar(
            select(User.organisation_id).where(User.username == "demo-caseworker")
        )
    opened = d.open_case(uow, ngo=ngo)
    issued = referrals.request_referral(
        uow, actor=d.caseworker(ngo), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    clock.current = datetime(2026, 3, 4, 9, 15, tzinfo=UTC)
    sweep(uow, actor=system_actor("test"))
    deliver_due(uow, actor=system_actor("test"), senders={})
    return issued.serial


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
