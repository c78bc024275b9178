"""The beneficiary behind a case in a real browser (Debian's Chromium): the caseworker
corrects a mistyped UIC and decides the match it brings up, withdraws and re-grants consent,
reveals and edits the identity; a caseworker cannot erase, the supervisor erases after the
confirmation, on a phone. Every URL the browser asked for is searched for the canaries
typed: the name, the phone and the UIC letters travel in form bodies only."""

import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from tests.e2e.test_browser import PHONE, app_url, sign_in  # noqa: F401 (fixture)
from tests.support import canaries
from tests.support.browser import browser, screenshot

RIGHT = canaries.UIC  # F, 1977, Зу, Ка
TYPO_FATHER = "Кл"


def open_case(page, *, father: str, name: str = "", phone: str = "") -> str:
    page.goto("/cases/new")
    page.check("input[name=sex][value=F]")
    page.fill("#birth_year", str(RIGHT.birth_year))
    page.fill("#mother_letters", RIGHT.mother_letters)
    page.fill("#father_letters", father)
    page.check("input[name=needs][value=hiv_testing]")
    page.check("input[name=consent]")
    page.fill("#name", name)
    page.fill("#phone", phone)
    page.get_by_role("button", name="Open the case").click()
    assert re.search(r"/cases/[0-9a-f-]{36}$", page.url)
    return page.url


def notice(page) -> str:
    return page.inner_text("#beneficiary .notice")


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_beneficiary_behind_a_case_in_the_browser(app_url):  # noqa: F811
    with browser() as chromium:
        caseworker = sign_in(chromium, app_url, "demo-caseworker")
        asked: list[str] = []
        caseworker.on("request", lambda request: asked.append(request.url))

        earlier_url = open_case(caseworker, father=RIGHT.father_letters)
        earlier_code = caseworker.inner_text("h1 .mono")
        case_url = open_case(
            caseworker, father=TYPO_FATHER, name=canaries.NAME, phone=canaries.PHONE
        )
        caseworker.select_option("#service", "hiv_testing")
        caseworker.get_by_role("button", name="Issue the referral").click()
        assert "May be the same person" not in caseworker.inner_text("main")

        # The UIC, typed again right: the earlier case comes up to be decided.
        caseworker.click("#uic summary")
        caseworker.check("#uic input[name=sex][value=F]")
        caseworker.fill("#uic #birth_year", str(RIGHT.birth_year))
        caseworker.fill("#uic #mother_letters", RIGHT.mother_letters)
        caseworker.fill("#uic #father_letters", RIGHT.father_letters)
        screenshot(caseworker, "beneficiary-01-correct-the-uic")
        caseworker.get_by_role("button", name="Correct the UIC").click()
        assert "New proposals: 1" in notice(caseworker)
        matches = caseworker.locator("#matches")
        assert earlier_code in matches.inner_text()
        assert matches.get_by_role("link", name=earlier_code).get_attribute("href") in earlier_url
        screenshot(caseworker, "beneficiary-02-match-proposed")
        matches.get_by_role("button", name="Same person").click()
        assert "same person" in notice(caseworker)
        assert "confirmed" in caseworker.inner_text("#matches")

        # Consent withdrawn cancels the open referral; given again, referrals may be issued.
        consents = caseworker.locator("#consents")
        consents.get_by_role("button", name="Withdraw consent").click()
        assert "Open referrals cancelled: 1" in notice(caseworker)
        assert "cancelled" in caseworker.inner_text("#referrals + table")
        screenshot(caseworker, "beneficiary-03-consent-withdrawn")
        caseworker.get_by_role("button", name="Record consent to referral").click()
        assert "Consent recorded" in notice(caseworker)

        # The identity: asked first, shown on purpose, edited.
        assert canaries.NAME not in caseworker.content()
        caseworker.get_by_role("link", name="Show or edit the identity").click()
        assert canaries.NAME not in caseworker.content()
        caseworker.get_by_role("button", name="Show the identity").click()
        assert caseworker.input_value("#name") == canaries.NAME
        screenshot(caseworker, "beneficiary-04-identity-revealed")
        caseworker.fill("#phone", "")
        caseworker.fill("#notes", "prefers mornings")
        caseworker.get_by_role("button", name="Save the identity").click()
        assert "The identity was saved" in notice(caseworker)

        # A caseworker is not offered erasure, and is told no at its address.
        expect(caseworker.get_by_role("link", name="Erase this beneficiary…")).to_have_count(0)
        erasure_url = (
            caseworker.locator("#identity a").get_attribute("href").replace("/identity", "/erasure")
        )
        refused = caseworker.goto(erasure_url)
        assert refused.status == 403

        phone_view = sign_in(chromium, app_url, "demo-caseworker", viewport=PHONE)
        phone_view.goto(case_url)
        screenshot(phone_view, "beneficiary-05-case-phone")

        supervisor = sign_in(chromium, app_url, "demo-supervisor", viewport=PHONE)
        supervisor.on("request", lambda request: asked.append(request.url))
        supervisor.goto(case_url)
        supervisor.get_by_role("link", name="Erase this beneficiary…").click()
        assert "cannot be undone" in supervisor.inner_text("main")
        screenshot(supervisor, "beneficiary-06-erasure-confirmation-phone")
        supervisor.check("input[name=confirm]")
        supervisor.get_by_role("button", name="Erase the beneficiary").click()
        assert "The beneficiary was erased" in supervisor.inner_text("main")
        assert "withdrawn" in supervisor.inner_text("h1")
        screenshot(supervisor, "beneficiary-07-erased-phone")

    assert asked and canaries.find("\n".join(asked)) == []
    typed_letters = re.compile(f"{RIGHT.mother_letters}|{TYPO_FATHER}|{RIGHT.father_letters}")
    assert not typed_letters.search(unquote("\n".join(asked)))
