"""A referral from opening to resolution in a real browser (Debian's Chromium under
Playwright) against the app under uvicorn: the caseworker opens a case and issues a
referral, the focal point accepts and completes it, the supervisor sees it resolved. Each
page is saved as a screenshot in test-artifacts/screenshots/, on a desktop and a phone."""

import re

import pytest
from playwright.sync_api import expect

from service.app import create_app
from tests.support.browser import browser, screenshot
from tests.support.databases import DEMO_PASSWORD
from tests.support.serving import serving

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SERIAL = re.compile(r"KHT-\d{4}-\d{6}-\d")


@pytest.fixture
def app_url(settings, new_uow):
    with serving(create_app(settings, uow_factory=new_uow)) as url:
        yield url


def sign_in(chromium, base: str, username: str, *, viewport=DESKTOP, language: str = "en"):
    """A fresh browser context (no cookies) signed in as `username` through the login form."""
    context = chromium.new_context(viewport=viewport, base_url=base)
    page = context.new_page()
    page.goto(f"/language?lang={language}&next=/login")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_referral_from_opening_to_resolution_in_the_browser(app_url):
    with browser() as chromium:
        caseworker = sign_in(chromium, app_url, "demo-caseworker")
        caseworker.get_by_role("link", name="New case").first.click()
        screenshot(caseworker, "01-caseworker-new-case")
        caseworker.check("input[name=sex][value=F]")
        caseworker.fill("#birth_year", "1988")
        caseworker.fill("#mother_letters", "ҷӯ")
        caseworker.fill("#father_letters", "ҳа")
        caseworker.check("input[name=needs][value=hiv_testing]")
        caseworker.check("input[name=consent]")
        caseworker.get_by_role("button", name="Open the case").click()
        assert re.search(r"/cases/[0-9a-f-]{36}$", caseworker.url)
        case_url = caseworker.url
        caseworker.select_option("#service", "hiv_testing")
        caseworker.select_option("#institution_id", label="Regional AIDS Centre (demo)")
        caseworker.get_by_role("button", name="Issue the referral").click()
        serial = SERIAL.search(caseworker.inner_text("#referrals + table")).group(0)
        assert "requested" in caseworker.inner_text("#referrals + table")
        screenshot(caseworker, "02-caseworker-case-with-referral")

        focal = sign_in(chromium, app_url, "demo-focal", viewport=PHONE)
        focal.fill("#serial", serial)
        focal.get_by_role("button", name="Find").click()
        card = focal.locator(".card", has_text=serial)
        screenshot(focal, "03-focal-point-inbox-phone")
        card.get_by_role("button", name="Accept").click()
        card = focal.locator(".card", has_text=serial)
        for question in ("anonymous", "voluntary", "free"):
            card.locator(f"input[name={question}][value=yes]").check()
        screenshot(focal, "04-focal-point-confirms-the-visit-phone")
        card.get_by_role("button", name="Confirm the visit").click()
        expect(focal.locator(".card", has_text=serial)).to_have_count(0)  # no longer open

        supervisor = sign_in(chromium, app_url, "demo-supervisor")
        supervisor.goto(case_url)
        assert "completed" in supervisor.inner_text("#referrals + table")
        supervisor.check("input[name=resolved][value=true]")
        supervisor.get_by_role("button", name="Record the outcome and close the case").click()
        heading = supervisor.inner_text("h1")
        assert "resolved" in heading
        screenshot(supervisor, "05-supervisor-case-resolved")
        supervisor.goto("/cases?status=resolved")
        assert supervisor.locator("table").inner_text().count("resolved") == 1
        supervisor.goto("/dashboard")
        screenshot(supervisor, "06-supervisor-dashboard")

        tajik = sign_in(chromium, app_url, "demo-caseworker", viewport=PHONE, language="tg")
        tajik.goto(case_url)
        assert "Санҷиш ва машварат оид ба ВНМО" in tajik.inner_text("main")
        screenshot(tajik, "07-caseworker-case-in-tajik-phone")
