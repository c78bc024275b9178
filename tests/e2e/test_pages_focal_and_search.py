"""The new forms and lists over the test client: a hold code the page did not offer is refused
as a page, the case list keeps its search in the links to older and newer pages, and the
focal point's overdue list answers in the reader's language."""

from datetime import timedelta

from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from service.pages import cases as case_pages
from tests.support.network import demo
from tests.support.pages import web_session


def test_a_hold_code_the_page_did_not_offer_is_refused(client, uow):
    d = demo(uow)
    opened = d.open_case(uow)
    issued = referrals.request_referral(
        uow,
        actor=d.caseworker(),
        case_id=opened.case_id,
        service=ServiceCode.HIV_TESTING,
        institution_id=d.aids_centre,
    )
    referrals.accept_referral(uow, actor=d.focal(), referral_id=issued.referral_id)
    headers, csrf = web_session(uow, "demo-focal")
    response = client.post(
        f"/inbox/{issued.referral_id}/hold",
        data={"csrf": csrf, "reason_code": "because"},
        headers=headers,
        follow_redirects=False,
    )
    assert response.status_code == 422
    assert "<html" in response.text and "because" not in response.text
    held = client.post(
        f"/inbox/{issued.referral_id}/hold",
        data={"csrf": csrf, "reason_code": "awaiting_client", "note": ""},
        headers=headers,
        follow_redirects=False,
    )
    assert held.status_code == 303
    assert held.headers["location"] == f"/inbox#r-{issued.referral_id}"


def test_the_case_list_keeps_its_search_in_the_page_links(client, uow, monkeypatch):
    monkeypatch.setattr(case_pages, "PER_PAGE", 1)
    d = demo(uow)
    for _ in range(2):
        d.open_case(uow, (ServiceCode.HOUSING,))
    d.open_case(uow, (ServiceCode.HIV_TESTING,))
    headers, _ = web_session(uow, "demo-caseworker")
    first = client.get("/cases?service=housing&status=", headers=headers).text
    assert 'href="?service=housing&amp;offset=1"' in first
    second = client.get("/cases?service=housing&offset=1", headers=headers).text
    assert 'href="?service=housing&amp;offset=0"' in second
    assert "offset=2" not in second  # two housing cases: no third page


def test_the_overdue_list_speaks_the_readers_language(client, uow, clock):
    d = demo(uow)
    opened = d.open_case(uow)
    referrals.request_referral(
        uow,
        actor=d.caseworker(),
        case_id=opened.case_id,
        service=ServiceCode.HIV_TESTING,
        institution_id=d.aids_centre,
    )
    clock.advance(timedelta(days=10))
    headers, _ = web_session(uow, "demo-focal")
    page = client.get("/inbox/overdue?lang=ru", headers=headers).text
    assert "принять или отклонить" in page
    assert client.get("/inbox/overdue", headers=headers).status_code == 200
    headers, _ = web_session(uow, "demo-caseworker")
    assert client.get("/inbox/overdue", headers=headers).status_code == 403
