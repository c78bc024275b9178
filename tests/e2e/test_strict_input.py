"""The API takes its input at its word: a flag is true or false, an id or a year is a JSON
number, a date is text, a body is declared JSON, and UIC letters are Latin, Russian or Tajik
letters. Anything looser gets 422 naming the field (415 for the body's type), and nothing is
stored."""

import json

import pytest

from tests.support.api import UIC, case_body, open_case
from tests.support.network import demo

API = "/api/v1"


def case_count(client, headers) -> int:
    return len(client.get(f"{API}/cases", headers=headers).json()["items"])


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        (case_body(consent={"referral": "yes"}), ["body", "consent", "referral"]),
        (case_body(consent={"referral": 1}), ["body", "consent", "referral"]),
        (case_body(uic=UIC | {"birth_year": "1990"}), ["body", "uic", "birth_year"]),
        (case_body(uic=UIC | {"birth_year": 1990.0}), ["body", "uic", "birth_year"]),
        (case_body(uic=UIC | {"birth_year": True}), ["body", "uic", "birth_year"]),
    ],
    ids=["consent-yes", "consent-1", "year-text", "year-float", "year-true"],
)
def test_a_loose_consent_or_birth_year_opens_no_case(client, bearer, body, loc):
    headers = bearer("demo-caseworker")
    response = client.post(f"{API}/cases", json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert [d["loc"] for d in response.json()["detail"]] == [loc]
    assert case_count(client, headers) == 0


@pytest.mark.parametrize("letters", ["ⓐⓑ", "ＡＢ", "ΑΒ"], ids=["circled", "fullwidth", "greek"])
def test_uic_letters_from_outside_the_alphabets_are_refused_not_folded(client, bearer, letters):
    headers = bearer("demo-caseworker")
    response = client.post(
        f"{API}/cases", json=case_body(uic=UIC | {"mother_letters": letters}), headers=headers
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "mother_letters"]
    assert letters not in response.text
    assert case_count(client, headers) == 0


def test_an_institution_id_of_true_is_refused(client, bearer):
    headers = bearer("demo-caseworker")
    case = open_case(client, headers)
    for institution in (True, "1"):
        response = client.post(
            f"{API}/cases/{case['id']}/referrals",
            json={"service": "hiv_testing", "institution_id": institution},
            headers=headers,
        )
        assert response.status_code == 422, response.text
        assert response.json()["detail"][0]["loc"] == ["body", "institution_id"]
    detail = client.get(f"{API}/cases/{case['id']}", headers=headers).json()
    assert detail["referrals"] == []


def test_governance_bodies_take_ids_flags_and_dates_strictly(client, bearer, uow):
    d = demo(uow)
    coordinator = bearer("demo-coordinator")
    loose = [
        ({"month": "2026-03", "host_member_id": str(d.aids_centre)}, "host_member_id"),
        ({"month": "2026-03", "starts_at": 1773208800}, "starts_at"),
    ]
    for body, field in loose:
        response = client.post(f"{API}/meetings", json=body, headers=coordinator)
        assert response.status_code == 422, response.text
        assert response.json()["detail"][0]["loc"][:2] == ["body", field]
    member = {"name": "NGO «Loose» (test)", "kind": "ngo", "joined_on": 0}
    response = client.post(f"{API}/members", json=member, headers=coordinator)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "joined_on"]
    meetings = client.get(f"{API}/meetings", headers=coordinator).json()
    assert all(m["month"] != "2026-03" for m in meetings)


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", None], ids=str
)
def test_a_body_not_declared_json_is_refused_with_415(client, bearer, content_type):
    headers = bearer("demo-caseworker")
    if content_type is not None:
        headers |= {"Content-Type": content_type}
    response = client.post(f"{API}/cases", content=json.dumps(case_body()), headers=headers)
    assert response.status_code == 415, response.text
    problem = response.json()["detail"][0]
    assert problem["loc"] == ["header", "content-type"] and "application/json" in problem["msg"]
    assert case_count(client, headers) == 0


def test_json_with_a_charset_and_bodiless_commands_still_work(client, bearer):
    headers = bearer("demo-caseworker")
    typed = headers | {"Content-Type": "application/json; charset=utf-8"}
    opened = client.post(f"{API}/cases", content=json.dumps(case_body()), headers=typed)
    assert opened.status_code == 201, opened.text
    focal = bearer("demo-focal")
    referral = client.post(
        f"{API}/cases/{opened.json()['id']}/referrals",
        json={"service": "hiv_testing"},
        headers=headers,
    ).json()
    accepted = client.post(f"{API}/referrals/{referral['id']}/accept", headers=focal)
    assert accepted.status_code == 200, accepted.text
