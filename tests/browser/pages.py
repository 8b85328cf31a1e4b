"""Walks a browser through every page type of the respondent's journey, for page-level checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from playwright.sync_api import Page

from tests.conftest import CONSULTANT_EMAIL, CONSULTANT_PASSWORD


def answer_every_question(page: Page, choice: int) -> None:
    """Click the label of the n-th situation (from the end if negative) of every question."""
    for fieldset in page.locator("fieldset").all():
        labels = fieldset.locator(".option:not(.option-special) label")
        labels.nth(choice if choice >= 0 else labels.count() + choice).click()


def submit(page: Page) -> None:
    """Press the form's first submit button (the one that moves forward); wait for the page."""
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def respondent_pages(page: Page, base: str, lang: str = "nl") -> Iterator[str]:
    """Go to each page type in turn; yield its name while the browser shows it."""
    page.goto(f"{base}/{lang}/")
    yield "landing"
    submit(page)
    yield "landing with errors"
    page.fill("#company", "Drukkerij Vermeulen")
    submit(page)
    yield "first step"
    submit(page)
    yield "step with errors"
    choice = 0
    while "/step/" in page.url:
        answer_every_question(page, choice)
        choice += 1
        submit(page)
    yield "review"
    submit(page)
    yield "result"
    with page.expect_navigation():
        page.locator(".contact-form button[type=submit]").click()
    yield "result with contact errors"
    page.goto(f"{base}/{lang}/privacy")
    yield "privacy"
    page.goto(f"{base}/{lang}/resume/no-such-token")
    yield "not found"


def consultant_pages(page: Page, base: str, lang: str = "nl") -> Iterator[str]:
    """The consultant's page types, after a respondent submitted (respondent_pages first)."""
    page.goto(f"{base}/{lang}/consultant/")
    yield "consultant login"
    page.fill("#email", CONSULTANT_EMAIL)
    page.fill("#password", "not the password at all")
    submit(page)
    yield "consultant login with errors"
    page.fill("#email", CONSULTANT_EMAIL)
    page.fill("#password", CONSULTANT_PASSWORD)
    submit(page)
    yield "dashboard"
    page.locator("table a[href*='/consultant/assessments/']").first.click()
    page.wait_for_load_state()
    yield "submitted assessment"
    page.goto(f"{base}/{lang}/consultant/settings")
    yield "partner settings"
    page.goto(f"{base}/{lang}/consultant/invite")
    yield "invitation form"
    page.fill("#company", "Brasserie Lambert")
    submit(page)
    yield "invitation link"
    page.goto(page.url + "/delete")
    yield "delete confirmation"
    yield from client_pages(page, base, lang)
    page.goto(f"{base}/{lang}/consultant/assessments/does-not-exist")
    yield "assessment not found"


def client_pages(page: Page, base: str, lang: str) -> Iterator[str]:
    """The clients' pages: the list, a new client, its page, an invitation from it, welcome."""
    page.goto(f"{base}/{lang}/consultant/clients/")
    yield "clients"
    submit(page)
    yield "new client with errors"
    page.fill("#name", "Schrijnwerkerij Mertens")
    page.fill("#contact_person", "Jan Mertens")
    submit(page)
    yield "client"
    page.select_option("#role", "office_manager")
    page.locator("form[action$='/invite'] button[type=submit]").click()
    page.wait_for_load_state()
    yield "client with an invitation link"
    link = page.locator("#invitation-link").get_attribute("href")
    page.goto(link)
    page.wait_for_load_state()
    yield "welcome"


def visit_all(page: Page, base: str, check: Callable[[str], None], lang: str = "nl") -> list[str]:
    """Run check(name) on every page type, respondent's then consultant's; returns the names."""
    names = []
    for pages in (respondent_pages, consultant_pages):
        for name in pages(page, base, lang):
            check(name)
            names.append(name)
    return names
