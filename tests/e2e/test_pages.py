"""The pages as their users meet them: signing in and out, a case from intake to outcome,
the focal point's inbox, the dashboards, the bell and the three languages. Refusals are
pages in the reader's language; another organisation's data is never shown."""

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from casework.actors import system_actor
from casework.cases.queries import get_case
from casework.languages import Language
from casework.notifications.commands import notify_institution_of_referral
from casework.outbox import OutboxMessage, mark_dispatched
from casework.referrals.model import Referral
from casework.referrals.states import ReferralStatus
from referral_forms.keys import FormKeys
from service.pages.session import SESSION_COOKIE
from tests.support.escalation import escalate_one
from tests.support.network import demo
from tests.support.pages import csrf_of, sign_in, submit_login

NEW_CASE = {
    "sex": "F",
    "birth_year": "1985",
    "mother_letters": "ма",
    "father_letters": "ра",
    "needs": ["hiv_testing", "housing"],
    "consent": "true",
}
CANCEL = {"reason_code": "issued_in_error"}
SERIAL = re.compile(r"KHT-\d{4}-\d{6}-\d")
SIGN_IN = {Language.TAJIK: "Ворид шудан", Language.RUSSIAN: "Вход", Language.ENGLISH: "Sign in"}


def post(client, path: str, csrf: str, **data):
    return client.post(path, data={"csrf": csrf, **data}, follow_redirects=False)


def open_case(client, csrf: str, **fields) -> str:
    """Open a case through the new-case form; returns the case page's path."""
    response = post(client, "/cases", csrf, **(NEW_CASE | fields))
    assert response.status_code == 303, response.text
    return response.headers["location"]


def issue_referral(client, csrf: str, case_path: str, **fields) -> tuple[str, str]:
    """Issue a referral from the case page; returns its id and serial."""
    assert (
        post(client, f"{case_path}/referrals", csrf, service="hiv_testing", **fields).status_code
        == 303
    )
    page = client.get(case_path).text
    referral_id = re.findall(r"/referrals/([0-9a-f-]{36})/form.pdf", page)[-1]
    return referral_id, SERIAL.findall(page)[-1]


def switch_user(client, username: str) -> str:
    client.cookies.clear()
    return sign_in(client, username)


def test_a_page_without_a_session_sends_the_reader_to_sign_in_and_back(client):
    response = client.get("/cases?status=open", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/cases%3Fstatus%3Dopen"
    signed_in = submit_login(client, "demo-caseworker", next="/cases?status=open")
    assert signed_in.headers["location"] == "/cases?status=open"


@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example/", "//evil.example/", "/\\evil.example"]
)
def test_signing_in_never_sends_the_reader_to_another_site(client, elsewhere):
    response = submit_login(client, "demo-caseworker", next=elsewhere)
    assert response.headers["location"] == "/"


def test_the_session_cookie_is_guarded_and_dies_with_signing_out(client):
    response = submit_login(client, "demo-focal")
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE)
    )
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    token = client.cookies[SESSION_COOKIE]
    csrf = csrf_of(client.get("/inbox").text)
    assert post(client, "/logout", csrf).headers["location"] == "/login"
    client.cookies.set(SESSION_COOKIE, token)  # the old cookie, replayed
    assert client.get("/inbox", follow_redirects=False).status_code == 303


def test_the_all_option_of_a_filter_filters_nothing(client):
    sign_in(client, "demo-caseworker")
    assert client.get("/cases", params={"status": ""}).status_code == 200
    switch_user(client, "demo-focal")
    assert client.get("/inbox", params={"status": "", "serial": ""}).status_code == 200


def test_a_wrong_password_stays_on_the_form_and_gives_no_session(client):
    response = submit_login(client, "demo-caseworker", "not-it")
    assert response.status_code == 401
    assert 'name="username"' in response.text and "demo-caseworker" in response.text
    assert SESSION_COOKIE not in client.cookies


def test_a_form_without_its_session_token_changes_nothing(client, uow):
    csrf = sign_in(client, "demo-caseworker")
    for forged in ("", "0" * 64, csrf[:-1] + ("0" if csrf[-1] != "0" else "1")):
        assert post(client, "/cases", forged, **NEW_CASE).status_code == 403
    with uow:
        assert (
            uow.session.scalar(select(OutboxMessage.id).where(OutboxMessage.flow == "intake"))
            is None
        )


def test_a_case_goes_from_intake_to_outcome_through_the_pages(client, uow, settings):
    FormKeys(settings.form_keys_dir).generate()
    csrf = sign_in(client, "demo-caseworker")
    case_path = open_case(client, csrf)
    referral_id, serial = issue_referral(client, csrf, case_path)
    form = client.get(f"/referrals/{referral_id}/form.pdf")
    assert (
        form.headers["content-type"] == "application/pdf"
        and serial in form.headers["content-disposition"]
    )

    focal_csrf = switch_user(client, "demo-focal")
    inbox = client.get("/inbox").text
    assert serial in inbox
    assert post(client, f"/inbox/{referral_id}/accept", focal_csrf).status_code == 303
    answers = {"anonymous": "yes", "free": "yes", "voluntary": "yes"}
    assert post(client, f"/inbox/{referral_id}/complete", focal_csrf, **answers).status_code == 303

    csrf = switch_user(client, "demo-caseworker")
    page = client.get(case_path + "?lang=en").text
    assert "Visit confirmed by the institution" in page and "Referral issued" in page
    assert post(client, f"{case_path}/outcome", csrf, resolved="true").status_code == 303
    case_id = uuid.UUID(case_path.rsplit("/", 1)[1])
    case = get_case(uow, actor=demo(uow).caseworker(), case_id=case_id)
    assert case.status.value == "resolved"
    assert case.referrals[0].status is ReferralStatus.COMPLETED


def test_the_focal_point_checks_a_form_by_serial_and_declines_with_a_coded_reason(client, uow):
    csrf = sign_in(client, "demo-caseworker")
    referral_id, serial = issue_referral(client, csrf, open_case(client, csrf))
    focal_csrf = switch_user(client, "demo-focal")
    found = client.get(
        "/inbox", params={"serial": serial.lower().replace("-", "- "), "lang": "en"}
    ).text
    assert serial in found and "No referral with this serial" not in found
    unknown = client.get("/inbox", params={"serial": "KHT-2026-999999-9", "lang": "en"}).text
    assert "No referral with this serial number is addressed to your institution" in unknown
    assert (
        post(
            client,
            f"/inbox/{referral_id}/reject",
            focal_csrf,
            reason_code="no_capacity",
            note="no test kits this week",
        ).status_code
        == 303
    )
    with uow:
        rejected = uow.session.get(Referral, uuid.UUID(referral_id))
        assert (rejected.status, rejected.status_reason, rejected.status_note) == (
            ReferralStatus.REJECTED,
            "no_capacity",
            "no test kits this week",
        )


def test_another_organisation_sees_nothing_of_a_case(client, uow, settings):
    FormKeys(settings.form_keys_dir).generate()
    csrf = sign_in(client, "demo-caseworker")
    case_path = open_case(client, csrf)
    referral_id, _ = issue_referral(client, csrf, case_path)
    other = switch_user(client, "demo-caseworker-2")
    assert client.get(case_path).status_code == 404
    assert client.get(f"/referrals/{referral_id}/form.pdf").status_code == 404
    assert (
        post(client, f"{case_path}/referrals/{referral_id}/cancel", other, **CANCEL).status_code
        == 404
    )
    focal = switch_user(client, "demo-focal")  # the institution acts on the inbox, not the case
    assert client.get(case_path).status_code == 404
    assert (
        post(client, f"{case_path}/referrals/{referral_id}/cancel", focal, **CANCEL).status_code
        == 404
    )
    with uow:
        assert uow.session.get(Referral, uuid.UUID(referral_id)).status is ReferralStatus.REQUESTED


def test_a_step_the_state_forbids_is_a_409_page_in_the_readers_language(client):
    csrf = sign_in(client, "demo-caseworker")
    referral_id, _ = issue_referral(client, csrf, open_case(client, csrf))
    focal = switch_user(client, "demo-focal")
    assert post(client, f"/inbox/{referral_id}/accept", focal).status_code == 303
    again = client.post(f"/inbox/{referral_id}/accept?lang=en", data={"csrf": focal})
    assert again.status_code == 409
    assert "not possible in the current state" in again.text


def test_a_refused_new_case_keeps_the_needs_but_never_the_identifying_letters(client):
    csrf = sign_in(client, "demo-caseworker")
    response = post(
        client,
        "/cases?lang=en",
        csrf,
        **(NEW_CASE | {"mother_letters": "7Q", "name": "Canary Nazarova"}),
    )
    assert response.status_code == 422
    assert "The case was not opened" in response.text
    assert 'value="housing" checked' in response.text
    assert "7Q" not in response.text and "Canary Nazarova" not in response.text


def test_the_coordinator_sees_small_counts_suppressed_and_the_supervisor_exact_ones(client, uow):
    csrf = sign_in(client, "demo-caseworker")
    aids_centre = str(demo(uow).aids_centre)
    for _ in range(3):
        issue_referral(client, csrf, open_case(client, csrf), institution_id=aids_centre)
    switch_user(client, "demo-supervisor")
    own = client.get("/dashboard").text
    assert re.search(r"Regional AIDS Centre \(demo\)</td><td class=\"n\">3</td>", own), own
    switch_user(client, "demo-coordinator")
    network = client.get("/dashboard").text
    assert 'Regional AIDS Centre (demo)</td><td class="n">&lt;10</td>' in network
    assert ">3<" not in network


def test_an_overdue_referral_is_listed_with_its_case_and_flow_run(client, uow, clock):
    csrf = sign_in(client, "demo-caseworker")
    case_path = open_case(client, csrf)
    _, serial = issue_referral(client, csrf, case_path)
    with uow:
        message = uow.session.scalar(select(OutboxMessage).where(OutboxMessage.flow == "referral"))
        mark_dispatched(uow.session, message.id, now=clock.now(), flow_run_id="5f0c6a3e-run")
        uow.commit()
    switch_user(client, "demo-supervisor")
    assert serial not in client.get("/dashboard").text
    clock.current += timedelta(days=30)
    switch_user(client, "demo-supervisor")  # a month later: yesterday's session has expired
    board = client.get("/dashboard?lang=en").text
    assert serial in board and f'href="{case_path}"' in board
    assert 'href="http://127.0.0.1:4200/runs/flow-run/5f0c6a3e-run"' in board
    assert "/runs/flow-run/5f0c6a3e-run" in client.get(case_path).text


def test_the_coordinator_sees_overdue_referrals_as_suppressed_counts_never_one_by_one(
    client, clock
):
    """Listing a single overdue referral beside a table that shows "<10" for its institution
    would show the very referral the table hides."""
    csrf = sign_in(client, "demo-caseworker")
    _, serial = issue_referral(client, csrf, open_case(client, csrf))
    clock.current += timedelta(days=30)
    switch_user(client, "demo-coordinator")
    board = client.get("/dashboard?lang=en").text
    assert serial not in board
    assert "requested: overdue</th>" in board
    row = re.search(r"Regional AIDS Centre \(demo\)</td>(.*?)</tr>", board).group(1)
    cells = re.findall(r"<td class=\"n\">(.*?)</td>", row)
    assert cells == ["0", "&lt;10", *["0"] * 5, "<strong>&lt;10</strong>"]


def test_the_bell_counts_unread_notices_until_they_are_read(client, uow):
    csrf = sign_in(client, "demo-caseworker")
    referral_id, serial = issue_referral(client, csrf, open_case(client, csrf))
    notify_institution_of_referral(
        uow, actor=system_actor("test"), referral_id=uuid.UUID(referral_id)
    )
    focal = switch_user(client, "demo-focal")
    page = client.get("/notifications").text
    assert '<span class="count">1</span>' in page and serial in page
    notice_id = re.search(r"/notifications/(\d+)/read", page).group(1)
    assert post(client, f"/notifications/{notice_id}/read", focal).status_code == 303
    assert '<span class="count">' not in client.get("/inbox").text
    other = switch_user(client, "demo-caseworker")
    assert post(client, f"/notifications/{notice_id}/read", other).status_code == 404


def test_the_coordinator_sees_the_deliveries_that_did_not_go_out(client, uow, clock):
    serial = escalate_one(uow, clock)  # its e-mails fail: no SMTP server is configured here
    sign_in(client, "demo-coordinator", language="en")
    page = client.get("/notifications").text
    assert "Deliveries that did not go out" in page and "referral.escalated" in page
    switch_user(client, "demo-focal")
    notices = client.get("/notifications?lang=en").text
    assert serial in notices and "Deliveries that did not go out" not in notices


@pytest.mark.parametrize("language", list(Language))
def test_the_pages_speak_tajik_russian_and_english(client, language):
    heading = SIGN_IN[language]
    chosen = client.get(f"/language?lang={language}&next=/login", follow_redirects=False)
    assert chosen.headers["location"] == "/login"
    page = client.get("/login").text
    assert f'<html lang="{language}">' in page and f"<h1>{heading}</h1>" in page


def test_the_coordinator_sees_how_many_flows_wait_to_start_and_for_how_long(client, uow, clock):
    sign_in(client, "demo-coordinator", language="en")
    assert "Every flow has started." in client.get("/notifications").text
    demo(uow).open_case(uow)  # its intake waits: no dispatcher runs here
    clock.advance(timedelta(seconds=95))
    page = client.get("/notifications").text
    assert re.search(r'id="backlog-rows">1<', page) and re.search(r'id="backlog-age">95<', page)
    switch_user(client, "demo-focal")
    assert "Flows waiting to start" not in client.get("/notifications?lang=en").text
