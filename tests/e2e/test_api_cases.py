"""Cases over HTTP: intake, the owning NGO's views, pagination and the outcome."""

import uuid

from tests.support.api import UIC, case_body, open_case, refer


def test_a_caseworker_opens_a_case_and_finds_it_again(client, bearer):
    headers = bearer("demo-caseworker")
    opened = open_case(client, headers, needs=["hiv_testing", "housing"])
    assert set(opened) == {"id", "display_code", "status"}
    assert opened["status"] == "open" and len(opened["display_code"]) == 9

    listed = client.get("/api/v1/cases", headers=headers).json()
    assert [c["id"] for c in listed["items"]] == [opened["id"]]

    detail = client.get(f"/api/v1/cases/{opened['id']}", headers=headers).json()
    assert detail["display_code"] == opened["display_code"]
    assert sorted(n["service"] for n in detail["needs"]) == ["hiv_testing", "housing"]
    for letters in (UIC["mother_letters"], UIC["father_letters"]):
        assert letters not in str(detail) + str(listed) + str(opened)


def test_a_supervisor_of_the_same_ngo_sees_the_case(client, bearer):
    opened = open_case(client, bearer("demo-caseworker"))
    response = client.get(f"/api/v1/cases/{opened['id']}", headers=bearer("demo-supervisor"))
    assert response.status_code == 200


def test_bad_fields_are_named(client, bearer):
    headers = bearer("demo-caseworker")
    cases = [
        (case_body(needs=["dentistry"]), ["body", "needs", 0]),
        (case_body(uic=UIC | {"mother_letters": "Z"}), ["body", "uic", "mother_letters"]),
        (case_body(uic=UIC | {"father_letters": "1A"}), ["body", "father_letters"]),
        (case_body(uic=UIC | {"birth_year": 1800}), ["body", "uic", "birth_year"]),
        (case_body(consent={}), ["body", "consent", "referral"]),
        (case_body(needs=[]), ["body", "needs"]),
    ]
    for body, loc in cases:
        response = client.post("/api/v1/cases", json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.json()["detail"][0]["loc"] == loc
        assert "1A" not in response.text


def test_another_ngo_cannot_tell_a_case_exists(client, bearer):
    opened = open_case(client, bearer("demo-caseworker"))
    other = bearer("demo-caseworker-2")
    foreign = client.get(f"/api/v1/cases/{opened['id']}", headers=other)
    missing = client.get(f"/api/v1/cases/{uuid.uuid4()}", headers=other)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json()["detail"][0]["type"] == missing.json()["detail"][0]["type"]
    assert client.get("/api/v1/cases", headers=other).json()["items"] == []


def test_only_ngo_staff_open_or_list_cases(client, bearer):
    focal = bearer("demo-focal")
    assert client.post("/api/v1/cases", json=case_body(), headers=focal).status_code == 403
    assert client.get("/api/v1/cases", headers=focal).status_code == 403


def test_cases_come_in_pages(client, bearer):
    headers = bearer("demo-caseworker")
    for _ in range(3):
        open_case(client, headers)
    first = client.get("/api/v1/cases?limit=2", headers=headers).json()
    rest = client.get("/api/v1/cases?limit=2&offset=2", headers=headers).json()
    assert (len(first["items"]), first["limit"], first["offset"]) == (2, 2, 0)
    assert len(rest["items"]) == 1
    assert {c["id"] for c in first["items"]}.isdisjoint(c["id"] for c in rest["items"])
    too_long = client.get("/api/v1/cases?limit=1000", headers=headers)
    assert too_long.status_code == 422
    assert too_long.json()["detail"][0]["loc"] == ["query", "limit"]
    only_open = client.get("/api/v1/cases?status=resolved", headers=headers).json()
    assert only_open["items"] == []


def test_an_outcome_closes_the_case_once(client, bearer):
    headers = bearer("demo-caseworker")
    opened = open_case(client, headers)
    refer(client, headers, opened["id"])
    url = f"/api/v1/cases/{opened['id']}/outcome"
    response = client.post(url, json={"resolved": True, "note": "tested"}, headers=headers)
    assert response.status_code == 200
    assert response.json() == {"id": opened["id"], "status": "resolved"}
    again = client.post(url, json={"resolved": False}, headers=headers)
    assert again.status_code == 409
    assert again.json()["detail"][0]["loc"] == ["body", "status"]


def test_an_open_case_cannot_be_resolved_before_any_referral(client, bearer):
    headers = bearer("demo-caseworker")
    opened = open_case(client, headers)
    url = f"/api/v1/cases/{opened['id']}/outcome"
    assert client.post(url, json={"resolved": True}, headers=headers).status_code == 409
    closed = client.post(url, json={"resolved": False}, headers=headers)
    assert closed.json()["status"] == "closed-unresolved"


def test_services_are_listed_with_their_categories(client, bearer):
    response = client.get("/api/v1/services", headers=bearer("demo-focal"))
    codes = {s["code"]: s["category"] for s in response.json()["items"]}
    assert set(codes) == {
        "hiv_testing",
        "sti_care",
        "tb_screening",
        "hepatitis_testing",
        "harm_reduction",
        "housing",
        "employment",
        "identity_documents",
        "legal_aid_detention",
        "social_support",
    }
    assert codes["tb_screening"] == "medical" and codes["legal_aid_detention"] == "legal_aid"
