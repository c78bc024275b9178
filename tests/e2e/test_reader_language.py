"""Each reader's language: an account keeps one (GET and PATCH /api/v1/me, the settings
page), the bell and the pages' refusals speak it, and ?lang= on any page, the sign-in page
included, stays chosen on that browser after signing in."""

import uuid

from casework.actors import system_actor
from casework.notifications.commands import notify_institution_of_referral
from service.pages.session import LANGUAGE_COOKIE
from tests.e2e.test_pages import issue_referral, open_case, post, switch_user
from tests.support.databases import DEMO_PASSWORD
from tests.support.escalation import escalate_one
from tests.support.pages import csrf_of, sign_in, submit_login


def test_an_account_reads_and_sets_its_own_language(client, bearer):
    focal = bearer("demo-focal")
    assert client.get("/api/v1/me", headers=focal).json()["language"] == "tg"
    changed = client.patch("/api/v1/me", json={"language": "ru"}, headers=focal)
    assert changed.status_code == 200 and changed.json()["language"] == "ru"
    assert client.get("/api/v1/me", headers=focal).json()["language"] == "ru"
    assert client.get("/api/v1/me", headers=bearer("demo-caseworker")).json()["language"] == "tg"


def test_an_unknown_language_is_refused_naming_the_field(client, bearer):
    focal = bearer("demo-focal")
    for body in ({"language": "fr"}, {"language": 7}, {}):
        refused = client.patch("/api/v1/me", json=body, headers=focal)
        assert refused.status_code == 422
        assert refused.json()["detail"][0]["loc"] == ["body", "language"]
    unknown = client.patch("/api/v1/me", json={"language": "ru", "theme": "dark"}, headers=focal)
    assert unknown.status_code == 422
    assert client.get("/api/v1/me", headers=focal).json()["language"] == "tg"


def test_the_bell_speaks_its_readers_language_with_the_services_name(client, bearer, uow, clock):
    serial = escalate_one(uow, clock)
    focal = bearer("demo-focal")
    (tajik,) = client.get("/api/v1/notifications", headers=focal).json()["items"]
    assert tajik["message"].startswith(f"Роҳхати {serial} (Санҷиш ва машварат оид ба ВНМО) ба ")
    client.patch("/api/v1/me", json={"language": "ru"}, headers=focal)
    (russian,) = client.get("/api/v1/notifications", headers=focal).json()["items"]
    assert russian["message"].startswith(
        f"Направление {serial} (Тестирование и консультирование по ВИЧ) в "
    )
    assert russian["message"].endswith(" Уровень эскалации 1.")
    assert russian["message_key"] == "notice.escalated_to_accept"
    assert "message_params" not in russian and "hiv_testing" not in russian["message"]


def test_the_settings_page_sets_the_accounts_language_on_every_browser(client, uow):
    csrf = sign_in(client, "demo-caseworker")
    referral_id, serial = issue_referral(client, csrf, open_case(client, csrf))
    notify_institution_of_referral(
        uow, actor=system_actor("test"), referral_id=uuid.UUID(referral_id)
    )
    focal = switch_user(client, "demo-focal")
    page = client.get("/settings").text
    assert '<html lang="tg">' in page and 'href="/settings"' in page
    assert 'value="tg" lang="tg" checked' in page
    saved = post(client, "/settings", focal, language="ru")
    assert (saved.status_code, saved.headers["location"]) == (303, "/settings?saved=true")
    page = client.get(saved.headers["location"]).text
    assert '<html lang="ru">' in page and "Сохранено." in page
    assert 'value="ru" lang="ru" checked' in page

    client.cookies.clear()  # another browser: the account's language follows the reader
    sign_in(client, "demo-focal")
    bell = client.get("/notifications").text
    assert '<html lang="ru">' in bell and "Тестирование и консультирование по ВИЧ" in bell
    assert f"Направление {serial}" in bell and "hiv_testing" not in bell
    assert '<html lang="en">' in client.get("/notifications?lang=en").text


def test_a_refusal_on_a_page_is_in_the_readers_language(client):
    csrf = sign_in(client, "demo-caseworker")
    referral_id, _ = issue_referral(client, csrf, open_case(client, csrf))
    focal = switch_user(client, "demo-focal")
    assert post(client, f"/inbox/{referral_id}/accept", focal).status_code == 303
    again = client.post(f"/inbox/{referral_id}/accept?lang=ru", data={"csrf": focal})
    assert again.status_code == 409
    assert "переход из состояния «принято» в «принято» невозможен" in again.text
    tajik = client.post(f"/inbox/{referral_id}/accept?lang=tg", data={"csrf": focal})
    assert "гузариш аз ҳолати «қабул шуд» ба «қабул шуд» ғайриимкон аст" in tajik.text


def test_lang_on_the_sign_in_page_is_kept_after_signing_in(client):
    login = client.get("/login?lang=ru")
    assert '<html lang="ru">' in login.text
    assert client.cookies[LANGUAGE_COOKIE] == "ru"
    signed_in = client.post(
        "/login",
        data={
            "username": "demo-caseworker",
            "password": DEMO_PASSWORD,
            "csrf": csrf_of(login.text),
        },
        follow_redirects=False,
    )
    assert signed_in.status_code == 303
    assert '<html lang="ru">' in client.get("/cases").text
    client.get("/cases?lang=en")  # any page: the last one asked for stays
    assert '<html lang="en">' in client.get("/cases").text


def test_a_language_chosen_on_this_browser_comes_before_the_accounts(client):
    client.get("/language", params={"lang": "en", "next": "/login"})
    response = submit_login(client, "demo-caseworker")
    assert '<html lang="en">' in client.get(response.headers["location"]).text
    assert '<html lang="ru">' in client.get("/cases?lang=ru").text
