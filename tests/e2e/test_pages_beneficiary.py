"""The beneficiary on the case page, used as a browser would over the test client: correct a
mistyped UIC and decide the proposal it brings, withdraw and re-grant consent, reveal and
edit the identity, erase (a supervisor, after confirming). What was typed is never echoed."""

import re

from tests.e2e.test_pages import issue_referral, open_case, post
from tests.support.pages import sign_in

NAME, PHONE = "Гулнора Назарова", "+992 93 555 01 02"
RIGHT = {"sex": "F", "birth_year": "1985", "mother_letters": "ма", "father_letters": "ра"}
TYPO = RIGHT | {"father_letters": "рл"}
BENEFICIARY = re.compile(r"/beneficiary/([0-9a-f-]{36})/")


def switch_user(client, username: str) -> str:
    client.cookies.clear()
    return sign_in(client, username, language="en")


def beneficiary_path(client, case_path: str) -> str:
    page = client.get(case_path).text
    return f"{case_path}/beneficiary/{BENEFICIARY.search(page).group(1)}"


def test_a_corrected_uic_brings_the_earlier_case_up_to_decide(client):
    csrf = sign_in(client, "demo-caseworker", language="en")
    earlier = open_case(client, csrf, **RIGHT)
    typed = open_case(client, csrf, **TYPO)
    here = beneficiary_path(client, typed)
    assert "May be the same person" not in client.get(typed).text

    corrected = post(client, f"{here}/uic", csrf, **RIGHT)
    assert corrected.status_code == 303
    page = client.get(corrected.headers["location"])
    assert "matching ran again. New proposals: 1." in page.text
    assert f'href="{earlier}"' in page.text and "May be the same person as case" in page.text
    assert 'value="ма"' not in page.text and 'value="ра"' not in page.text  # never echoed
    proposal = re.search(r"/matches/(\d+)/confirmation", page.text).group(1)

    confirmed = post(client, f"{typed}/matches/{proposal}/confirmation", csrf)
    page = client.get(confirmed.headers["location"]).text
    assert "both cases are the same person" in page and "confirmed: the same person" in page
    again = post(client, f"{typed}/matches/{proposal}/rejection", csrf)
    assert again.status_code == 409

    refused = post(client, f"{here}/uic", csrf, **(RIGHT | {"mother_letters": "м7"}))
    assert refused.status_code == 422 and "м7" not in refused.text
    assert "first two letters of the first name" in refused.text


def test_withdrawing_consent_cancels_referrals_and_it_can_be_given_again(client):
    csrf = sign_in(client, "demo-caseworker", language="en")
    case = open_case(client, csrf)
    issue_referral(client, csrf, case)
    here = beneficiary_path(client, case)

    revoked = post(client, f"{here}/consents/revocation", csrf, purpose="referral")
    page = client.get(revoked.headers["location"]).text
    assert "Consent withdrawn. Open referrals cancelled: 1." in page
    assert "Not given: no referral can be issued." in page
    assert post(client, f"{case}/referrals", csrf, service="housing").status_code == 409
    assert post(client, f"{here}/consents/revocation", csrf, purpose="referral").status_code == 409

    granted = post(client, f"{here}/consents", csrf, purpose="referral")
    assert "Consent recorded." in client.get(granted.headers["location"]).text
    assert post(client, f"{case}/referrals", csrf, service="housing").status_code == 303


def test_the_identity_shows_only_after_a_deliberate_reveal_and_can_be_edited(client):
    csrf = sign_in(client, "demo-caseworker", language="en")
    case = open_case(client, csrf, name=NAME, phone=PHONE)
    here = beneficiary_path(client, case)
    assert NAME not in client.get(case).text
    question = client.get(f"{here}/identity")
    assert question.status_code == 200 and NAME not in question.text
    assert "Show the identity" in question.text

    shown = post(client, f"{here}/identity/reveal", csrf)
    assert shown.status_code == 200 and NAME in shown.text and PHONE in shown.text
    assert shown.headers["cache-control"] == "no-store"
    saved = post(client, f"{here}/identity", csrf, name=NAME, phone="", notes="mornings")
    assert saved.status_code == 303 and NAME not in saved.headers["location"]
    assert "The identity was saved" in client.get(saved.headers["location"]).text
    shown = post(client, f"{here}/identity/reveal", csrf).text
    assert "mornings" in shown and PHONE not in shown

    switch_user(client, "demo-caseworker-2")  # another NGO
    assert client.get(f"{here}/identity").status_code == 404


def test_only_a_supervisor_erases_and_only_after_confirming(client):
    csrf = sign_in(client, "demo-caseworker", language="en")
    case = open_case(client, csrf, name=NAME)
    here = beneficiary_path(client, case)
    assert "Erase this beneficiary" not in client.get(case).text
    assert client.get(f"{here}/erasure").status_code == 403
    assert post(client, f"{here}/erasure", csrf, confirm="yes").status_code == 403

    csrf = switch_user(client, "demo-supervisor")
    assert "Erase this beneficiary" in client.get(case).text
    question = client.get(f"{here}/erasure")
    assert "cannot be undone" in question.text and NAME not in question.text
    unconfirmed = post(client, f"{here}/erasure", csrf)
    assert unconfirmed.status_code == 422 and "confirm" in unconfirmed.text
    erased = post(client, f"{here}/erasure", csrf, confirm="yes")
    page = client.get(erased.headers["location"]).text
    assert "The beneficiary was erased" in page and "withdrawn" in page
    assert "This beneficiary was erased" in page
    assert post(client, f"{here}/identity/reveal", csrf).status_code == 404
