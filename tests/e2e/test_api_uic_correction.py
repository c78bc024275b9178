"""Over HTTP, correcting a mistyped UIC and reading the identity: the owning NGO's staff
correct, matching proposes at once, no answer repeats the letters, nobody else learns a thing."""

from tests.support.api import UIC, open_case

TYPO = UIC | {"father_letters": "ЗЗ"}


def test_a_corrected_uic_is_matched_at_once_and_never_echoed(client, bearer):
    caseworker = bearer("demo-caseworker")
    earlier = open_case(client, caseworker)
    typed = open_case(client, caseworker, uic=TYPO)
    beneficiary = client.get(f"/api/v1/cases/{typed['id']}", headers=caseworker).json()[
        "beneficiary_id"
    ]
    url = f"/api/v1/beneficiaries/{beneficiary}/uic"

    corrected = client.put(url, json=UIC, headers=caseworker)

    assert corrected.status_code == 200
    assert corrected.json() == {"changed": True, "matches_withdrawn": 0, "matches_proposed": 1}
    for letters in (UIC["mother_letters"], UIC["father_letters"]):
        assert letters not in corrected.text
    matches = client.get(f"/api/v1/beneficiaries/{beneficiary}/matches", headers=caseworker)
    assert [m["candidate_display_code"] for m in matches.json()] == [earlier["display_code"]]
    again = client.put(url, json=UIC, headers=bearer("demo-supervisor"))
    assert again.json() == {"changed": False, "matches_withdrawn": 0, "matches_proposed": 0}


def test_a_uic_correction_is_refused_with_the_field_and_without_the_letters(client, bearer):
    caseworker = bearer("demo-caseworker")
    typed = open_case(client, caseworker, uic=TYPO)
    beneficiary = client.get(f"/api/v1/cases/{typed['id']}", headers=caseworker).json()[
        "beneficiary_id"
    ]
    url = f"/api/v1/beneficiaries/{beneficiary}/uic"

    wrong = client.put(url, json=UIC | {"mother_letters": "Ж9"}, headers=caseworker)
    assert wrong.status_code == 422 and "Ж9" not in wrong.text
    assert wrong.json()["detail"][0]["loc"][-1] == "mother_letters"
    missing = client.put(url, json={"sex": "F"}, headers=caseworker)
    assert missing.status_code == 422
    for stranger in ("demo-caseworker-2", "demo-focal", "demo-coordinator"):
        refused = client.put(url, json=UIC, headers=bearer(stranger))
        assert refused.status_code == 404
    erased = client.post(
        f"/api/v1/beneficiaries/{beneficiary}/erasure", headers=bearer("demo-supervisor")
    )
    assert erased.status_code == 200
    assert client.put(url, json=UIC, headers=caseworker).status_code == 409


def test_the_identity_answer_is_never_cached(client, bearer):
    caseworker = bearer("demo-caseworker")
    opened = open_case(client, caseworker, identity={"name": "Гулнора Назарова"})
    beneficiary = client.get(f"/api/v1/cases/{opened['id']}", headers=caseworker).json()[
        "beneficiary_id"
    ]
    read = client.get(f"/api/v1/beneficiaries/{beneficiary}/identity", headers=caseworker)
    assert read.status_code == 200 and read.headers["cache-control"] == "no-store"
