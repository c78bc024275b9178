"""The case itself in a real browser (Chromium under Playwright), on a desktop and a phone: the
caseworker adds a need and withdraws it, reissues a referral whose form lapsed, hands the case
to the supervisor, who withdraws it for a coded reason. Screenshots in test-artifacts/."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.test_browser import DESKTOP, PHONE, SERIAL, app_url, sign_in  # noqa: F401
from tests.support.browser import browser, screenshot


def open_a_case(page) -> str:
    page.get_by_role("link", name="New case").first.click()
    page.check("input[name=sex][value=M]")
    page.fill("#birth_year", "1979")
    page.fill("#mother_letters", "зу")
    page.fill("#father_letters", "ша")
    page.check("input[name=needs][value=hiv_testing]")
    page.check("input[name=consent]")
    page.get_by_role("button", name="Open the case").click()
    return page.url


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_caseworker_manages_the_case_itself_in_the_browser(app_url, clock, size):  # noqa: F811
    viewport = DESKTOP if size == "desktop" else PHONE
    with browser() as chromium:
        caseworker = sign_in(chromium, app_url, "demo-caseworker", viewport=viewport)
        case_url = open_a_case(caseworker)
        needs = caseworker.locator("#needs")
        assert "demo-caseworker" in caseworker.inner_text("#assignment")

        caseworker.select_option("#need_service", "housing")
        caseworker.get_by_role("button", name="Add the need").click()
        assert "Housing assistance" in needs.inner_text()
        screenshot(caseworker, f"case-actions-01-need-added-{size}")
        needs.locator("li", has_text="Housing assistance").get_by_role(
            "button", name="Withdraw the need"
        ).click()
        assert "withdrawn" in needs.locator("li", has_text="Housing assistance").inner_text()

        caseworker.select_option("#service", "hiv_testing")
        caseworker.get_by_role("button", name="Issue the referral").click()
        first = SERIAL.search(caseworker.inner_text("#referrals + table")).group(0)
        expect(caseworker.get_by_role("button", name="Reissue the expired form")).to_have_count(0)

        clock.advance(timedelta(days=60))  # the form lapses unused (and the session ends)
        caseworker = sign_in(chromium, app_url, "demo-caseworker", viewport=viewport)
        caseworker.goto(case_url)
        screenshot(caseworker, f"case-actions-02-form-lapsed-{size}")
        caseworker.get_by_role("button", name="Reissue the expired form").click()
        table = caseworker.inner_text("#referrals + table")
        serials = SERIAL.findall(table)
        assert first in serials and len(set(serials)) == 2 and "Reissued as" in table
        assert "requested" in table and "failed" in table
        screenshot(caseworker, f"case-actions-03-form-reissued-{size}")

        caseworker.select_option("#caseworker", "demo-supervisor")
        caseworker.get_by_role("button", name="Reassign").click()
        assert "demo-supervisor" in caseworker.inner_text("#assignment")
        timeline = caseworker.inner_text(".timeline")
        for event in ("Need withdrawn", "Lapsed form reissued", "Case handed to another"):
            assert event in timeline

        supervisor = sign_in(chromium, app_url, "demo-supervisor", viewport=viewport)
        supervisor.goto(case_url)
        supervisor.check("input[name=status][value=withdrawn]")
        supervisor.select_option("#close_reason", "lost_contact")
        screenshot(supervisor, f"case-actions-04-closing-{size}")
        supervisor.get_by_role("button", name="Close or withdraw the case").click()
        assert "withdrawn" in supervisor.inner_text("h1")
        assert "Contact with the beneficiary was lost" in supervisor.inner_text("main")
        screenshot(supervisor, f"case-actions-05-withdrawn-{size}")
