"""The member directory in Chromium, on a desktop and a phone: the coordinator corrects a
member's opening hours (a bad phone is refused, naming it), a caseworker reads the new hours
on the directory page, and a case opened with the beneficiary's district is routed to the
institution in that district. Screenshots go to test-artifacts/screenshots/."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_browser import DESKTOP, PHONE, app_url, sign_in  # noqa: F401 (fixture)
from tests.support.browser import browser, screenshot

HOURS = "Mon–Sat 07:30–15:00, closed on holidays"
TB = "Regional TB Dispensary (demo)"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_the_coordinator_edits_hours_and_a_caseworker_reads_them(app_url, size):  # noqa: F811
    viewport = VIEWPORTS[size]
    with browser() as chromium:
        coordinator = sign_in(chromium, app_url, "demo-coordinator", viewport=viewport)
        coordinator.get_by_role("link", name="Directory").first.click()
        coordinator.locator("tr", has_text=TB).get_by_role("link", name="Edit").click()
        coordinator.fill("#phone", "ask at the gate")
        coordinator.get_by_role("button", name="Save the entry").click()
        assert "phone" in coordinator.inner_text("[role=alert]")
        assert coordinator.input_value("#phone") == "ask at the gate"  # kept to correct
        coordinator.fill("#phone", "+992 3222 0-00-02")
        coordinator.fill("#opening_hours", HOURS)
        screenshot(coordinator, f"directory-01-coordinator-edits-{size}")
        coordinator.get_by_role("button", name="Save the entry").click()
        assert coordinator.url.split("#")[0].endswith("/directory")
        assert HOURS in coordinator.locator("tr", has_text=TB).inner_text()

        caseworker = sign_in(chromium, app_url, "demo-caseworker", viewport=viewport, language="ru")
        caseworker.get_by_role("link", name="Справочник").first.click()
        row = caseworker.locator("tr", has_text=TB)
        assert HOURS in row.inner_text() and "140 Rudaki Avenue, Bokhtar" in row.inner_text()
        assert "Бохтар" in row.inner_text()  # the district, in the reader's language
        expect(caseworker.get_by_role("link", name="Изменить")).to_have_count(0)
        screenshot(caseworker, f"directory-02-caseworker-reads-ru-{size}")


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_a_case_in_kulob_is_referred_to_the_institution_in_kulob(app_url, size):  # noqa: F811
    with browser() as chromium:
        caseworker = sign_in(chromium, app_url, "demo-caseworker", viewport=VIEWPORTS[size])
        caseworker.goto("/cases/new")
        caseworker.check("input[name=sex][value=M]")
        caseworker.fill("#birth_year", "1979")
        caseworker.fill("#mother_letters", "ма")
        caseworker.fill("#father_letters", "ра")
        caseworker.check("input[name=needs][value=sti_care]")
        caseworker.check("input[name=consent]")
        caseworker.select_option("#district", label="Kulob")
        screenshot(caseworker, f"directory-03-new-case-with-district-{size}")
        caseworker.get_by_role("button", name="Open the case").click()
        assert "Kulob" in caseworker.inner_text(".facts")
        caseworker.select_option("#service", "sti_care")
        caseworker.get_by_role("button", name="Issue the referral").click()
        # Two members treat STIs; the one in the beneficiary's district gets the referral.
        referrals = caseworker.inner_text("#referrals + table")
        assert "Regional Dermatovenerology Dispensary (demo)" in referrals
        screenshot(caseworker, f"directory-04-case-routed-to-kulob-{size}")
