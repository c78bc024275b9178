"""Declining and cancelling with a published code, in a real browser, on a desktop and a
phone: the focal point declines with a code, a note and another member to try; the caseworker
reads all three in Russian on the case page, refers there, and cancels another referral with
a code. Screenshots go to test-artifacts/screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_browser import DESKTOP, PHONE, SERIAL, app_url, sign_in  # noqa: F401
from tests.support.browser import browser, screenshot

HOSPITAL = "Regional Clinical Hospital (demo)"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_coded_decline_reaches_the_caseworker_who_refers_on_and_cancels_with_a_code(
    app_url,  # noqa: F811
    size,
):
    viewport = PHONE if size == "phone" else DESKTOP
    with browser() as chromium:
        caseworker = sign_in(chromium, app_url, "demo-caseworker", viewport=viewport)
        caseworker.get_by_role("link", name="New case").first.click()
        caseworker.check("input[name=sex][value=M]")
        caseworker.fill("#birth_year", "1979" if size == "phone" else "1980")
        caseworker.fill("#mother_letters", "ма")
        caseworker.fill("#father_letters", "ка")
        caseworker.check("input[name=needs][value=hiv_testing]")
        caseworker.check("input[name=needs][value=housing]")
        caseworker.check("input[name=consent]")
        caseworker.get_by_role("button", name="Open the case").click()
        case_url = caseworker.url
        for service, institution in (
            ("hiv_testing", "Regional AIDS Centre (demo)"),
            ("housing", "District Housing Department (demo)"),
        ):
            caseworker.select_option("#service", service)
            caseworker.select_option("#institution_id", label=institution)
            caseworker.get_by_role("button", name="Issue the referral").click()
        hiv_row = caseworker.locator("#referrals + table tr", has_text="HIV testing")
        serial = SERIAL.search(hiv_row.inner_text()).group(0)

        focal = sign_in(chromium, app_url, "demo-focal", viewport=viewport)
        focal.fill("#serial", serial)
        focal.get_by_role("button", name="Find").click()
        card = focal.locator(".card", has_text=serial)
        card.get_by_text("Decline…").click()
        card.get_by_label("Reason for declining").select_option("no_capacity")
        card.get_by_label("Note to the issuing NGO (optional)").fill(
            "Test kits run out until Monday."
        )
        assert card.get_by_text("Do not name the beneficiary or anyone else.").is_visible()
        suggest = card.get_by_label("Suggest another member offering this service (optional)")
        assert suggest.locator("option").all_inner_texts() == ["no suggestion", HOSPITAL]
        suggest.select_option(label=HOSPITAL)
        screenshot(focal, f"reasons-01-focal-point-declines-with-a-code-{size}")
        card.get_by_role("button", name="Decline").click()
        expect(focal.locator(".card", has_text=serial)).to_have_count(0)  # no longer open

        russian = sign_in(chromium, app_url, "demo-caseworker", viewport=viewport, language="ru")
        russian.goto(case_url)
        declined = russian.locator("#referrals + table tr", has_text=serial)
        text = declined.inner_text()
        assert "Сейчас нет возможности принять" in text  # no_capacity, in Russian
        assert "Test kits run out until Monday." in text
        assert f"Вместо этого предложено: {HOSPITAL}" in text
        screenshot(russian, f"reasons-02-caseworker-reads-the-decline-in-russian-{size}")
        declined.get_by_role("button", name="Направить туда").click()
        rows = russian.locator("#referrals + table tbody tr")
        referred_on = rows.filter(has_text=HOSPITAL).filter(has_not_text=serial)
        expect(referred_on).to_have_count(1)  # waits for the page the click leads to
        assert SERIAL.search(referred_on.inner_text())

        housing = russian.locator("#referrals + table tr", has_text="District Housing")
        housing.locator("summary").click()
        housing.locator("select[name=reason_code]").select_option("client_declined")
        housing.locator("textarea[name=note]").fill("Found a room with relatives.")
        screenshot(russian, f"reasons-03-caseworker-cancels-with-a-code-{size}")
        housing.get_by_role("button", name="Отменить направление").click()
        housing = russian.locator("#referrals + table tr", has_text="District Housing")
        assert re.search("Бенефициар больше не нуждается в услуге", housing.inner_text())
        assert "Found a room with relatives." in housing.inner_text()
        screenshot(russian, f"reasons-04-caseworker-sees-the-cancellation-{size}")
