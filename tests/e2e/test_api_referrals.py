"""Referrals over HTTP: the NGO requests and cancels, the institution accepts, rejects and
completes, and sees only its own small view."""

import pytest

from tests.support.api import open_case, refer
from tests.support.network import demo

INSTITUTION_FIELDS = {
    "view",
    "id",
    "serial",
    "service",
    "urgency",
    "valid_until",
    "display_code",
    "issuing_ngo_id",
    "status",
}
ALL_TRUE = {"anonymous": True, "free": True, "voluntary": True}


@pytest.fixture
def ngo(bearer):
    return bearer("demo-caseworker")


@pytest.fixture
def focal(bearer):
    return bearer("demo-focal")


@pytest.fixture
def referral(client, ngo):
    opened = open_case(client, ngo)
    return refer(client, ngo, opened["id"]) | {"case": opened}


def test_a_referral_is_routed_numbered_and_has_a_form(client, uow, referral):
    assert referral["status"] == "requested"
    assert referral["serial"].startswith("KHT-2026-")
    assert referral["institution_id"] == demo(uow).aids_centre
    assert referral["form_url"] == f"/api/v1/referrals/{referral['id']}/form.pdf"


def test_the_ngo_and_the_institution_see_different_views(client, ngo, focal, referral):
    url = f"/api/v1/referrals/{referral['id']}"
    as_ngo = client.get(url, headers=ngo).json()
    assert as_ngo["view"] == "ngo" and as_ngo["case_id"] == referral["case"]["id"]
    as_institution = client.get(url, headers=focal).json()
    assert set(as_institution) == INSTITUTION_FIELDS
    assert as_institution["display_code"] != referral["case"]["display_code"]  # its own code
    assert as_institution["serial"] == referral["serial"]
    assert as_institution["issuing_ngo_id"] == as_ngo["ngo_id"]


def test_an_institution_accepts_and_completes_and_cannot_accept_twice(client, focal, referral):
    base = f"/api/v1/referrals/{referral['id']}"
    accepted = client.post(f"{base}/accept", headers=focal)
    assert accepted.json() == {"id": referral["id"], "status": "accepted"}
    again = client.post(f"{base}/accept", headers=focal)
    assert again.status_code == 409
    assert "accepted" in again.json()["detail"][0]["msg"]
    missing = client.post(
        f"{base}/complete", json={"attestations": {"anonymous": True}}, headers=focal
    )
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "attestations", "free"]
    done = client.post(f"{base}/complete", json={"attestations": ALL_TRUE}, headers=focal)
    assert done.json()["status"] == "completed"


def test_a_rejection_takes_a_published_code_a_note_and_a_suggestion_the_ngo_reads(
    client, uow, ngo, focal, referral
):
    d = demo(uow)
    hospital = d.members["Regional Clinical Hospital (demo)"]
    url = f"/api/v1/referrals/{referral['id']}/reject"
    unknown = client.post(url, json={"reason_code": "full"}, headers=focal)
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "reason_code"]
    too_long = client.post(url, json={"reason_code": "other", "note": "x" * 301}, headers=focal)
    assert too_long.json()["detail"][0]["loc"] == ["body", "note"]
    for wrong in (d.tb_dispensary, d.aids_centre):  # offers no HIV testing; is the decliner
        body = {"reason_code": "no_capacity", "suggested_member_id": wrong}
        refused = client.post(url, json=body, headers=focal)
        assert refused.status_code == 422
        assert refused.json()["detail"][0]["loc"] == ["body", "suggested_member_id"]
    body = {
        "reason_code": "no_capacity",
        "note": "Test kits run out until Monday.",
        "suggested_member_id": hospital,
    }
    rejected = client.post(url, json=body, headers=focal)
    assert rejected.json() == {"id": referral["id"], "status": "rejected"}
    as_ngo = client.get(f"/api/v1/referrals/{referral['id']}", headers=ngo).json()
    assert {k: as_ngo[k] for k in ("status_reason", "status_note", "outcome")} == {
        "status_reason": "no_capacity",
        "status_note": "Test kits run out until Monday.",
        "outcome": "no_capacity",
    }
    assert as_ngo["suggested_member_id"] == hospital
    again = client.post(url, json={"reason_code": "other"}, headers=focal)
    assert again.status_code == 409  # a declined referral cannot be declined again


def test_a_cancellation_takes_a_code_and_shows_the_institution_no_reason(
    client, ngo, focal, referral
):
    url = f"/api/v1/referrals/{referral['id']}/cancel"
    assert client.post(url, json={}, headers=ngo).json()["detail"][0]["loc"] == [
        "body",
        "reason_code",
    ]
    assert client.post(url, json={"reason_code": "no_capacity"}, headers=ngo).status_code == 422
    body = {"reason_code": "client_unreachable", "note": "moved to Dushanbe"}
    cancelled = client.post(url, json=body, headers=ngo)
    assert cancelled.json()["status"] == "cancelled"
    as_ngo = client.get(f"/api/v1/referrals/{referral['id']}", headers=ngo).json()
    assert (as_ngo["status_reason"], as_ngo["status_note"], as_ngo["outcome"]) == (
        "client_unreachable",
        "moved to Dushanbe",
        "could_not_reach",
    )
    seen = client.get(f"/api/v1/referrals/{referral['id']}", headers=focal)
    listed = client.get("/api/v1/institution/referrals", headers=focal)
    assert seen.json()["status"] == "cancelled"
    for text in (seen.text, listed.text):
        assert "Dushanbe" not in text and "client_unreachable" not in text
    assert (
        client.post(url, json={"reason_code": "other"}, headers=ngo).status_code == 409
    )  # a cancelled referral stays cancelled


def test_the_reason_codes_are_published_in_the_readers_language(client, ngo, focal):
    in_russian = client.get(
        "/api/v1/reason-codes", headers=focal | {"Accept-Language": "ru-RU,ru;q=0.9"}
    )
    assert in_russian.status_code == 200
    lists = in_russian.json()
    assert set(lists) == {"reject", "cancel", "hold", "outcome"}
    assert {"code": "no_capacity", "label": "Сейчас нет возможности принять"} in lists["reject"]
    assert [item["code"] for item in lists["outcome"]] == [
        "service_received",
        "client_declined",
        "not_eligible",
        "no_capacity",
        "could_not_reach",
        "other",
    ]
    in_english = client.get("/api/v1/reason-codes", headers=ngo | {"Accept-Language": "en"})
    assert {"code": "issued_in_error", "label": "Issued in error"} in in_english.json()["cancel"]
    in_tajik = client.get("/api/v1/reason-codes", headers=ngo).json()  # the network's default
    assert in_tajik["hold"][0]["label"] not in ("", "Waiting for the beneficiary to return")


def test_the_institution_lists_only_referrals_addressed_to_it(client, uow, ngo, focal, referral):
    d = demo(uow)
    opened = open_case(client, ngo, needs=["tb_screening"])
    elsewhere = refer(
        client, ngo, opened["id"], service="tb_screening", institution_id=d.tb_dispensary
    )
    listed = client.get("/api/v1/institution/referrals", headers=focal).json()
    assert [r["id"] for r in listed["items"]] == [referral["id"]]
    assert set(listed["items"][0]) == INSTITUTION_FIELDS
    assert client.get(f"/api/v1/referrals/{elsewhere['id']}", headers=focal).status_code == 404
    accepted = client.get("/api/v1/institution/referrals?status=accepted", headers=focal)
    assert accepted.json()["items"] == []


def test_a_named_institution_must_offer_the_service(client, uow, ngo):
    d = demo(uow)
    opened = open_case(client, ngo)
    url = f"/api/v1/cases/{opened['id']}/referrals"
    wrong = client.post(
        url, json={"service": "hiv_testing", "institution_id": d.justice}, headers=ngo
    )
    assert wrong.status_code == 409
    assert wrong.json()["detail"][0]["loc"] == ["body", "institution_id"]
    unknown = client.post(
        url, json={"service": "hiv_testing", "institution_id": 999_999}, headers=ngo
    )
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "institution_id"]


def test_without_consent_there_is_no_referral(client, ngo):
    opened = open_case(client, ngo, consent={"referral": False})
    response = client.post(
        f"/api/v1/cases/{opened['id']}/referrals", json={"service": "hiv_testing"}, headers=ngo
    )
    assert response.status_code == 409
    assert response.json()["detail"][0]["loc"] == ["body", "consent"]


def test_the_ngo_cannot_act_for_the_institution(client, ngo, referral):
    for step, body in [("accept", None), ("reject", {"reason_code": "other"})]:
        response = client.post(f"/api/v1/referrals/{referral['id']}/{step}", json=body, headers=ngo)
        assert response.status_code == 404


def test_two_institutions_know_one_beneficiary_by_different_codes(client, ngo, bearer):
    """Whatever an institution reads (its inbox, a referral, its notices, its inbox page), the
    code the other institution knows the beneficiary by appears nowhere."""
    opened = open_case(client, ngo, needs=["hiv_testing", "harm_reduction"])
    refer(client, ngo, opened["id"])
    refer(client, ngo, opened["id"], service="harm_reduction")
    codes, shown = {}, {}
    for username in ("demo-focal", "demo-focal-2"):
        headers = bearer(username)
        inbox = client.get("/api/v1/institution/referrals", headers=headers).json()["items"]
        (mine,) = inbox
        one = client.get(f"/api/v1/referrals/{mine['id']}", headers=headers).json()
        assert one["display_code"] == mine["display_code"]  # stable
        codes[username] = mine["display_code"]
        shown[username] = " ".join(
            client.get(url, headers=headers).text
            for url in (
                "/api/v1/institution/referrals",
                f"/api/v1/referrals/{mine['id']}",
                "/api/v1/notifications",
            )
        )
    assert len({*codes.values(), opened["display_code"]}) == 3
    assert codes["demo-focal"] not in shown["demo-focal-2"]
    assert codes["demo-focal-2"] not in shown["demo-focal"]
