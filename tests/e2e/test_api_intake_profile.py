"""The intake profile over HTTP and on the pages: `profile` of `POST /api/v1/cases`, its
code lists, the case read by its NGO; and the counting hash, which no response, page or log
ever shows."""

import logging
import uuid

from casework.beneficiaries.model import Beneficiary
from casework.privacy.uic import Sex, UicParts, counting_hash
from tests.support.api import case_body, open_case, refer
from tests.support.network import demo
from tests.support.pages import sign_in

PROFILE = {
    "groups": ["people-living-with-hiv", "migrant-families"],
    "sex": "female",
    "age_band": "25-34",
    "district": "kulob",
}
# A UIC no other test uses, whose hashes are looked for in everything the engine answers.
CANARY = {"sex": "M", "birth_year": 1961, "mother_letters": "ЭЮ", "father_letters": "ЯЩ"}


def loc_of(response) -> str:
    return ".".join(str(part) for part in response.json()["detail"][0]["loc"][1:])


def test_the_profile_is_taken_at_intake_and_read_back_by_the_ngo(client, bearer):
    headers = bearer("demo-caseworker")
    opened = open_case(client, headers, profile=PROFILE)

    detail = client.get(f"/api/v1/cases/{opened['id']}", headers=headers).json()
    assert detail["profile"] == PROFILE | {"groups": sorted(PROFILE["groups"])}
    assert detail["district"] == "kulob"
    plain = client.get(f"/api/v1/cases/{open_case(client, headers)['id']}", headers=headers).json()
    assert plain["profile"] == {"groups": [], "sex": None, "age_band": None, "district": None}


def test_a_bad_profile_is_refused_naming_its_field(client, bearer):
    headers = bearer("demo-caseworker")
    refusals = [
        ({"groups": ["astronauts"]}, {}, "profile.groups"),
        ({"groups": [f"g{n}" for n in range(7)]}, {}, "profile.groups"),
        ({"sex": "F"}, {}, "profile.sex"),
        ({"age_band": "30-40"}, {}, "profile.age_band"),
        ({"religion": "none"}, {}, "profile.religion"),
        ({"district": "kulob"}, {"district": "bokhtar"}, "profile.district"),
    ]
    for profile, beside, field in refusals:
        body = case_body(profile=profile, **beside)
        response = client.post("/api/v1/cases", json=body, headers=headers)
        assert response.status_code == 422, profile
        assert loc_of(response) == field, response.text
    assert client.get("/api/v1/cases", headers=headers).json()["items"] == []
    older_client = open_case(client, headers, district="bokhtar")
    detail = client.get(f"/api/v1/cases/{older_client['id']}", headers=headers).json()
    assert detail["profile"]["district"] == "bokhtar"


def test_the_profile_codes_come_with_words_in_three_languages(client, bearer):
    codes = client.get("/api/v1/profile-codes", headers=bearer("demo-focal")).json()
    assert set(codes) == {"groups", "sexes", "age_bands", "districts"}
    prisoners = next(g for g in codes["groups"] if g["code"] == "former-prisoners")
    assert prisoners["labels"] == {
        "en": "Former prisoners",
        "ru": "Бывшие заключённые",
        "tg": "Собиқ маҳбусон",
    }
    assert [s["code"] for s in codes["sexes"]] == ["female", "male", "other"]
    assert [b["code"] for b in codes["age_bands"]] == [
        "under-18",
        "18-24",
        "25-34",
        "35-49",
        "50-plus",
    ]
    assert {"code": "female", "labels": {"tg": "зан", "ru": "женский", "en": "female"}} in codes[
        "sexes"
    ]
    kulob = next(d for d in codes["districts"] if d["code"] == "kulob")
    assert set(kulob["labels"]) == {"en", "ru", "tg"}
    assert client.get("/api/v1/profile-codes").status_code == 401


def test_the_counting_hash_is_in_no_response_page_or_log(client, bearer, uow, caplog):
    caplog.set_level(logging.DEBUG)
    d = demo(uow)
    parts = UicParts(Sex.MALE, 1961, "ЭЮ", "ЯЩ")
    secret = counting_hash(uow.keys.uic_pepper, d.network, parts)
    headers = bearer("demo-caseworker")
    focal = bearer("demo-focal")
    shown = []

    def seen(response):
        assert response.status_code < 400, response.text
        shown.append(response.text)
        return response.json() if "json" in response.headers["content-type"] else None

    opened = seen(
        client.post("/api/v1/cases", json=case_body(uic=CANARY, profile=PROFILE), headers=headers)
    )
    case_id = opened["id"]
    detail = seen(client.get(f"/api/v1/cases/{case_id}", headers=headers))
    beneficiary = detail["beneficiary_id"]
    with uow:
        assert uow.session.get_one(Beneficiary, uuid.UUID(beneficiary)).counting_hash == secret
    seen(client.get("/api/v1/cases", headers=headers))
    seen(client.get(f"/api/v1/beneficiaries/{beneficiary}/matches", headers=headers))
    seen(client.put(f"/api/v1/beneficiaries/{beneficiary}/uic", json=CANARY, headers=headers))
    referral = refer(client, headers, case_id)
    institution_views = [
        client.get(f"/api/v1/referrals/{referral['id']}", headers=focal),
        client.get("/api/v1/institution/referrals", headers=focal),
    ]
    for response in institution_views:
        seen(response)
    sign_in(client, "demo-caseworker")
    seen(client.get(f"/cases/{case_id}"))
    seen(client.get("/cases"))

    for text in shown:
        assert secret not in text
    assert secret not in caplog.text
    # What an institution reads of the referral says nothing of who was helped.
    for response in institution_views:
        for word in ("profile", "age_band", "people-living-with-hiv", "25-34"):
            assert word not in response.text


def test_the_new_case_form_asks_for_the_profile_in_each_language(client, uow):
    csrf = sign_in(client, "demo-caseworker", language="tg")
    form = client.get("/cases/new").text
    assert 'name="groups" value="former-prisoners"' in form and "Собиқ маҳбусон" in form
    assert 'name="profile_sex"' in form and 'name="age_band"' in form
    assert "Бывшие заключённые" in client.get("/cases/new", params={"lang": "ru"}).text
    assert "Former prisoners" in client.get("/cases/new", params={"lang": "en"}).text

    response = client.post(
        "/cases",
        data={
            "csrf": csrf,
            "sex": "F",
            "birth_year": "1985",
            "mother_letters": "ма",
            "father_letters": "ра",
            "needs": ["hiv_testing"],
            "consent": "true",
            "groups": ["former-prisoners", "other"],
            "profile_sex": "female",
            "age_band": "50-plus",
            "district": "vose",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"], params={"lang": "ru"}).text
    assert "Бывшие заключённые" in page and "Другое" in page and "50 лет и старше" in page

    refused = client.post(
        "/cases",
        data={
            "csrf": csrf,
            "sex": "F",
            "birth_year": "1985",
            "mother_letters": "ма",
            "father_letters": "ра",
            "needs": ["hiv_testing"],
            "groups": ["astronauts"],
            "age_band": "50-plus",
        },
        follow_redirects=False,
    )
    assert refused.status_code == 422
    assert 'value="50-plus" selected' in refused.text
