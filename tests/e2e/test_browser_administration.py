"""Administration in a real browser (Debian's Chromium under Playwright), on a desktop and a
phone: a supervisor creates a caseworker, gives them a new password (they sign in with it),
deactivates them (signing in is refused) and sets the NGO's form language; the coordinator
adds a notice contact, edits an escalation threshold and resolves a memorandum breach. Each
step is saved as a screenshot in test-artifacts/screenshots/."""

import pytest

from tests.e2e.test_browser import DESKTOP, PHONE, app_url, sign_in  # noqa: F401 (a fixture)
from tests.support.browser import browser, screenshot
from tests.support.governance import breach
from tests.support.network import demo

SIZES = {"desktop": DESKTOP, "phone": PHONE}
pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.parametrize("backend", ["sqlite"], indirect=True),
    pytest.mark.parametrize("size", list(SIZES)),
]


def sign_in_with(chromium, base: str, username: str, password: str, viewport):
    context = chromium.new_context(viewport=viewport, base_url=base)
    page = context.new_page()
    page.goto("/language?lang=en&next=/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def test_a_supervisor_manages_a_caseworkers_account_and_the_form_language(app_url, size):  # noqa: F811
    viewport = SIZES[size]
    with browser() as chromium:
        supervisor = sign_in(chromium, app_url, "demo-supervisor", viewport=viewport)
        supervisor.get_by_role("link", name="Accounts").click()
        supervisor.fill("#username", "field-worker")
        supervisor.select_option("#role", "caseworker")
        supervisor.fill("#password", "first-password-1")
        supervisor.get_by_role("button", name="Create the account").click()
        row = supervisor.locator("#account-field-worker")
        assert "caseworker" in row.inner_text() and "active" in row.inner_text()
        screenshot(supervisor, f"admin-01-supervisor-account-created-{size}")

        row.get_by_text("Set a new password").click()
        row.locator("input[name=password]").fill("second-password-2")
        screenshot(supervisor, f"admin-02-supervisor-sets-a-password-{size}")
        row.get_by_role("button", name="Set the password").click()
        assert "The new password is set" in supervisor.inner_text("main")

        caseworker = sign_in_with(chromium, app_url, "field-worker", "second-password-2", viewport)
        assert caseworker.url.endswith("/cases")
        screenshot(caseworker, f"admin-03-caseworker-signed-in-with-new-password-{size}")

        supervisor.locator("#account-field-worker").get_by_role("button", name="Deactivate").click()
        assert "deactivated" in supervisor.locator("#account-field-worker").inner_text()
        screenshot(supervisor, f"admin-04-supervisor-deactivated-the-account-{size}")
        refused = sign_in_with(chromium, app_url, "field-worker", "second-password-2", viewport)
        assert "Wrong username or password." in refused.inner_text("main")
        caseworker.goto("/cases")  # the session opened before is over too
        assert "/login" in caseworker.url

        supervisor.select_option("#language", "ru")
        supervisor.get_by_role("button", name="Save the language").click()
        assert "The form language is saved" in supervisor.inner_text("main")
        assert supervisor.locator("#language").input_value() == "ru"
        screenshot(supervisor, f"admin-05-supervisor-set-the-form-language-{size}")


def test_the_coordinator_adds_a_contact_edits_a_threshold_and_resolves_a_breach(app_url, uow, size):  # noqa: F811
    viewport = SIZES[size]
    breach(uow, demo(uow))
    with browser() as chromium:
        coordinator = sign_in(chromium, app_url, "demo-coordinator", viewport=viewport)
        coordinator.get_by_role("link", name="Contacts").click()
        coordinator.select_option("#member_id", label="Regional AIDS Centre (demo)")
        coordinator.select_option("#role", "focal_point")
        coordinator.select_option("#channel", "email")
        coordinator.fill("#address", "aids-centre-desk@example.org")
        coordinator.get_by_role("button", name="Add the contact").click()
        added = coordinator.locator("#contacts tr", has_text="aids-centre-desk@example.org")
        assert "Regional AIDS Centre (demo)" in added.inner_text()
        screenshot(coordinator, f"admin-06-coordinator-added-a-contact-{size}")

        coordinator.get_by_role("link", name="Escalation").click()
        coordinator.fill("#t-working_days-2", "3")
        coordinator.locator(
            "#working_days form", has=coordinator.locator("#t-working_days-2")
        ).get_by_role("button", name="Save").click()
        assert coordinator.locator("#t-working_days-2").input_value() == "3"
        screenshot(coordinator, f"admin-07-coordinator-edited-a-threshold-{size}")

        coordinator.get_by_role("link", name="Breaches").click()
        coordinator.locator("textarea[name=note]").fill("The clinic's head was warned in writing.")
        screenshot(coordinator, f"admin-08-coordinator-resolves-a-breach-{size}")
        coordinator.get_by_role("button", name="Resolve the breach").click()
        assert "No open breach." in coordinator.inner_text("main")
        assert "warned in writing" in coordinator.inner_text("#resolved")
        screenshot(coordinator, f"admin-09-coordinator-breach-resolved-{size}")
