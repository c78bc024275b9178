"""The case itself over HTTP: needs added and withdrawn, the case closed or withdrawn for a
coded reason, handed to a colleague, and a lapsed form reissued; with the usual refusals
(422 naming the field, 404 for another NGO's case, 409 for a step the state forbids, 403)."""

from datetime import timedelta

import pytest

from tests.support.api import open_case, refer

CASES = "/api/v1/cases"


def post(client, path, headers, body=None):
    return client.post(path, json=body, headers=headers)


def field_of(response) -> list:
    return response.json()["detail"][0]["loc"]


def test_needs_are_added_and_withdrawn(client, bearer):
    headers = bearer("demo-caseworker")
    case = open_case(client, headers)
    added = post(client, f"{CASES}/{case['id']}/needs", headers, {"service": "housing"})
    assert added.status_code == 201
    assert added.json() | {"id": 0} == {"id": 0, "service": "housing", "status": "open"}
    again = post(client, f"{CASES}/{case['id']}/needs", headers, {"service": "housing"})
    assert again.status_code == 409 and field_of(again) == ["body", "service"]
    bad = post(client, f"{CASES}/{case['id']}/needs", headers, {"service": "dentistry"})
    assert bad.status_code == 422 and field_of(bad) == ["body", "service"]

    need = added.json()["id"]
    withdrawn = post(client, f"{CASES}/{case['id']}/needs/{need}/withdrawal", headers)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    detail = client.get(f"{CASES}/{case['id']}", headers=headers).json()
    assert {n["service"]: n["status"] for n in detail["needs"]} == {
        "hiv_testing": "open",
        "housing": "withdrawn",
    }
    twice = post(client, f"{CASES}/{case['id']}/needs/{need}/withdrawal", headers)
    assert twice.status_code == 409


def test_a_need_under_an_open_referral_is_not_withdrawn(client, bearer):
    headers = bearer("demo-caseworker")
    case = open_case(client, headers)
    refer(client, headers, case["id"])
    need = client.get(f"{CASES}/{case['id']}", headers=headers).json()["needs"][0]["id"]
    refused = post(client, f"{CASES}/{case['id']}/needs/{need}/withdrawal", headers)
    assert refused.status_code == 409
    assert refused.json()["detail"][0]["key"] == "case.need_has_open_referral"
    missing = post(client, f"{CASES}/{case['id']}/needs/{need + 1000}/withdrawal", headers)
    assert missing.status_code == 404


@pytest.mark.parametrize("status", ["withdrawn", "closed-unresolved"])
def test_a_case_is_closed_for_a_coded_reason(client, bearer, status):
    headers = bearer("demo-caseworker")
    case = open_case(client, headers)
    closing = {"status": status, "reason": "lost_contact"}
    closed = post(client, f"{CASES}/{case['id']}/closing", headers, closing)
    assert closed.status_code == 200 and closed.json()["status"] == status
    detail = client.get(f"{CASES}/{case['id']}", headers=headers).json()
    assert (detail["status"], detail["closing_reason"]) == (status, "lost_contact")
    assert post(client, f"{CASES}/{case['id']}/closing", headers, closing).status_code == 409


def test_closing_names_a_bad_status_or_reason(client, bearer):
    headers = bearer("demo-caseworker")
    case = open_case(client, headers)
    for body, field in [
        ({"status": "resolved", "reason": "other"}, "status"),
        ({"status": "withdrawn", "reason": "he moved to Moscow"}, "reason"),
        ({"status": "withdrawn"}, "reason"),
    ]:
        response = post(client, f"{CASES}/{case['id']}/closing", headers, body)
        assert response.status_code == 422 and field_of(response) == ["body", field], body
        assert "Moscow" not in response.text


def test_a_case_is_handed_to_a_colleague_of_its_ngo_only(client, bearer):
    headers = bearer("demo-caseworker")
    case = open_case(client, headers)
    assert client.get(f"{CASES}/{case['id']}", headers=headers).json()["caseworker"] == (
        "demo-caseworker"
    )
    path = f"{CASES}/{case['id']}/assignment"
    for stranger in ["demo-caseworker-2", "demo-focal", "nobody"]:
        refused = post(client, path, headers, {"caseworker": stranger})
        assert refused.status_code == 422 and field_of(refused) == ["body", "caseworker"]
    handed = post(client, path, headers, {"caseworker": "demo-supervisor"})
    assert handed.json() == {"id": case["id"], "caseworker": "demo-supervisor"}
    # No longer hers: the caseworker may not take it back; the supervisor hands it back.
    assert post(client, path, headers, {"caseworker": "demo-caseworker"}).status_code == 403
    back = post(client, path, bearer("demo-supervisor"), {"caseworker": "demo-caseworker"})
    assert back.status_code == 200
    foreign = post(client, path, bearer("demo-caseworker-2"), {"caseworker": "demo-caseworker-2"})
    assert foreign.status_code == 404


def test_a_lapsed_form_is_reissued_once_on_a_new_serial(client, bearer, clock):
    headers = bearer("demo-caseworker")
    case = open_case(client, headers)
    old = refer(client, headers, case["id"])
    early = post(client, f"/api/v1/referrals/{old['id']}/reissue", headers)
    assert early.status_code == 409 and early.json()["detail"][0]["key"] == (
        "referral.form_not_lapsed"
    )
    clock.advance(timedelta(days=60))
    headers = bearer("demo-caseworker")  # the first token has expired meanwhile
    listed = client.get(f"{CASES}/{case['id']}", headers=headers).json()["referrals"]
    assert [r["reissuable"] for r in listed] == [True]
    reissued = post(client, f"/api/v1/referrals/{old['id']}/reissue", headers)
    assert reissued.status_code == 201
    new = reissued.json()
    assert new["serial"] != old["serial"] and new["status"] == "requested"
    assert new["form_url"] == f"/api/v1/referrals/{new['id']}/form.pdf"
    listed = client.get(f"{CASES}/{case['id']}", headers=headers).json()["referrals"]
    by_id = {r["id"]: r for r in listed}
    assert by_id[old["id"]]["status"] == "failed"
    assert by_id[old["id"]]["reissued_as_id"] == new["id"]
    assert [by_id[old["id"]]["reissuable"], by_id[new["id"]]["reissuable"]] == [False, False]
    assert post(client, f"/api/v1/referrals/{old['id']}/reissue", headers).status_code == 409
    other = post(client, f"/api/v1/referrals/{new['id']}/reissue", bearer("demo-caseworker-2"))
    assert other.status_code == 404
