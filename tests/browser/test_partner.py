"""The partner, the result that leads to action, the personal link and answers saved as they
are given: in Dutch and French, on a phone-sized and a desktop window."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import answer_every_question, submit
from tests.conftest import CONSULTANT_EMAIL, CONSULTANT_PASSWORD

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
PARTNER = "Data Vlaanderen BV"
TEXTS = {
    "nl": {
        "offered": f"aangeboden door {PARTNER}",
        "advice": "Ons advies:",
        "next": f"Volgende stap: bespreek het met {PARTNER}",
        "consent_error": "Vink het vakje aan",
        "thanks": "U vroeg op",
        "marker": "gevraagd",
        "saved": "Antwoord bewaard",
    },
    "fr": {
        "offered": f"proposée par {PARTNER}",
        "advice": "Notre conseil :",
        "next": f"Prochaine étape : parlez-en avec {PARTNER}",
        "consent_error": "Cochez la case",
        "thanks": "Vous avez demandé à être contacté",
        "marker": "demandé",
        "saved": "Réponse enregistrée",
    },
}
CASES = [(lang, viewport) for lang in TEXTS for viewport in VIEWPORTS]
CASE_IDS = [f"{lang}-{viewport}" for lang, viewport in CASES]


@pytest.fixture
def window(browser, request):
    lang, viewport = request.param
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale=f"{lang}-BE")
    context.set_default_timeout(10_000)
    yield context.new_page(), lang
    context.close()


def log_in(page: Page, base: str, lang: str) -> None:
    page.goto(f"{base}/{lang}/consultant/login")
    page.fill("#email", CONSULTANT_EMAIL)
    page.fill("#password", CONSULTANT_PASSWORD)
    submit(page)


@pytest.fixture(scope="module")
def partner_profile(browser, live_server):
    """The partner's profile, set once through the settings page."""
    context = browser.new_context()
    page = context.new_page()
    log_in(page, live_server, "nl")
    page.goto(f"{live_server}/nl/consultant/settings")
    page.fill("#name", PARTNER)
    page.fill("#email", "hallo@datavlaanderen.be")
    page.fill("#phone", "+32 9 123 45 67")
    page.fill("#booking_url", "https://datavlaanderen.be/afspraak")
    submit(page)
    expect(page.locator(".notice")).to_be_visible()
    context.close()
    return PARTNER


def complete_scan(page: Page, base: str, lang: str, company: str) -> None:
    page.goto(f"{base}/{lang}/")
    page.fill("#company", company)
    submit(page)
    while "/step/" in page.url:
        answer_every_question(page, 0)
        submit(page)
    submit(page)
    expect(page).to_have_url(re.compile(rf"/{lang}/result$"))


@pytest.mark.parametrize("window", CASES, indirect=True, ids=CASE_IDS)
def test_result_leads_to_a_contact_request_the_consultant_sees(
    window, browser, live_server, partner_profile
):
    page, lang = window
    texts = TEXTS[lang]
    company = f"Brouwerij {lang} {page.viewport_size['width']}"
    complete_scan(page, live_server, lang, company)
    expect(page.locator(".offered-by")).to_contain_text(texts["offered"])
    # Level, advice, the three actions and the next step come before the details.
    tops = [
        page.locator(selector).bounding_box()["y"]
        for selector in (
            "h1",
            "#lead-advice-title",
            ".key-actions",
            "#next-step-title",
            "#scores-title",
        )
    ]
    assert tops == sorted(tops)
    expect(page.locator("#lead-advice-title")).to_contain_text(texts["advice"])
    expect(page.locator(".key-actions li")).to_have_count(3)
    expect(page.locator("#next-step-title")).to_have_text(texts["next"])
    expect(page.locator(".next-step a[href^='tel:']")).to_be_visible()

    page.fill("#contact_name", "An Peeters")
    page.fill("#email", "an@brouwerij.be")
    with page.expect_navigation():
        page.locator(".contact-form button[type=submit]").click()
    expect(page.locator(".contact-form .error-summary")).to_contain_text(texts["consent_error"])
    expect(page.locator("label[for=consent]")).to_contain_text(PARTNER)
    page.check("#consent")
    with page.expect_navigation():
        page.locator(".contact-form button[type=submit]").click()
    expect(page.locator(".next-step .notice")).to_contain_text(texts["thanks"])

    consultant = browser.new_context().new_page()
    log_in(consultant, live_server, lang)
    row = consultant.locator("tbody tr", has_text=company)
    expect(row).to_contain_text(texts["marker"])
    row.locator("a").first.click()
    expect(consultant.locator(".contact-requests")).to_contain_text("an@brouwerij.be")
    consultant.context.close()


@pytest.mark.parametrize("window", CASES, indirect=True, ids=CASE_IDS)
def test_half_a_step_answered_is_found_checked_from_the_personal_link(
    window, browser, live_server, partner_profile
):
    page, lang = window
    page.goto(f"{live_server}/{lang}/")
    page.fill("#company", "Garage Half")
    submit(page)
    first, second = page.locator("fieldset").nth(0), page.locator("fieldset").nth(1)
    with page.expect_response(re.compile(r"/answer$")):
        first.locator(".option label").nth(1).click()
    with page.expect_response(re.compile(r"/answer$")):
        second.locator(".option label").nth(2).click()
    expect(page.locator(".autosave-status")).to_have_text(TEXTS[lang]["saved"])
    link = page.locator("#resume-url").inner_text()

    phone = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()  # the phone reopened
    phone.goto(link)
    expect(phone).to_have_url(re.compile(rf"/{lang}/step/"))
    expect(phone.locator("fieldset").nth(0).locator("input").nth(1)).to_be_checked()
    expect(phone.locator("fieldset").nth(1).locator("input").nth(2)).to_be_checked()
    expect(phone.locator("fieldset").nth(2).locator("input:checked")).to_have_count(0)
    phone.goto(f"{live_server}/{lang}/review")  # incomplete: not past the half-answered step
    submit(phone)
    expect(phone).not_to_have_url(re.compile(r"/result$"))
    phone.context.close()


@pytest.mark.parametrize("window", CASES, indirect=True, ids=CASE_IDS)
def test_the_personal_link_on_the_result_copies_with_one_click(
    window, live_server, partner_profile
):
    page, lang = window
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    complete_scan(page, live_server, lang, "Kopieer BV")
    link = page.locator("#personal-link #resume-url")
    expect(link).to_have_attribute("href", re.compile(rf"/{lang}/resume/"))
    page.locator("[data-copy]").click()
    assert page.evaluate("navigator.clipboard.readText()") == link.inner_text()
    page.locator("footer a[href$='/privacy']").click()
    expect(page.locator("main")).to_contain_text(PARTNER)
