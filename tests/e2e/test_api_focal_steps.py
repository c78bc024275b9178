"""The institution's steps over HTTP (FHIR Task `in-progress`, `on-hold`): start, hold with a
published reason code, resume; the inbox's filters; and the refusals a focal point may meet."""

import pytest

from tests.support.api import open_case, refer

ACCEPTED = "/api/v1/referrals/{id}/accept"


@pytest.fixture
def ngo(bearer):
    return bearer("demo-caseworker")


@pytest.fixture
def focal(bearer):
    return bearer("demo-focal")


@pytest.fixture
def accepted(client, ngo, focal):
    opened = open_case(client, ngo)
    referral = refer(client, ngo, opened["id"])
    assert client.post(ACCEPTED.format(id=referral["id"]), headers=focal).status_code == 200
    return referral


def step(client, headers, referral, name, body=None):
    return client.post(f"/api/v1/referrals/{referral['id']}/{name}", json=body, headers=headers)


def test_a_focal_point_starts_holds_with_a_code_and_resumes(client, ngo, focal, accepted):
    assert step(client, focal, accepted, "start").json() == {
        "id": accepted["id"],
        "status": "in-progress",
    }
    held = step(client, focal, accepted, "hold", {"reason_code": "awaiting_results", "note": ""})
    assert held.json()["status"] == "on-hold"
    as_ngo = client.get(f"/api/v1/referrals/{accepted['id']}", headers=ngo).json()
    assert (as_ngo["status"], as_ngo["status_reason"]) == ("on-hold", "awaiting_results")
    assert step(client, focal, accepted, "resume").json()["status"] == "in-progress"


def test_an_unknown_hold_code_is_refused_naming_the_field(client, focal, accepted):
    for body in ({"reason_code": "in hospital"}, {"note": "no code"}):
        refused = step(client, focal, accepted, "hold", body)
        assert refused.status_code == 422
        assert refused.json()["detail"][0]["loc"] == ["body", "reason_code"]
    too_long = step(client, focal, accepted, "hold", {"reason_code": "other", "note": "x" * 301})
    assert too_long.status_code == 422
    assert too_long.json()["detail"][0]["loc"] == ["body", "note"]


def test_an_illegal_step_is_a_conflict(client, ngo, focal):
    opened = open_case(client, ngo)
    requested = refer(client, ngo, opened["id"])
    for name, body in [("hold", {"reason_code": "capacity"}), ("resume", None), ("start", None)]:
        refused = step(client, focal, requested, name, body)
        assert refused.status_code == 409, name
        assert refused.json()["detail"][0]["loc"] == ["body", "status"]


def test_another_institution_and_the_ngo_get_not_found(client, ngo, bearer, accepted):
    for headers in (bearer("demo-focal-2"), ngo):
        for name, body in [("start", None), ("hold", {"reason_code": "capacity"})]:
            assert step(client, headers, accepted, name, body).status_code == 404


def test_the_inbox_filters_by_service_and_days_of_issue(client, ngo, focal):
    opened = open_case(client, ngo, needs=["hiv_testing", "hepatitis_testing"])
    testing = refer(client, ngo, opened["id"])
    at = testing["institution_id"]  # routing might send hepatitis testing elsewhere
    refer(client, ngo, opened["id"], service="hepatitis_testing", institution_id=at)
    url = "/api/v1/institution/referrals"
    only = client.get(url, params={"service": "hiv_testing"}, headers=focal).json()["items"]
    assert [r["id"] for r in only] == [testing["id"]]
    today = client.get(
        url, params={"issued_from": "2026-03-02", "issued_to": "2026-03-02"}, headers=focal
    ).json()["items"]
    assert len(today) == 2
    later = client.get(url, params={"issued_from": "2026-03-03"}, headers=focal).json()
    assert later["items"] == []
    reversed_days = client.get(
        url, params={"issued_from": "2026-03-03", "issued_to": "2026-03-02"}, headers=focal
    )
    assert reversed_days.status_code == 422
    assert reversed_days.json()["detail"][0]["loc"][-1] == "issued_to"
    bad = client.get(url, params={"service": "dentistry"}, headers=focal)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "service"]
