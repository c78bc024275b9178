"""The focal point's steps and lists in a real browser (Debian's Chromium), on a desktop and a
phone: narrow the inbox by service and days of issue, start a service, put it on hold with a
coded reason, resume it, read the institution's overdue list; and a caseworker finding a case
by a serial typed in lower case with spaces. Screenshots go to test-artifacts/screenshots/."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from tests.e2e.test_browser import DESKTOP, PHONE, app_url, sign_in  # noqa: F401 (a fixture)
from tests.support.browser import browser, screenshot
from tests.support.network import demo

VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


def issue(uow, d, service: ServiceCode):
    opened = d.open_case(uow, (service,))
    return referrals.request_referral(
        uow,
        actor=d.caseworker(),
        case_id=opened.case_id,
        service=service,
        institution_id=d.aids_centre,
    )


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("size", VIEWPORTS)
def test_a_focal_point_starts_holds_resumes_and_sees_what_is_late(app_url, uow, clock, size):  # noqa: F811
    d = demo(uow)
    worked = issue(uow, d, ServiceCode.HIV_TESTING)
    referrals.accept_referral(uow, actor=d.focal(), referral_id=worked.referral_id)
    unanswered = issue(uow, d, ServiceCode.HIV_TESTING)
    other_service = issue(uow, d, ServiceCode.HEPATITIS_TESTING)
    viewport = VIEWPORTS[size]
    with browser() as chromium:
        focal = sign_in(chromium, app_url, "demo-focal", viewport=viewport)
        focal.select_option("#service", "hiv_testing")
        focal.get_by_role("button", name="Show").click()
        shown = focal.inner_text("main")
        assert worked.serial in shown and unanswered.serial in shown
        assert other_service.serial not in shown
        focal.fill("#issued_from", "2026-03-03")
        focal.get_by_role("button", name="Show").click()
        assert worked.serial not in focal.inner_text("main")  # issued on 2 March
        assert focal.locator("#issued_from").input_value() == "2026-03-03"  # kept

        focal.goto("/inbox")
        card = focal.locator(".card", has_text=worked.serial)
        card.get_by_role("button", name="Start the service").click()
        card = focal.locator(".card", has_text=worked.serial)
        assert "in progress" in card.inner_text()
        card.get_by_text("Put on hold").first.click()  # opens the details
        card.get_by_label("Why is it on hold?").select_option("awaiting_results")
        card.locator("input[name=note]").fill("laboratory closed this week")
        screenshot(focal, f"focal-01-hold-form-{size}")
        card.get_by_role("button", name="Put on hold").click()
        card = focal.locator(".card", has_text=worked.serial)
        assert "on hold" in card.inner_text()
        screenshot(focal, f"focal-02-on-hold-{size}")
        card.get_by_role("button", name="Resume the service").click()
        assert "in progress" in focal.locator(".card", has_text=worked.serial).inner_text()

        clock.advance(timedelta(days=20))  # past both referrals' deadlines
        late = sign_in(chromium, app_url, "demo-focal", viewport=viewport)
        late.get_by_role("link", name="Overdue", exact=True).click()
        rows = late.locator("tbody tr")
        expect(rows).to_have_count(3)  # the hepatitis referral is late too
        first = rows.nth(0).inner_text()
        assert "accept or decline" in first
        worked_row = late.locator("tbody tr", has_text=worked.serial).inner_text()
        assert "deliver the service" in worked_row
        screenshot(late, f"focal-03-overdue-{size}")

        caseworker = sign_in(chromium, app_url, "demo-caseworker", viewport=viewport)
        caseworker.goto("/cases")
        caseworker.fill("#q", worked.serial.lower().replace("-", " "))
        caseworker.get_by_role("button", name="Show").click()
        found = caseworker.locator("tbody tr")
        expect(found).to_have_count(1)
        screenshot(caseworker, f"focal-04-case-found-by-serial-{size}")
        found.get_by_role("link").click()
        assert worked.serial in caseworker.inner_text("main")
