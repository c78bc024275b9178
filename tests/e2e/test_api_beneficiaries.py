"""Over HTTP, what the owning NGO does with a pseudonym: keep an identity in the vault, grant
and revoke consent, decide proposed matches, erase. Nobody else learns any of it."""

import uuid

from casework.actors import system_actor
from casework.cases.commands import propose_matches
from tests.support.api import open_case, refer

NAME, PHONE = "Гулнора Назарова", "+992 93 555 01 02"


def test_the_identity_goes_to_the_vault_and_only_the_owning_ngo_reads_it(client, bearer):
    caseworker = bearer("demo-caseworker")
    opened = open_case(client, caseworker, identity={"name": NAME, "phone": PHONE})
    case = client.get(f"/api/v1/cases/{opened['id']}", headers=caseworker).json()
    url = f"/api/v1/beneficiaries/{case['beneficiary_id']}/identity"
    assert NAME not in str(case) and PHONE not in str(case)

    assert client.get(url, headers=caseworker).json() == {
        "name": NAME,
        "phone": PHONE,
        "notes": None,
    }
    assert client.get(url, headers=bearer("demo-supervisor")).status_code == 200
    for stranger in ("demo-caseworker-2", "demo-focal", "demo-coordinator", "demo-admin"):
        response = client.get(url, headers=bearer(stranger))
        assert response.status_code == 404 and NAME not in response.text

    assert (
        client.put(url, json={"notes": "prefers mornings"}, headers=caseworker).status_code == 204
    )
    assert client.get(url, headers=caseworker).json()["notes"] == "prefers mornings"


def test_a_phone_with_letters_is_refused_without_echoing_it(client, bearer):
    response = client.post(
        "/api/v1/cases",
        json={
            "uic": {"sex": "M", "birth_year": 1990, "mother_letters": "АБ", "father_letters": "ВГ"},
            "needs": ["housing"],
            "consent": {"referral": True},
            "identity": {"phone": "call Rustam"},
        },
        headers=bearer("demo-caseworker"),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "phone"
    assert "Rustam" not in response.text


def test_revoking_consent_cancels_open_referrals_and_the_clinic_sees_only_cancelled(client, bearer):
    caseworker, focal = bearer("demo-caseworker"), bearer("demo-focal")
    opened = open_case(client, caseworker)
    referral = refer(client, caseworker, opened["id"])
    beneficiary = client.get(f"/api/v1/cases/{opened['id']}", headers=caseworker).json()[
        "beneficiary_id"
    ]

    revoked = client.post(
        f"/api/v1/beneficiaries/{beneficiary}/consents/revocation",
        json={"purpose": "referral"},
        headers=caseworker,
    )
    assert revoked.json() == {"consents_revoked": 1, "referrals_cancelled": 1}
    seen = client.get(f"/api/v1/referrals/{referral['id']}", headers=focal).json()
    assert seen["status"] == "cancelled" and "consent" not in str(seen)
    accept = client.post(f"/api/v1/referrals/{referral['id']}/accept", headers=focal)
    assert accept.status_code == 409
    again = client.post(
        f"/api/v1/cases/{opened['id']}/referrals", json={"service": "housing"}, headers=caseworker
    )
    assert again.status_code == 409 and again.json()["detail"][0]["loc"] == ["body", "consent"]


def test_a_proposed_match_is_decided_by_the_caseworker(client, bearer, uow):
    caseworker = bearer("demo-caseworker")
    first = open_case(client, caseworker)
    second = open_case(client, caseworker)  # same UIC at the same NGO
    propose_matches(uow, actor=system_actor("intake"), case_id=uuid.UUID(second["id"]))
    beneficiary = client.get(f"/api/v1/cases/{second['id']}", headers=caseworker).json()[
        "beneficiary_id"
    ]

    matches = client.get(f"/api/v1/beneficiaries/{beneficiary}/matches", headers=caseworker).json()
    assert [(m["candidate_display_code"], m["decision"]) for m in matches] == [
        (first["display_code"], "proposed")
    ]
    other_ngo = client.post(
        f"/api/v1/matches/{matches[0]['id']}/confirmation", headers=bearer("demo-caseworker-2")
    )
    assert other_ngo.status_code == 404
    decided = client.post(f"/api/v1/matches/{matches[0]['id']}/rejection", headers=caseworker)
    assert decided.json() == {"id": matches[0]["id"], "decision": "rejected"}


def test_only_a_supervisor_erases_which_shreds_the_identity_and_withdraws_the_case(client, bearer):
    caseworker = bearer("demo-caseworker")
    opened = open_case(client, caseworker, identity={"name": NAME})
    refer(client, caseworker, opened["id"])
    beneficiary = client.get(f"/api/v1/cases/{opened['id']}", headers=caseworker).json()[
        "beneficiary_id"
    ]

    url = f"/api/v1/beneficiaries/{beneficiary}/erasure"
    refused = client.post(url, headers=caseworker)  # cannot be undone: the supervisor's act
    assert refused.status_code == 403
    assert refused.json()["detail"][0]["key"] == "erasure.supervisor_only"
    assert client.get(f"/api/v1/cases/{opened['id']}", headers=caseworker).json()["status"] == (
        "active"
    )
    erased = client.post(url, headers=bearer("demo-supervisor"))
    assert erased.json() == {"referrals_cancelled": 1, "cases_withdrawn": 1}
    assert (
        client.get(f"/api/v1/beneficiaries/{beneficiary}/identity", headers=caseworker).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/cases/{opened['id']}", headers=caseworker).json()["status"]
        == "withdrawn"
    )


def test_a_proposal_id_beyond_any_key_is_refused_before_the_database(client, bearer):
    # PostgreSQL would fail on it ("integer out of range"): a 500 instead of a 422.
    caseworker = bearer("demo-caseworker")
    for decision in ("confirmation", "rejection"):
        response = client.post(f"/api/v1/matches/{2**31}/{decision}", headers=caseworker)
        assert response.status_code == 422
