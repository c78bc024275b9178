"""The reader's language in a real browser (Chromium), on a desktop and a phone: ?lang=ru on
the sign-in page stays after signing in, and the settings page sets the account's language,
which a fresh browser then shows. Screenshots go to test-artifacts/screenshots/."""

import pytest

from tests.e2e.test_browser import DESKTOP, PHONE, app_url  # noqa: F401 (the fixture)
from tests.support.browser import browser, screenshot
from tests.support.databases import DEMO_PASSWORD


def log_in(page, username: str) -> None:
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def language_of(page) -> str:
    return page.get_attribute("html", "lang")


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_language_chosen_at_sign_in_and_in_the_settings_sticks(app_url, size):  # noqa: F811
    viewport = DESKTOP if size == "desktop" else PHONE
    with browser() as chromium:
        page = chromium.new_context(viewport=viewport, base_url=app_url).new_page()
        page.goto("/login?lang=ru")
        assert page.inner_text("h1") == "Вход"
        screenshot(page, f"lang-01-sign-in-ru-{size}")
        log_in(page, "demo-focal")
        assert page.url.endswith("/inbox") and language_of(page) == "ru"

        page.get_by_role("link", name="Настройки").click()
        assert language_of(page) == "ru" and page.is_checked("input[value=tg]")
        screenshot(page, f"lang-02-settings-ru-{size}")
        page.check("input[value=tg]")
        page.get_by_role("button", name="Сохранить").click()
        assert language_of(page) == "tg" and page.inner_text("[role=status]") == "Нигоҳ дошта шуд."
        screenshot(page, f"lang-03-settings-saved-tg-{size}")
        page.check("input[value=ru]")
        page.get_by_role("button", name="Нигоҳ доштан").click()
        assert language_of(page) == "ru" and page.is_checked("input[value=ru]")

        fresh = chromium.new_context(viewport=viewport, base_url=app_url).new_page()
        fresh.goto("/login")
        assert language_of(fresh) == "en"  # signed out: what the browser asks for
        log_in(fresh, "demo-focal")
        assert language_of(fresh) == "ru"  # signed in: the account's, on any browser
        screenshot(fresh, f"lang-04-inbox-account-ru-{size}")
