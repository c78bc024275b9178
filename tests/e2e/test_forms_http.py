"""Referral forms over HTTP: the issuing NGO downloads them; anyone holding one checks it on
the verify page its QR opens; an institution without an account confirms the visit."""

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from casework.actors import system_actor
from casework.languages import Language
from casework.network.commands import set_form_language
from casework.referrals import commands as referrals
from casework.referrals.model import Referral
from casework.referrals.queries.form import referral_form
from casework.referrals.reasons import CancelReason
from casework.referrals.slip_codes import slip_code
from casework.referrals.states import ReferralStatus
from referral_forms.keys import FormKeys, KeySet
from referral_forms.payload import verify_payload
from referral_forms.qr import payload_from_scan
from referral_forms.render import FormSigner
from tests.support.forms import requested_referral


@pytest.fixture
def keys(settings) -> FormKeys:
    keys = FormKeys(settings.form_keys_dir)
    keys.generate()
    return keys


@pytest.fixture
def issued(uow):
    return requested_referral(uow)


@pytest.fixture
def payload(uow, settings, keys, issued) -> str:
    """The payload of the referral's QR, as a phone reads it."""
    d, _, referral = issued
    form = referral_form(uow, actor=d.caseworker(), referral_id=referral.referral_id)
    return payload_from_scan(FormSigner(keys, settings.base_url).verify_url(form))


def form_url(referral, kind="pdf") -> str:
    return f"/api/v1/referrals/{referral.referral_id}/form.{kind}"


def test_the_issuing_ngo_downloads_the_pdf(client, login, keys, issued):
    _, _, referral = issued
    response = client.get(form_url(referral), headers=login("demo-caseworker"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    assert referral.serial in response.headers["content-disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert referral.serial in text and "РОҲХАТ" in text  # Tajik unless asked otherwise


def test_the_language_comes_from_the_request_or_the_ngo(client, login, keys, uow, issued):
    d, _, referral = issued
    headers = login("demo-caseworker")
    russian = client.get(form_url(referral, "html"), params={"lang": "ru"}, headers=headers)
    assert russian.status_code == 200 and "НАПРАВЛЕНИЕ" in russian.text
    set_form_language(uow, actor=system_actor("test"), member_id=d.ngo, language=Language.ENGLISH)
    english = client.get(form_url(referral, "html"), headers=headers)
    assert "REFERRAL" in english.text and 'lang="en"' in english.text
    bad = client.get(form_url(referral, "html"), params={"lang": "de"}, headers=headers)
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["query", "lang"]


@pytest.mark.parametrize(
    ("username", "status"),
    [("demo-caseworker-2", 404), ("demo-focal", 403), (None, 401)],
)
def test_nobody_else_downloads_the_form(client, login, keys, issued, username, status):
    _, _, referral = issued
    headers = login(username) if username else {}
    assert client.get(form_url(referral), headers=headers).status_code == status


def test_without_a_signing_key_the_form_cannot_be_made(client, login, issued):
    _, _, referral = issued
    response = client.get(form_url(referral, "html"), headers=login("demo-caseworker"))
    assert response.status_code == 503
    assert "casework forms keys generate" in response.json()["detail"][0]["msg"]


def test_the_verify_page_vouches_for_a_genuine_form(client, issued, payload):
    _, case, referral = issued
    response = client.get("/verify", params={"p": payload}, headers={"Accept-Language": "ru"})
    assert response.status_code == 200
    assert response.headers["referrer-policy"] == "no-referrer"
    page = response.text
    assert "Подлинное и действительное" in page
    assert referral.serial in page
    assert "Regional AIDS Centre (demo)" in page
    assert "Тестирование и консультирование по ВИЧ" in page
    assert case.display_code not in page  # nothing about the person
    assert "NGO" not in page  # nor who referred them


def test_an_altered_form_is_not_genuine(client, issued, payload):
    _, _, referral = issued
    position = 40
    altered = (
        payload[:position] + ("A" if payload[position] != "A" else "B") + payload[position + 1 :]
    )
    page = client.get("/verify", params={"p": altered, "lang": "en"}).text
    assert "Not genuine" in page
    assert referral.serial not in page
    assert "Not genuine" in client.get("/verify", params={"lang": "en"}).text  # no payload at all


def test_the_verify_page_knows_cancelled_used_and_expired_forms(
    client, uow, clock, issued, payload
):
    d, _, referral = issued

    def check() -> str:
        return client.get("/verify", params={"p": payload, "lang": "en"}).text

    assert "Genuine and valid" in check()
    clock.advance(timedelta(days=60))
    assert "Expired" in check()
    clock.advance(timedelta(days=-60))
    referrals.cancel_referral(
        uow,
        actor=d.caseworker(),
        referral_id=referral.referral_id,
        reason_code=CancelReason.ISSUED_IN_ERROR,
    )
    assert "Cancelled" in check()


def test_published_keys_verify_old_forms_after_rotation(client, keys, issued, payload):
    keys.rotate()
    published = client.get("/.well-known/referral-form-keys.json")
    assert published.status_code == 200
    document = published.json()
    assert [(k["kid"], k["status"]) for k in document["keys"]] == [
        ("1", "retired"),
        ("2", "active"),
    ]
    assert all(k["kty"] == "OKP" and k["crv"] == "Ed25519" for k in document["keys"])
    offline = verify_payload(payload, KeySet.from_jwks(document).key_for)
    assert offline.key_id == 1 and offline.claims.serial == issued[2].serial
    assert "Genuine and valid" in client.get("/verify", params={"p": payload, "lang": "en"}).text


def slip_answers(serial: str, code: str, **answers: str) -> dict[str, str]:
    return {
        "serial": serial,
        "code": code,
        "anonymous": "yes",
        "voluntary": "yes",
        "free": "yes",
    } | answers


def test_an_institution_confirms_the_visit_with_the_slip_code(client, uow, issued, payload):
    _, _, referral = issued
    page = client.get("/slip", params={"serial": referral.serial, "lang": "tg"})
    assert (
        page.status_code == 200 and "Тасдиқи ташриф" in page.text and referral.serial in page.text
    )
    code = slip_code(uow.keys.slip_code_key, referral.serial)
    response = client.post("/slip?lang=en", data=slip_answers(referral.serial, code, free="no"))
    assert response.status_code == 200
    assert f"The visit for referral {referral.serial} is confirmed" in response.text
    with uow:
        stored = uow.session.get_one(Referral, referral.referral_id)
        assert stored.status is ReferralStatus.COMPLETED
        assert stored.attestation_failed == ["free"]
    assert "Already used" in client.get("/verify", params={"p": payload, "lang": "en"}).text


def test_the_slip_page_refuses_wrong_codes_and_missing_answers(client, uow, issued):
    _, _, referral = issued
    code = slip_code(uow.keys.slip_code_key, referral.serial)
    wrong = "0000-0000" if code != "0000-0000" else "1111-1111"
    response = client.post("/slip?lang=ru", data=slip_answers(referral.serial, wrong))
    assert response.status_code == 422
    assert "Серийный номер и код не совпадают" in response.text
    missing = slip_answers(referral.serial, code)
    del missing["voluntary"]
    response = client.post("/slip?lang=en", data=missing)
    assert response.status_code == 422 and "Answer each question" in response.text


def test_the_slip_page_slows_down_a_client_that_keeps_trying(client, issued):
    _, _, referral = issued
    statuses = [
        client.post("/slip?lang=en", data=slip_answers(referral.serial, "bad")).status_code
        for _ in range(21)
    ]
    assert statuses[:20] == [422] * 20
    assert statuses[20] == 429
